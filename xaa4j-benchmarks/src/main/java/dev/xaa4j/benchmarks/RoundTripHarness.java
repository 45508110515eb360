package dev.xaa4j.benchmarks;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.xaa4j.as.AccessTokenIssuer;
import dev.xaa4j.client.ClientAuthentication;
import dev.xaa4j.client.SubjectTokenSource;
import dev.xaa4j.client.TokenExchangeClient;
import dev.xaa4j.mcp.client.CrossAppAccessProvider;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the token round trips of MCP clients that authorize through {@link CrossAppAccessProvider}, against the
 * project's own IdP, authorization server and MCP server on loopback ({@link LoopbackDeployment}). These are counts, not
 * timings.
 * <ol>
 *   <li><b>First calls:</b> for each concurrency N, N MCP clients sharing one new provider (a cold cache) start at once:
 *       {@code initialize}, then a tool call. The protocol needs one token exchange at the IdP and one JWT bearer grant at
 *       the authorization server for all of them; the harness counts the requests those servers received, and the 401s
 *       the MCP server answered (the first request of a client without a token gets one, which starts discovery).</li>
 *   <li><b>Steady traffic across expiry:</b> with access tokens of a few seconds ({@code --lifetime}), clients that already
 *       have a token keep calling a tool for {@code --lifetimes} lifetimes; the provider must renew each token before it
 *       expires, so the MCP server (which verifies without clock skew) answers no 401. The token requests counted there
 *       are the renewals.</li>
 * </ol>
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.xaa4j.benchmarks.RoundTripHarness [--concurrency 1,16,64,256]
 * [--lifetime 3] [--lifetimes 3] [--clients 4] [--out target/round-trips.json]}; {@code RoundTripHarnessTest} runs it
 * smaller in the build. Not thread-safe; single use.
 */
public final class RoundTripHarness {

    /** The pause between two tool calls of one client in the steady phase. */
    static final Duration CALL_INTERVAL = Duration.ofMillis(20);

    private RoundTripHarness() {
    }

    /**
     * The outcome of N concurrent first calls.
     *
     * @param concurrency        N
     * @param idpTokenRequests   token exchange requests the IdP received
     * @param asTokenRequests    JWT bearer grant requests the authorization server received
     * @param metadataRequests   discovery documents fetched (protected resource and authorization server metadata)
     * @param mcp401s            401 answers of the MCP server
     * @param failures           clients whose initialize or tool call failed
     */
    public record FirstCalls(int concurrency, long idpTokenRequests, long asTokenRequests, long metadataRequests,
            long mcp401s, int failures) {
    }

    /**
     * The outcome of steady traffic across token expiry.
     *
     * @param lifetime         the access token lifetime
     * @param duration         how long the traffic ran
     * @param clients          concurrent clients
     * @param calls            tool calls that succeeded
     * @param failures         tool calls that failed
     * @param mcp401s          401 answers of the MCP server
     * @param idpTokenRequests token exchanges (renewals) during the traffic
     * @param asTokenRequests  JWT bearer grants (renewals) during the traffic
     */
    public record Steady(Duration lifetime, Duration duration, int clients, long calls, long failures, long mcp401s,
            long idpTokenRequests, long asTokenRequests) {
    }

