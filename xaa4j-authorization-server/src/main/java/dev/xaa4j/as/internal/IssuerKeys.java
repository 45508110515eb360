package dev.xaa4j.as.internal;

import dev.xaa4j.core.internal.BoundedHttpRetriever;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import java.net.MalformedURLException;
import java.net.URI;
import java.security.Key;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The signature verification keys of one trusted issuer.
 *
 * <p>Not part of the public API. Implementations are thread-safe.
 */
public interface IssuerKeys {

    /**
     * The asymmetric JWS algorithms, in a stable order: those a key may be selected for (the validator applies its own
     * allow-list first), and the ones {@link dev.xaa4j.server.ClientAuthenticator} accepts for client assertions.
     */
    List<JWSAlgorithm> ASYMMETRIC = dev.xaa4j.server.ClientAuthenticator.ASSERTION_ALGORITHMS.stream()
            .map(JWSAlgorithm::parse).toList();

    /**
     * The keys that may have signed a JWS with this header: matching {@code kid} (when the header has one), key type and
     * curve of {@code alg}, signature use. A remote source refetches its JWK set once (rate-limited) when nothing matches.
     *
     * @throws KeySourceException when the keys cannot be retrieved ({@link com.nimbusds.jose.jwk.source.RateLimitReachedException}
     *                            when a refetch was refused by the rate limit)
     */
    List<Key> candidates(JWSHeader header) throws KeySourceException;

    /** Fixed keys. */
    static IssuerKeys fixed(JWKSet publicKeys) {
        return of(new ImmutableJWKSet<>(publicKeys.toPublicJWKSet()));
    }

    /**
     * A JWK set fetched from a URL, cached for {@code timeToLive}, refetched when no key matches, at most twice per
     * {@code minRefetchInterval} (nimbus {@link JWKSourceBuilder} caching and rate limiting; no retries, no refresh-ahead).
     */
    static IssuerKeys remote(URI jwksUri, RemoteKeySettings settings) {
        Objects.requireNonNull(settings, "settings");
        try {
            JWKSource<SecurityContext> source = JWKSourceBuilder.<SecurityContext>create(jwksUri.toURL(), settings.http())
                    .cache(settings.timeToLive().toMillis(), settings.refreshTimeout().toMillis())
                    .refreshAheadCache(false)
                    .rateLimited(settings.minRefetchInterval().toMillis())
                    .retrying(false)
                    .outageTolerant(false)
                    .build();
            return of(source);
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("not a URL");
        }
    }

    private static IssuerKeys of(JWKSource<SecurityContext> source) {
        JWSVerificationKeySelector<SecurityContext> selector = new JWSVerificationKeySelector<>(Set.copyOf(ASYMMETRIC), source);
        return header -> selector.selectJWSKeys(header, null);
    }

    /**
     * How remote JWK sets are fetched and cached.
     *
     * @param http               the HTTP retriever
     * @param timeToLive         how long a fetched JWK set is used without refetching
     * @param refreshTimeout     how long a thread waits for another thread's fetch
     * @param minRefetchInterval the rate limit window: at most two fetches per window
     */
    record RemoteKeySettings(BoundedHttpRetriever http, Duration timeToLive, Duration refreshTimeout,
            Duration minRefetchInterval) {
        public RemoteKeySettings {
            Objects.requireNonNull(http, "http");
            Objects.requireNonNull(timeToLive, "timeToLive");
            Objects.requireNonNull(refreshTimeout, "refreshTimeout");
            Objects.requireNonNull(minRefetchInterval, "minRefetchInterval");
        }
    }
}
