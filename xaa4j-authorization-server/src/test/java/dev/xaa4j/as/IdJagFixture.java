package dev.xaa4j.as;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSAEncrypter;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import dev.xaa4j.core.XaaIdentifiers;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * A valid ID-JAG to change one thing in: a claims builder, a header builder, the signing key, and how the result is
 * serialized. {@link #valid} makes an ID-JAG that the standard test authorization server accepts.
 */
final class IdJagFixture {

    /** One change to a valid ID-JAG, for tables of cases. */
    @FunctionalInterface
    interface Change {
        void apply(IdJagFixture f) throws JOSEException;
    }

    static final String CLIENT_ID = "mcp-client";
    static final String RESOURCE = "https://mcp.example.com/mcp";
    static final String SCOPE = "tools.read tools.write";
    static final String SUBJECT = "user-1";

    final JWTClaimsSet.Builder claims;
    JWSHeader.Builder header;
    JWK signingKey;
    /** When set, the JWS is an HMAC signed with these bytes (the header alg must be an HMAC one). */
    byte[] hmacSecret;
    /** When true, an unsecured JWT ({@code alg: none}) is produced. */
    boolean unsecured;
    UnaryOperator<String> transform = UnaryOperator.identity();
    /** Claims written into the payload as they are, over the claims builder's (for values of the wrong JSON type). */
    final Map<String, Object> rawClaims = new LinkedHashMap<>();

    private IdJagFixture(JWTClaimsSet.Builder claims, JWSHeader.Builder header, JWK signingKey) {
        this.claims = claims;
        this.header = header;
        this.signingKey = signingKey;
    }

    /** A valid ID-JAG of this IdP for this audience, issued at {@code now}, valid 300 s, with a fresh jti. */
    static IdJagFixture valid(TestIdp idp, String audience, Instant now) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(idp.issuer())
                .subject(SUBJECT)
                .audience(audience)
                .claim("client_id", CLIENT_ID)
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300)))
                .claim("resource", RESOURCE)
                .claim("scope", SCOPE);
        return new IdJagFixture(claims, header(JWSAlgorithm.ES256, idp.ecKey.getKeyID()), idp.ecKey);
    }

    static JWSHeader.Builder header(JWSAlgorithm alg, String kid) {
        return new JWSHeader.Builder(alg).type(new JOSEObjectType(XaaIdentifiers.ID_JAG_JWT_TYPE)).keyID(kid);
    }

    /** Signs with an RSA key (RS256) instead. */
    IdJagFixture rsa(RSAKey key) {
        header = header(JWSAlgorithm.RS256, key.getKeyID());
        signingKey = key;
        return this;
    }

    String serialize() {
        JWTClaimsSet set = claims.build();
        if (unsecured) {
            return transform.apply(new PlainJWT(new PlainHeader.Builder()
                    .type(new JOSEObjectType(XaaIdentifiers.ID_JAG_JWT_TYPE)).build(), set).serialize());
        }
        Map<String, Object> payload = set.toJSONObject();
        payload.putAll(rawClaims);
        JWSObject jwt = new JWSObject(header.build(), new Payload(payload));
        try {
            JWSSigner signer;
            if (hmacSecret != null) {
                signer = new MACSigner(hmacSecret);
            } else if (signingKey instanceof ECKey ec) {
                signer = new ECDSASigner(ec);
            } else {
                signer = new RSASSASigner((RSAKey) signingKey);
            }
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return transform.apply(jwt.serialize());
    }

    /** The claims encrypted (not signed) to an RSA key: a five-part JWE. */
    String encrypted(RSAKey recipient) {
        JWEHeader h = new JWEHeader.Builder(JWEAlgorithm.RSA_OAEP_256, EncryptionMethod.A256GCM)
                .type(new JOSEObjectType(XaaIdentifiers.ID_JAG_JWT_TYPE)).build();
        EncryptedJWT jwt = new EncryptedJWT(h, claims.build());
        try {
            jwt.encrypt(new RSAEncrypter(recipient.toRSAPublicKey()));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }
}