    /** Runs the harness (see the class comment for the options). */
    public static void main(String[] args) throws Exception {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("options are --name value pairs");
            }
            opts.put(args[i].substring(2), args[i + 1]);
        }
        List<Integer> concurrencies = Arrays.stream(opts.getOrDefault("concurrency", "1,16,64,256").split(","))
                .map(String::trim).map(Integer::parseInt).toList();
        Duration lifetime = Duration.ofSeconds(Long.parseLong(opts.getOrDefault("lifetime", "3")));
        int lifetimes = Integer.parseInt(opts.getOrDefault("lifetimes", "3"));
        int clients = Integer.parseInt(opts.getOrDefault("clients", "4"));
        Path out = Path.of(opts.getOrDefault("out", "target/round-trips.json"));

        List<FirstCalls> first = new ArrayList<>();
        try (LoopbackDeployment deployment = new LoopbackDeployment(AccessTokenIssuer.DEFAULT_LIFETIME)) {
            for (int n : concurrencies) {
                FirstCalls r = firstCalls(deployment, n);
                System.out.printf(Locale.ROOT, "%4d concurrent first calls: %d IdP token request(s), %d AS token request(s), "
                        + "%d metadata fetch(es), %d MCP 401(s), %d failure(s)%n", n, r.idpTokenRequests(),
                        r.asTokenRequests(), r.metadataRequests(), r.mcp401s(), r.failures());
                first.add(r);
            }
        }
        Steady steady;
        try (LoopbackDeployment deployment = new LoopbackDeployment(lifetime)) {
            steady = steady(deployment, lifetime, lifetimes, clients);
        }
        System.out.printf(Locale.ROOT, "steady traffic, %d clients, %d s tokens, %.1f s: %d calls, %d failure(s), %d MCP 401(s), "
                        + "%d IdP and %d AS token requests (renewals)%n", steady.clients(), lifetime.toSeconds(),
                steady.duration().toMillis() / 1000.0, steady.calls(), steady.failures(), steady.mcp401s(),
                steady.idpTokenRequests(), steady.asTokenRequests());

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("firstCalls", first.stream().map(r -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("concurrency", r.concurrency());
            m.put("idpTokenRequests", r.idpTokenRequests());
            m.put("asTokenRequests", r.asTokenRequests());
            m.put("metadataRequests", r.metadataRequests());
            m.put("mcp401s", r.mcp401s());
            m.put("failures", r.failures());
            return m;
        }).toList());
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("accessTokenLifetimeSeconds", steady.lifetime().toSeconds());
        s.put("durationMillis", steady.duration().toMillis());
        s.put("clients", steady.clients());
        s.put("calls", steady.calls());
        s.put("failures", steady.failures());
        s.put("mcp401s", steady.mcp401s());
        s.put("idpTokenRequests", steady.idpTokenRequests());
        s.put("asTokenRequests", steady.asTokenRequests());
        result.put("steady", s);
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        Files.writeString(out, JSONObjectUtils.toJSONString(result) + "\n", StandardCharsets.UTF_8);
        System.out.println("written to " + out);
        boolean minimal = first.stream().allMatch(r -> r.idpTokenRequests() == 1 && r.asTokenRequests() == 1 && r.failures() == 0)
                && steady.mcp401s() == 0 && steady.failures() == 0;
        System.out.println(minimal ? "round trips at the protocol's minimum" : "ABOVE THE MINIMUM");
        System.exit(minimal ? 0 : 1); // the MCP SDK's session sweeper thread would keep the JVM alive
    }

    /** N MCP clients sharing one new provider make their first calls at once; counts what the servers received. */
    public static FirstCalls firstCalls(LoopbackDeployment deployment, int concurrency) throws InterruptedException {
        deployment.resetCounts();
        ExecutorService threads = Executors.newFixedThreadPool(concurrency);
        List<McpSyncClient> clients = new ArrayList<>();
        int failures = 0;
        try (CrossAppAccessProvider provider = provider(deployment)) {
            for (int i = 0; i < concurrency; i++) {
                clients.add(client(provider, deployment));
            }
            CountDownLatch start = new CountDownLatch(1);
            List<Future<String>> results = new ArrayList<>();
            for (McpSyncClient client : clients) {
                results.add(threads.submit(() -> {
                    start.await();
                    client.initialize();
                    return whoami(client);
                }));
            }
            start.countDown();
            for (Future<String> result : results) {
                try {
                    if (!result.get(120, TimeUnit.SECONDS).contains("user=" + LoopbackDeployment.USER)) {
                        failures++;
                    }
                } catch (Exception e) {
                    failures++;
                }
            }
        } finally {
            clients.forEach(RoundTripHarness::closeQuietly);
            threads.shutdownNow();
        }
        return new FirstCalls(concurrency, deployment.idpTokenRequests(), deployment.asTokenRequests(),
                deployment.metadataRequests(), deployment.mcpResponses(401), failures);
    }

    /**
     * Clients with a token call a tool every {@link #CALL_INTERVAL} for {@code lifetimes} access token lifetimes (the
     * deployment's access tokens must live {@code lifetime}); counts the 401s and the renewals.
     */
    public static Steady steady(LoopbackDeployment deployment, Duration lifetime, int lifetimes, int clientCount)
            throws InterruptedException {
        ExecutorService threads = Executors.newFixedThreadPool(clientCount);
        List<McpSyncClient> clients = new ArrayList<>();
        AtomicLong calls = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        Duration duration = lifetime.multipliedBy(lifetimes);
        try (CrossAppAccessProvider provider = provider(deployment)) {
            provider.authorize(deployment.mcpUrl());
            for (int i = 0; i < clientCount; i++) {
                McpSyncClient client = client(provider, deployment);
                client.initialize();
                clients.add(client);
            }
            deployment.resetCounts();
            long end = System.nanoTime() + duration.toNanos();
            List<Future<?>> loops = new ArrayList<>();
            for (McpSyncClient client : clients) {
                loops.add(threads.submit(() -> {
                    while (System.nanoTime() < end) {
                        try {
                            if (whoami(client).contains("user=" + LoopbackDeployment.USER)) {
                                calls.incrementAndGet();
                            } else {
                                failures.incrementAndGet();
                            }
                        } catch (RuntimeException e) {
                            failures.incrementAndGet();
                        }
                        Thread.sleep(CALL_INTERVAL.toMillis());
                    }
                    return null;
                }));
            }
            for (Future<?> loop : loops) {
                try {
                    loop.get(duration.toSeconds() + 120, TimeUnit.SECONDS);
                } catch (Exception e) {
                    failures.incrementAndGet();
                }
            }
        } finally {
            clients.forEach(RoundTripHarness::closeQuietly);
            threads.shutdownNow();
        }
        return new Steady(lifetime, duration, clientCount, calls.get(), failures.get(), deployment.mcpResponses(401),
                deployment.idpTokenRequests(), deployment.asTokenRequests());
    }

    /** A provider for the deployment's user and client registrations, with its own (cold) token broker. */
    static CrossAppAccessProvider provider(LoopbackDeployment deployment) {
        TokenExchangeClient idp = TokenExchangeClient.builder(deployment.idpTokenEndpoint(),
                        ClientAuthentication.clientSecretBasic(LoopbackDeployment.IDP_CLIENT_ID,
                                deployment.idpClientSecret()))
                .issuer(deployment.idp().issuer())
                .build();
        return CrossAppAccessProvider.builder()
                .identityProvider(idp, SubjectTokenSource.staticIdToken(deployment.idToken()))
                .authorizationServerClient(LoopbackDeployment.AS_CLIENT_ID, deployment.asClientSecret())
                .build();
    }

    private static McpSyncClient client(CrossAppAccessProvider provider, LoopbackDeployment deployment) {
        return McpClient.sync(provider.transport(deployment.mcpUrl()))
                .capabilities(CrossAppAccessProvider.clientCapabilities())
                .requestTimeout(Duration.ofSeconds(60))
                .initializationTimeout(Duration.ofSeconds(60))
                .build();
    }

    private static String whoami(McpSyncClient client) {
        McpSchema.CallToolResult result = client.callTool(
                McpSchema.CallToolRequest.builder("whoami").arguments(Map.of()).build());
        return ((McpSchema.TextContent) result.content().get(0)).text();
    }

    private static void closeQuietly(McpSyncClient client) {
        try {
            client.closeGracefully(); // waits for the session's DELETE, before the servers stop
        } catch (RuntimeException e) {
            // closing
        }
    }
}
