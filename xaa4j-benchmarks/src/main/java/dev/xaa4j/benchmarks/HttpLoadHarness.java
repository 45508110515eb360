package dev.xaa4j.benchmarks;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.xaa4j.as.AuthorizationServer;
import dev.xaa4j.as.TrustedIssuers;
import dev.xaa4j.server.GrantHandler;
import dev.xaa4j.server.InMemoryReplayStore;
import dev.xaa4j.server.JsonDocumentServlet;
import dev.xaa4j.server.TokenEndpointRequest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The authorization server over HTTP: {@code --clients} concurrent keep-alive connections (16 by default) posting JWT
 * bearer grants, each with a fresh ID-JAG signed before the run, against {@code xaa as} on loopback ({@code --target xaa},
 * the default: the CLI jar is started as a child process) or the same {@link AuthorizationServer} on Jetty in this JVM
 * ({@code --target jetty}). It reports grants per second, p50/p99/p99.9/max latency, and beside them the in-process grant
 * rate of the same configuration with the same number of threads and no HTTP (the token endpoint's
 * {@link GrantHandler} called directly); their ratio is what HTTP costs. With {@code --target xaa} the server is a process
 * of its own, so the harness also reads its CPU time: CPU per grant over HTTP beside CPU per grant in process is the same
 * ratio, undistorted by other processes on a shared machine.
 *
 * <p>Both the IdP keys (a JWKS on loopback, fetched once and cached) and the client authentication
 * ({@code client_secret_basic}) are as in production. Every response must be 200; errors are counted and reported.
 * Results go to {@code --out} ({@code target/http-load.json} by default) and standard output.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.xaa4j.benchmarks.HttpLoadHarness [--target xaa|jetty] [--xaa-jar PATH]
 * [--xaa-jvm-options "OPTIONS"] [--clients 16] [--grants 40000] [--warmup 20000] [--out target/http-load.json]}
 * ({@code --xaa-jvm-options}, space-separated, go to the {@code xaa as} JVM: a heap size, or a flight recording to see
 * where its time goes). Not a library class; single use.
 */
public final class HttpLoadHarness {

    private static final String SECRET_ENV = "XAA_BENCH_AS_SECRET";

    private HttpLoadHarness() {
    }

