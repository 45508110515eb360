package dev.xaa4j.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.xaa4j.client.XaaClientException.Reason;
import dev.xaa4j.client.XaaClientException.Step;
import dev.xaa4j.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class TokenBrokerTest {

    static final Instant START = Instant.parse("2026-06-17T10:00:00Z");

    static final TokenKey KEY = new TokenKey("https://idp.example", "sha256:alice", "https://as.example",
            "https://mcp.example/mcp", Set.of("mcp:read"));

    final MutableClock clock = new MutableClock(START);
    final ManualExecutor renewals = new ManualExecutor();
    final TokenBroker broker = TokenBroker.builder().clock(clock).executor(renewals).build();
    final AtomicInteger fetches = new AtomicInteger();

    /** A fetcher of tokens "T1", "T2", ... with this lifetime ({@code null}: no expires_in). */
    Supplier<AccessToken> fetcher(Duration lifetime) {
        return () -> new AccessToken("T" + fetches.incrementAndGet(), lifetime, Set.of("mcp:read"));
    }

    @Test
    void whenManyCallersNeedOneKeyAtOnceThenOneFetchServesThemAll() throws Exception {
        int callers = 32;
        CountDownLatch release = new CountDownLatch(1);
        Supplier<AccessToken> slow = () -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return fetcher(Duration.ofSeconds(300)).get();
        };
        List<String> got = new CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            Thread t = new Thread(() -> got.add(broker.token(KEY, slow).token()));
            threads.add(t);
            t.start();
        }
        awaitAllWaiting(threads); // one runs the fetch, the others wait for it
        release.countDown();
        for (Thread t : threads) {
            t.join(10_000);
        }

        assertThat(fetches).hasValue(1);
        assertThat(got).hasSize(callers).containsOnly("T1");
    }

    @Test
    void whenScopesDifferThenEachKeyHasItsOwnToken() {
        TokenKey admin = KEY.withScopes(Set.of("mcp:read", "admin"));

        assertThat(broker.token(KEY, fetcher(Duration.ofSeconds(300))).token()).isEqualTo("T1");
        assertThat(broker.token(admin, fetcher(Duration.ofSeconds(300))).token()).isEqualTo("T2");
        assertThat(broker.token(KEY, fetcher(Duration.ofSeconds(300))).token()).isEqualTo("T1");
        assertThat(KEY.withScopes(new java.util.LinkedHashSet<>(List.of("admin", "mcp:read"))))
                .isEqualTo(KEY.withScopes(Set.of("mcp:read", "admin")));
    }

    @Test
    void whenTheTokenIsWithinTheMarginOfExpiryThenCallersKeepItAndOneBackgroundRenewalRuns() {
        broker.token(KEY, fetcher(Duration.ofSeconds(300)));

        clock.atSecond(239);
        assertThat(broker.cached(KEY)).map(AccessToken::token).contains("T1");
        assertThat(renewals.pending()).isZero();

        clock.atSecond(240);
        assertThat(broker.token(KEY, fetcher(Duration.ofSeconds(300))).token()).isEqualTo("T1");
        assertThat(broker.cached(KEY)).map(AccessToken::token).contains("T1");
        assertThat(renewals.pending()).isEqualTo(1);
        assertThat(fetches).hasValue(1);

        renewals.runAll();

        assertThat(broker.cached(KEY)).map(AccessToken::token).contains("T2");
        clock.atSecond(240 + 239);
        assertThat(broker.cached(KEY)).map(AccessToken::token).contains("T2");
        assertThat(renewals.pending()).isZero();
    }

    @Test
    void whenTheLifetimeIsShortThenRenewalStartsAtHalfOfIt() {
        broker.token(KEY, fetcher(Duration.ofSeconds(60)));

        clock.atSecond(29);
        broker.cached(KEY);
        assertThat(renewals.pending()).isZero();
        clock.atSecond(30);
        broker.cached(KEY);
        assertThat(renewals.pending()).isEqualTo(1);
    }

    @Test
    void whenExpiresInIsMissingThenTheDefaultLifetimeHolds() {
        broker.token(KEY, fetcher(null));

        clock.atSecond(TokenBroker.DEFAULT_LIFETIME.toSeconds() - 1);
        assertThat(broker.cached(KEY)).isPresent();
        clock.atSecond(TokenBroker.DEFAULT_LIFETIME.toSeconds());
        assertThat(broker.cached(KEY)).isEmpty();
        renewals.runAll();
        assertThat(broker.cached(KEY)).map(AccessToken::token).contains("T2");
    }

    @Test
    void whenTheTokenHasExpiredThenTheCallerWaitsForAFreshOne() {
        TokenBroker noMargin = TokenBroker.builder().clock(clock).executor(renewals).refreshMargin(Duration.ZERO).build();
        noMargin.token(KEY, fetcher(Duration.ofSeconds(300)));

        clock.atSecond(299);
        assertThat(noMargin.token(KEY, fetcher(Duration.ofSeconds(300))).token()).isEqualTo("T1");
        clock.atSecond(300);
        assertThat(noMargin.token(KEY, fetcher(Duration.ofSeconds(300))).token()).isEqualTo("T2");
        assertThat(renewals.pending()).isZero();
    }

    @Test
    void whenTheRejectedTokenIsStillCachedThenInvalidateDropsItAndOtherwiseKeepsTheNewerOne() {
        broker.token(KEY, fetcher(Duration.ofSeconds(300)));

        assertThat(broker.invalidate(KEY, "T-other")).isFalse();
        assertThat(broker.cached(KEY)).map(AccessToken::token).contains("T1");
        assertThat(broker.invalidate(KEY, "T1")).isTrue();
        assertThat(broker.cached(KEY)).isEmpty();
        assertThat(broker.token(KEY, fetcher(Duration.ofSeconds(300))).token()).isEqualTo("T2");
        assertThat(broker.invalidate(KEY, "T1")).isFalse(); // a second 401 to T1 leaves T2 alone
        assertThat(broker.cached(KEY)).map(AccessToken::token).contains("T2");
    }

    @Test
    void whenAKeyOrAllKeysAreInvalidatedThenTheNextCallFetches() {
        TokenKey other = KEY.withScopes(Set.of("admin"));
        broker.token(KEY, fetcher(Duration.ofSeconds(300)));
        broker.token(other, fetcher(Duration.ofSeconds(300)));

        assertThat(broker.invalidate(KEY)).isTrue();
        assertThat(broker.cached(KEY)).isEmpty();
        assertThat(broker.cached(other)).isPresent();
        broker.invalidateAll();
        assertThat(broker.cached(other)).isEmpty();
        assertThat(broker.token(KEY, fetcher(Duration.ofSeconds(300))).token()).isEqualTo("T3");
    }

    @Test
    void whenTheFetchFailsThenTheCallerGetsItsExceptionAndTheNextCallFetchesAgain() {
        XaaClientException refused = XaaClientException.of(Step.JWT_BEARER, Reason.HTTP_STATUS, "the server answered 500",
                null, 500, null);
        Throwable thrown = catchThrowable(() -> broker.token(KEY, () -> {
            fetches.incrementAndGet();
            throw refused;
        }));

        assertThat(thrown).isSameAs(refused);
        assertThat(broker.cached(KEY)).isEmpty();
        assertThat(broker.token(KEY, fetcher(Duration.ofSeconds(300))).token()).isEqualTo("T2");
    }

    @Test
    void whenABackgroundRenewalFailsThenTheValidTokenStaysAndTheRenewalWaitsForTheRetryDelay() {
        broker.token(KEY, fetcher(Duration.ofSeconds(300)));
        clock.atSecond(240);
        broker.token(KEY, () -> {
            throw XaaClientException.of(Step.TOKEN_EXCHANGE, Reason.NETWORK, "cannot reach the IdP", null, 0, null);
        });
        renewals.runAll();

        clock.atSecond(241);
        assertThat(broker.cached(KEY)).map(AccessToken::token).contains("T1");
        assertThat(renewals.pending()).isZero();
        clock.atSecond(240 + TokenBroker.REFRESH_RETRY_DELAY.toSeconds());
        assertThat(broker.cached(KEY)).map(AccessToken::token).contains("T1");
        assertThat(renewals.pending()).isEqualTo(1);
    }

    @Test
    void whenCachedIsAskedThenItNeverFetchesOnTheCallingThread() {
        assertThat(broker.cached(KEY)).isEmpty();
        broker.token(KEY, fetcher(Duration.ofSeconds(300)));
        clock.atSecond(300);

        assertThat(broker.cached(KEY)).isEmpty();
        assertThat(fetches).hasValue(1);
        assertThat(renewals.pending()).isEqualTo(1);
    }

    @Test
    void whenManyKeysHaveExpiredThenTheyAreSweptAsNewKeysArrive() {
        for (int i = 0; i < TokenBroker.SWEEP_EVERY; i++) {
            broker.token(KEY.withScopes(Set.of("old" + i)), fetcher(Duration.ofSeconds(10)));
        }
        clock.atSecond(20);
        for (int i = 0; i < TokenBroker.SWEEP_EVERY; i++) {
            broker.token(KEY.withScopes(Set.of("new" + i)), fetcher(Duration.ofSeconds(10)));
        }

        assertThat(broker.size()).isEqualTo(TokenBroker.SWEEP_EVERY);
    }

    @Test
    void whenBuiltWithANegativeMarginOrNoLifetimeThenRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> TokenBroker.builder().refreshMargin(Duration.ofSeconds(-1)));
        assertThatIllegalArgumentException().isThrownBy(() -> TokenBroker.builder().defaultLifetime(Duration.ZERO));
        assertThat(TokenBroker.create().refreshMargin()).isEqualTo(Duration.ofSeconds(60));
        assertThat(TokenBroker.create().defaultLifetime()).isEqualTo(Duration.ofSeconds(300));
    }

    @Test
    void whenTheBrokersOwnThreadRenewsThenTheNewTokenArrivesWithoutACallerWaiting() throws Exception {
        try (TokenBroker own = TokenBroker.builder().clock(clock).build()) {
            own.token(KEY, fetcher(Duration.ofSeconds(300)));
            clock.atSecond(250);
            assertThat(own.cached(KEY)).map(AccessToken::token).contains("T1");
            for (int i = 0; i < 500 && !own.cached(KEY).map(AccessToken::token).orElse("").equals("T2"); i++) {
                Thread.sleep(10);
            }
            assertThat(own.cached(KEY)).map(AccessToken::token).contains("T2");
        }
    }

    static void awaitAllWaiting(List<Thread> threads) throws InterruptedException {
        for (int i = 0; i < 1000; i++) {
            if (threads.stream().allMatch(t -> t.getState() == Thread.State.WAITING
                    || t.getState() == Thread.State.TIMED_WAITING)) {
                return;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("the threads did not all wait");
    }

    /** Runs submitted tasks only when the test says so. */
    static final class ManualExecutor implements Executor {
        private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();

        @Override
        public void execute(Runnable task) {
            tasks.add(task);
        }

        int pending() {
            return tasks.size();
        }

        void runAll() {
            for (Runnable task; (task = tasks.poll()) != null; ) {
                task.run();
            }
        }
    }
}
