package dev.xaa4j.benchmarks;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.xaa4j.as.AuthorizationServer;
import dev.xaa4j.as.TrustedIssuers;
import dev.xaa4j.core.FormParameters;
import dev.xaa4j.core.GrantType;
import dev.xaa4j.core.XaaIdentifiers;
import dev.xaa4j.server.ClientAuthenticator;
import dev.xaa4j.server.RegisteredClient;
import dev.xaa4j.server.ReplayStore;
import dev.xaa4j.server.SigningKeys;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.IntStream;

/**
 * One IdP key and one authorization server configuration for the benchmarks: mints signed ID-JAGs (each with its own
 * {@code jti}, so that every one passes the replay check once) and builds the {@link AuthorizationServer} that accepts them.
 *
 * <p>The IdP and the authorization server sign with the same algorithm ({@code ES256}: P-256; {@code RS256}: 2048-bit
 * RSA). Immutable and thread-safe.
 */
public final class XaaFixture {

    /** The IdP's issuer. */
    public static final String IDP_ISSUER = "https://idp.bench.example";
    /** The client at the authorization server. */
    public static final String CLIENT_ID = "mcp-client";
    /** Its secret at the authorization server (a benchmark credential, not a real one). */
    public static final String CLIENT_SECRET = "bench-secret-not-a-real-one";
    /** The one protected resource. */
    public static final String RESOURCE = "https://mcp.bench.example/mcp";
    /** The resource's scopes, all of which every ID-JAG carries. */
    public static final List<String> SCOPES = List.of("tools.read", "tools.write");
    /** The ID-JAG lifetime: the longest the authorization server accepts by default, so that pools last. */
    public static final long ID_JAG_LIFETIME_SECONDS = 600;

    private final JWSAlgorithm algorithm;
    private final JWK idpKey;
    private final JWSSigner idpSigner;
    private final SigningKeys asKeys;

    private XaaFixture(JWSAlgorithm algorithm) {
        this.algorithm = algorithm;
        this.idpKey = generate(algorithm);
        this.idpSigner = signer(idpKey);
        this.asKeys = SigningKeys.generate(algorithm.getName());
    }

    /** A fixture whose IdP and authorization server sign with {@code ES256} or {@code RS256}. */
    public static XaaFixture create(String algorithm) {
        JWSAlgorithm alg = JWSAlgorithm.parse(Objects.requireNonNull(algorithm, "algorithm"));
        if (!JWSAlgorithm.ES256.equals(alg) && !JWSAlgorithm.RS256.equals(alg)) {
            throw new IllegalArgumentException("ES256 or RS256");
        }
        return new XaaFixture(alg);
    }

    /** The IdP's public keys. */
    public JWKSet idpPublicKeys() {
        return new JWKSet(idpKey.toPublicJWK());
    }

    /** A verifier of the IdP's signatures, built once: what raw signature verification costs. */
    public JWSVerifier idpVerifier() {
        try {
            return idpKey instanceof ECKey ec ? new ECDSAVerifier(ec.toECPublicKey())
                    : new RSASSAVerifier(((RSAKey) idpKey).toRSAPublicKey());
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The authorization server's signing keys (shared by every server this fixture builds). */
    public SigningKeys asKeys() {
        return asKeys;
    }

    /** The authorization server's signer, built once from its active key: what raw signing costs. */
    public JWSSigner asSigner() {
        try {
            return signer(JWKSet.parse(asKeys.privateJwkSetJson()).getKeys().get(0));
        } catch (java.text.ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The IdP trusted with its fixed public keys (no HTTP). */
    public TrustedIssuers trustedIssuers() {
        return TrustedIssuers.builder().jwkSet(IDP_ISSUER, idpPublicKeys()).build();
    }

    /**
     * A new authorization server for {@code issuer} trusting this IdP, with the client, the resource and its scopes, and
     * {@code replayStore}.
     */
    public AuthorizationServer authorizationServer(String issuer, ReplayStore replayStore) {
        return authorizationServer(issuer, trustedIssuers(), replayStore);
    }

    /** A new authorization server as {@link #authorizationServer(String, ReplayStore)}, trusting {@code trusted}. */
    public AuthorizationServer authorizationServer(String issuer, TrustedIssuers trusted, ReplayStore replayStore) {
        return AuthorizationServer.builder(issuer, asKeys, trusted)
                .client(RegisteredClient.withSecret(CLIENT_ID, CLIENT_SECRET))
                .resource(RESOURCE, SCOPES)
                .replayStore(replayStore)
                .build();
    }

    /** The {@code Authorization} header of the client ({@code client_secret_basic}). */
    public static String basicAuthorization() {
        return ClientAuthenticator.basicHeader(CLIENT_ID, CLIENT_SECRET);
    }

    /** The form body of a JWT bearer grant request carrying this ID-JAG. */
    public static String grantForm(String idJag) {
        return "grant_type=" + FormParameters.encode(GrantType.JWT_BEARER.value()) + "&assertion=" + idJag;
    }

    /**
     * Signs {@code count} ID-JAGs for {@code audience}, issued at {@code now} (whole seconds), each with a fresh random
     * {@code jti}; uses every core.
     */
    public String[] idJags(String audience, int count, Instant now) {
        Instant iat = Instant.ofEpochSecond(now.getEpochSecond());
        return IntStream.range(0, count).parallel().mapToObj(i -> idJag(audience, iat)).toArray(String[]::new);
    }

    private String idJag(String audience, Instant iat) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(IDP_ISSUER)
                .subject("user-1")
                .audience(audience)
                .claim("client_id", CLIENT_ID)
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(iat))
                .expirationTime(Date.from(iat.plusSeconds(ID_JAG_LIFETIME_SECONDS)))
                .claim("resource", RESOURCE)
                .claim("scope", String.join(" ", SCOPES))
                .build();
        JWSHeader header = new JWSHeader.Builder(algorithm).keyID(idpKey.getKeyID())
                .type(new JOSEObjectType(XaaIdentifiers.ID_JAG_JWT_TYPE)).build();
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(idpSigner);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    private static JWK generate(JWSAlgorithm alg) {
        String kid = "bench-idp-" + alg.getName();
        try {
            return JWSAlgorithm.ES256.equals(alg)
                    ? new ECKeyGenerator(Curve.P_256).keyID(kid).algorithm(alg).keyUse(KeyUse.SIGNATURE).generate()
                    : new RSAKeyGenerator(2048).keyID(kid).algorithm(alg).keyUse(KeyUse.SIGNATURE).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JWSSigner signer(JWK key) {
        try {
            return key instanceof ECKey ec ? new ECDSASigner(ec) : new RSASSASigner((RSAKey) key);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
