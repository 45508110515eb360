package dev.xaa4j.core;

import java.util.Objects;
import java.util.Optional;

/**
 * OAuth 2.0 grant types that xaa4j sends or accepts at a token endpoint.
 *
 * <p>Each constant carries the exact {@code grant_type} value of its specification: RFC 8693 section 2.1 (token exchange),
 * RFC 7523 section 2.1 (JWT bearer), RFC 6749 sections 4.1, 4.4 and 6 (authorization code, client credentials, refresh
 * token). Immutable and thread-safe.
 */
public enum GrantType {
    /** RFC 8693 token exchange: the client trades an ID token for an ID-JAG at the IdP. */
    TOKEN_EXCHANGE("urn:ietf:params:oauth:grant-type:token-exchange"),
    /** RFC 7523 JWT bearer grant: the client trades an ID-JAG for an access token at the resource AS. */
    JWT_BEARER("urn:ietf:params:oauth:grant-type:jwt-bearer"),
    /** RFC 6749 section 6: refresh an ID token at the IdP. */
    REFRESH_TOKEN("refresh_token"),
    /** RFC 6749 section 4.1: the authorization code grant (SSO at the IdP). */
    AUTHORIZATION_CODE("authorization_code"),
    /** RFC 6749 section 4.4. */
    CLIENT_CREDENTIALS("client_credentials");

    private final String value;

    GrantType(String value) {
        this.value = value;
    }

    /** Returns the {@code grant_type} parameter value. */
    public String value() {
        return value;
    }

    /** Returns the grant type with this exact value, or empty for any other string (including {@code null}). */
    public static Optional<GrantType> fromValue(String value) {
        for (GrantType type : values()) {
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
