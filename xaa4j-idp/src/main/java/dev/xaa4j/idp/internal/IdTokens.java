package dev.xaa4j.idp.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.xaa4j.core.OAuthError;
import dev.xaa4j.core.OAuthException;
import dev.xaa4j.core.internal.CompactJose;
import dev.xaa4j.idp.IdpUser;
import dev.xaa4j.server.SigningKeys;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Objects;

/**
 * Issues this IdP's OpenID Connect ID tokens (OpenID Connect Core 1.0 section 2) and validates them when a client presents
 * one as a token exchange {@code subject_token} (RFC 8693 section 2.1; PROTOCOL.md section 3, "IdP processing").
 *
 * <p>ID tokens carry the JOSE {@code typ} {@code JWT}. Validation accepts only a compact JWS of base64url parts, signed
 * by one of this IdP's published keys (by {@code kid}; the key's {@code alg} must match the header's), with no
 * {@code typ} or {@code typ} {@code JWT} (so ID-JAGs, {@code oauth-id-jag+jwt}, and JWT access tokens, {@code at+jwt},
 * are refused), {@code iss} equal to this issuer, {@code aud} naming the authenticated client (and {@code azp} equal to
 * it when {@code aud} has several values), {@code exp} in the future and {@code iat} not in the future (both with the
 * clock skew), and a {@code sub}. Every failure is {@code invalid_grant}; descriptions never contain the token.
 * Thread-safe.
 */
public final class IdTokens {

    /** The JOSE {@code typ} of the ID tokens this IdP issues. */
    public static final String ID_TOKEN_TYPE = "JWT";

    /** What a validated ID token says. */
    public record Verified(String subject, Instant authTime, String acr) {
    }

    /** An issued ID token and its expiry. */
    public record Issued(String token, Instant expiresAt) {
        @Override
        public String toString() {
            return "Issued[expiresAt=" + expiresAt + "]";
        }
    }

    private final String issuer;
    private final SigningKeys keys;
    private final Clock clock;
    private final Duration lifetime;
    private final Duration clockSkew;

    public IdTokens(String issuer, SigningKeys keys, Clock clock, Duration lifetime, Duration clockSkew) {
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
        this.clockSkew = Objects.requireNonNull(clockSkew, "clockSkew");
    }

    /**
     * Issues an ID token for {@code user} to {@code clientId}.
     *
     * @param authTime when the user signed in
     * @param nonce    the authorization request's {@code nonce}, or {@code null}
     */
    public Issued issue(IdpUser user, String clientId, Instant authTime, String nonce) {
        Instant now = clock.instant();
        Instant exp = now.plus(lifetime);
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder();
        user.claims().forEach(claims::claim);
        claims.issuer(issuer)
                .subject(user.subject())
                .audience(clientId)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(exp))
                .claim("auth_time", authTime.getEpochSecond())
                .claim("name", user.name());
        if (user.email() != null) {
            claims.claim("email", user.email());
        }
        if (nonce != null) {
            claims.claim("nonce", nonce);
        }
        return new Issued(keys.sign(claims.build(), ID_TOKEN_TYPE), exp);
    }

    /**
     * Validates an ID token presented by {@code clientId} (see the class comment).
     *
     * @throws OAuthException {@code invalid_grant} naming the rule that failed
     */
    public Verified verify(String token, String clientId) {
        if (!CompactJose.hasBase64UrlParts(token)) {
            throw invalid("subject_token is not a signed JWT");
        }
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw invalid("subject_token is not a signed JWT");
        }
        JWSHeader header = jwt.getHeader();
        JOSEObjectType typ = header.getType();
        if (typ != null && !ID_TOKEN_TYPE.equalsIgnoreCase(typ.getType())) {
            throw invalid("subject_token is not an ID token (its typ is not JWT)");
        }
        if (!signedByThisIdp(jwt)) {
            throw invalid("subject_token is not signed by this IdP");
        }
        if (!issuer.equals(claims.getIssuer())) {
            throw invalid("subject_token was not issued by this IdP");
        }
        List<String> aud = claims.getAudience();
        String azp;
        try {
            azp = claims.getStringClaim("azp");
        } catch (ParseException e) {
            throw invalid("subject_token azp is not a string");
        }
        if (!aud.contains(clientId) || (aud.size() > 1 && !clientId.equals(azp))) {
            throw invalid("subject_token was issued to another client");
        }
        Instant now = clock.instant();
        Date exp = claims.getExpirationTime();
        if (exp == null || !exp.toInstant().plus(clockSkew).isAfter(now)) {
            throw invalid("subject_token has expired");
        }
        Date iat = claims.getIssueTime();
        if (iat == null || iat.toInstant().minus(clockSkew).isAfter(now)) {
            throw invalid("subject_token iat is missing or in the future");
        }
        String sub = claims.getSubject();
        if (sub == null || sub.isEmpty()) {
            throw invalid("subject_token has no sub");
        }
        try {
            Date authTime = claims.getDateClaim("auth_time");
            return new Verified(sub, authTime == null ? null : authTime.toInstant(), claims.getStringClaim("acr"));
        } catch (ParseException e) {
            throw invalid("subject_token auth_time or acr has the wrong type");
        }
    }

    private boolean signedByThisIdp(SignedJWT jwt) {
        JWSHeader header = jwt.getHeader();
        String kid = header.getKeyID();
        JWK jwk = kid == null ? null : keys.publicJwkSet().getKeyByKeyId(kid);
        if (!(jwk instanceof AsymmetricJWK asymmetric)) {
            return false;
        }
        if (jwk.getAlgorithm() != null && !jwk.getAlgorithm().equals(header.getAlgorithm())) {
            return false;
        }
        try {
            return jwt.verify(new DefaultJWSVerifierFactory().createJWSVerifier(header, asymmetric.toPublicKey()));
        } catch (JOSEException | RuntimeException e) {
            return false;
        }
    }

    private static OAuthException invalid(String description) {
        return new OAuthException(OAuthError.invalidGrant(description));
    }
}
