package dev.xaa4j.resource;

import dev.xaa4j.core.OAuthError;
import dev.xaa4j.core.OAuthException;
import java.util.Objects;

/**
 * An access token was rejected (RFC 6750 section 3.1 {@code invalid_token}, HTTP 401), or could not be checked because the
 * authorization server's keys could not be fetched ({@code temporarily_unavailable}, HTTP 503).
 *
 * <p>{@link #reason()} says which rule failed; the message and the {@linkplain #error() OAuth error}'s description name the
 * rule, never the token or a claim value. Thrown by {@link AccessTokenVerifier#verify(String)}.
 */
public final class InvalidAccessTokenException extends OAuthException {

    private static final long serialVersionUID = 1L;

    /** The rule an access token failed. */
    public enum Reason {
        /** Not a compact JWS JWT, an encrypted JWT, or claims that are not JSON of the expected types. */
        MALFORMED("the access token is not a well-formed signed JWT"),
        /** The {@code typ} header is absent or not {@code at+jwt} (RFC 9068 section 4). */
        TYPE("the access token is not an RFC 9068 JWT access token (typ must be at+jwt)"),
        /** The {@code alg} is {@code none}, symmetric, or not in the allow-list. */
        ALGORITHM("the access token signature algorithm is not accepted"),
        /** No key of the authorization server matches the token's {@code kid} and {@code alg}. */
        UNKNOWN_KEY("no key of the authorization server matches the access token"),
        /** The signature does not verify with the authorization server's key. */
        SIGNATURE("the access token signature is invalid"),
        /** {@code iss} is absent or not the configured authorization server. */
        ISSUER("the access token was not issued by the expected authorization server"),
        /** {@code aud} is absent or does not contain this resource. */
        AUDIENCE("the access token is not intended for this resource"),
        /** {@code exp} is absent or has passed (beyond the clock skew). */
        EXPIRED("the access token has expired"),
        /** {@code nbf} is in the future (beyond the clock skew). */
        NOT_YET_VALID("the access token is not yet valid"),
        /** A claim RFC 9068 requires ({@code sub}, {@code client_id}) is absent or not a string. */
        MISSING_CLAIM("the access token lacks a required claim"),
        /** The authorization server's key set could not be fetched; the token could not be checked. */
        KEYS_UNAVAILABLE("the authorization server's keys are unavailable");

        private final String description;

        Reason(String description) {
            this.description = description;
        }

        /** A description fit for {@code error_description}: it names the rule, no value. */
        public String description() {
            return description;
        }
    }

    private final Reason reason;

    /** An exception for a rule, with the reason's own description. */
    public InvalidAccessTokenException(Reason reason) {
        this(reason, null, null);
    }

    /**
     * An exception for a rule.
     *
     * @param detail extra words for the description (a claim name, never a token or claim value), or {@code null}
     * @param cause  the underlying failure, or {@code null}; its message must not contain the token either
     */
    public InvalidAccessTokenException(Reason reason, String detail, Throwable cause) {
        super(errorFor(Objects.requireNonNull(reason, "reason"), detail), cause);
        this.reason = reason;
    }

    /** Which rule failed. */
    public Reason reason() {
        return reason;
    }

    private static OAuthError errorFor(Reason reason, String detail) {
        String description = detail == null ? reason.description() : reason.description() + ": " + detail;
        if (reason == Reason.KEYS_UNAVAILABLE) {
            return OAuthError.temporarilyUnavailable(description);
        }
        return new OAuthError(OAuthError.INVALID_TOKEN, description, null, 401);
    }
}
