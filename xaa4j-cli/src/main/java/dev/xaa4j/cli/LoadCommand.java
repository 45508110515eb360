package dev.xaa4j.cli;

import dev.xaa4j.core.InsecureEndpointException;
import dev.xaa4j.core.SecureTransport;
import dev.xaa4j.core.internal.Json;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code xaa load <mcp-url> --sessions N --calls M --interval-ms I --concurrency C [--share-auth]}: drives an MCP server
 * with many authorized sessions and reports, as one JSON object on stdout, what authorization cost (issue 8's contract;
 * docs/load.md explains every field). The IdP, the ID token and the client's registrations come from
 * {@code MCP_CONFORMANCE_CONTEXT}, as for {@code xaa conformance-client}; the authorization server and the resource are
 * discovered through the MCP server.
 *
 * <p>Exit codes: 0 every session connected and every call was ok; 1 otherwise (the JSON is still printed); 2 a usage or
 * context error (nothing on stdout); 3 an unsupported option ({@code {"unsupported":"<option>"}} on stdout). Logs go to
 * stderr; no token or secret is ever printed. Not thread-safe (one run per instance).
 */
@Command(name = "load",
        mixinStandardHelpOptions = true,
        description = {"Drives an MCP server with N authorized sessions (each its own Streamable HTTP transport and MCP "
                + "session), C callers per session and M tools/call echo per caller, and prints one JSON object: "
                + "sessions, calls, calls that met a 401, latency percentiles, and the HTTP requests the client made "
                + "(IdP and AS token requests, discovery, MCP posts).",
                "Reads MCP_CONFORMANCE_CONTEXT (client_id, client_secret, idp_client_id, [idp_client_secret], "
                        + "idp_id_token, [idp_issuer], idp_token_endpoint). Every run starts cold (no token cache on disk).",
                "Exit: 0 all sessions connected and all calls ok; 1 otherwise (JSON still printed); 2 usage or context "
                        + "error; 3 an unsupported option ({\"unsupported\":\"<option>\"})."},
        footerHeading = "%nExample:%n",
        footer = {"  MCP_CONFORMANCE_CONTEXT=\"$(cat context.json)\" xaa load http://127.0.0.1:9300/mcp \\",
                  "      --sessions 64 --calls 20 --interval-ms 100 --concurrency 4 --share-auth"})
final class LoadCommand implements Callable<Integer> {

    /** Exit code for an unsupported option. */
    static final int EXIT_UNSUPPORTED = 3;
    /** Bounds that keep the schedule's arithmetic and the thread count sane. */
    static final int MAX_SESSIONS = 10_000;
    static final int MAX_CONCURRENCY = 1_000;
    static final int MAX_THREADS = 10_000;
    static final int MAX_CALLS = 1_000_000;
    static final long MAX_INTERVAL_MS = 3_600_000;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "MCP_URL", description = "The MCP server URL (required; optional in the "
            + "syntax only so that an unsupported option is reported first).")
    String mcpUrl;

    @Option(names = "--sessions", paramLabel = "N", defaultValue = "1",
            description = "MCP sessions started concurrently (default ${DEFAULT-VALUE}).")
    int sessions;

    @Option(names = "--calls", paramLabel = "M", defaultValue = "1",
            description = "tools/call per caller (default ${DEFAULT-VALUE}; 0 only connects).")
    int calls;

    @Option(names = "--interval-ms", paramLabel = "I", defaultValue = "0",
            description = "Call k of a caller starts at max(T + k*I, end of call k-1), T the session's initialize done "
                    + "(default ${DEFAULT-VALUE}).")
    long intervalMs;

    @Option(names = "--concurrency", paramLabel = "C", defaultValue = "1",
            description = "Concurrent callers per session (default ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--share-auth",
            description = "All sessions take their tokens from one shared token broker (default: each session "
                    + "authorizes on its own).")
    boolean shareAuth;

    @Option(names = "--refresh-margin-ms", paramLabel = "MS",
            description = "How long before expiry the token brokers renew a token (default 60000, at most half the "
                    + "token's lifetime; 0 renews only at expiry).")
    Long refreshMarginMs;

    @CommandLine.Unmatched
    List<String> unmatched = new ArrayList<>();

    private final Map<String, String> environment;

    /** The command reading the process environment. */
    public LoadCommand() {
        this(System.getenv());
    }

    /** The command reading this environment (for tests). */
    LoadCommand(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String unsupported = unmatched.stream().filter(a -> a.startsWith("-") && a.length() > 1).findFirst()
                .map(a -> a.contains("=") ? a.substring(0, a.indexOf('=')) : a).orElse(null);
        if (unsupported != null) {
            out.println(Json.write(Map.of("unsupported", unsupported)));
            out.flush();
            err.println("xaa load: unsupported option " + unsupported);
            err.flush();
            return EXIT_UNSUPPORTED;
        }
        LoadRun.Settings settings;
        ConformanceContext context;
        try {
            settings = settings();
            context = ConformanceContext.read(environment, "set it to the JSON of the IdP, the ID token and the "
                    + "client's registrations (see docs/load.md)");
        } catch (IllegalArgumentException e) {
            err.println("xaa load: " + e.getMessage());
            err.println("Try 'xaa load --help'.");
            err.flush();
            return Xaa.EXIT_USAGE;
        }
        LoadReport report = new LoadRun(settings, context).run(err);
        out.println(Json.write(report.toJson()));
        out.flush();
        return report.allOk() ? 0 : Xaa.EXIT_FAILURE;
    }

    /**
     * The settings from the options.
     *
     * @throws IllegalArgumentException naming the option that is missing or out of range
     */
    private LoadRun.Settings settings() {
        if (!unmatched.isEmpty()) {
            throw new IllegalArgumentException("unexpected argument " + unmatched.get(0));
        }
        if (mcpUrl == null) {
            throw new IllegalArgumentException("missing MCP_URL");
        }
        URI uri = mcpUri(mcpUrl);
        range("--sessions", sessions, 1, MAX_SESSIONS);
        range("--concurrency", concurrency, 1, MAX_CONCURRENCY);
        range("--calls", calls, 0, MAX_CALLS);
        range("--interval-ms", intervalMs, 0, MAX_INTERVAL_MS);
        if ((long) sessions * concurrency > MAX_THREADS) {
            throw new IllegalArgumentException("--sessions times --concurrency must be at most " + MAX_THREADS
                    + " (one thread per caller)");
        }
        if (refreshMarginMs != null && refreshMarginMs < 0) {
            throw new IllegalArgumentException("--refresh-margin-ms must not be negative");
        }
        return new LoadRun.Settings(uri, sessions, calls, Duration.ofMillis(intervalMs), concurrency, shareAuth,
                refreshMarginMs == null ? null : Duration.ofMillis(refreshMarginMs));
    }

    private static URI mcpUri(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("MCP_URL is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || uri.getHost() == null || !(scheme.equals("http") || scheme.equals("https"))
                || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("MCP_URL must be an absolute http(s) URL without a fragment");
        }
        try {
            SecureTransport.require(uri, "MCP server");
        } catch (InsecureEndpointException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        return uri;
    }

    private static void range(String option, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(option + " must be within " + min + ".." + max);
        }
    }
}
