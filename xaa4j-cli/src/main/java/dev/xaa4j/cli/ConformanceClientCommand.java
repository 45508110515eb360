package dev.xaa4j.cli;

import dev.xaa4j.client.SubjectTokenSource;
import dev.xaa4j.client.TokenExchangeClient;
import dev.xaa4j.core.XaaException;
import dev.xaa4j.mcp.client.CrossAppAccessProvider;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code xaa conformance-client <server-url>}: the client the MCP conformance suite runs for scenario
 * {@code auth/cross-app-access-complete-flow} (PROTOCOL.md section 9). It reads {@code MCP_CONFORMANCE_SCENARIO} and
 * {@code MCP_CONFORMANCE_CONTEXT} (JSON: {@code client_id}, {@code client_secret} for the authorization server with
 * {@code client_secret_basic}; {@code idp_client_id}, {@code idp_id_token}, {@code idp_issuer}, {@code idp_token_endpoint},
 * and {@code idp_client_secret} when the IdP client is confidential; unknown keys are ignored), then, with the library's
 * public API only, initializes an MCP session (discovering the authorization server from the 401), lists the tools and
 * calls the first one.
 *
 * <p>Exit codes: 0 success; 1 a failed step; 2 missing or malformed environment. Progress and the one-line reason of a
 * failure go to stderr; no token or secret is ever printed. Not thread-safe (one run per instance).
 */
@Command(name = "conformance-client",
        mixinStandardHelpOptions = true,
        description = "Run the Cross-App Access flow as the MCP conformance suite's client: initialize, list the tools, "
                + "call the first one. Reads MCP_CONFORMANCE_SCENARIO and MCP_CONFORMANCE_CONTEXT.")
public final class ConformanceClientCommand implements Callable<Integer> {

    static final String SCENARIO = "MCP_CONFORMANCE_SCENARIO";
    static final String CONTEXT = ConformanceContext.VARIABLE;
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final int MAX_REASON = 400;

    @Parameters(index = "0", paramLabel = "<server-url>", description = "The MCP server URL.")
    String serverUrl;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Map<String, String> environment;

    /** The command reading the process environment. */
    public ConformanceClientCommand() {
        this(System.getenv());
    }

    /** The command reading this environment (for tests). */
    ConformanceClientCommand(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        ConformanceContext context;
        try {
            context = ConformanceContext.read(environment, "run me from the MCP conformance suite");
        } catch (IllegalArgumentException e) {
            err.println("conformance-client: " + e.getMessage());
            err.flush();
            return Xaa.EXIT_USAGE;
        }
        try {
            run(context, err);
            return 0;
        } catch (RuntimeException e) {
            err.println("conformance-client: failed: " + reason(e));
            err.flush();
            return Xaa.EXIT_FAILURE;
        }
    }

    private void run(ConformanceContext context, PrintWriter err) {
        err.println("conformance-client: scenario " + environment.getOrDefault(SCENARIO, "(not set)") + ", server "
                + serverUrl);
        TokenExchangeClient idp = context.identityProvider().build();
        try (CrossAppAccessProvider provider = CrossAppAccessProvider.builder()
                .identityProvider(idp, SubjectTokenSource.staticIdToken(context.idToken()))
                .authorizationServerClient(context.clientAuthentication())
                .build()) {
            McpSyncClient client = McpClient.sync(provider.transport(serverUrl))
                    .clientInfo(new McpSchema.Implementation("xaa4j-conformance-client", Xaa.version()))
                    .capabilities(CrossAppAccessProvider.clientCapabilities())
                    .requestTimeout(TIMEOUT)
                    .initializationTimeout(TIMEOUT)
                    .build();
            try {
                McpSchema.InitializeResult init = client.initialize();
                err.println("conformance-client: initialized with " + init.serverInfo().name() + " (protocol "
                        + init.protocolVersion() + ")");
                List<McpSchema.Tool> tools = client.listTools().tools();
                err.println("conformance-client: tools " + tools.stream().map(McpSchema.Tool::name).toList());
                if (tools.isEmpty()) {
                    throw new IllegalStateException("the server lists no tools");
                }
                McpSchema.Tool tool = tools.get(0);
                McpSchema.CallToolResult result = client.callTool(McpSchema.CallToolRequest.builder()
                        .name(tool.name()).arguments(arguments(tool.inputSchema())).build());
                if (Boolean.TRUE.equals(result.isError())) {
                    throw new IllegalStateException("the tool '" + tool.name() + "' answered with an error");
                }
                err.println("conformance-client: called " + tool.name() + ": ok");
            } finally {
                client.closeGracefully();
            }
        } finally {
            err.flush();
        }
    }

    /** Arguments for a tool from its input schema: a string, number, boolean, object or array for each required property. */
    static Map<String, Object> arguments(Map<String, Object> inputSchema) {
        Map<String, Object> arguments = new LinkedHashMap<>();
        if (inputSchema == null || !(inputSchema.get("required") instanceof List<?> required)) {
            return arguments;
        }
        Map<?, ?> properties = inputSchema.get("properties") instanceof Map<?, ?> p ? p : Map.of();
        for (Object name : required) {
            Object type = properties.get(name) instanceof Map<?, ?> property ? property.get("type") : null;
            arguments.put(String.valueOf(name), switch (String.valueOf(type)) {
                case "number", "integer" -> 1;
                case "boolean" -> true;
                case "object" -> Map.of();
                case "array" -> List.of();
                default -> "test";
            });
        }
        return arguments;
    }

    /**
     * One line: the message of the deepest xaa4j exception in the chain (they never contain tokens), else of the deepest
     * cause, cut to a bounded length.
     */
    static String reason(Throwable thrown) {
        Throwable chosen = thrown;
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof XaaException) {
                chosen = t;
            } else if (!(chosen instanceof XaaException)) {
                chosen = t;
            }
        }
        String message = Objects.requireNonNullElse(chosen.getMessage(), chosen.getClass().getName())
                .replaceAll("[\\r\\n\\t]+", " ");
        String text = chosen instanceof XaaException ? message : chosen.getClass().getSimpleName() + ": " + message;
        return text.length() > MAX_REASON ? text.substring(0, MAX_REASON) + "..." : text;
    }
}
