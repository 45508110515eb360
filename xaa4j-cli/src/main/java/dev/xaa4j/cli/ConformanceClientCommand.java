package dev.xaa4j.cli;

import dev.xaa4j.client.ClientAuthentication;
import dev.xaa4j.client.SubjectTokenSource;
import dev.xaa4j.client.TokenExchangeClient;
import dev.xaa4j.core.XaaException;
import dev.xaa4j.mcp.client.CrossAppAccessProvider;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
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
    static final String CONTEXT = "MCP_CONFORMANCE_CONTEXT";
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
        Context context;
        try {
            context = Context.of(context());
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

    private void run(Context context, PrintWriter err) {
        err.println("conformance-client: scenario " + environment.getOrDefault(SCENARIO, "(not set)") + ", server "
                + serverUrl);
        TokenExchangeClient idp = TokenExchangeClient.builder(context.idpTokenEndpoint(), context.idpAuthentication())
                .issuer(context.idpIssuer())
                .build();
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

    /** What the conformance context says; its {@code toString()} shows no token or secret. */
    private record Context(URI idpTokenEndpoint, String idpIssuer, ClientAuthentication idpAuthentication, String idToken,
                           ClientAuthentication clientAuthentication) {

        /**
         * Reads the context. The IdP client is {@code client_secret_basic} when the context has {@code idp_client_secret},
         * else a public client ({@code client_id} in the body), which is what the conformance IdP expects; the
         * authorization server client is always {@code client_secret_basic}.
         *
         * @throws IllegalArgumentException naming the key that is missing or not a string
         */
        static Context of(Map<String, Object> json) {
            String idpClientId = required(json, "idp_client_id");
            String idpSecret = optional(json, "idp_client_secret");
            URI endpoint;
            try {
                endpoint = URI.create(required(json, "idp_token_endpoint"));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(CONTEXT + ": 'idp_token_endpoint' is not a URL");
            }
            return new Context(endpoint, optional(json, "idp_issuer"),
                    idpSecret == null ? ClientAuthentication.none(idpClientId)
                            : ClientAuthentication.clientSecretBasic(idpClientId, idpSecret),
                    required(json, "idp_id_token"),
                    ClientAuthentication.clientSecretBasic(required(json, "client_id"), required(json, "client_secret")));
        }

        @Override
        public String toString() {
            return "Context[idp=" + idpTokenEndpoint + ", " + idpAuthentication + ", " + clientAuthentication + "]";
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

    private Map<String, Object> context() {
        String json = environment.get(CONTEXT);
        if (json == null || json.isBlank()) {
            throw new IllegalArgumentException(CONTEXT + " is not set: run me from the MCP conformance suite");
        }
        try {
            Map<String, Object> context = McpJsonDefaults.getMapper().readValue(json, new TypeRef<Map<String, Object>>() {
            });
            if (context == null) {
                throw new IOException("null");
            }
            return context;
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(CONTEXT + " is not a JSON object");
        }
    }

    private static String required(Map<String, Object> context, String key) {
        String value = optional(context, key);
        if (value == null) {
            throw new IllegalArgumentException(CONTEXT + " has no '" + key + "'");
        }
        return value;
    }

    private static String optional(Map<String, Object> context, String key) {
        Object value = context.get(key);
        if (value != null && !(value instanceof String)) {
            throw new IllegalArgumentException(CONTEXT + ": '" + key + "' is not a string");
        }
        return value == null || ((String) value).isEmpty() ? null : (String) value;
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
