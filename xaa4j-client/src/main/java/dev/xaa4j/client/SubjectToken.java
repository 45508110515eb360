package dev.xaa4j.client;

import dev.xaa4j.core.TokenType;
import java.util.Objects;
import java.util.Set;

/**
 * The user's identity assertion sent to the IdP as {@code subject_token} with its {@code subject_token_type}
 * (RFC 8693 section 2.1; ID-JAG draft section 4.3): an OpenID Connect ID token, a SAML 2.0 assertion (base64url), or an
 * IdP refresh token.
 *
 * <pre>{@code
 * IdJag idJag = tokenExchange.requestIdJag(SubjectToken.idToken(idToken), audience, resource, scopes);
 * }</pre>
 *
 * Immutable and thread-safe. {@link #toString()} shows the type only.
 *
 * @param token the token as issued (opaque to the client)
 * @param type  {@link TokenType#ID_TOKEN}, {@link TokenType#SAML2} or {@link TokenType#REFRESH_TOKEN}
 */
public record SubjectToken(String token, TokenType type) {

    private static final Set<TokenType> ALLOWED = Set.of(TokenType.ID_TOKEN, TokenType.SAML2, TokenType.REFRESH_TOKEN);

    /**
     * @throws IllegalArgumentException when the token is empty or the type is not a subject token type of this profile
     */
    public SubjectToken {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(type, "type");
        if (token.isEmpty()) {
            throw new IllegalArgumentException("token must not be empty");
        }
        if (!ALLOWED.contains(type)) {
            throw new IllegalArgumentException("subject token type must be id_token, saml2 or refresh_token, got " + type);
        }
    }

    /** An OpenID Connect ID token ({@code urn:ietf:params:oauth:token-type:id_token}). */
    public static SubjectToken idToken(String idToken) {
        return new SubjectToken(idToken, TokenType.ID_TOKEN);
    }

    /** A SAML 2.0 assertion, base64url-encoded ({@code urn:ietf:params:oauth:token-type:saml2}). */
    public static SubjectToken saml2(String base64UrlAssertion) {
        return new SubjectToken(base64UrlAssertion, TokenType.SAML2);
    }

    /** An IdP refresh token ({@code urn:ietf:params:oauth:token-type:refresh_token}). */
    public static SubjectToken refreshToken(String refreshToken) {
        return new SubjectToken(refreshToken, TokenType.REFRESH_TOKEN);
    }

    @Override
    public String toString() {
        return "SubjectToken[type=" + type + ", token=(redacted)]";
    }
}
