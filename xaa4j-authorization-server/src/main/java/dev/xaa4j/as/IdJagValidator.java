package dev.xaa4j.as;

import com.nimbusds.jose.Algorithm;
import com.nimbusds.jose.Header;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.xaa4j.as.internal.IssuerKeys;
import dev.xaa4j.as.internal.ProtectedResources;
import dev.xaa4j.core.IdJagClaims;
import dev.xaa4j.core.OAuthError;
import dev.xaa4j.core.OAuthException;
import dev.xaa4j.core.XaaIdentifiers;
import dev.xaa4j.core.internal.CompactJose;
import dev.xaa4j.server.AuthenticatedClient;
import dev.xaa4j.server.InMemoryReplayStore;
import dev.xaa4j.server.ReplayStore;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates an ID-JAG presented in a JWT bearer grant and decides what it grants: the whole resource authorization server
 * checklist of PROTOCOL.md section 4 with the decisions of section 8 (draft-ietf-oauth-identity-assertion-authz-grant-04
 * section 5.1, RFC 7523 section 3). Servlet-free; the {@link IdJagGrantHandler} parses the request and authenticates the
 * client, then calls {@link #validate}.
 *
 * <p>Rules, in the order applied (every failure is {@code invalid_grant} unless noted; descriptions name the rule and never
 * contain the assertion):
 * <ol start="0">
 *   <li>the authenticated client may use this grant ({@code unauthorized_client});</li>
 *   <li>the assertion is at most {@link Builder#maxAssertionBytes} (16 KiB by default) and a compact JWS, three parts of
 *       base64url without padding (RFC 7515 sections 2 and 7.1): a JWE, any other serialization, or a character outside
 *       the base64url alphabet is rejected;</li>
 *   <li>{@code typ} is {@code oauth-id-jag+jwt} (or its media type form {@code application/oauth-id-jag+jwt}, which
 *       RFC 7515 section 4.1.9 makes equivalent): ID tokens and access tokens cannot be replayed as grants;</li>
 *   <li>{@code alg} is one of the allowed asymmetric algorithms (ES256/384/512, RS256/384/512, PS256/384/512 by default);
 *       never {@code none}, never HMAC;</li>
 *   <li>{@code iss} is a {@link TrustedIssuers trusted issuer} and the signature verifies with <em>that</em> issuer's keys
 *       (a remote key set is refetched, rate-limited, for an unknown {@code kid}); keys that cannot be retrieved are a
 *       {@code server_error};</li>
 *   <li>{@code aud} is exactly this server's issuer: a string, or an array of exactly one element;</li>
 *   <li>{@code exp} is in the future and {@code iat} not in the future (both with {@link Builder#clockSkew}, 60 s by
 *       default), {@code exp - iat} is at most {@link Builder#maxLifetime} (600 s by default), {@code nbf} is honoured;</li>
 *   <li>(see below) the {@code jti} is not used before;</li>
 *   <li>the {@code client_id} claim equals the authenticated client;</li>
 *   <li>every {@code resource} value of the ID-JAG is one of this server's resources; the {@code resource} request
 *       parameter, when sent, must be one of them ({@code invalid_target} otherwise); an ID-JAG naming several resources
 *       needs that parameter to choose one ({@code invalid_target}); an ID-JAG without {@code resource} is accepted only
 *       when this server protects exactly one resource, and the token is bound to it;</li>
 *   <li>granted scope = the ID-JAG's {@code scope}, intersected with the {@code scope} request parameter when sent (a
 *       requested scope the ID-JAG does not carry is {@code invalid_scope}), intersected with the resource's known
 *       scopes. When scopes were asked for (in the ID-JAG or the request) and none remains, the answer is
 *       {@code invalid_scope}, never a token without the asked scopes; when none was asked for at all, the token has no
 *       scope;</li>
 *   <li>the {@link SubjectMapper} maps ({@code iss}, {@code tenant}, {@code sub}) to the local subject (a refusal is
 *       {@code invalid_grant});</li>
 *   <li>the {@link GrantPolicy} accepts the grant ({@code access_denied} or {@code invalid_grant} otherwise).</li>
 * </ol>
 * The {@code jti} (rule 7) is recorded in the {@link ReplayStore} under a key that includes the issuer, until {@code exp}
 * plus the skew, after rules 1-6 and 8-11 passed and before the policy: a request that fails a stateless rule (a scope
 * typo, a wrong client) does not burn the ID-JAG, and of concurrent uses exactly one gets past the store. A store that
 * cannot answer is a {@code server_error} (fail closed: an unchecked {@code jti} is never accepted).
 *
 * <p>Immutable and thread-safe: build one and share it.
 *
 * <pre>{@code
 * IdJagValidator validator = IdJagValidator.builder("https://as.example.com", trustedIssuers)
 *         .resource("https://mcp.example.com/mcp", List.of("tools.read", "tools.write"))
 *         .build();
 * GrantContext granted = validator.validate(new IdJagGrantRequest(assertion, client, null, null));
 * }</pre>
 */
public final class IdJagValidator {

    private static final Logger LOG = LoggerFactory.getLogger(IdJagValidator.class);

    /** The default largest assertion: 16 KiB. */
    public static final int DEFAULT_MAX_ASSERTION_BYTES = 16 * 1024;
    /** The default tolerated clock difference: 60 s (PROTOCOL.md section 8, decision 7). */
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(60);
    /** The default longest accepted ID-JAG lifetime, {@code exp - iat}: 600 s (PROTOCOL.md section 8, decision 7). */
    public static final Duration DEFAULT_MAX_LIFETIME = Duration.ofSeconds(600);
    /** The default allowed JWS algorithms: ES256/384/512, RS256/384/512, PS256/384/512. */
    public static final Set<String> DEFAULT_ALGORITHMS = IssuerKeys.ASYMMETRIC.stream().map(JWSAlgorithm::getName)
            .collect(Collectors.toUnmodifiableSet());

    private static final DefaultJOSEObjectTypeVerifier<SecurityContext> TYPE_VERIFIER = new DefaultJOSEObjectTypeVerifier<>(
            new JOSEObjectType(XaaIdentifiers.ID_JAG_JWT_TYPE),
            new JOSEObjectType("application/" + XaaIdentifiers.ID_JAG_JWT_TYPE));

    private final String issuer;
    private final TrustedIssuers trustedIssuers;
    private final ProtectedResources resources;
    private final ReplayStore replayStore;
    private final Clock clock;
    private final Duration clockSkew;
    private final Duration maxLifetime;
    private final int maxAssertionBytes;
    private final Set<JWSAlgorithm> algorithms;
    private final SubjectMapper subjectMapper;
    private final GrantPolicy policy;
    private final Predicate<AuthenticatedClient> clientPermission;

    private IdJagValidator(Builder b) {
        this.issuer = b.issuer;
        this.trustedIssuers = b.trustedIssuers;
        this.resources = ProtectedResources.of(b.resources);
        this.clock = b.clock;
        this.replayStore = b.replayStore != null ? b.replayStore
                : new InMemoryReplayStore(b.clock, InMemoryReplayStore.DEFAULT_MAX_ENTRIES);
        this.clockSkew = b.clockSkew;
        this.maxLifetime = b.maxLifetime;
        this.maxAssertionBytes = b.maxAssertionBytes;
        this.algorithms = b.algorithms.stream().map(JWSAlgorithm::parse).collect(Collectors.toUnmodifiableSet());
        this.subjectMapper = b.subjectMapper != null ? b.subjectMapper
                : b.trustedIssuers.size() == 1 ? SubjectMapper.subject() : SubjectMapper.issuerScoped();
        this.policy = b.policy;
        this.clientPermission = b.clientPermission;
    }

    /**
     * Starts a builder.
     *
     * @param issuer         this authorization server's issuer identifier: the exact value an ID-JAG's {@code aud} must have
     * @param trustedIssuers the IdPs whose ID-JAGs are accepted
     */
    public static Builder builder(String issuer, TrustedIssuers trustedIssuers) {
        return new Builder(issuer, trustedIssuers);
    }

    /**
     * Applies the checklist (see the class comment) and records the {@code jti}.
     *
     * @return what the grant grants
     * @throws OAuthException the error to answer: {@code invalid_grant}, {@code invalid_scope}, {@code invalid_target},
     *                        {@code unauthorized_client}, {@code access_denied}, or {@code server_error} (500) when the
     *                        issuer's keys or the replay store cannot be reached
     */
    public GrantContext validate(IdJagGrantRequest request) {
        Objects.requireNonNull(request, "request");
        AuthenticatedClient client = request.client();
        if (!clientPermission.test(client)) {
            throw new OAuthException(OAuthError.unauthorizedClient("the client is not allowed to use the ID-JAG grant"));
        }
        SignedJWT jwt = parseCompactJws(request.assertion());
        JWSHeader header = jwt.getHeader();
        checkType(header);
        if (!algorithms.contains(header.getAlgorithm())) {
            throw invalidGrant("ID-JAG alg is not an allowed asymmetric algorithm");
        }
        JWTClaimsSet claimsSet;
        try {
            claimsSet = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw invalidGrant("ID-JAG payload is not a JSON claims set");
        }
        String iss = issuerClaim(claimsSet);
        verifySignature(iss, jwt);
        IdJagClaims claims = IdJagClaims.parse(claimsSet);
        checkAudience(claims);
        checkTimes(claims, clock.instant());
        if (!claims.clientId().equals(client.clientId())) {
            throw invalidGrant("ID-JAG client_id does not match the authenticated client");
        }
        String resource = resource(claims, request.resource());
        Set<String> scope = scope(claims, request.scope(), resources.scopes(resource));
        String subject = subjectMapper.localSubject(claims.issuer(), claims.tenant(), claims.subject());
        if (subject == null || subject.isEmpty()) {
            throw invalidGrant("ID-JAG subject has no local subject at this authorization server");
        }
        markUsed(claims);
        GrantContext context = new GrantContext(claims, client, resource, scope, subject);
        policy.check(context);
        return context;
    }

    /** This authorization server's issuer identifier. */
    public String issuer() {
        return issuer;
    }

    /** The resources and their known scopes, in configuration order. */
    public Map<String, Set<String>> resources() {
        return resources.asMap();
    }

    /** The replay store, shared with client assertion checks. */
    public ReplayStore replayStore() {
        return replayStore;
    }

    /** The tolerated clock difference. */
    public Duration clockSkew() {
        return clockSkew;
    }

    /** The clock. */
    public Clock clock() {
        return clock;
    }

    private SignedJWT parseCompactJws(String assertion) {
        if (assertion.length() > maxAssertionBytes) {
            throw invalidGrant("assertion is larger than " + maxAssertionBytes + " bytes");
        }
        String[] parts = assertion.split("\\.", -1);
        if (parts.length == 5) {
            throw invalidGrant("assertion is a JWE; only signed ID-JAGs (compact JWS) are accepted");
        }
        if (parts.length != 3) {
            throw invalidGrant("assertion is not a compact JWS");
        }
        if (!CompactJose.hasBase64UrlParts(assertion)) {
            throw invalidGrant("assertion is not a compact JWS (its parts must be base64url without padding)");
        }
        try {
            return SignedJWT.parse(assertion); // parses the header once; a JWS header only (not none, not a JWE one)
        } catch (ParseException e) {
            throw notCompactJws(parts[0]);
        }
    }

    /** Why a three-part assertion is not a signed JWT, from its header: only on the refusal path. */
    private static OAuthException notCompactJws(String encodedHeader) {
        Header header;
        try {
            header = Header.parse(new Base64URL(encodedHeader));
        } catch (ParseException e) {
            return invalidGrant("assertion is not a compact JWS (unreadable header)");
        }
        if (Algorithm.NONE.equals(header.getAlgorithm())) {
            return invalidGrant("ID-JAG alg 'none' is not allowed");
        }
        return invalidGrant("assertion is not a compact JWS");
    }

    private static void checkType(JWSHeader header) {
        try {
            TYPE_VERIFIER.verify(header.getType(), null);
        } catch (BadJOSEException e) {
            throw invalidGrant("ID-JAG typ must be " + XaaIdentifiers.ID_JAG_JWT_TYPE);
        }
    }

    private String issuerClaim(JWTClaimsSet claimsSet) {
        Object iss = claimsSet.getClaim("iss");
        if (iss == null || "".equals(iss)) {
            throw invalidGrant("ID-JAG claim 'iss' is missing");
        }
        if (!(iss instanceof String s)) {
            throw invalidGrant("ID-JAG claim 'iss' must be a string");
        }
        if (!trustedIssuers.isTrusted(s)) {
            throw invalidGrant("ID-JAG iss is not a trusted issuer");
        }
        return s;
    }

    private void verifySignature(String iss, SignedJWT jwt) {
        List<JWSVerifier> verifiers;
        try {
            verifiers = trustedIssuers.verifiers(iss, jwt.getHeader());
        } catch (RateLimitReachedException e) {
            verifiers = List.of();
        } catch (KeySourceException e) {
            if (e.getCause() instanceof RateLimitReachedException) {
                verifiers = List.of();
            } else {
                LOG.warn("the keys of trusted issuer {} could not be retrieved: {}", iss, e.getMessage());
                throw new OAuthException(OAuthError.serverError("the keys of the ID-JAG issuer could not be retrieved"));
            }
        }
        if (verifiers.isEmpty()) {
            throw invalidGrant("no key of the ID-JAG issuer matches the ID-JAG's kid and alg");
        }
        for (JWSVerifier verifier : verifiers) {
            try {
                if (jwt.verify(verifier)) {
                    return;
                }
            } catch (JOSEException | RuntimeException e) {
                // a key this algorithm cannot use: try the next one
            }
        }
        throw invalidGrant("ID-JAG signature does not verify with the issuer's keys");
    }

    private void checkAudience(IdJagClaims claims) {
        if (claims.audience().size() != 1) {
            throw invalidGrant("ID-JAG aud must name exactly one audience");
        }
        if (!issuer.equals(claims.audience().get(0))) {
            throw invalidGrant("ID-JAG aud is not this authorization server's issuer");
        }
    }

    private void checkTimes(IdJagClaims claims, Instant now) {
        if (!claims.expiresAt().plus(clockSkew).isAfter(now)) {
            throw invalidGrant("ID-JAG is expired (exp)");
        }
        if (claims.issuedAt().isAfter(now.plus(clockSkew))) {
            throw invalidGrant("ID-JAG iat is in the future");
        }
        if (!claims.expiresAt().isAfter(claims.issuedAt())) {
            throw invalidGrant("ID-JAG exp is not after iat");
        }
        if (Duration.between(claims.issuedAt(), claims.expiresAt()).compareTo(maxLifetime) > 0) {
            throw invalidGrant("ID-JAG lifetime (exp - iat) is longer than " + maxLifetime.toSeconds() + " s");
        }
        if (claims.notBefore() != null && claims.notBefore().isAfter(now.plus(clockSkew))) {
            throw invalidGrant("ID-JAG is not valid yet (nbf)");
        }
    }

    private String resource(IdJagClaims claims, String requested) {
        if (claims.resource().isEmpty()) {
            String only = resources.only().orElseThrow(() -> invalidGrant(
                    "ID-JAG has no resource and this authorization server protects several resources"));
            if (requested != null && resources.find(requested).filter(only::equals).isEmpty()) {
                throw invalidTarget("resource parameter is not a resource of this authorization server");
            }
            return only;
        }
        Set<String> granted = new LinkedHashSet<>();
        for (String value : claims.resource()) {
            granted.add(resources.find(value).orElseThrow(() -> invalidGrant(
                    "ID-JAG resource is not a resource of this authorization server")));
        }
        if (requested != null) {
            String chosen = resources.find(requested).orElseThrow(() -> invalidTarget(
                    "resource parameter is not a resource of this authorization server"));
            if (!granted.contains(chosen)) {
                throw invalidTarget("resource parameter is not among the ID-JAG's resources");
            }
            return chosen;
        }
        if (granted.size() > 1) {
            throw invalidTarget("ID-JAG names several resources; send the resource parameter to choose one");
        }
        return granted.iterator().next();
    }

    private static Set<String> scope(IdJagClaims claims, Set<String> requested, Set<String> known) {
        Set<String> asked;
        if (requested != null) {
            if (!claims.scope().containsAll(requested)) {
                throw invalidScope("scope parameter asks for a scope the ID-JAG does not grant");
            }
            asked = requested;
        } else {
            asked = claims.scope();
        }
        Set<String> granted = new LinkedHashSet<>(asked);
        granted.retainAll(known);
        if (granted.isEmpty() && !asked.isEmpty()) {
            throw invalidScope("none of the asked scopes is a scope of the resource");
        }
        return granted;
    }

    private void markUsed(IdJagClaims claims) {
        boolean first;
        try {
            first = replayStore.markUsed("id-jag|" + claims.issuer() + "|" + claims.jwtId(),
                    claims.expiresAt().plus(clockSkew));
        } catch (RuntimeException e) { // ReplayStoreException, or any failure of a custom store: fail closed
            LOG.error("replay store failed ({}); grant refused", e.getClass().getName());
            throw new OAuthException(OAuthError.serverError("the replay store is unavailable"), e);
        }
        if (!first) {
            throw invalidGrant("ID-JAG was already used (jti)");
        }
    }

    private static OAuthException invalidGrant(String description) {
        return new OAuthException(OAuthError.invalidGrant(description));
    }

    private static OAuthException invalidScope(String description) {
        return new OAuthException(OAuthError.invalidScope(description));
    }

    private static OAuthException invalidTarget(String description) {
        return new OAuthException(OAuthError.invalidTarget(description));
    }

    /** Builder for {@link IdJagValidator}; not thread-safe. Every setter documents its default. */
    public static final class Builder {

        private final String issuer;
        private final TrustedIssuers trustedIssuers;
        private final Map<String, Collection<String>> resources = new LinkedHashMap<>();
        private ReplayStore replayStore;
        private Clock clock = Clock.systemUTC();
        private Duration clockSkew = DEFAULT_CLOCK_SKEW;
        private Duration maxLifetime = DEFAULT_MAX_LIFETIME;
        private int maxAssertionBytes = DEFAULT_MAX_ASSERTION_BYTES;
        private Set<String> algorithms = DEFAULT_ALGORITHMS;
        private SubjectMapper subjectMapper;
        private GrantPolicy policy = GrantPolicy.DEFAULT;
        private Predicate<AuthenticatedClient> clientPermission = client -> true;

        private Builder(String issuer, TrustedIssuers trustedIssuers) {
            this.issuer = Objects.requireNonNull(issuer, "issuer");
            if (issuer.isEmpty()) {
                throw new IllegalArgumentException("issuer must not be empty");
            }
            this.trustedIssuers = Objects.requireNonNull(trustedIssuers, "trustedIssuers");
            if (trustedIssuers.isTrusted(issuer)) {
                throw new IllegalArgumentException("an authorization server must not trust its own issuer");
            }
        }

        /**
         * Adds a resource this server issues tokens for (an absolute URL, RFC 8707) with its known scopes; at least one is
         * required. Only known scopes are ever granted: a resource with no scopes gets tokens without scope.
         */
        public Builder resource(String resource, Collection<String> scopes) {
            Objects.requireNonNull(resource, "resource");
            resources.put(resource, List.copyOf(Objects.requireNonNull(scopes, "scopes")));
            return this;
        }

        /** Where {@code jti}s are recorded; default an {@link InMemoryReplayStore} on this builder's clock (one node only). */
        public Builder replayStore(ReplayStore store) {
            this.replayStore = Objects.requireNonNull(store, "store");
            return this;
        }

        /** The clock; default {@link Clock#systemUTC()}. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The tolerated clock difference for {@code exp}, {@code iat}, {@code nbf}; default 60 s, at most 5 minutes. */
        public Builder clockSkew(Duration skew) {
            Objects.requireNonNull(skew, "skew");
            if (skew.isNegative() || skew.compareTo(Duration.ofMinutes(5)) > 0) {
                throw new IllegalArgumentException("clockSkew must be between 0 and 5 minutes");
            }
            this.clockSkew = skew;
            return this;
        }

        /** The longest accepted {@code exp - iat}; default 600 s. */
        public Builder maxLifetime(Duration lifetime) {
            Objects.requireNonNull(lifetime, "lifetime");
            if (lifetime.isNegative() || lifetime.isZero()) {
                throw new IllegalArgumentException("maxLifetime must be positive");
            }
            this.maxLifetime = lifetime;
            return this;
        }

        /** The largest accepted assertion; default 16 KiB. */
        public Builder maxAssertionBytes(int bytes) {
            if (bytes < 1024) {
                throw new IllegalArgumentException("maxAssertionBytes must be at least 1024");
            }
            this.maxAssertionBytes = bytes;
            return this;
        }

        /**
         * The allowed JWS algorithms, a subset of {@link #DEFAULT_ALGORITHMS} (the default).
         *
         * @throws IllegalArgumentException for an empty set or any other algorithm ({@code none}, HMAC, unknown)
         */
        public Builder algorithms(Set<String> names) {
            Objects.requireNonNull(names, "names");
            if (names.isEmpty() || !DEFAULT_ALGORITHMS.containsAll(names)) {
                throw new IllegalArgumentException("algorithms must be a non-empty subset of " + DEFAULT_ALGORITHMS);
            }
            this.algorithms = Set.copyOf(names);
            return this;
        }

        /**
         * Maps the ID-JAG's user to the local subject; default {@link SubjectMapper#subject()} with one trusted issuer,
         * {@link SubjectMapper#issuerScoped()} with several.
         */
        public Builder subjectMapper(SubjectMapper mapper) {
            this.subjectMapper = Objects.requireNonNull(mapper, "mapper");
            return this;
        }

        /** The policy hook; default {@link GrantPolicy#DEFAULT}. Compose with {@link GrantPolicy#andThen}. */
        public Builder policy(GrantPolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Which authenticated clients may use the ID-JAG grant ({@code unauthorized_client} for the others); default every
         * registered client.
         */
        public Builder clientPermission(Predicate<AuthenticatedClient> permission) {
            this.clientPermission = Objects.requireNonNull(permission, "permission");
            return this;
        }

        /**
         * Builds the validator.
         *
         * @throws IllegalStateException    when no resource was added
         * @throws IllegalArgumentException when a resource or scope is malformed, or two resources are the same
         */
        public IdJagValidator build() {
            if (resources.isEmpty()) {
                throw new IllegalStateException("at least one resource is required");
            }
            return new IdJagValidator(this);
        }
    }
}
