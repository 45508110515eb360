package dev.xaa4j.benchmarks;

import dev.xaa4j.client.AccessToken;
import dev.xaa4j.client.TokenBroker;
import dev.xaa4j.client.TokenKey;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The {@link TokenBroker} lookup that every MCP request makes once its token is cached: {@link TokenBroker#token} (the
 * blocking form, which finds the cached token) and {@link TokenBroker#cached} (the non-blocking form the request
 * customizer uses), from one thread and from eight threads at once on the same key, the contended case.
 *
 * <p>The token lives an hour, so no renewal starts during a run; the fetcher throws, so a lookup that missed the cache
 * would fail the benchmark. JMH shares the state between the threads.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class TokenBrokerBenchmark {

    private TokenBroker broker;
    private TokenKey key;
    private Supplier<AccessToken> fetcher;

    /** A broker holding a token for one key. */
    @Setup(Level.Trial)
    public void start() {
        broker = TokenBroker.builder().build();
        key = new TokenKey("https://idp.example.com", "alice", "https://as.example.com", "https://mcp.example.com/mcp",
                Set.of("mcp:read", "mcp:write"));
        AccessToken token = new AccessToken("t".repeat(700), Duration.ofHours(1), Set.of("mcp:read", "mcp:write"));
        broker.token(key, () -> token);
        fetcher = () -> {
            throw new IllegalStateException("the cached token was not used");
        };
    }

    /** Stops the broker's renewal threads. */
    @TearDown(Level.Trial)
    public void stop() {
        broker.close();
    }

    /** {@link TokenBroker#token} finding the cached token, one thread. */
    @Benchmark
    public AccessToken token() {
        return broker.token(key, fetcher);
    }

    /** {@link TokenBroker#token} finding the cached token, eight threads on the same key. */
    @Benchmark
    @Threads(8)
    public AccessToken token8Threads() {
        return broker.token(key, fetcher);
    }

    /** {@link TokenBroker#cached}, one thread. */
    @Benchmark
    public Optional<AccessToken> cached() {
        return broker.cached(key);
    }

    /** {@link TokenBroker#cached}, eight threads on the same key. */
    @Benchmark
    @Threads(8)
    public Optional<AccessToken> cached8Threads() {
        return broker.cached(key);
    }
}
