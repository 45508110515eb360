package dev.xaa4j.server;

import com.nimbusds.jose.jwk.JWKSet;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A client registered at a token-issuing server: its id, how it authenticates, and its credentials.
 *
 * <p>A client with a secret may use {@code client_secret_basic} and/or {@code client_secret_post}; one with public keys may
 * use {@code private_key_jwt}; a public client ({@code none}) must be configured so explicitly. Immutable and thread-safe;
 * {@link #toString()} never shows the secret.
 *
 * <pre>{@code
 * RegisteredClient c = RegisteredClient.withSecret("mcp-client", secret);   // client_secret_basic and _post
 * RegisteredClient p = RegisteredClient.publicClient("cli");                 // none
 * }</pre>
 *
 * @param clientId    the client identifier
 * @param secret      the client secret, or {@code null}
 * @param authMethods the methods this client may use (at least one)
 * @param publicKeys  the client's public keys for {@code private_key_jwt}, or {@code null}
 */
public record RegisteredClient(String clientId, String secret, Set<TokenEndpointAuthMethod> authMethods, JWKSet publicKeys) {

    public RegisteredClient {
        Objects.requireNonNull(clientId, "clientId");
        if (clientId.isEmpty()) {
            throw new IllegalArgumentException("clientId must not be empty");
        }
        Objects.requireNonNull(authMethods, "authMethods");
        if (authMethods.isEmpty()) {
            throw new IllegalArgumentException("authMethods must not be empty");
        }
        authMethods = Set.copyOf(authMethods);
        boolean secretMethod = authMethods.contains(TokenEndpointAuthMethod.CLIENT_SECRET_BASIC)
                || authMethods.contains(TokenEndpointAuthMethod.CLIENT_SECRET_POST);
        if (secretMethod && (secret == null || secret.isEmpty())) {
            throw new IllegalArgumentException("a client_secret method needs a secret");
        }
        if (authMethods.contains(TokenEndpointAuthMethod.PRIVATE_KEY_JWT)
                && (publicKeys == null || publicKeys.getKeys().isEmpty())) {
            throw new IllegalArgumentException("private_key_jwt needs public keys");
        }
        if (publicKeys != null && publicKeys.getKeys().stream().anyMatch(k -> k.isPrivate())) {
            publicKeys = publicKeys.toPublicJWKSet();
        }
    }

    /** A confidential client authenticating with {@code client_secret_basic} or {@code client_secret_post}. */
    public static RegisteredClient withSecret(String clientId, String secret) {
        return new RegisteredClient(clientId, secret,
                EnumSet.of(TokenEndpointAuthMethod.CLIENT_SECRET_BASIC, TokenEndpointAuthMethod.CLIENT_SECRET_POST), null);
    }

    /** A confidential client authenticating with {@code private_key_jwt}. */
    public static RegisteredClient withPublicKeys(String clientId, JWKSet publicKeys) {
        return new RegisteredClient(clientId, null, EnumSet.of(TokenEndpointAuthMethod.PRIVATE_KEY_JWT), publicKeys);
    }

    /** A public client ({@code none}): no credentials. Only for clients explicitly configured as public. */
    public static RegisteredClient publicClient(String clientId) {
        return new RegisteredClient(clientId, null, EnumSet.of(TokenEndpointAuthMethod.NONE), null);
    }

    /** Whether the client is public. */
    public boolean isPublic() {
        return authMethods.contains(TokenEndpointAuthMethod.NONE);
    }

    /** Compares a presented secret in constant time (over SHA-256 digests, so lengths leak nothing either). */
    public boolean secretMatches(String presented) {
        if (secret == null || presented == null) {
            return false;
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] a = sha.digest(secret.getBytes(StandardCharsets.UTF_8));
            byte[] b = sha.digest(presented.getBytes(StandardCharsets.UTF_8));
            return MessageDigest.isEqual(a, b);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "RegisteredClient[clientId=" + clientId + ", authMethods=" + authMethods + "]";
    }
}
