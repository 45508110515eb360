package dev.xaa4j.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class InMemoryReplayStoreTest {

    private static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void whenKeyUsedTwiceThenSecondUseIsDetected() {
        InMemoryReplayStore store = new InMemoryReplayStore();
        Instant exp = Instant.now().plusSeconds(60);
        assertThat(store.markUsed("iss|jti-1", exp)).isTrue();
        assertThat(store.markUsed("iss|jti-1", exp)).isFalse();
        assertThat(store.markUsed("iss|jti-2", exp)).isTrue();
    }

    @Test
    void whenEntryExpiredThenItIsForgottenAndPurged() {
        MutableClock clock = new MutableClock();
        InMemoryReplayStore store = new InMemoryReplayStore(clock, 10);
        store.markUsed("k", clock.now.plusSeconds(10));
        clock.now = clock.now.plusSeconds(11);
        store.purgeExpired();
        assertThat(store.size()).isZero();
        assertThat(store.markUsed("k", clock.now.plusSeconds(10))).isTrue();
    }

    @Test
    void whenFullOfLiveEntriesThenFailsClosed() {
        MutableClock clock = new MutableClock();
        InMemoryReplayStore store = new InMemoryReplayStore(clock, 3);
        for (int i = 0; i < 3; i++) {
            assertThat(store.markUsed("k" + i, clock.now.plusSeconds(60))).isTrue();
        }
        assertThatExceptionOfType(ReplayStoreException.class)
                .isThrownBy(() -> store.markUsed("k3", clock.now.plusSeconds(60)));
        assertThat(store.markUsed("k0", clock.now.plusSeconds(60))).as("a replay is still detected when full").isFalse();
    }

    @Test
    void whenFullButEntriesExpiredThenPurgesAndAccepts() {
        MutableClock clock = new MutableClock();
        InMemoryReplayStore store = new InMemoryReplayStore(clock, 3);
        for (int i = 0; i < 3; i++) {
            store.markUsed("k" + i, clock.now.plusSeconds(1));
        }
        clock.now = clock.now.plus(Duration.ofSeconds(2));
        assertThat(store.markUsed("k3", clock.now.plusSeconds(60))).isTrue();
        assertThat(store.size()).isEqualTo(1);
    }

    @Test
    void whenManyInsertionsOfShortLivedKeysThenSizeStaysBounded() {
        MutableClock clock = new MutableClock();
        InMemoryReplayStore store = new InMemoryReplayStore(clock, 1_000_000);
        for (int i = 0; i < 3 * InMemoryReplayStore.PURGE_INTERVAL; i++) {
            store.markUsed("k" + i, clock.now.plusMillis(500));
            clock.now = clock.now.plusMillis(1);
        }
        assertThat(store.size()).isLessThanOrEqualTo(InMemoryReplayStore.PURGE_INTERVAL);
    }

    @Test
    void whenOneKeyMarkedConcurrentlyThenExactlyOneCallerWins() throws Exception {
        InMemoryReplayStore store = new InMemoryReplayStore();
        Instant exp = Instant.now().plusSeconds(60);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return store.markUsed("same", exp);
                }));
            }
            start.countDown();
            int wins = 0;
            for (Future<Boolean> f : results) {
                wins += f.get() ? 1 : 0;
            }
            assertThat(wins).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }
}
