package dev.xaa4j.server;

import java.time.Instant;

/**
 * Remembers single-use identifiers ({@code jti} of ID-JAGs and client assertions) until they expire, so that a second use
 * is detected (ID-JAG draft section 5.1 step 7; RFC 7523 section 3 item 7).
 *
 * <p>{@link #markUsed} must be atomic across every node that serves one issuer: of concurrent calls with one key, exactly
 * one returns {@code true}. A store that cannot answer throws {@link ReplayStoreException}; callers fail closed (a server
 * error), never accepting an unchecked identifier. Implementations are thread-safe.
 */
public interface ReplayStore {

    /**
     * Records {@code key} until {@code expiresAt} if it is not recorded yet.
     *
     * @return {@code true} when this call recorded the key (first use), {@code false} when it was already recorded
     * @throws ReplayStoreException when the store is unreachable or full
     */
    boolean markUsed(String key, Instant expiresAt);
}
