package dev.xaa4j.idp.internal;

import dev.xaa4j.core.OAuthError;
import dev.xaa4j.core.OAuthException;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/**
 * A bounded in-memory map whose entries expire: the IdP's authorization codes and refresh tokens, keyed by the digest of
 * the token ({@link RandomTokens#sha256}).
 *
 * <p>Expired entries are invisible at once and purged every {@value #PURGE_INTERVAL} insertions and whenever the store is
 * full; a store still full after a purge refuses new entries with {@code temporarily_unavailable} rather than grow without
 * bound. Thread-safe; {@link #take} and {@link #update} are atomic per key.
 *
 * @param <V> the stored value
 */
public final class ExpiringStore<V> {

    static final int PURGE_INTERVAL = 1024;

    private record Entry<V>(V value, long expiresAtMillis) {
    }

    private final ConcurrentHashMap<String, Entry<V>> entries = new ConcurrentHashMap<>();
    private final AtomicLong insertions = new AtomicLong();
    private final Clock clock;
    private final int maxEntries;

    public ExpiringStore(Clock clock, int maxEntries) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be positive");
        }
        this.maxEntries = maxEntries;
    }

    /**
     * Stores a value until {@code expiresAt}, replacing any previous one.
     *
     * @throws OAuthException {@code temporarily_unavailable} when the store is full of live entries
     */
    public void put(String key, V value, Instant expiresAt) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        long now = clock.millis();
        if (insertions.incrementAndGet() % PURGE_INTERVAL == 0) {
            purge(now);
        }
        if (entries.size() >= maxEntries && !entries.containsKey(key)) {
            purge(now);
            if (entries.size() >= maxEntries) {
                throw new OAuthException(OAuthError.temporarilyUnavailable("too many outstanding grants; try again later"));
            }
        }
        entries.put(key, new Entry<>(value, expiresAt.toEpochMilli()));
    }

    /** The live value under {@code key}, or {@code null}. */
    public V get(String key) {
        Entry<V> e = entries.get(key);
        return e == null || e.expiresAtMillis() <= clock.millis() ? null : e.value();
    }

    /** Removes and returns the live value under {@code key}, or returns {@code null}; of concurrent calls one wins. */
    public V take(String key) {
        Entry<V> e = entries.remove(key);
        return e == null || e.expiresAtMillis() <= clock.millis() ? null : e.value();
    }

    /**
     * Replaces the live value under {@code key} by {@code change(value)}, keeping its expiry, and returns the value it
     * replaced ({@code null} when there was none). Atomic: of concurrent calls, each sees the previous one's result.
     */
    public V update(String key, UnaryOperator<V> change) {
        long now = clock.millis();
        Object[] before = new Object[1];
        entries.computeIfPresent(key, (k, e) -> {
            if (e.expiresAtMillis() <= now) {
                return null;
            }
            before[0] = e.value();
            return new Entry<>(Objects.requireNonNull(change.apply(e.value())), e.expiresAtMillis());
        });
        @SuppressWarnings("unchecked")
        V previous = (V) before[0];
        return previous;
    }

    /** The number of entries held, expired ones not yet purged included. */
    int size() {
        return entries.size();
    }

    private void purge(long now) {
        entries.values().removeIf(e -> e.expiresAtMillis() <= now);
    }
}
