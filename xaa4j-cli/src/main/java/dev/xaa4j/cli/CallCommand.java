package dev.xaa4j.cli;

import dev.xaa4j.client.ClientAuthentication;
import dev.xaa4j.client.SubjectTokenSource;
import dev.xaa4j.client.TokenExchangeClient;
import dev.xaa4j.core.internal.Json;
import dev.xaa4j.mcp.client.CrossAppAccessProvider;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code xaa call}: one authorized MCP call (or the tool list), through the whole Cross-App Access flow. */
@Command(name = "call",
        mixinStandardHelpOptions = true,
        description = "Connects to an MCP server with CrossAppAccessProvider (discovery, token exchange at the IdP, JWT "
                + "bearer grant at the AS) and calls one tool, or lists the tools when no TOOL is given. Prints the "
                + "tool's text content (or the whole result with --json); exits 1 when the tool answers an error or "
                + "authorization fails.",
        footerHeading = "%nExample:%n",
        footer = {"  xaa call https://mcp.example.com/mcp echo --args '{\"text\":\"hi\"}' \\",
                  "      --idp-issuer https://idp.example.com --idp-client-id agent --idp-client-secret env:IDP_SECRET \\",
                  "      --subject-token @id_token.jwt --client-id agent-at-as --client-secret env:AS_SECRET"})
final class CallCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MCP_URL", description = "The MCP server URL.")
    String mcpUrl;

    @Parameters(index = "1", arity = "0..1", paramLabel = "TOOL", description = "The tool to call (none: list the tools).")
    String tool;

    @Option(names = "--args", paramLabel = "JSON", description = "The tool's arguments, a JSON object (default {}).")
    String args;

    static final class Idp {
        @Option(names = "--idp-token-endpoint", paramLabel = "URL", description = "The IdP token endpoint.")
        URI tokenEndpoint;

        @Option(names = "--idp-issuer", paramLabel = "URL", description = "The IdP issuer.")
        String issuer;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Idp idp;

    @Option(names = "--idp-client-id", paramLabel = "ID", required = true, description = "The client's id at the IdP.")
    String idpClientId;

    @Option(names = "--idp-client-secret", paramLabel = "SECRET",
            description = "The client's secret at the IdP (client_secret_basic): env:NAME or @FILE; none: a public client.")
    String idpClientSecret;

    @Option(names = "--subject-token", paramLabel = "TOKEN", required = true,
            description = "The user's ID token: @FILE, env:NAME or - (stdin).")
    String subjectToken;

    @Mixin
    ClientAuthOptions auth;

    @Option(names = "--json", description = "Print the result (or the tool list) as JSON.")
    boolean json;

    @Override
    public Integer call() {
        CommandLine cl = spec.commandLine();
        Map<String, Object> arguments = args == null ? Map.of() : parseArgs(cl);
        String secret = TokenInput.read(idpClientSecret, "--idp-client-secret", cl);
        ClientAuthentication idpAuth = secret == null ? ClientAuthentication.none(idpClientId)
                : ClientAuthentication.clientSecretBasic(idpClientId, secret);
        TokenExchangeClient exchange = (idp.tokenEndpoint != null ? TokenExchangeClient.builder(idp.tokenEndpoint, idpAuth)
                : TokenExchangeClient.fromIssuer(idp.issuer, idpAuth)).build();
        String idToken = TokenInput.read(subjectToken, "--subject-token", cl);
        PrintWriter out = cl.getOut();
        try (CrossAppAccessProvider xaa = CrossAppAccessProvider.builder()
                        .identityProvider(exchange, SubjectTokenSource.staticIdToken(idToken))
                        .authorizationServerClient(auth.build(cl))
                        .build();
                McpSyncClient client = McpClient.sync(xaa.transport(mcpUrl))
                        .capabilities(CrossAppAccessProvider.clientCapabilities())
                        .requestTimeout(Duration.ofSeconds(30))
                        .initializationTimeout(Duration.ofSeconds(30))
                        .build()) {
            client.initialize();
            if (tool == null) {
                List<McpSchema.Tool> tools = client.listTools().tools();
                if (json) {
                    out.println(Json.write(Map.of("tools", tools.stream().map(t -> {
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("name", t.name());
                        m.put("description", t.description() == null ? "" : t.description());
                        return m;
                    }).toList())));
                } else {
                    tools.forEach(t -> out.println(t.name() + (t.description() == null ? "" : "  " + t.description())));
                }
                out.flush();
                return 0;
            }
            McpSchema.CallToolResult result = client.callTool(McpSchema.CallToolRequest.builder(tool)
                    .arguments(arguments).build());
            boolean error = Boolean.TRUE.equals(result.isError());
            List<String> texts = result.content().stream().filter(c -> c instanceof McpSchema.TextContent)
                    .map(c -> ((McpSchema.TextContent) c).text()).toList();
            if (json) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("tool", tool);
                doc.put("is_error", error);
                doc.put("text", texts);
                out.println(Json.write(doc));
            } else {
                texts.forEach(out::println);
            }
            out.flush();
            return error ? Xaa.EXIT_FAILURE : 0;
        }
    }

    private Map<String, Object> parseArgs(CommandLine cl) {
        try {
            return Json.parseObject(args);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, "--args must be a JSON object");
        }
    }
}
