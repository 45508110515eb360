package dev.xaa4j.cli;

import dev.xaa4j.client.HttpOptions;
import dev.xaa4j.client.ObservingHttpClient;
import dev.xaa4j.client.SubjectTokenSource;
import dev.xaa4j.client.TokenBroker;
import dev.xaa4j.client.TokenExchangeClient;
import dev.xaa4j.mcp.client.CrossAppAccessProvider;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.HttpRequestSnapshot;
import io.modelcontextprotocol.client.transport.customizer.McpHttpClientTransportAuthorizationErrorHandler;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import org.reactivestreams.Publisher;

/**
 * One run of {@code xaa load}: N MCP sessions through {@link CrossAppAccessProvider}, C callers per session, M
 * {@code tools/call echo} per caller, and what it cost (issue 8's contract; docs/load.md).
 *
 * <ul>
 *   <li>Each session has its own provider, its own {@code HttpClient} for discovery and token requests, and its own
 *       Streamable HTTP transport and MCP session. Without {@code shareAuth} each provider has its own
 *       {@link TokenBroker}; with it, all providers take tokens from one broker (the sessions share nothing else).</li>
 *   <li>Every {@code HttpClient} the sessions use is wrapped in an {@link ObservingHttpClient} that feeds
 *       {@link HttpCounters}.</li>
 *   <li>A call met a 401 when the transport called its authorization error handler with status 401 for a request of
 *       that call: each call runs with its own {@link McpTransportContext} (given to the SDK through
 *       {@code transportContextProvider}, read on the calling thread), which the SDK hands to the handler; the handler
 *       marks the call, then the provider's handler does the work. Exact per call, also with C callers on one
 *       session.</li>
 * </ul>
 *
 * <p>Not thread-safe: one {@link #run(PrintWriter)} per instance.
 */
final class LoadRun {

    /** Per-call timeout, and the timeout of {@code initialize}. */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    /** At most this many distinct error messages are reported. */
    static final int MAX_ERRORS = 10;

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(15);
    private static final String TOOL = "echo";
    private static final String CALL_KEY = LoadRun.class.getName() + ".call";
    /** The transport context of the call the current thread is making; EMPTY outside calls. */
    private static final ThreadLocal<McpTransportContext> CURRENT_CALL =
            ThreadLocal.withInitial(() -> McpTransportContext.EMPTY);

    /**
     * What to run.
     *
     * @param mcpUrl        the MCP server
     * @param sessions      N
     * @param calls         M, per caller
     * @param interval      I
     * @param concurrency   C, callers per session
     * @param shareAuth     one token broker for all sessions
     * @param refreshMargin the brokers' refresh margin, or {@code null} for {@link TokenBroker#DEFAULT_REFRESH_MARGIN}
     */
    record Settings(URI mcpUrl, int sessions, int calls, Duration interval, int concurrency, boolean shareAuth,
                    Duration refreshMargin) {

        Settings {
            Objects.requireNonNull(mcpUrl, "mcpUrl");
            Objects.requireNonNull(interval, "interval");
        }

        /** The variant of the {@code impl} field: {@code shared-auth} or {@code per-session}. */
        String variant() {
            return shareAuth ? "shared-auth" : "per-session";
        }
    }

    private final Settings settings;
    private final ConformanceContext context;
    private final HttpCounters counters;
    private final ErrorTally errors = new ErrorTally();
    private final Queue<Long> connectNanos = new ConcurrentLinkedQueue<>();
    private final Queue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
    private final AtomicInteger threadNumber = new AtomicInteger();

