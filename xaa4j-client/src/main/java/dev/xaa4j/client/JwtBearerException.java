package dev.xaa4j.client;

import dev.xaa4j.core.OAuthError;

/**
 * A failure of the JWT bearer grant at the resource authorization server (RFC 7523 section 2.1, ID-JAG draft section 4.4).
 *
 * <p>Steps: {@link Step#JWT_BEARER}. Never contains a token, assertion or secret. Immutable.
 */
public final class JwtBearerException extends XaaClientException {

    private static final long serialVersionUID = 1L;

    JwtBearerException(Step step, Reason reason, String message, OAuthError oauthError, int httpStatus, Throwable cause) {
        super(step, reason, message, oauthError, httpStatus, cause);
    }
}
