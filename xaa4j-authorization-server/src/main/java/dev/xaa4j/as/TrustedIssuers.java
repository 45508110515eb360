package dev.xaa4j.as;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKSet;
import dev.xaa4j.core.internal.BoundedHttpRetriever;
import dev.xaa4j.as.internal.DiscoveredIssuerKeys;
import dev.xaa4j.as.internal.IssuerKeys;
import dev.xaa4j.core.SecureTransport;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.Key;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * The identity providers whose ID-JAGs this authorization server accepts, each with the source of its signature keys
 * (PROTOCOL.md section 4, checklist item 4; draft-ietf-oauth-identity-assertion-authz-grant-04 section 5.1).
 *
 * <p>Issuers are matched by exact string comparison. An ID-JAG is verified with the keys of the issuer named in its
 * {@code iss} only, never with another trusted issuer's keys. Three key sources:
 * <ul>
 *   <li>{@link Builder#jwksUri(String, URI)}: a remote JWK set, cached ({@link Builder#cacheTimeToLive}, 5 minutes by
 *       default) and refetched when an ID-JAG names a {@code kid} that is not in the cached set (key rotation), at most twice
 *       per {@link Builder#minRefetchInterval} (30 s by default), so unknown {@code kid}s cannot make this server hammer
 *       the IdP;</li>
 *   <li>{@link Builder#jwkSet(String, JWKSet)}: fixed public keys;</li>
 *   <li>{@link Builder#discovered(String)}: the {@code jwks_uri} of the issuer's metadata (OpenID Connect discovery, then
 *       RFC 8414 locations), whose {@code issuer} must equal the configured one character for character; resolved on first
 *       use, then handled as a remote JWK set.</li>
 * </ul>
 * Documents are fetched over HTTPS (plain HTTP only to loopback hosts), without following redirects, with timeouts
 * (connect 5 s, whole request 10 s by default) and a 1 MiB body limit.
 *
 * <p>The list of trusted issuers is configuration, never published (not in the metadata, not in error descriptions).
 * Immutable and thread-safe.
 *
 * <pre>{@code
 * TrustedIssuers trusted = TrustedIssuers.builder()
 *         .jwksUri("https://idp.example.com", URI.create("https://idp.example.com/oauth2/v1/keys"))
 *         .discovered("https://login.example.org/tenant-1")
 *         .build();
 * }</pre>
 */
public final class TrustedIssuers {

    private final Map<String, IssuerKeys> issuers;

    private TrustedIssuers(Map<String, IssuerKeys> issuers) {
        this.issuers = issuers;
    }

    /** Starts a builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Whether the issuer is trusted (exact match). */
    public boolean isTrusted(String issuer) {
        return issuer != null && issuers.containsKey(issuer);
    }

    /** The trusted issuer identifiers (configuration; do not publish them). */
    public Set<String> issuers() {
        return issuers.keySet();
    }

    /** The number of trusted issuers. */
    public int size() {
        return issuers.size();
    }

    /** The keys of this issuer that match the header; empty for an issuer that is not trusted. */
    List<Key> candidates(String issuer, JWSHeader header) throws KeySourceException {
        IssuerKeys keys = issuers.get(issuer);
        return keys == null ? List.of() : keys.candidates(header);
    }

    /** Shows the number of issuers only. */
    @Override
    public String toString() {
        return "TrustedIssuers[" + issuers.size() + " issuer(s)]";
    }

    /** Builder for {@link TrustedIssuers}; not thread-safe. */
    public static final class Builder {

        private final Map<String, Function<IssuerKeys.RemoteKeySettings, IssuerKeys>> issuers = new LinkedHashMap<>();
        private Duration cacheTimeToLive = Duration.ofMinutes(5);
        private Duration minRefetchInterval = Duration.ofSeconds(30);
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration requestTimeout = Duration.ofSeconds(10);
        private int maxDocumentBytes = 1024 * 1024;

        private Builder() {
        }

        /**
         * Trusts an issuer whose keys are the JWK set at {@code jwksUri} (https, or http to a loopback host).
         *
         * @throws IllegalArgumentException when the issuer is already configured or not an http(s) URL without query or
         *                                  fragment
         * @throws dev.xaa4j.core.InsecureEndpointException when the JWKS URL is plain http to a non-loopback host
         */
        public Builder jwksUri(String issuer, URI jwksUri) {
            SecureTransport.require(Objects.requireNonNull(jwksUri, "jwksUri"), "JWKS URL of a trusted issuer");
            return add(issuer, settings -> IssuerKeys.remote(jwksUri, settings));
        }

        /**
         * Trusts an issuer whose keys are fixed (public parts are used; private parts, if any, are dropped).
         *
         * @throws IllegalArgumentException when the issuer is already configured, not a valid issuer, or the set is empty
         */
        public Builder jwkSet(String issuer, JWKSet publicKeys) {
            Objects.requireNonNull(publicKeys, "publicKeys");
            if (publicKeys.getKeys().isEmpty()) {
                throw new IllegalArgumentException("the JWK set is empty");
            }
            JWKSet copy = publicKeys.toPublicJWKSet();
            return add(issuer, settings -> IssuerKeys.fixed(copy));
        }

        /**
         * Trusts an issuer whose keys are found through its metadata's {@code jwks_uri}.
         *
         * @throws IllegalArgumentException when the issuer is already configured or not an http(s) URL without query or
         *                                  fragment
         */
        public Builder discovered(String issuer) {
            return add(issuer, settings -> new DiscoveredIssuerKeys(issuer, settings));
        }

        /** How long a fetched JWK set is used before it is fetched again; default 5 minutes. */
        public Builder cacheTimeToLive(Duration ttl) {
            this.cacheTimeToLive = positive(ttl, "cacheTimeToLive");
            return this;
        }

        /**
         * The rate limit window of JWK set fetches per issuer (at most two per window; an unknown {@code kid} beyond that
         * fails without a fetch); also the wait after a failed metadata discovery. Default 30 s.
         */
        public Builder minRefetchInterval(Duration interval) {
            this.minRefetchInterval = positive(interval, "minRefetchInterval");
            return this;
        }

        /** Connect timeout for key and metadata fetches; default 5 s. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        /** Whole-request timeout for key and metadata fetches; default 10 s. */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = positive(timeout, "requestTimeout");
            return this;
        }

        /** The largest key or metadata document read; default 1 MiB. */
        public Builder maxDocumentBytes(int bytes) {
            if (bytes < 1024) {
                throw new IllegalArgumentException("maxDocumentBytes must be at least 1024");
            }
            this.maxDocumentBytes = bytes;
            return this;
        }

        /**
         * Builds the registry.
         *
         * @throws IllegalStateException when no issuer was configured
         */
        public TrustedIssuers build() {
            if (issuers.isEmpty()) {
                throw new IllegalStateException("at least one trusted issuer is required");
            }
            IssuerKeys.RemoteKeySettings settings = new IssuerKeys.RemoteKeySettings(
                    new BoundedHttpRetriever(connectTimeout, requestTimeout, maxDocumentBytes),
                    cacheTimeToLive, requestTimeout.plusSeconds(1), minRefetchInterval);
            Map<String, IssuerKeys> built = new LinkedHashMap<>();
            issuers.forEach((issuer, factory) -> built.put(issuer, factory.apply(settings)));
            return new TrustedIssuers(Map.copyOf(built));
        }

        private Builder add(String issuer, Function<IssuerKeys.RemoteKeySettings, IssuerKeys> keys) {
            checkIssuer(issuer);
            if (issuers.putIfAbsent(issuer, keys) != null) {
                throw new IllegalArgumentException("issuer configured twice: " + issuer);
            }
            return this;
        }

        private static void checkIssuer(String issuer) {
            Objects.requireNonNull(issuer, "issuer");
            try {
                URI uri = new URI(issuer);
                String scheme = uri.getScheme();
                if (!uri.isAbsolute() || uri.getRawAuthority() == null
                        || !("https".equalsIgnoreCase(scheme) || "http".equalsIgnoreCase(scheme))
                        || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                    throw new IllegalArgumentException(
                            "a trusted issuer must be an http(s) URL without query or fragment: " + issuer);
                }
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("a trusted issuer must be a URL: " + issuer);
            }
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive");
            }
            return d;
        }
    }
}
