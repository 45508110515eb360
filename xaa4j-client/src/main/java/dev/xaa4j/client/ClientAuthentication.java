package dev.xaa4j.client;

import com.nimbusds.jose.JWSSigner;
import dev.xaa4j.client.internal.Arguments;
import dev.xaa4j.client.internal.ClientAssertions;
import dev.xaa4j.core.FormParameters;
import dev.xaa4j.core.XaaIdentifiers;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;

/**
 * How the client authenticates at a token endpoint (RFC 6749 section 2.3, RFC 7523 section 2.2, OpenID Connect Core
 * section 9), one strategy for both the IdP (token exchange) and the resource authorization server (JWT bearer grant).
 *
 * <ul>
 *   <li>{@link #none(String)}: a public client; sends {@code client_id} in the body.</li>
 *   <li>{@link #clientSecretBasic(String, String)}: {@code Authorization: Basic}; the id and the secret are each
 *       form-urlencoded <em>before</em> being joined with {@code :} and base64-encoded (RFC 6749 section 2.3.1); no
 *       {@code client_id} in the body.</li>
 *   <li>{@link #clientSecretPost(String, String)}: {@code client_id} and {@code client_secret} in the body.</li>
 *   <li>{@link #privateKeyJwt(String, PrivateKey, String, SigningAlgorithm)}: {@code client_assertion_type} and a fresh
 *       {@code client_assertion} JWT ({@code iss} = {@code sub} = client id, {@code aud} = the server's issuer when known,
 *       else the token endpoint URL, a new {@code jti}, {@code iat}, {@code exp} 60 seconds later, header {@code kid}), plus
 *       {@code client_id} in the body.</li>
 * </ul>
 *
 * <pre>{@code
 * ClientAuthentication atIdp = ClientAuthentication.privateKeyJwt("agent", privateKey, "key-1", SigningAlgorithm.ES256);
 * ClientAuthentication atAs = ClientAuthentication.clientSecretBasic("f53f191f9311af35", secret);
 * }</pre>
 *
 * Immutable and thread-safe. {@link #toString()} shows the method and client id, never the secret or the key.
 */
public final class ClientAuthentication {

    /** The client authentication method, with its RFC 8414 {@code token_endpoint_auth_methods_supported} name. */
    public enum Method {
        /** A public client: {@code client_id} only. */
        NONE("none"),
        /** HTTP Basic with the form-encoded id and secret (RFC 6749 section 2.3.1). */
        CLIENT_SECRET_BASIC("client_secret_basic"),
        /** {@code client_id} and {@code client_secret} in the body (RFC 6749 section 2.3.1). */
        CLIENT_SECRET_POST("client_secret_post"),
        /** A signed client assertion (RFC 7523 section 2.2, OpenID Connect Core section 9). */
        PRIVATE_KEY_JWT("private_key_jwt");

        private final String value;

        Method(String value) {
            this.value = value;
        }

        /** The registered name, for example {@code client_secret_basic}. */
        public String value() {
            return value;
        }
    }

    /** The JWS algorithms {@code private_key_jwt} signs with (RFC 7518 section 3). */
    public enum SigningAlgorithm {
        /** ECDSA with P-256 and SHA-256. */
        ES256,
        /** RSASSA-PKCS1-v1_5 with SHA-256. */
        RS256,
        /** RSASSA-PSS with SHA-256. */
        PS256
    }

    private final Method method;
    private final String clientId;
    private final String secret;
    private final JWSSigner signer;
    private final SigningAlgorithm algorithm;
    private final String keyId;

    private ClientAuthentication(Method method, String clientId, String secret, JWSSigner signer,
                                 SigningAlgorithm algorithm, String keyId) {
        this.method = method;
        this.clientId = Arguments.requireText(clientId, "clientId");
        this.secret = secret;
        this.signer = signer;
        this.algorithm = algorithm;
        this.keyId = keyId;
    }

    /** A public client: only {@code client_id}, in the body. */
    public static ClientAuthentication none(String clientId) {
        return new ClientAuthentication(Method.NONE, clientId, null, null, null, null);
    }

    /** {@code client_secret_basic} (RFC 6749 section 2.3.1). */
    public static ClientAuthentication clientSecretBasic(String clientId, String secret) {
        return new ClientAuthentication(Method.CLIENT_SECRET_BASIC, clientId, Arguments.requireText(secret, "secret"), null, null, null);
    }

    /** {@code client_secret_post} (RFC 6749 section 2.3.1). */
    public static ClientAuthentication clientSecretPost(String clientId, String secret) {
        return new ClientAuthentication(Method.CLIENT_SECRET_POST, clientId, Arguments.requireText(secret, "secret"), null, null, null);
    }

    /**
     * {@code private_key_jwt} (RFC 7523 section 2.2, OpenID Connect Core section 9).
     *
     * @param keyId     the {@code kid} header the server finds the public key by, or {@code null} to send none
     * @param algorithm ES256 (EC key on P-256), RS256 or PS256 (RSA key, 2048 bits or more)
     * @throws IllegalArgumentException when the key does not fit the algorithm
     */
    public static ClientAuthentication privateKeyJwt(String clientId, PrivateKey key, String keyId, SigningAlgorithm algorithm) {
        Objects.requireNonNull(algorithm, "algorithm");
        JWSSigner signer = ClientAssertions.signer(Objects.requireNonNull(key, "key"), algorithm.name());
        return new ClientAuthentication(Method.PRIVATE_KEY_JWT, clientId, null, signer, algorithm, keyId);
    }

    /** The client identifier at the server this authentication is for. */
    public String clientId() {
        return clientId;
    }

    /** The authentication method. */
    public Method method() {
        return method;
    }

    /** The client secret, or {@code null} for methods without one. */
    String secret() {
        return secret;
    }

    /**
     * Adds the authentication to a token request.
     *
     * @param form     the body parameters, in order
     * @param headers  the request headers
     * @param audience the {@code aud} of a client assertion: the server's issuer, else the token endpoint URL
     */
    void applyTo(Map<String, String> form, Map<String, String> headers, String audience) {
        switch (method) {
            case NONE -> form.put("client_id", clientId);
            case CLIENT_SECRET_BASIC -> {
                String pair = FormParameters.encode(clientId) + ":" + FormParameters.encode(secret);
                headers.put("Authorization",
                        "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
            }
            case CLIENT_SECRET_POST -> {
                form.put("client_id", clientId);
                form.put("client_secret", secret);
            }
            case PRIVATE_KEY_JWT -> {
                form.put("client_id", clientId);
                form.put("client_assertion_type", XaaIdentifiers.CLIENT_ASSERTION_TYPE_JWT_BEARER);
                form.put("client_assertion",
                        ClientAssertions.sign(signer, algorithm.name(), keyId, clientId, audience, Instant.now()));
            }
        }
    }

    @Override
    public String toString() {
        return "ClientAuthentication[" + method.value() + ", clientId=" + clientId
                + (algorithm == null ? "" : ", alg=" + algorithm + ", kid=" + keyId) + "]";
    }
}
