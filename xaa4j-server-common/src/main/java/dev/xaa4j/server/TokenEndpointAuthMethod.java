package dev.xaa4j.server;

import java.util.Optional;

/**
 * Client authentication methods at a token endpoint (RFC 6749 section 2.3, RFC 7523 section 2.2, OIDC Core section 9),
 * by their {@code token_endpoint_auth_methods_supported} names.
 */
public enum TokenEndpointAuthMethod {
    /** A public client: {@code client_id} in the body, no credentials. */
    NONE("none"),
    /** HTTP Basic with the form-urlencoded id and secret. */
    CLIENT_SECRET_BASIC("client_secret_basic"),
    /** {@code client_id} and {@code client_secret} in the body. */
    CLIENT_SECRET_POST("client_secret_post"),
    /** A JWT signed with the client's private key ({@code client_assertion}). */
    PRIVATE_KEY_JWT("private_key_jwt");

    private final String value;

    TokenEndpointAuthMethod(String value) {
        this.value = value;
    }

    /** The metadata name, for example {@code client_secret_basic}. */
    public String value() {
        return value;
    }

    /** The method with this name, or empty. */
    public static Optional<TokenEndpointAuthMethod> fromValue(String value) {
        for (TokenEndpointAuthMethod m : values()) {
            if (m.value.equals(value)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return value;
    }
}
