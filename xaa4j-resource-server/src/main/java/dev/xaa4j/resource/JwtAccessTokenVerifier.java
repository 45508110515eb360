package dev.xaa4j.resource;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.xaa4j.core.Scopes;
import dev.xaa4j.core.SecureTransport;
import dev.xaa4j.core.internal.BoundedHttpRetriever;
import dev.xaa4j.core.XaaIdentifiers;
import dev.xaa4j.core.internal.CompactJose;
import dev.xaa4j.resource.InvalidAccessTokenException.Reason;
import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies RFC 9068 JWT access tokens issued by the MCP server's authorization server (RFC 9068 section 4), with nimbus's
 * {@link DefaultJWTProcessor}.
 *
 * <p>The rules, each failing with its own {@link InvalidAccessTokenException.Reason}:
 * <ul>
 *   <li>a compact signed JWT (no {@code alg: none}, no JWE) of at most 16 KiB, its parts base64url without padding (a
 *       second spelling of a token, with a character nimbus would skip, is refused);</li>
 *   <li>{@code alg} in the allow-list of asymmetric algorithms (default {@link #DEFAULT_ALGORITHMS}; HMAC and
 *       {@code none} are refused even when configured);</li>
 *   <li>{@code typ} is {@code at+jwt} ({@link XaaIdentifiers#ACCESS_TOKEN_JWT_TYPE}) or {@code application/at+jwt};</li>
 *   <li>the signature verifies with a key of the authorization server: a JWKS URL (cached, refetched when an unknown
 *       {@code kid} appears, at most twice per {@linkplain Builder#jwksRefetchMinInterval(Duration) interval}) or static
 *       keys;</li>
 *   <li>{@code iss} equals the configured issuer, character for character;</li>
 *   <li>{@code aud} (a string or an array) contains this resource's identifier, character for character;</li>
 *   <li>{@code exp} is present and not passed, {@code nbf} (if present) not in the future, both within the
 *       {@linkplain Builder#clockSkew(Duration) clock skew} (default 60 s);</li>
 *   <li>{@code sub} and {@code client_id} are present strings (RFC 9068 section 2.2); {@code scope}, if present, is a
 *       string.</li>
 * </ul>
 *
 * <pre>{@code
 * AccessTokenVerifier verifier = JwtAccessTokenVerifier
 *         .builder("https://as.example.com", "https://mcp.example.com/mcp", URI.create("https://as.example.com/jwks"))
 *         .build();
 * AccessTokenPrincipal principal = verifier.verify(token);
 * }</pre>
 *
 * <p>Immutable and thread-safe once built; build one per (issuer, resource) and share it.
 */
public final class JwtAccessTokenVerifier implements AccessTokenVerifier {

    /** The default allow-list: RSA PKCS#1, RSA-PSS and ECDSA over P-256/384/521. */
    public static final Set<JWSAlgorithm> DEFAULT_ALGORITHMS = Set.of(
            JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512,
            JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512);

    /** Tokens longer than this many characters are rejected before parsing. */
    public static final int MAX_TOKEN_LENGTH = 16 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(JwtAccessTokenVerifier.class);
    private static final Set<JOSEObjectType> ACCEPTED_TYPES = Set.of(
            new JOSEObjectType(XaaIdentifiers.ACCESS_TOKEN_JWT_TYPE),
            new JOSEObjectType("application/" + XaaIdentifiers.ACCESS_TOKEN_JWT_TYPE));

    private final String issuer;
    private final String resource;
    private final Set<JWSAlgorithm> algorithms;
    private final Duration clockSkew;
    private final Clock clock;
    private final DefaultJWTProcessor<SecurityContext> processor;

    private JwtAccessTokenVerifier(Builder b) {
        this.issuer = b.issuer;
        this.resource = b.resource;
        this.algorithms = b.algorithms;
        this.clockSkew = b.clockSkew;
        this.clock = b.clock;
        this.processor = new DefaultJWTProcessor<>();
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(ACCEPTED_TYPES));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithms, b.keySource()));
        // Time and claim rules are checked below, against the injected clock, each with its own reason.
        processor.setJWTClaimsSetVerifier((claims, context) -> { });
    }

    /**
     * A builder for tokens of {@code issuer} meant for {@code resource}, verified with the key set at a JWKS URL (the
     * authorization server's {@code jwks_uri}).
     *
     * @param issuer   the authorization server's issuer identifier, compared with {@code iss} exactly
     * @param resource this MCP server's resource identifier (its protected resource metadata {@code resource}), which
     *                 {@code aud} must contain
     * @param jwksUri  the JWKS URL; https, or http to a loopback host
     * @throws dev.xaa4j.core.InsecureEndpointException when the JWKS URL is plain http to a non-loopback host
     */
    public static Builder builder(String issuer, String resource, URI jwksUri) {
        SecureTransport.require(Objects.requireNonNull(jwksUri, "jwksUri"), "JWKS URL");
        return new Builder(issuer, resource, jwksUri, null);
    }

    /** A builder that verifies with a fixed key set (public keys only are kept). See {@link #builder(String, String, URI)}. */
    public static Builder builder(String issuer, String resource, JWKSet keys) {
        Objects.requireNonNull(keys, "keys");
        return new Builder(issuer, resource, null, new ImmutableJWKSet<>(keys.toPublicJWKSet()));
    }

    /** A builder that verifies with keys from any nimbus key source. See {@link #builder(String, String, URI)}. */
    public static Builder builder(String issuer, String resource, JWKSource<SecurityContext> keys) {
        return new Builder(issuer, resource, null, Objects.requireNonNull(keys, "keys"));
    }

    /** The issuer this verifier accepts. */
    public String issuer() {
        return issuer;
    }

    /** The resource identifier {@code aud} must contain. */
    public String resource() {
        return resource;
    }

    @Override
    public AccessTokenPrincipal verify(String token) {
        try {
            return doVerify(token);
        } catch (InvalidAccessTokenException e) {
            LOG.debug("access token rejected: {}", e.reason());
            throw e;
        }
    }

    private AccessTokenPrincipal doVerify(String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH || !CompactJose.hasBase64UrlParts(token)) {
            throw new InvalidAccessTokenException(Reason.MALFORMED);
        }
        JWT jwt;
        try {
            jwt = JWTParser.parse(token);
        } catch (ParseException e) {
            // Parser messages may quote parts of the token: the cause is not kept.
            throw new InvalidAccessTokenException(Reason.MALFORMED);
        }
        if (jwt instanceof PlainJWT) {
            throw new InvalidAccessTokenException(Reason.ALGORITHM, "unsecured JWT (alg none)", null);
        }
        if (!(jwt instanceof SignedJWT signed)) {
            throw new InvalidAccessTokenException(Reason.MALFORMED, "encrypted JWTs are not accepted", null);
        }
        JWSHeader header = signed.getHeader();
        if (!algorithms.contains(header.getAlgorithm())) {
            throw new InvalidAccessTokenException(Reason.ALGORITHM);
        }
        if (header.getType() == null || !ACCEPTED_TYPES.contains(header.getType())) {
            throw new InvalidAccessTokenException(Reason.TYPE);
        }
        JWTClaimsSet claims;
        try {
            claims = processor.process(signed, null);
        } catch (BadJWSException e) {
            throw new InvalidAccessTokenException(Reason.SIGNATURE);
        } catch (BadJWTException e) {
            throw new InvalidAccessTokenException(Reason.MALFORMED, "claims are not a valid JWT claims set", null);
        } catch (BadJOSEException | RateLimitReachedException e) {
            // No key matched the kid and alg, also after the rate-limited refetch of the key set.
            throw new InvalidAccessTokenException(Reason.UNKNOWN_KEY);
        } catch (KeySourceException e) {
            throw new InvalidAccessTokenException(Reason.KEYS_UNAVAILABLE, null, e);
        } catch (JOSEException e) {
            throw new InvalidAccessTokenException(Reason.SIGNATURE);
        }
        return checkClaims(claims);
    }

    private AccessTokenPrincipal checkClaims(JWTClaimsSet claims) {
        if (!issuer.equals(claims.getIssuer())) {
            throw new InvalidAccessTokenException(Reason.ISSUER);
        }
        List<String> audience = claims.getAudience();
        if (audience == null || !audience.contains(resource)) {
            throw new InvalidAccessTokenException(Reason.AUDIENCE);
        }
        Instant now = clock.instant();
        Date exp = claims.getExpirationTime();
        if (exp == null) {
            throw new InvalidAccessTokenException(Reason.EXPIRED, "no exp claim", null);
        }
        if (!now.isBefore(exp.toInstant().plus(clockSkew))) {
            throw new InvalidAccessTokenException(Reason.EXPIRED);
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && now.plus(clockSkew).isBefore(nbf.toInstant())) {
            throw new InvalidAccessTokenException(Reason.NOT_YET_VALID);
        }
        String subject = requiredString(claims, "sub");
        String clientId = requiredString(claims, "client_id");
        String scope;
        try {
            scope = claims.getStringClaim("scope");
        } catch (ParseException e) {
            throw new InvalidAccessTokenException(Reason.MALFORMED, "scope must be a string", null);
        }
        return new AccessTokenPrincipal(subject, clientId, Scopes.parse(scope), claims.getIssuer(), exp.toInstant(),
                claims.getJWTID(), claims.toJSONObject());
    }

    private static String requiredString(JWTClaimsSet claims, String name) {
        try {
            String value = claims.getStringClaim(name);
            if (value != null && !value.isEmpty()) {
                return value;
            }
        } catch (ParseException e) {
            // not a string: reported as missing below
        }
        throw new InvalidAccessTokenException(Reason.MISSING_CLAIM, name, null);
    }

    /**
     * Configures a {@link JwtAccessTokenVerifier}. Not thread-safe; the verifier it builds is.
     */
    public static final class Builder {
        private final String issuer;
        private final String resource;
        private final URI jwksUri;
        private final JWKSource<SecurityContext> keySource;
        private Set<JWSAlgorithm> algorithms = DEFAULT_ALGORITHMS;
        private Duration clockSkew = Duration.ofSeconds(60);
        private Clock clock = Clock.systemUTC();
        private Duration jwksCacheTimeToLive = Duration.ofMinutes(5);
        private Duration jwksRefetchMinInterval = Duration.ofSeconds(30);
        private Duration jwksTimeout = Duration.ofSeconds(5);
        private int jwksSizeLimit = 1024 * 1024;

        private Builder(String issuer, String resource, URI jwksUri, JWKSource<SecurityContext> keySource) {
            this.issuer = requireNonEmpty(issuer, "issuer");
            this.resource = requireNonEmpty(resource, "resource");
            this.jwksUri = jwksUri;
            this.keySource = keySource;
        }

        /**
         * The accepted signature algorithms. Default {@link #DEFAULT_ALGORITHMS}.
         *
         * @throws IllegalArgumentException when empty, or when it contains {@code none} or an HMAC algorithm
         */
        public Builder allowedAlgorithms(Set<JWSAlgorithm> allowed) {
            Objects.requireNonNull(allowed, "allowed");
            if (allowed.isEmpty()) {
                throw new IllegalArgumentException("at least one algorithm is required");
            }
            for (JWSAlgorithm alg : allowed) {
                if (JWSAlgorithm.Family.HMAC_SHA.contains(alg) || "none".equalsIgnoreCase(alg.getName())) {
                    throw new IllegalArgumentException("only asymmetric algorithms may be allowed, not " + alg);
                }
            }
            this.algorithms = Set.copyOf(allowed);
            return this;
        }

        /** The tolerance for {@code exp} and {@code nbf}. Default 60 seconds. */
        public Builder clockSkew(Duration skew) {
            Objects.requireNonNull(skew, "skew");
            if (skew.isNegative()) {
                throw new IllegalArgumentException("skew must not be negative");
            }
            this.clockSkew = skew;
            return this;
        }

        /** The clock for {@code exp} and {@code nbf}. Default {@link Clock#systemUTC()}. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** How long a fetched key set is used before it is fetched again. Default 5 minutes. Only for a JWKS URL. */
        public Builder jwksCacheTimeToLive(Duration ttl) {
            this.jwksCacheTimeToLive = requirePositive(ttl, "ttl");
            return this;
        }

        /**
         * The minimum time between fetches of the key set (nimbus allows two fetches per interval), so that tokens with
         * made-up {@code kid}s cannot make the server hammer the authorization server. Default 30 seconds. Only for a
         * JWKS URL.
         */
        public Builder jwksRefetchMinInterval(Duration interval) {
            this.jwksRefetchMinInterval = requirePositive(interval, "interval");
            return this;
        }

        /** The connect and the read timeout of a key set fetch. Default 5 seconds each. Only for a JWKS URL. */
        public Builder jwksTimeout(Duration timeout) {
            this.jwksTimeout = requirePositive(timeout, "timeout");
            return this;
        }

        /** The largest key set document read, in bytes. Default 1 MiB. Only for a JWKS URL. */
        public Builder jwksSizeLimit(int bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("bytes must be positive");
            }
            this.jwksSizeLimit = bytes;
            return this;
        }

        public JwtAccessTokenVerifier build() {
            if (jwksUri != null && jwksRefetchMinInterval.compareTo(jwksCacheTimeToLive) >= 0) {
                throw new IllegalStateException("jwksRefetchMinInterval must be shorter than jwksCacheTimeToLive");
            }
            return new JwtAccessTokenVerifier(this);
        }

        private JWKSource<SecurityContext> keySource() {
            if (keySource != null) {
                return keySource;
            }
            // No redirects, status 200 only, the https-or-loopback rule on every fetch, a bounded body.
            BoundedHttpRetriever retriever = new BoundedHttpRetriever(jwksTimeout, jwksTimeout, jwksSizeLimit);
            try {
                return JWKSourceBuilder.<SecurityContext>create(jwksUri.toURL(), retriever)
                        .cache(jwksCacheTimeToLive.toMillis(), jwksTimeout.toMillis())
                        .refreshAheadCache(false)
                        .rateLimited(jwksRefetchMinInterval.toMillis())
                        .build();
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException("jwksUri is not a URL", e);
            }
        }

        private static String requireNonEmpty(String value, String name) {
            Objects.requireNonNull(value, name);
            if (value.isEmpty()) {
                throw new IllegalArgumentException(name + " must not be empty");
            }
            return value;
        }

        private static Duration requirePositive(Duration value, String name) {
            Objects.requireNonNull(value, name);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive");
            }
            return value;
        }
    }
}
