package dev.xaa4j.resource;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Test fixture: an authorization server's signing keys (EC P-256 and RSA, generated per instance) and a minter of RFC 9068
 * access tokens with every part adjustable, so a test can change exactly one thing of a valid token.
 */
final class AccessTokens {

    static final String ISSUER = "https://as.example.com";
    static final String SUBJECT = "alice";
    static final String CLIENT_ID = "mcp-client-1";

    final ECKey ecKey;
    final RSAKey rsaKey;
    final String resource;

    AccessTokens(String resource) {
        this.resource = resource;
        try {
            this.ecKey = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
            this.rsaKey = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A fresh EC P-256 key with this kid, not published by the authorization server. */
    static ECKey otherEcKey(String kid) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The public keys the authorization server publishes. */
    JWKSet publicKeys() {
        return new JWKSet(List.of(ecKey.toPublicJWK(), rsaKey.toPublicJWK()));
    }

    /** The header of a valid token signed with the EC key: ES256, typ at+jwt, kid ec-1. */
    JWSHeader.Builder header() {
        return new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("at+jwt")).keyID(ecKey.getKeyID());
    }

    /** The claims of a valid token at {@code now}: iss, aud = resource, sub, client_id, scope, iat, exp = now + 5 min, jti. */
    JWTClaimsSet.Builder claims(Instant now) {
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(resource)
                .subject(SUBJECT)
                .claim("client_id", CLIENT_ID)
                .claim("scope", "mcp:read mcp:write")
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300)))
                .jwtID("jti-" + now.toEpochMilli());
    }

    /** A valid token at {@code now}. */
    String valid(Instant now) {
        return sign(header().build(), claims(now).build(), ecKey);
    }

    /** A token at {@code now} with one change to its claims. */
    String withClaims(Instant now, UnaryOperator<JWTClaimsSet.Builder> change) {
        return sign(header().build(), change.apply(claims(now)).build(), ecKey);
    }

    /** A token at {@code now} with one change to its header, signed with the EC key. */
    String withHeader(Instant now, UnaryOperator<JWSHeader.Builder> change) {
        return sign(change.apply(header()).build(), claims(now).build(), ecKey);
    }

    /** A token at {@code now} with these scopes. */
    String withScope(Instant now, String scope) {
        return withClaims(now, c -> c.claim("scope", scope));
    }

    /** A valid token signed with the RSA key (RS256, kid rsa-1). */
    String validRsa(Instant now) {
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).type(new JOSEObjectType("at+jwt"))
                .keyID(rsaKey.getKeyID()).build();
        return sign(header, claims(now).build(), rsaKey);
    }

    /** The claims of a valid token, unsigned ({@code alg: none}). */
    String unsecured(Instant now) {
        PlainHeader header = new PlainHeader.Builder().type(new JOSEObjectType("at+jwt")).build();
        return new PlainJWT(header, claims(now).build()).serialize();
    }

    /** A valid-looking token MACed with HS256 under a shared secret. */
    String hmac(Instant now) {
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.HS256).type(new JOSEObjectType("at+jwt"))
                .keyID(ecKey.getKeyID()).build();
        try {
            return sign(header, claims(now).build(), new MACSigner(new byte[32]));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A valid token at {@code now}, but signed with another key. */
    String signedWith(Instant now, JWK key) {
        return sign(header().keyID(key.getKeyID()).build(), claims(now).build(), key);
    }

    static String sign(JWSHeader header, JWTClaimsSet claims, JWK key) {
        try {
            JWSSigner signer = key instanceof ECKey ec ? new ECDSASigner(ec) : new RSASSASigner((RSAKey) key);
            return sign(header, claims, signer);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sign(JWSHeader header, JWTClaimsSet claims, JWSSigner signer) {
        try {
            SignedJWT jwt = new SignedJWT(header, claims);
            jwt.sign(signer);
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
