package dev.xaa4j.client;

import dev.xaa4j.core.OAuthError;

/**
 * A failure of the refresh token grant at the IdP for a new ID token (RFC 6749 section 6).
 *
 * <p>Steps: {@link Step#ID_TOKEN_REFRESH}; see {@link #isSubjectTokenUnusable()}. Never contains a token, assertion or secret. Immutable.
 */
public final class IdTokenRefreshException extends XaaClientException {

    private static final long serialVersionUID = 1L;

    IdTokenRefreshException(Step step, Reason reason, String message, OAuthError oauthError, int httpStatus, Throwable cause) {
        super(step, reason, message, oauthError, httpStatus, cause);
    }
}
