package dev.xaa4j.benchmarks;

import dev.xaa4j.mcp.client.CrossAppAccessProvider;
import io.modelcontextprotocol.client.transport.customizer.McpSyncHttpClientRequestCustomizer;
import io.modelcontextprotocol.common.McpTransportContext;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
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
 * The client's hot path on every MCP request: the {@link CrossAppAccessProvider}'s request customizer putting
 * {@code Authorization: Bearer} with the cached token on the request (the provider authorized against the project's real
 * IdP, authorization server and MCP server on loopback first), beside {@link #setHeaderOnly}, the same header with a
 * constant value: what the JDK's request builder costs whatever sets the header. One thread and eight.
 *
 * <p>The access token lives an hour, so no renewal starts during a run. JMH shares the provider between threads; each
 * thread has its own request builder, as each request has.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class RequestCustomizerBenchmark {

    private static final String BODY = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"whoami\"}}";

    /** The servers, and a provider holding a token for the MCP server. */
    @State(Scope.Benchmark)
    public static class Provider {
        LoopbackDeployment deployment;
        CrossAppAccessProvider provider;
        McpSyncHttpClientRequestCustomizer customizer;
        URI mcpUri;
        String headerValue;

        /** Starts the servers and authorizes once. */
        @Setup(Level.Trial)
        public void start() {
            deployment = new LoopbackDeployment(Duration.ofHours(1));
            provider = RoundTripHarness.provider(deployment);
            provider.authorize(deployment.mcpUrl());
            customizer = provider.requestCustomizer();
            mcpUri = URI.create(deployment.mcpUrl());
            HttpRequest.Builder probe = HttpRequest.newBuilder(mcpUri);
            customizer.customize(probe, "POST", mcpUri, BODY, McpTransportContext.EMPTY);
            headerValue = probe.build().headers().firstValue("Authorization")
                    .orElseThrow(() -> new IllegalStateException("the provider attached no token"));
        }

        /** Stops the provider and the servers. */
        @TearDown(Level.Trial)
        public void stop() {
            provider.close();
            deployment.close();
        }
    }

    /** One request builder per thread. */
    @State(Scope.Thread)
    public static class Request {
        HttpRequest.Builder builder;

        /** A POST to the MCP server, as the transport builds it. */
        @Setup(Level.Trial)
        public void create(Provider p) {
            builder = HttpRequest.newBuilder(p.mcpUri).POST(HttpRequest.BodyPublishers.ofString(BODY));
        }
    }

    /** The provider's request customizer attaching the cached token. */
    @Benchmark
    public HttpRequest.Builder attachCachedToken(Provider p, Request r) {
        p.customizer.customize(r.builder, "POST", p.mcpUri, BODY, McpTransportContext.EMPTY);
        return r.builder;
    }

    /** The same, eight threads at once. */
    @Benchmark
    @Threads(8)
    public HttpRequest.Builder attachCachedToken8Threads(Provider p, Request r) {
        return attachCachedToken(p, r);
    }

    /** The header set with a constant value: the request builder's own cost, the floor of {@link #attachCachedToken}. */
    @Benchmark
    public HttpRequest.Builder setHeaderOnly(Provider p, Request r) {
        return r.builder.setHeader("Authorization", p.headerValue);
    }
}
