package dev.xaa4j.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.xaa4j.redis.testing.RedisServerProcess;
import dev.xaa4j.server.ReplayStoreException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RedisReplayStoreTest {

    private static RedisServerProcess ownRedis;
    private static String redisUri;

    /** Uses the Redis that .ci/run started, or starts one; the fault tests always start their own. */
    @BeforeAll
    static void startRedis() throws Exception {
        redisUri = RedisServerProcess.sharedOrStart(own -> ownRedis = own);
    }

    @AfterAll
    static void stopRedis() throws Exception {
        if (ownRedis != null) {
            ownRedis.close();
        }
    }

    private static String key() {
        return "https://idp.example|" + UUID.randomUUID();
    }

    @Test
    void whenKeyUsedTwiceThenSecondUseIsDetected() {
        try (RedisReplayStore store = RedisReplayStore.connect(redisUri)) {
            String key = key();
            Instant exp = Instant.now().plusSeconds(60);
            assertThat(store.markUsed(key, exp)).isTrue();
            assertThat(store.markUsed(key, exp)).isFalse();
            assertThat(store.markUsed(key(), exp)).isTrue();
        }
    }

    @Test
    void whenTwoNodesShareRedisThenAReplayAcrossNodesIsDetected() {
        try (RedisReplayStore nodeA = RedisReplayStore.connect(redisUri);
                RedisReplayStore nodeB = RedisReplayStore.connect(redisUri)) {
            String key = key();
            assertThat(nodeA.markUsed(key, Instant.now().plusSeconds(60))).isTrue();
            assertThat(nodeB.markUsed(key, Instant.now().plusSeconds(60))).isFalse();
        }
    }

    @Test
    void whenOneKeySubmittedConcurrentlyThroughTwoNodesThenExactlyOneWins() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try (RedisReplayStore nodeA = RedisReplayStore.connect(redisUri);
                RedisReplayStore nodeB = RedisReplayStore.connect(redisUri)) {
            String key = key();
            Instant exp = Instant.now().plusSeconds(60);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                RedisReplayStore node = i % 2 == 0 ? nodeA : nodeB;
                results.add(pool.submit(() -> {
                    start.await();
                    return node.markUsed(key, exp);
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

    @Test
    void whenStoredThenKeyIsHashedAndExpiresWithTheIdentifier() {
        RedisClient raw = RedisClient.create(redisUri);
        String prefix = "ttl-test:" + UUID.randomUUID() + ":";
        try (RedisReplayStore store = RedisReplayStore.connect(redisUri, prefix, Duration.ofSeconds(2), Clock.systemUTC());
                StatefulRedisConnection<String, String> conn = raw.connect()) {
            String key = key();
            store.markUsed(key, Instant.now().plusSeconds(30));
            List<String> keys = conn.sync().keys(prefix + "*");
            assertThat(keys).hasSize(1).noneMatch(k -> k.contains(key.substring(key.indexOf('|') + 1)));
            assertThat(keys.get(0).length()).isEqualTo(prefix.length() + 43);
            assertThat(conn.sync().pttl(keys.get(0))).isBetween(25_000L, 30_000L);
        } finally {
            raw.shutdown();
        }
    }

    @Test
    void whenRedisDownThenFailsClosedAndRecoversWhenItReturns() throws Exception {
        try (RedisServerProcess own = RedisServerProcess.start();
                RedisReplayStore store = RedisReplayStore.connect(own.uri(), RedisReplayStore.DEFAULT_PREFIX,
                        Duration.ofMillis(500), Clock.systemUTC())) {
            assertThat(store.markUsed(key(), Instant.now().plusSeconds(60))).isTrue();
            own.stop();
            assertThatExceptionOfType(ReplayStoreException.class)
                    .isThrownBy(() -> store.markUsed(key(), Instant.now().plusSeconds(60)))
                    .withMessageStartingWith("replay store unavailable");
            own.restart();
            Instant deadline = Instant.now().plusSeconds(15);
            Boolean recovered = null;
            while (recovered == null && Instant.now().isBefore(deadline)) {
                try {
                    recovered = store.markUsed(key(), Instant.now().plusSeconds(60));
                } catch (ReplayStoreException e) {
                    Thread.sleep(100);
                }
            }
            assertThat(recovered).as("accepts new identifiers once Redis is back").isTrue();
        }
    }

    @Test
    void whenRedisUnreachableAtStartThenReplayStoreException() throws Exception {
        try (RedisServerProcess own = RedisServerProcess.start()) {
            String uri = own.uri();
            own.stop();
            assertThatExceptionOfType(ReplayStoreException.class).isThrownBy(() -> RedisReplayStore.connect(uri));
        }
    }
}
