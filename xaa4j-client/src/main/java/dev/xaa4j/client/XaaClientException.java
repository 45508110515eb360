package dev.xaa4j.client;

import dev.xaa4j.client.internal.Texts;
import dev.xaa4j.core.OAuthError;
import dev.xaa4j.core.XaaException;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A failed step of the Enterprise-Managed Authorization client flow (PROTOCOL.md section 2): which {@link Step} failed,
 * why ({@link Reason}), and, when the server answered, the HTTP status and the RFC 6749 section 5.2 {@link OAuthError}.
 *
 * <p>Subclasses name the family of the step: {@link DiscoveryException}, {@link TokenExchangeException},
 * {@link IdTokenRefreshException}, {@link JwtBearerException}; {@link SsoSessionEndedException} says that the user must
 * sign in again. Transport failures (timeout, network, redirect, oversized
 * body, insecure URL, not JSON) carry no OAuth error and keep the underlying exception as the cause.
 *
 * <p>The message never contains a token, assertion, secret or key. It may contain the server's {@code error_description},
 * truncated to 200 characters with control characters removed; {@link #oauthError()} carries the same sanitized text. A
 * token endpoint that echoes a credential it received (a subject token, an assertion, a client secret) sees it replaced
 * by {@code [redacted]} in both.
 * Instances are immutable (but for the stack trace) and may be shared between threads.
 *
 * <pre>{@code
 * try {
 *     IdJag idJag = tokenExchange.requestIdJag(SubjectToken.idToken(idToken), audience, resource, scopes);
 * } catch (TokenExchangeException e) {
 *     if (e.isSubjectTokenUnusable()) {
 *         // refresh the ID token or sign the user in again
 *     }
 * }
 * }</pre>
 */
public class XaaClientException extends XaaException {

    private static final long serialVersionUID = 1L;

    /** The step of the client flow that failed. */
    public enum Step {
        /** MCP discovery: protected resource metadata and the resource authorization server's metadata (RFC 9728, RFC 8414). */
        DISCOVERY("discovery"),
        /** The IdP's metadata (OpenID Connect Discovery, RFC 8414). */
        IDP_DISCOVERY("IdP discovery"),
        /** Token exchange at the IdP for an ID-JAG (RFC 8693, draft-ietf-oauth-identity-assertion-authz-grant). */
        TOKEN_EXCHANGE("token exchange"),
        /** Token exchange of a SAML 2.0 assertion for an IdP refresh token (the extension's step 1a). */
        SAML_EXCHANGE("SAML assertion exchange"),
        /** The refresh token grant at the IdP for a new ID token (RFC 6749 section 6). */
        ID_TOKEN_REFRESH("ID token refresh"),
        /** The JWT bearer grant at the resource authorization server (RFC 7523 section 2.1). */
        JWT_BEARER("JWT bearer grant");

        private final String label;

        Step(String label) {
            this.label = label;
        }

        /** A short human-readable name, used in messages. */
        public String label() {
            return label;
        }

        /** Whether the step sends a user credential (subject token or refresh token) to the IdP. */
        boolean sendsUserCredentialToIdp() {
            return this == TOKEN_EXCHANGE || this == SAML_EXCHANGE || this == ID_TOKEN_REFRESH;
        }
    }

    /** Why the step failed. */
    public enum Reason {
        /** The server answered with an RFC 6749 section 5.2 error; see {@link #oauthError()}. */
        OAUTH_ERROR,
        /** The server answered an unexpected HTTP status without an OAuth error body (for example a 500 HTML page). */
        HTTP_STATUS,
        /** The server answered a redirect (3xx); redirects are never followed. */
        REDIRECT,
        /** The response is not what the protocol requires: not JSON, or a required member missing or of the wrong type. */
        INVALID_RESPONSE,
        /** The response carries a token of another type: {@code issued_token_type} or {@code token_type} is wrong. */
        UNEXPECTED_TOKEN_TYPE,
        /** The response body is larger than {@link HttpOptions#maxResponseBytes()}. */
        BODY_TOO_LARGE,
        /** No complete response within the timeouts of {@link HttpOptions}. */
        TIMEOUT,
        /** The connection failed (refused, reset, TLS failure). */
        NETWORK,
        /** The thread was interrupted while waiting; the interrupt flag is set again. */
        INTERRUPTED,
        /** The URL is not HTTPS and not loopback; nothing was sent. */
        INSECURE_URL,
        /** No metadata document at any of the well-known locations. */
        METADATA_NOT_FOUND,
        /** A metadata document that cannot be used (a member missing or of the wrong type). */
        INVALID_METADATA,
        /** The protected resource metadata's {@code resource} does not identify the MCP server (RFC 9728 section 3.3). */
        RESOURCE_MISMATCH,
        /** The metadata's {@code issuer} is not the issuer it was fetched for (RFC 8414 section 3.3). */
        ISSUER_MISMATCH,
        /** The protected resource lists no authorization server, or none that is allowed. */
        NO_AUTHORIZATION_SERVER,
        /** The authorization server advertises neither the ID-JAG profile nor the JWT bearer grant. */
        ID_JAG_NOT_SUPPORTED,
        /**
         * The user's credential cannot be renewed: the IdP rejected the ID token, IdP refresh token or SAML assertion and
         * no other is at hand ({@link SsoSessionEndedException}); the user must sign in again.
         */
        SSO_SESSION_ENDED
    }

    private final Step step;
    private final Reason reason;
    private final transient OAuthError oauthError;
    private final int httpStatus;

    XaaClientException(Step step, Reason reason, String message, OAuthError oauthError, int httpStatus, Throwable cause) {
        super(message, cause);
        this.step = Objects.requireNonNull(step, "step");
        this.reason = Objects.requireNonNull(reason, "reason");
        this.oauthError = oauthError;
        this.httpStatus = httpStatus;
    }

    /**
     * Creates the exception of the step's family, with the message {@code "<step> failed: <detail>"}. For xaa4j's own
     * layers (the HTTP helper, the token broker); {@code detail} must not contain a token, assertion or secret.
     *
     * @param oauthError the server's error, or {@code null}; its texts are sanitized (control characters removed,
     *                   description truncated to 200 characters)
     * @param httpStatus the HTTP status of the response, or 0 when there was none
     * @param cause      the underlying exception, or {@code null}
     */
    public static XaaClientException of(
            Step step, Reason reason, String detail, OAuthError oauthError, int httpStatus, Throwable cause) {
        Objects.requireNonNull(step, "step");
        OAuthError safe = oauthError == null ? null : sanitize(oauthError);
        return create(step, reason, step.label() + " failed: " + detail, safe, httpStatus, cause);
    }

    private static XaaClientException create(
            Step step, Reason reason, String message, OAuthError oauthError, int httpStatus, Throwable cause) {
        return switch (step) {
            case DISCOVERY, IDP_DISCOVERY -> new DiscoveryException(step, reason, message, oauthError, httpStatus, cause);
            case TOKEN_EXCHANGE, SAML_EXCHANGE ->
                    new TokenExchangeException(step, reason, message, oauthError, httpStatus, cause);
            case ID_TOKEN_REFRESH -> new IdTokenRefreshException(step, reason, message, oauthError, httpStatus, cause);
            case JWT_BEARER -> new JwtBearerException(step, reason, message, oauthError, httpStatus, cause);
        };
    }

    /**
     * This exception with every run of the credentials a request sent removed from its message and OAuth error (a server
     * may echo what it received, for example a subject token in {@code error_description}); itself when nothing was
     * removed. The copy keeps the step, reason, status, cause and stack trace, and is of the step's family type, as
     * {@link #of} makes it (the HTTP layer's exceptions, which {@link TokenEndpoint} redacts, are all made so).
     */
    XaaClientException redacting(Collection<String> credentials) {
        String message = Texts.redact(getMessage(), credentials);
        OAuthError error = oauthError == null ? null : new OAuthError(oauthError.code(),
                Texts.redact(oauthError.description(), credentials), Texts.redact(oauthError.uri(), credentials),
                oauthError.httpStatus());
        if (message.equals(getMessage()) && Objects.equals(error, oauthError)) {
            return this;
        }
        XaaClientException copy = create(step, reason, message, error, httpStatus, getCause());
        copy.setStackTrace(getStackTrace());
        return copy;
    }

    /** The step that failed. */
    public Step step() {
        return step;
    }

    /** Why it failed. */
    public Reason reason() {
        return reason;
    }

    /** The server's OAuth error (RFC 6749 section 5.2), when it sent one. */
    public Optional<OAuthError> oauthError() {
        return Optional.ofNullable(oauthError);
    }

    /** The HTTP status of the response that failed the step, when there was a response. */
    public OptionalInt httpStatus() {
        return httpStatus == 0 ? OptionalInt.empty() : OptionalInt.of(httpStatus);
    }

    /**
     * Whether the IdP rejected the user credential this step sent: the step sends a subject token or a refresh token to
     * the IdP ({@link Step#TOKEN_EXCHANGE}, {@link Step#SAML_EXCHANGE}, {@link Step#ID_TOKEN_REFRESH}) and the IdP
     * answered {@code invalid_grant} or {@code invalid_request} (RFC 8693 section 2.2.2 uses the latter for an unusable
     * subject token; the ID-JAG draft's examples use the former). The caller should get a new credential (refresh the ID
     * token, or sign the user in again) rather than retry.
     */
    public boolean isSubjectTokenUnusable() {
        return step.sendsUserCredentialToIdp() && oauthError != null
                && (OAuthError.INVALID_GRANT.equals(oauthError.code()) || OAuthError.INVALID_REQUEST.equals(oauthError.code()));
    }

    private static OAuthError sanitize(OAuthError error) {
        return new OAuthError(Texts.sanitize(error.code(), 64), Texts.sanitize(error.description(), Texts.SERVER_TEXT_LIMIT),
                Texts.sanitize(error.uri(), Texts.SERVER_TEXT_LIMIT), error.httpStatus());
    }
}