    /** Runs the harness (see the class comment for the options). */
    public static void main(String[] args) throws Exception {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        Map<String, String> opts = options(args);
        String target = opts.getOrDefault("target", "xaa");
        int clients = Integer.parseInt(opts.getOrDefault("clients", "16"));
        int grants = Integer.parseInt(opts.getOrDefault("grants", "40000"));
        int warmup = Integer.parseInt(opts.getOrDefault("warmup", "20000"));
        Path out = Path.of(opts.getOrDefault("out", "target/http-load.json"));
        Path xaaJar = Path.of(opts.getOrDefault("xaa-jar", "xaa4j-cli/target/xaa.jar"));
        List<String> xaaJvmOptions = Arrays.stream(opts.getOrDefault("xaa-jvm-options", "").split(" "))
                .filter(o -> !o.isBlank()).toList();

        XaaFixture fixture = XaaFixture.create("ES256");
        String jwksJson = fixture.idpPublicKeys().toString(true);
        try (LoopbackJetty idp = LoopbackJetty.bind("idp").start(ctx -> ctx.addServlet("jwks",
                new JsonDocumentServlet(() -> jwksJson)).addMapping("/jwks"))) {
            URI jwks = URI.create(idp.baseUrl() + "/jwks");
            try (ServerUnderTest server = target.equals("jetty") ? inProcess(fixture, jwks)
                    : xaa(xaaJar, xaaJvmOptions, jwks, out.toAbsolutePath().resolveSibling("xaa-as.log"))) {
                String issuer = server.issuer();
                System.out.printf(Locale.ROOT, "target %s at %s; signing %d + %d ES256 ID-JAGs...%n", target, issuer,
                        warmup, grants);
                Instant now = Instant.now();
                String[] warm = fixture.idJags(issuer, warmup, now);
                String[] measured = fixture.idJags(issuer, grants, now);
                String authorization = XaaFixture.basicAuthorization();

                AuthorizationServer local = fixture.authorizationServer(issuer, trust(jwks), new InMemoryReplayStore());
                GrantHandler handler = local.grantHandler();
                Call inProcess = (thread, form) -> {
                    handler.handle(TokenEndpointRequest.parse(form, authorization));
                    return 200;
                };
                run(clients, forms(warm), inProcess);
                Stats direct = run(clients, forms(measured), inProcess);
                System.out.println("in process: " + direct);

                String tokenPath = URI.create(server.tokenEndpoint()).getPath();
                KeepAliveHttpClient[] connections = new KeepAliveHttpClient[clients];
                for (int i = 0; i < clients; i++) {
                    connections[i] = new KeepAliveHttpClient(URI.create(issuer));
                }
                Call overHttp = (thread, form) -> connections[thread].postForm(tokenPath, authorization, form);
                Stats warmHttp = run(clients, forms(warm), overHttp);
                long serverCpu0 = server.cpuNanos();
                Stats http = run(clients, forms(measured), overHttp);
                long serverCpu = server.cpuNanos() - serverCpu0;
                int connects = Arrays.stream(connections).mapToInt(KeepAliveHttpClient::connects).sum();
                Arrays.stream(connections).forEach(KeepAliveHttpClient::close);
                System.out.println("over HTTP:  " + http + " (connections opened: " + connects + ")");
                System.out.printf(Locale.ROOT, "HTTP / in process: %.2f%n", http.perSecond() / direct.perSecond());
                double serverMicros = serverCpu / 1e3 / grants;
                double directMicros = direct.cpuNanos() / 1e3 / grants;
                if (serverCpu > 0) {
                    System.out.printf(Locale.ROOT, "server CPU per grant over HTTP: %.0f us; in process: %.0f us; "
                            + "in process / HTTP by CPU: %.2f%n", serverMicros, directMicros, directMicros / serverMicros);
                }

                Map<String, Object> result = new LinkedHashMap<>();
                result.put("target", target);
                result.put("clients", clients);
                result.put("grants", grants);
                result.put("warmupGrants", warmup);
                result.put("availableProcessors", Runtime.getRuntime().availableProcessors());
                result.put("inProcess", direct.toMap());
                result.put("http", http.toMap());
                result.put("httpWarmupErrors", warmHttp.errors());
                result.put("connectionsOpened", connects);
                result.put("httpOverInProcess", http.perSecond() / direct.perSecond());
                if (serverCpu > 0) {
                    result.put("serverCpuMicrosPerGrantOverHttp", serverMicros);
                    result.put("inProcessCpuMicrosPerGrant", directMicros);
                    result.put("inProcessOverHttpByCpu", directMicros / serverMicros);
                }
                if (out.getParent() != null) {
                    Files.createDirectories(out.getParent());
                }
                Files.writeString(out, JSONObjectUtils.toJSONString(result) + "\n", StandardCharsets.UTF_8);
                System.out.println("written to " + out);
                if (http.errors() > 0 || direct.errors() > 0) {
                    System.out.println("ERRORS: some grants were refused; first: " + http.firstError());
                    System.exit(1);
                }
            }
        }
    }

    private static TrustedIssuers trust(URI jwks) {
        return TrustedIssuers.builder().jwksUri(XaaFixture.IDP_ISSUER, jwks).build();
    }

    private static String[] forms(String[] idJags) {
        return Arrays.stream(idJags).map(XaaFixture::grantForm).toArray(String[]::new);
    }

    /** One grant request; returns the HTTP status (200 for success). */
    @FunctionalInterface
    private interface Call {
        int call(int thread, String form) throws Exception;
    }

