package dev.xaa4j.client;

import dev.xaa4j.core.OAuthError;

/**
 * A failure of discovery: fetching the protected resource metadata or an authorization server's or IdP's metadata (RFC 9728, RFC 8414, OpenID Connect Discovery 1.0).
 *
 * <p>Steps: {@link Step#DISCOVERY} and {@link Step#IDP_DISCOVERY}. Never contains a token, assertion or secret. Immutable.
 */
public final class DiscoveryException extends XaaClientException {

    private static final long serialVersionUID = 1L;

    DiscoveryException(Step step, Reason reason, String message, OAuthError oauthError, int httpStatus, Throwable cause) {
        super(step, reason, message, oauthError, httpStatus, cause);
    }
}
