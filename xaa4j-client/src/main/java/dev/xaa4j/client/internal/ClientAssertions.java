package dev.xaa4j.client.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;
import java.util.UUID;

/**
 * {@code private_key_jwt} client assertions (RFC 7523 sections 2.2 and 3, OpenID Connect Core section 9): a JWT with
 * {@code iss} = {@code sub} = the client id, {@code aud}, a fresh {@code jti}, {@code iat} and an {@code exp} 60 seconds
 * later, signed with ES256 (P-256), RS256 or PS256. Not part of the public API. Thread-safe.
 */
public final class ClientAssertions {

    /** Lifetime of an assertion. */
    public static final Duration LIFETIME = Duration.ofSeconds(60);

    private ClientAssertions() {
    }

    /**
     * Creates a signer for the key and algorithm, checking that they match.
     *
     * @param algorithm "ES256", "RS256" or "PS256"
     * @throws IllegalArgumentException when the key does not fit the algorithm (wrong type, curve, or an RSA key under
     *                                  2048 bits); the message never shows the key
     */
    public static JWSSigner signer(PrivateKey key, String algorithm) {
        Objects.requireNonNull(key, "key");
        JWSAlgorithm alg = JWSAlgorithm.parse(algorithm);
        try {
            if (JWSAlgorithm.ES256.equals(alg)) {
                if (!(key instanceof ECPrivateKey ec) || !Curve.P_256.equals(Curve.forECParameterSpec(ec.getParams()))) {
                    throw new IllegalArgumentException("ES256 needs an EC private key on the P-256 curve");
                }
                return new ECDSASigner(ec);
            }
            if (JWSAlgorithm.RS256.equals(alg) || JWSAlgorithm.PS256.equals(alg)) {
                if (!"RSA".equalsIgnoreCase(key.getAlgorithm())) {
                    throw new IllegalArgumentException(alg + " needs an RSA private key");
                }
                return new RSASSASigner(key);
            }
        } catch (JOSEException e) {
            throw new IllegalArgumentException("unusable private key for " + alg + " (" + e.getClass().getSimpleName() + ")");
        }
        throw new IllegalArgumentException("unsupported algorithm " + algorithm + " (ES256, RS256 or PS256)");
    }

    /**
     * Signs a fresh assertion.
     *
     * @param keyId the {@code kid} header, or {@code null} for none
     */
    public static String sign(JWSSigner signer, String algorithm, String keyId, String clientId, String audience,
                              Instant now) {
        Instant iat = Instant.ofEpochSecond(now.getEpochSecond());
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(clientId)
                .subject(clientId)
                .audience(audience)
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(iat))
                .expirationTime(Date.from(iat.plus(LIFETIME)))
                .build();
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.parse(algorithm)).keyID(keyId).build();
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign the client assertion (" + e.getClass().getSimpleName() + ")", e);
        }
        return jwt.serialize();
    }
}