    /** Runs every form once, spread over {@code threads} threads that each take the next one; times each call. */
    private static Stats run(int threads, String[] forms, Call call) throws InterruptedException {
        long[] latencies = new long[forms.length];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        AtomicReference<String> firstError = new AtomicReference<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread worker = new Thread(() -> {
                try {
                    start.await();
                    for (int i = next.getAndIncrement(); i < forms.length; i = next.getAndIncrement()) {
                        long t0 = System.nanoTime();
                        int status;
                        try {
                            status = call.call(thread, forms[i]);
                        } catch (Exception e) {
                            status = -1;
                            firstError.compareAndSet(null, e.getClass().getSimpleName());
                        }
                        latencies[i] = System.nanoTime() - t0;
                        if (status != 200) {
                            errors.incrementAndGet();
                            firstError.compareAndSet(null, "HTTP " + status);
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "load-" + t);
            workers.add(worker);
            worker.start();
        }
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        start.countDown();
        for (Thread w : workers) {
            w.join();
        }
        long elapsed = System.nanoTime() - t0;
        long cpu = os.getProcessCpuTime() - cpu0;
        Arrays.sort(latencies);
        return new Stats(forms.length, elapsed, latencies, cpu, errors.get(), firstError.get());
    }

    /** The outcome of one run. */
    private record Stats(int calls, long elapsedNanos, long[] sortedLatencies, long cpuNanos, int errors, String firstError) {

        double perSecond() {
            return calls / (elapsedNanos / 1e9);
        }

        double percentileMillis(double p) {
            int i = (int) Math.min(sortedLatencies.length - 1, Math.ceil(p / 100.0 * sortedLatencies.length) - 1);
            return sortedLatencies[Math.max(0, i)] / 1e6;
        }

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("grantsPerSecond", perSecond());
            m.put("p50Millis", percentileMillis(50));
            m.put("p99Millis", percentileMillis(99));
            m.put("p999Millis", percentileMillis(99.9));
            m.put("maxMillis", sortedLatencies[sortedLatencies.length - 1] / 1e6);
            m.put("thisProcessCpuMicrosPerGrant", cpuNanos / 1e3 / calls);
            m.put("errors", errors);
            return m;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%,.0f grants/s, p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms, "
                    + "this process %.0f us CPU/grant, %d errors", perSecond(), percentileMillis(50), percentileMillis(99),
                    percentileMillis(99.9), sortedLatencies[sortedLatencies.length - 1] / 1e6, cpuNanos / 1e3 / calls, errors);
        }
    }

    /** The authorization server the load goes to. */
    private interface ServerUnderTest extends AutoCloseable {
        String issuer();

        String tokenEndpoint();

        /** CPU time the server's process has used, when it is a process of its own; 0 otherwise. */
        long cpuNanos();

        @Override
        void close();
    }

    private static ServerUnderTest inProcess(XaaFixture fixture, URI jwks) {
        LoopbackJetty jetty = LoopbackJetty.bind("as");
        AuthorizationServer as = fixture.authorizationServer(jetty.baseUrl(), trust(jwks), new InMemoryReplayStore());
        jetty.start(as::register);
        return new ServerUnderTest() {
            @Override
            public String issuer() {
                return as.issuer();
            }

            @Override
            public String tokenEndpoint() {
                return as.tokenEndpoint();
            }

            @Override
            public long cpuNanos() {
                return 0; // shares this JVM with the load generator
            }

            @Override
            public void close() {
                jetty.close();
            }
        };
    }

    /**
     * Starts {@code xaa as} from the CLI jar, with the same client, resource and scopes, trusting the IdP's JWKS; its
     * standard error goes to {@code log}.
     */
    private static ServerUnderTest xaa(Path jar, List<String> jvmOptions, URI jwks, Path log)
            throws IOException, InterruptedException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no CLI jar at " + jar + " (build it: mvn -B -q -DskipTests -pl xaa4j-cli -am "
                    + "package), or use --target jetty");
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString(), "as", "--port", "0",
                "--trust", XaaFixture.IDP_ISSUER + "=" + jwks,
                "--client", XaaFixture.CLIENT_ID + ":env:" + SECRET_ENV,
                "--resource", XaaFixture.RESOURCE,
                "--scopes", String.join(",", XaaFixture.SCOPES)));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put(SECRET_ENV, XaaFixture.CLIENT_SECRET);
        Files.createDirectories(log.getParent());
        pb.redirectError(log.toFile());
        Process process = pb.start();
        BufferedReader stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String issuer = null;
        String tokenEndpoint = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (String line = stdout.readLine(); line != null && System.nanoTime() < deadline; line = stdout.readLine()) {
            String t = line.trim();
            if (t.startsWith("issuer:")) {
                issuer = t.substring("issuer:".length()).trim();
            } else if (t.startsWith("token endpoint:")) {
                tokenEndpoint = t.substring("token endpoint:".length()).trim();
            } else if (t.equals("xaa as ready")) {
                break;
            }
        }
        if (issuer == null || tokenEndpoint == null) {
            process.destroy();
            throw new IllegalStateException("xaa as did not start; see " + log);
        }
        Thread drain = new Thread(() -> {
            try {
                while (stdout.readLine() != null) {
                    // keep the pipe empty
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "xaa-as-stdout");
        drain.setDaemon(true);
        drain.start();
        String iss = issuer;
        String token = tokenEndpoint;
        return new ServerUnderTest() {
            @Override
            public String issuer() {
                return iss;
            }

            @Override
            public String tokenEndpoint() {
                return token;
            }

            @Override
            public long cpuNanos() {
                return process.toHandle().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
            }

            @Override
            public void close() {
                process.destroy();
                try {
                    if (!process.waitFor(10, TimeUnit.SECONDS)) {
                        process.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    process.destroyForcibly();
                    Thread.currentThread().interrupt();
                }
            }
        };
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("options are --name value pairs: --target, --xaa-jar, "
                        + "--xaa-jvm-options, --clients, --grants, --warmup, --out");
            }
            opts.put(args[i].substring(2), args[++i]);
        }
        return opts;
    }
}
