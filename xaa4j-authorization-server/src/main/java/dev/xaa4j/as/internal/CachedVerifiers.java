package dev.xaa4j.as.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The keys of one JWK source as signature verifiers, each built once per (key, algorithm) and then reused.
 *
 * <p>Selection is that of nimbus's {@code JWSVerificationKeySelector}: the header's {@code alg} must be one of
 * {@link IssuerKeys#ASYMMETRIC}, then the source is asked for the keys {@link JWKMatcher#forJWSHeader} matches
 * ({@code kid}, key type and curve of {@code alg}, signature use), so a remote source still refetches on an unknown
 * {@code kid} and a key that left the set is never offered again. Only building the verifier is cached: converting a JWK to
 * a Java key and constructing a verifier (an EC point check, an RSA modulus decode) cost more than all the other checks
 * of a validation together. The cache is keyed by the key's content (a refetched, unchanged key hits it) and emptied when
 * it reaches {@value #MAX_ENTRIES} entries, so key rotation cannot grow it.
 *
 * <p>Not part of the public API. Thread-safe (nimbus verifiers are).
 */
final class CachedVerifiers implements IssuerKeys {

    /** The most verifiers kept. */
    static final int MAX_ENTRIES = 64;

    private static final Set<JWSAlgorithm> ALLOWED = Set.copyOf(ASYMMETRIC);
    private static final DefaultJWSVerifierFactory FACTORY = new DefaultJWSVerifierFactory();

    private final JWKSource<SecurityContext> source;
    private final ConcurrentHashMap<CacheKey, JWSVerifier> cache = new ConcurrentHashMap<>();

    CachedVerifiers(JWKSource<SecurityContext> source) {
        this.source = Objects.requireNonNull(source, "source");
    }

    @Override
    public List<JWSVerifier> verifiers(JWSHeader header) throws KeySourceException {
        if (!ALLOWED.contains(header.getAlgorithm())) {
            return List.of();
        }
        JWKMatcher matcher = JWKMatcher.forJWSHeader(header);
        if (matcher == null) {
            return List.of();
        }
        List<JWK> keys = source.get(new JWKSelector(matcher), null);
        List<JWSVerifier> verifiers = new ArrayList<>(keys.size());
        for (JWK key : keys) {
            JWSVerifier verifier = verifier(key, header);
            if (verifier != null) {
                verifiers.add(verifier);
            }
        }
        return verifiers;
    }

    /** The number of cached verifiers. */
    int size() {
        return cache.size();
    }

    private JWSVerifier verifier(JWK key, JWSHeader header) {
        CacheKey cacheKey = new CacheKey(key, header.getAlgorithm());
        JWSVerifier cached = cache.get(cacheKey);
        if (cached != null) {
            return cached;
        }
        if (!(key instanceof AsymmetricJWK asymmetric)) {
            return null;
        }
        JWSVerifier created;
        try {
            created = FACTORY.createJWSVerifier(header, asymmetric.toPublicKey());
        } catch (JOSEException | RuntimeException e) {
            return null; // a key this algorithm cannot use (another curve, a malformed key)
        }
        if (cache.size() >= MAX_ENTRIES) {
            cache.clear();
        }
        JWSVerifier raced = cache.putIfAbsent(cacheKey, created);
        return raced != null ? raced : created;
    }

    private record CacheKey(JWK key, JWSAlgorithm algorithm) {
    }
}
