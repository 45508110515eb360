package dev.xaa4j.core;

import java.util.Objects;
import java.util.Optional;

/**
 * Token type identifiers of RFC 8693 section 3 and of the ID-JAG draft (section 9.2).
 *
 * <p>Used as {@code subject_token_type}, {@code requested_token_type} and {@code issued_token_type}. Immutable and
 * thread-safe.
 */
public enum TokenType {
    /** An OpenID Connect ID token. */
    ID_TOKEN("urn:ietf:params:oauth:token-type:id_token"),
    /** A SAML 2.0 assertion, base64url encoded. */
    SAML2("urn:ietf:params:oauth:token-type:saml2"),
    /** An OAuth refresh token (here: the IdP refresh token). */
    REFRESH_TOKEN("urn:ietf:params:oauth:token-type:refresh_token"),
    /** An OAuth access token. */
    ACCESS_TOKEN("urn:ietf:params:oauth:token-type:access_token"),
    /** An Identity Assertion JWT Authorization Grant (ID-JAG). */
    ID_JAG("urn:ietf:params:oauth:token-type:id-jag");

    private final String value;

    TokenType(String value) {
        this.value = value;
    }

    /** Returns the URI of this token type. */
    public String value() {
        return value;
    }

    /** Returns the token type with this exact URI, or empty for any other string (including {@code null}). */
    public static Optional<TokenType> fromValue(String value) {
        for (TokenType type : values()) {
            if (Objects.equals(type.value, value)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return value;
    }
}
