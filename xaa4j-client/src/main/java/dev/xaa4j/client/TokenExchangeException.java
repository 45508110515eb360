package dev.xaa4j.client;

import dev.xaa4j.core.OAuthError;

/**
 * A failure of token exchange at the IdP (RFC 8693): a subject token for an ID-JAG, or a SAML assertion for an IdP refresh token.
 *
 * <p>Steps: {@link Step#TOKEN_EXCHANGE} and {@link Step#SAML_EXCHANGE}; see {@link #isSubjectTokenUnusable()}. Never contains a token, assertion or secret. Immutable.
 */
public final class TokenExchangeException extends XaaClientException {

    private static final long serialVersionUID = 1L;

    TokenExchangeException(Step step, Reason reason, String message, OAuthError oauthError, int httpStatus, Throwable cause) {
        super(step, reason, message, oauthError, httpStatus, cause);
    }
}
