package dev.xaa4j.idp.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * The IdP refresh tokens (RFC 6749 sections 1.5 and 6): opaque random values, stored server-side (under their SHA-256)
 * with the user, the client they were issued to, the scopes and the sign-in time. Thread-safe.
 */
public final class RefreshTokens {

    /** What a refresh token stands for. */
    public record Grant(String subject, String clientId, Set<String> scopes, Instant authTime) {
        public Grant {
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(authTime, "authTime");
            scopes = Collections.unmodifiableSet(new LinkedHashSet<>(scopes));
        }
    }

    private final ExpiringStore<Grant> store;
    private final Clock clock;
    private final Duration lifetime;

    public RefreshTokens(Clock clock, Duration lifetime, int maxEntries) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
        this.store = new ExpiringStore<>(clock, maxEntries);
    }

    /** Issues a new refresh token for the grant; returns the token (stored only as its digest). */
    public String issue(Grant grant) {
        String token = RandomTokens.newToken();
        store.put(RandomTokens.sha256(token), grant, clock.instant().plus(lifetime));
        return token;
    }

    /** The live grant of a refresh token, or {@code null}. */
    public Grant find(String token) {
        return store.get(RandomTokens.sha256(token));
    }

    /** Removes a refresh token and returns its live grant, or {@code null}; of concurrent calls one wins. */
    public Grant take(String token) {
        return store.take(RandomTokens.sha256(token));
    }

    /** Revokes the refresh token stored under this digest. */
    public void revokeByDigest(String digest) {
        store.take(digest);
    }
}
