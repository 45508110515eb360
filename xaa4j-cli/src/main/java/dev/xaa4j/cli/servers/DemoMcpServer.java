package dev.xaa4j.cli.servers;

import dev.xaa4j.core.ProtectedResourceMetadata;
import dev.xaa4j.resource.AccessTokenPrincipal;
import dev.xaa4j.resource.McpPrincipalContextExtractor;
import dev.xaa4j.resource.ProtectedMcpServlets;
import dev.xaa4j.resource.ResourceServerConfig;
import dev.xaa4j.resource.AccessTokenVerifier;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.servlet.ServletContext;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The MCP server of {@code xaa mcp-server} and {@code xaa demo}: the MCP Java SDK's servlet transport behind
 * xaa4j-resource-server's bearer filter, with a few tools.
 *
 * <ul>
 *   <li>{@code whoami}: the authenticated user, client and scopes, as the access token told the server;</li>
 *   <li>{@code echo}: returns its {@code text} argument;</li>
 *   <li>{@code time}: the server's clock.</li>
 * </ul>
 */
public final class DemoMcpServer implements AutoCloseable {

    /** The MCP endpoint path. */
    public static final String MCP_PATH = "/mcp";

    private final McpSyncServer server;

    private DemoMcpServer(McpSyncServer server) {
        this.server = server;
    }

    /**
     * Builds the MCP server and mounts it, with its protected resource metadata and the bearer filter, in a context.
     *
     * @param context  the root servlet context
     * @param resource the resource identifier (the MCP URL)
     * @param asIssuer the authorization server the metadata names
     * @param scopes   the scopes the metadata lists
     * @param required the scopes every request needs (named in the challenge), possibly none
     * @param verifier checks access tokens
     */
    public static DemoMcpServer mount(ServletContext context, String resource, String asIssuer, List<String> scopes,
            List<String> required, AccessTokenVerifier verifier) {
        HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder()
                .mcpEndpoint(MCP_PATH)
                .contextExtractor(new McpPrincipalContextExtractor())
                .build();
        McpSyncServer server = McpServer.sync(transport)
                .serverInfo("xaa4j-demo", dev.xaa4j.cli.Xaa.version())
                .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
                .toolCall(McpSchema.Tool.builder("whoami", Map.of("type", "object"))
                                .description("Tells who called: the user, the client and the scopes of the access token")
                                .build(),
                        (exchange, call) -> {
                            AccessTokenPrincipal p = McpPrincipalContextExtractor.principal(exchange.transportContext())
                                    .orElseThrow(() -> new IllegalStateException("no authenticated principal"));
                            return text("user=" + p.subject() + " client=" + p.clientId() + " scopes="
                                    + String.join(" ", new TreeSet<>(p.scopes())));
                        })
                .toolCall(McpSchema.Tool.builder("echo", Map.of("type", "object",
                                        "properties", Map.of("text", Map.of("type", "string")),
                                        "required", List.of("text")))
                                .description("Returns its text argument")
                                .build(),
                        (exchange, call) -> {
                            Object value = call.arguments() == null ? null : call.arguments().get("text");
                            if (!(value instanceof String s)) {
                                return McpSchema.CallToolResult.builder().addTextContent("argument 'text' must be a string")
                                        .isError(true).build();
                            }
                            return text(s);
                        })
                .toolCall(McpSchema.Tool.builder("time", Map.of("type", "object"))
                                .description("The server's current time (UTC, ISO 8601)")
                                .build(),
                        (exchange, call) -> text(Instant.now().toString()))
                .build();
        ResourceServerConfig.Builder config = ResourceServerConfig.builder(
                ProtectedResourceMetadata.of(resource, List.of(asIssuer), scopes), verifier);
        if (!required.isEmpty()) {
            config.requiredScopes(required);
        }
        ProtectedMcpServlets.mount(context, MCP_PATH, transport, config.build());
        return new DemoMcpServer(server);
    }

    private static McpSchema.CallToolResult text(String text) {
        return McpSchema.CallToolResult.builder().addTextContent(text).build();
    }

    @Override
    public void close() {
        server.closeGracefully();
    }
}
