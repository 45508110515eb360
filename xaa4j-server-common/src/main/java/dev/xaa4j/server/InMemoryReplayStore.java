package dev.xaa4j.server;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link ReplayStore} in this JVM's memory, for a single authorization server node.
 *
 * <p>Memory stays bounded: expired entries are purged every {@value #PURGE_INTERVAL} insertions and whenever the store
 * reaches its capacity; when it is still full after a purge, {@link #markUsed} throws {@link ReplayStoreException}
 * (fail closed) instead of forgetting live identifiers. With ID-JAG lifetimes capped (600 s by default) the number of
 * live entries is at most the grant rate times that cap. Thread-safe; the check-and-insert is atomic per key.
 */
public final class InMemoryReplayStore implements ReplayStore {

    /** Default capacity: one million live identifiers (about 150 MB at most). */
    public static final int DEFAULT_MAX_ENTRIES = 1_000_000;
    static final int PURGE_INTERVAL = 4096;

    private final ConcurrentHashMap<String, Long> entries = new ConcurrentHashMap<>();
    private final AtomicLong insertions = new AtomicLong();
    private final Clock clock;
    private final int maxEntries;

    /** A store with the system clock and {@link #DEFAULT_MAX_ENTRIES}. */
    public InMemoryReplayStore() {
        this(Clock.systemUTC(), DEFAULT_MAX_ENTRIES);
    }

    public InMemoryReplayStore(Clock clock, int maxEntries) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be positive");
        }
        this.maxEntries = maxEntries;
    }

    @Override
    public boolean markUsed(String key, Instant expiresAt) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(expiresAt, "expiresAt");
        long now = clock.millis();
        if (insertions.incrementAndGet() % PURGE_INTERVAL == 0) {
            purgeExpired(now);
        }
        if (entries.size() >= maxEntries && !entries.containsKey(key)) {
            purgeExpired(now);
            if (entries.size() >= maxEntries) {
                throw new ReplayStoreException("replay store is full");
            }
        }
        long expiry = expiresAt.toEpochMilli();
        boolean[] recorded = {false};
        entries.compute(key, (k, old) -> {
            if (old != null && old > now) {
                return old;
            }
            recorded[0] = true;
            return expiry;
        });
        return recorded[0];
    }

    /** The number of entries held, expired ones not yet purged included. */
    public int size() {
        return entries.size();
    }

    /** Removes the entries that have expired. */
    public void purgeExpired() {
        purgeExpired(clock.millis());
    }

    private void purgeExpired(long now) {
        entries.entrySet().removeIf(e -> e.getValue() <= now);
    }
}