    LoadRun(Settings settings, ConformanceContext context) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.context = Objects.requireNonNull(context, "context");
        this.counters = new HttpCounters(settings.mcpUrl());
    }

    /** Runs the sessions, closes them, and reports; progress lines go to {@code log}. */
    LoadReport run(PrintWriter log) throws InterruptedException {
        log.println("xaa load: " + settings.sessions() + " sessions x " + settings.concurrency() + " callers x "
                + settings.calls() + " calls, interval " + settings.interval().toMillis() + " ms, " + settings.variant()
                + ", against " + settings.mcpUrl());
        log.flush();
        TokenBroker shared = settings.shareAuth() ? broker() : null;
        ExecutorService threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "xaa-load-" + threadNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Session> sessions = new ArrayList<>();
            List<Future<?>> running = new ArrayList<>();
            for (int s = 0; s < settings.sessions(); s++) {
                Session session = new Session(s, shared);
                sessions.add(session);
                running.add(threads.submit(() -> {
                    session.run(go, threads);
                    return null;
                }));
            }
            long start = System.nanoTime();
            go.countDown();
            for (Future<?> f : running) {
                await(f);
            }
            List<Future<?>> closing = new ArrayList<>();
            for (Session session : sessions) {
                closing.add(threads.submit(session::close));
            }
            long closeBy = System.nanoTime() + CLOSE_TIMEOUT.toNanos();
            for (Future<?> f : closing) {
                try {
                    f.get(Math.max(0, closeBy - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (TimeoutException | ExecutionException e) {
                    errors.add("close: " + ConformanceClientCommand.reason(e));
                }
            }
            long wallNanos = System.nanoTime() - start;
            LoadReport report = report(wallNanos);
            log.println("xaa load: " + report.sessionsConnected() + "/" + report.sessionsRequested()
                    + " sessions connected, " + report.ok() + "/" + report.attempted() + " calls ok, " + report.hit401()
                    + " met a 401, " + report.wallMs() + " ms");
            log.flush();
            return report;
        } finally {
            threads.shutdownNow();
            if (shared != null) {
                shared.close();
            }
        }
    }

    private TokenBroker broker() {
        TokenBroker.Builder builder = TokenBroker.builder();
        if (settings.refreshMargin() != null) {
            builder.refreshMargin(settings.refreshMargin());
        }
        return builder.build();
    }

    private void await(Future<?> f) throws InterruptedException {
        try {
            f.get();
        } catch (ExecutionException e) {
            errors.add("internal: " + ConformanceClientCommand.reason(e.getCause()));
        }
    }

    private LoadReport report(long wallNanos) {
        List<Outcome> made = List.copyOf(outcomes);
        long attempted = (long) settings.sessions() * settings.concurrency() * settings.calls();
        long ok = made.stream().filter(Outcome::ok).count();
        List<Long> all = made.stream().map(Outcome::nanos).toList();
        List<Long> hit = made.stream().filter(Outcome::hit401).map(Outcome::nanos).toList();
        List<Long> noHit = made.stream().filter(o -> !o.hit401()).map(Outcome::nanos).toList();
        return new LoadReport("xaa4j " + Xaa.version() + " " + settings.variant(), settings.sessions(),
                connectNanos.size(), attempted, ok, attempted - ok, hit.size(), Latencies.of(List.copyOf(connectNanos)),
                Latencies.of(all), Latencies.of(hit), Latencies.of(noHit), counters.snapshot(), errors.top(MAX_ERRORS),
                TimeUnit.NANOSECONDS.toMillis(wallNanos));
    }

    /** One call as the application saw it. */
    private record Outcome(long nanos, boolean ok, boolean hit401) {
    }

    /** A call in flight; the authorization error handler marks it when a request of the call meets a 401. */
    private static final class Call {
        volatile boolean hit401;
    }

    /** One MCP session: its provider, transport and client, and its C callers. */
    private final class Session {
        private final int index;
        private final TokenBroker sharedBroker;
        private CrossAppAccessProvider provider;
        private McpSyncClient client;

        Session(int index, TokenBroker sharedBroker) {
            this.index = index;
            this.sharedBroker = sharedBroker;
        }

        void run(CountDownLatch go, ExecutorService threads) throws InterruptedException {
            go.await();
            long start = System.nanoTime();
            try {
                open();
                client.initialize();
            } catch (RuntimeException e) {
                errors.add("connect: " + ConformanceClientCommand.reason(e));
                return;
            }
            long initialized = System.nanoTime();
            connectNanos.add(initialized - start);
            List<Future<?>> callers = new ArrayList<>();
            for (int c = 0; c < settings.concurrency(); c++) {
                int caller = c;
                callers.add(threads.submit(() -> {
                    callLoop(caller, initialized);
                    return null;
                }));
            }
            for (Future<?> f : callers) {
                await(f);
            }
        }

        /** Every provider, transport and HTTP client of the session, observed. */
        private void open() {
            HttpClient http = HttpClient.newBuilder()
                    .connectTimeout(CONNECT_TIMEOUT)
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .build();
            TokenExchangeClient idp = context.identityProvider()
                    .httpOptions(observed(http, HttpCounters.Role.IDP))
                    .build();
            CrossAppAccessProvider.Builder builder = CrossAppAccessProvider.builder()
                    .identityProvider(idp, SubjectTokenSource.staticIdToken(context.idToken()))
                    .authorizationServerClient(context.clientAuthentication())
                    .httpOptions(observed(http, HttpCounters.Role.AUTHORIZATION));
            if (sharedBroker != null) {
                builder.tokenBroker(sharedBroker);
            } else if (settings.refreshMargin() != null) {
                builder.refreshMargin(settings.refreshMargin());
            }
            provider = builder.build();
            HttpClientStreamableHttpTransport transport = provider.transportBuilder(settings.mcpUrl().toString())
                    .clientBuilder(ObservingHttpClient.wrapping(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1),
                            counters.listener(HttpCounters.Role.MCP)))
                    .authorizationErrorHandler(new Recording401s(provider.authorizationErrorHandler()))
                    .build();
            client = McpClient.sync(transport)
                    .clientInfo(new McpSchema.Implementation("xaa4j-load", Xaa.version()))
                    .capabilities(CrossAppAccessProvider.clientCapabilities())
                    .requestTimeout(CALL_TIMEOUT)
                    .initializationTimeout(CALL_TIMEOUT)
                    .transportContextProvider(CURRENT_CALL::get)
                    .build();
        }

        private HttpOptions observed(HttpClient http, HttpCounters.Role role) {
            return HttpOptions.builder().httpClient(ObservingHttpClient.wrap(http, counters.listener(role))).build();
        }

        /** Call k starts at max(T + k*I, end of call k-1). */
        private void callLoop(int caller, long initialized) throws InterruptedException {
            long interval = settings.interval().toNanos();
            for (int k = 0; k < settings.calls(); k++) {
                long wait = initialized + k * interval - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                outcomes.add(call("s" + index + "-c" + caller + "-" + k));
            }
        }

        private Outcome call(String text) {
            Call call = new Call();
            CURRENT_CALL.set(McpTransportContext.create(Map.of(CALL_KEY, call)));
            String failure;
            long start = System.nanoTime();
            try {
                failure = check(client.callTool(McpSchema.CallToolRequest.builder(TOOL)
                        .arguments(Map.of("text", text)).build()), text);
            } catch (RuntimeException e) {
                failure = "tools/call: " + ConformanceClientCommand.reason(e);
            } finally {
                CURRENT_CALL.remove();
            }
            long nanos = System.nanoTime() - start;
            if (failure != null) {
                errors.add(failure);
            }
            return new Outcome(nanos, failure == null, call.hit401);
        }

        void close() {
            try {
                if (client != null) {
                    client.closeGracefully();
                }
            } catch (RuntimeException e) {
                errors.add("close: " + ConformanceClientCommand.reason(e));
            } finally {
                if (provider != null) {
                    provider.close();
                }
            }
        }
    }

    /** Why the result of a call is not ok, or {@code null} when it is. */
    static String check(McpSchema.CallToolResult result, String argument) {
        if (Boolean.TRUE.equals(result.isError())) {
            return "tools/call: the tool answered an error";
        }
        List<McpSchema.TextContent> texts = result.content() == null ? List.of() : result.content().stream()
                .filter(c -> c instanceof McpSchema.TextContent).map(c -> (McpSchema.TextContent) c).toList();
        if (texts.isEmpty()) {
            return "tools/call: the result has no text content";
        }
        String text = texts.stream().map(McpSchema.TextContent::text).collect(Collectors.joining());
        return text.equals(argument) ? null : "tools/call: the result's text is not the argument";
    }

    /** Marks the call of the request when it met a 401, then lets the provider's handler authorize. */
    private static final class Recording401s implements McpHttpClientTransportAuthorizationErrorHandler {
        private final McpHttpClientTransportAuthorizationErrorHandler provider;

        Recording401s(McpHttpClientTransportAuthorizationErrorHandler provider) {
            this.provider = provider;
        }

        @Override
        public Publisher<Boolean> handle(HttpRequestSnapshot request, HttpResponse.ResponseInfo response,
                                         McpTransportContext context) {
            if (response.statusCode() == 401 && context != null && context.get(CALL_KEY) instanceof Call call) {
                call.hit401 = true;
            }
            return provider.handle(request, response, context);
        }

        @Override
        public int maxRetries() {
            return provider.maxRetries();
        }
    }

    /**
     * The {@code client_observed} counts, from every exchange of the sessions' HTTP clients: each client is wrapped with
     * the listener of its role, so no request is classified by guessing. Thread-safe.
     */
    static final class HttpCounters {

        /** Which client carried an exchange. */
        enum Role {
            /** The token exchange client: only token requests to the IdP's token endpoint. */
            IDP,
            /** The provider's discovery and JWT bearer client: well-known GETs and POSTs to the discovered AS token endpoint. */
            AUTHORIZATION,
            /** An MCP transport. */
            MCP
        }

        private final URI mcpUrl;
        private final LongAdder httpRequests = new LongAdder();
        private final LongAdder status401 = new LongAdder();
        private final LongAdder idpTokenRequests = new LongAdder();
        private final LongAdder asTokenRequests = new LongAdder();
        private final LongAdder mcpPosts = new LongAdder();
        private final LongAdder discoveryGets = new LongAdder();

        HttpCounters(URI mcpUrl) {
            this.mcpUrl = mcpUrl.normalize();
        }

        ObservingHttpClient.Listener listener(Role role) {
            return exchange -> count(role, exchange);
        }

        void count(Role role, ObservingHttpClient.Exchange e) {
            httpRequests.increment();
            if (e.status() == 401) {
                status401.increment();
            }
            boolean post = "POST".equals(e.method());
            switch (role) {
                case IDP -> {
                    if (post) {
                        idpTokenRequests.increment();
                    }
                }
                case AUTHORIZATION -> {
                    if (post) {
                        asTokenRequests.increment();
                    } else if ("GET".equals(e.method()) && e.uri().getRawPath() != null
                            && e.uri().getRawPath().startsWith("/.well-known/")) {
                        discoveryGets.increment();
                    }
                }
                case MCP -> {
                    if (post && e.uri().normalize().equals(mcpUrl)) {
                        mcpPosts.increment();
                    }
                }
            }
        }

        /** The counts, in the contract's order. */
        Map<String, Long> snapshot() {
            Map<String, Long> json = new LinkedHashMap<>();
            json.put("http_requests", httpRequests.sum());
            json.put("status_401", status401.sum());
            json.put("idp_token_requests", idpTokenRequests.sum());
            json.put("as_token_requests", asTokenRequests.sum());
            json.put("mcp_posts", mcpPosts.sum());
            json.put("discovery_gets", discoveryGets.sum());
            return json;
        }
    }

    /** Distinct error messages with their counts, most frequent first (then first seen). Thread-safe. */
    static final class ErrorTally {
        private final ConcurrentHashMap<String, Tally> tallies = new ConcurrentHashMap<>();
        private final AtomicLong sequence = new AtomicLong();

        void add(String message) {
            tallies.computeIfAbsent(message, m -> new Tally(sequence.getAndIncrement(), new LongAdder())).count.increment();
        }

        /** Up to {@code limit} messages, each followed by {@code " (xN)"}. */
        List<String> top(int limit) {
            return tallies.entrySet().stream()
                    .sorted(Comparator.<Map.Entry<String, Tally>>comparingLong(e -> -e.getValue().count.sum())
                            .thenComparingLong(e -> e.getValue().first))
                    .limit(limit)
                    .map(e -> e.getKey() + " (x" + e.getValue().count.sum() + ")")
                    .toList();
        }

        private record Tally(long first, LongAdder count) {
        }
    }
}
