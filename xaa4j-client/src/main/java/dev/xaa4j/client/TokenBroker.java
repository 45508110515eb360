package dev.xaa4j.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cache of access tokens by {@link TokenKey} that fetches each token once, however many callers need it, and renews it
 * before it expires (PROTOCOL.md section 2, renewal; decision 2: every access token comes from a fresh ID-JAG, so the
 * fetcher, not the broker, obtains one per fetch).
 *
 * <ul>
 *   <li><b>Single flight:</b> callers of {@link #token(TokenKey, Supplier)} that find no valid token for a key wait for
 *       one fetch; the first caller runs it on its own thread, the others get its result or its exception.</li>
 *   <li><b>Refresh ahead:</b> a token is renewed in the background once it is within the refresh margin of its expiry
 *       (default {@link #DEFAULT_REFRESH_MARGIN}, at most half its lifetime); callers keep the valid token meanwhile and
 *       never wait for the renewal. A failed renewal is logged and tried again after {@link #REFRESH_RETRY_DELAY}.</li>
 *   <li><b>Lifetime:</b> {@code expires_in} from the fetch start; when the server sent none, {@link #DEFAULT_LIFETIME}.
 *       A token is handed out only before its expiry by the broker's {@link Clock}.</li>
 *   <li><b>Invalidation:</b> {@link #invalidate(TokenKey, String)} drops a token the resource server rejected, but only
 *       if it is still the cached one (a token renewed meanwhile is kept); {@link #invalidate(TokenKey)} and
 *       {@link #invalidateAll()} forget keys (a fetch in flight completes for its waiters but is not cached).</li>
 * </ul>
 *
 * <pre>{@code
 * TokenBroker broker = TokenBroker.builder().refreshMargin(Duration.ofSeconds(30)).build();
 * AccessToken token = broker.token(key, () -> jwtBearer.requestAccessToken(idJags.get(request)));
 * }</pre>
 *
 * <p>Thread-safe; share one broker between connections (keys keep users, servers and scopes apart). Background renewals
 * run on a small pool of daemon threads owned by the broker (or on an injected {@link Executor});
 * {@link #close()} stops the owned pool. Expired entries are swept from time to time.
 */
public final class TokenBroker implements AutoCloseable {

    /** The default refresh margin: a token is renewed 60 seconds before it expires (at most half its lifetime). */
    public static final Duration DEFAULT_REFRESH_MARGIN = Duration.ofSeconds(60);
    /** The lifetime assumed when the token response has no {@code expires_in}: 300 seconds. */
    public static final Duration DEFAULT_LIFETIME = Duration.ofSeconds(300);
    /** After a failed background renewal, the next one is not tried before this delay: 5 seconds. */
    public static final Duration REFRESH_RETRY_DELAY = Duration.ofSeconds(5);

    /** Every so many new keys, entries whose token has expired and that are not being fetched are removed. */
    static final int SWEEP_EVERY = 256;

    private static final Logger LOG = LoggerFactory.getLogger(TokenBroker.class);
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final Clock clock;
    private final Duration refreshMargin;
    private final Duration defaultLifetime;
    private final Executor executor;
    private final ThreadPoolExecutor ownExecutor;
    private final ConcurrentHashMap<TokenKey, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicInteger newKeys = new AtomicInteger();

    private TokenBroker(Builder b) {
        this.clock = b.clock;
        this.refreshMargin = b.refreshMargin;
        this.defaultLifetime = b.defaultLifetime;
        if (b.executor != null) {
            this.executor = b.executor;
            this.ownExecutor = null;
        } else {
            ThreadPoolExecutor pool = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "xaa4j-token-refresh-" + THREADS.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            pool.allowCoreThreadTimeOut(true);
            this.executor = pool;
            this.ownExecutor = pool;
        }
    }

    /** A broker with the defaults. */
    public static TokenBroker create() {
        return builder().build();
    }

    /** Starts a builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A valid token for the key: the cached one, or one fetched now (single flight per key). When the cached token is
     * due for renewal, a background renewal starts and the cached token is returned. May block while a fetch runs.
     *
     * @param fetcher obtains a new token for this key (a fresh ID-JAG, then the JWT bearer grant); kept for the key's
     *                background renewals
     * @throws RuntimeException what the fetch threw (typically an {@link XaaClientException}), to every waiting caller
     */
    public AccessToken token(TokenKey key, Supplier<AccessToken> fetcher) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(fetcher, "fetcher");
        Entry entry = entry(key);
        entry.fetcher = fetcher;
        Instant now = clock.instant();
        Cached cached = entry.current;
        if (cached != null && now.isBefore(cached.expiresAt)) {
            if (!now.isBefore(cached.refreshAt)) {
                entry.fetch(true, now);
            }
            return cached.token;
        }
        return await(entry.fetch(false, now));
    }

    /**
     * The cached token for the key if it is still valid, without blocking. When it is due for renewal (or has expired),
     * a background renewal starts with the key's last fetcher.
     */
    public Optional<AccessToken> cached(TokenKey key) {
        Objects.requireNonNull(key, "key");
        Entry entry = entries.get(key);
        Cached cached = entry == null ? null : entry.current;
        if (cached == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (!now.isBefore(cached.refreshAt)) {
            entry.fetch(true, now);
        }
        return now.isBefore(cached.expiresAt) ? Optional.of(cached.token) : Optional.empty();
    }

    /**
     * Drops the cached token of the key if it is {@code rejectedToken} (the resource server answered 401 to it); a
     * different token (renewed meanwhile) is kept.
     *
     * @return whether the token was dropped
     */
    public boolean invalidate(TokenKey key, String rejectedToken) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(rejectedToken, "rejectedToken");
        Entry entry = entries.get(key);
        return entry != null && entry.drop(rejectedToken);
    }

    /**
     * Forgets the key: the next {@link #token(TokenKey, Supplier)} fetches. A fetch in flight completes for its waiters
     * but is not cached.
     *
     * @return whether the key was known
     */
    public boolean invalidate(TokenKey key) {
        return entries.remove(Objects.requireNonNull(key, "key")) != null;
    }

    /** Forgets every key (for example when the user signs out). */
    public void invalidateAll() {
        entries.clear();
    }

    /** The refresh margin. */
    public Duration refreshMargin() {
        return refreshMargin;
    }

    /** The lifetime assumed when {@code expires_in} is absent. */
    public Duration defaultLifetime() {
        return defaultLifetime;
    }

    /** The clock. */
    public Clock clock() {
        return clock;
    }

    /** Stops the broker's own renewal threads (an injected executor is left alone); cached tokens stay usable. */
    @Override
    public void close() {
        if (ownExecutor != null) {
            ownExecutor.shutdownNow();
        }
    }

    /** The number of keys held (for tests of the sweep). */
    int size() {
        return entries.size();
    }

    @Override
    public String toString() {
        return "TokenBroker[keys=" + entries.size() + ", refreshMargin=" + refreshMargin + ", defaultLifetime="
                + defaultLifetime + "]";
    }

    private Entry entry(TokenKey key) {
        Entry entry = entries.get(key);
        if (entry != null) {
            return entry;
        }
        if (newKeys.incrementAndGet() % SWEEP_EVERY == 0) {
            Instant now = clock.instant();
            entries.values().removeIf(e -> e.expiredAndIdle(now));
        }
        return entries.computeIfAbsent(key, k -> new Entry(k));
    }

    private static AccessToken await(CompletableFuture<Cached> future) {
        try {
            return future.join().token;
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    /** A token, when it expires and when to renew it. */
    private record Cached(AccessToken token, Instant expiresAt, Instant refreshAt) {
    }

    /** One key's token and its fetch in flight. */
    private final class Entry {
        private final TokenKey key;
        volatile Supplier<AccessToken> fetcher;
        volatile Cached current;
        private CompletableFuture<Cached> inFlight;
        private Instant nextBackgroundAttempt = Instant.MIN;

        Entry(TokenKey key) {
            this.key = key;
        }

        /**
         * Joins the fetch in flight or starts one: in the foreground on the calling thread, or in the background on the
         * executor (not before the retry delay after a failed background fetch; then {@code null}).
         */
        CompletableFuture<Cached> fetch(boolean background, Instant now) {
            CompletableFuture<Cached> future;
            Supplier<AccessToken> f = fetcher;
            synchronized (this) {
                if (inFlight != null) {
                    return inFlight;
                }
                if (background && now.isBefore(nextBackgroundAttempt)) {
                    return null;
                }
                future = new CompletableFuture<>();
                inFlight = future;
            }
            if (!background) {
                run(f, future, false, now);
            } else {
                try {
                    executor.execute(() -> run(f, future, true, now));
                } catch (RejectedExecutionException e) {
                    finish(future, null, e, true);
                }
            }
            return future;
        }

        private void run(Supplier<AccessToken> f, CompletableFuture<Cached> future, boolean background, Instant start) {
            Cached result = null;
            Throwable failure = null;
            try {
                AccessToken token = Objects.requireNonNull(f.get(), "the token fetcher returned null");
                Duration lifetime = token.expiresIn() != null ? token.expiresIn() : defaultLifetime;
                Duration ahead = refreshMargin.compareTo(lifetime.dividedBy(2)) < 0 ? refreshMargin : lifetime.dividedBy(2);
                Instant expiresAt = start.plus(lifetime);
                result = new Cached(token, expiresAt, expiresAt.minus(ahead));
            } catch (RuntimeException | Error e) {
                failure = e;
            }
            finish(future, result, failure, background);
        }

        private void finish(CompletableFuture<Cached> future, Cached result, Throwable failure, boolean background) {
            synchronized (this) {
                inFlight = null;
                if (result != null) {
                    current = result;
                } else if (background) {
                    nextBackgroundAttempt = clock.instant().plus(REFRESH_RETRY_DELAY);
                }
            }
            if (result != null) {
                future.complete(result);
            } else {
                if (background) {
                    LOG.warn("background renewal of the access token for {} failed (next try in {} s): {}", key,
                            REFRESH_RETRY_DELAY.toSeconds(), failure.toString());
                }
                future.completeExceptionally(failure);
            }
        }

        synchronized boolean drop(String rejectedToken) {
            if (current != null && current.token.token().equals(rejectedToken)) {
                current = null;
                return true;
            }
            return false;
        }

        synchronized boolean expiredAndIdle(Instant now) {
            return inFlight == null && current != null && !now.isBefore(current.expiresAt);
        }
    }

    /** Builder for {@link TokenBroker}. Not thread-safe. */
    public static final class Builder {
        private Clock clock = Clock.systemUTC();
        private Duration refreshMargin = DEFAULT_REFRESH_MARGIN;
        private Duration defaultLifetime = DEFAULT_LIFETIME;
        private Executor executor;

        private Builder() {
        }

        /** The clock for expiry and renewal; default {@link Clock#systemUTC()}. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * How long before expiry a token is renewed in the background; default {@link #DEFAULT_REFRESH_MARGIN}. Capped at
         * half of each token's lifetime. Zero renews only at expiry (callers then wait for the fetch).
         */
        public Builder refreshMargin(Duration margin) {
            Objects.requireNonNull(margin, "margin");
            if (margin.isNegative()) {
                throw new IllegalArgumentException("refreshMargin must not be negative");
            }
            this.refreshMargin = margin;
            return this;
        }

        /** The lifetime assumed when {@code expires_in} is absent; default {@link #DEFAULT_LIFETIME}. Must be positive. */
        public Builder defaultLifetime(Duration lifetime) {
            Objects.requireNonNull(lifetime, "lifetime");
            if (lifetime.isNegative() || lifetime.isZero()) {
                throw new IllegalArgumentException("defaultLifetime must be positive");
            }
            this.defaultLifetime = lifetime;
            return this;
        }

        /**
         * Runs background renewals on this executor instead of the broker's own two daemon threads; default: the
         * broker's own. The executor must not run tasks on the submitting thread if callers must never block.
         */
        public Builder executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        public TokenBroker build() {
            return new TokenBroker(this);
        }
    }
}
