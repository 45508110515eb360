package dev.xaa4j.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.xaa4j.core.BearerChallenge;
import dev.xaa4j.core.ProtectedResourceMetadata;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.McpHttpClientTransportAuthorizationException;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real MCP server (the SDK's streamable HTTP servlet with two tools) protected by {@link ProtectedMcpServlets#mount} on
 * Jetty, called by the SDK's client whose request customizer adds the bearer token.
 */
class ProtectedMcpServerTest {

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    static JettyServer jetty;
    static McpSyncServer mcpServer;
    static AccessTokens tokens;
    static ResourceServerConfig config;

    @BeforeAll
    static void start() {
        jetty = JettyServer.open();
        String resource = jetty.baseUrl() + "/mcp";
        tokens = new AccessTokens(resource);
        HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder()
                .mcpEndpoint("/mcp")
                .contextExtractor(new McpPrincipalContextExtractor(
                        request -> McpTransportContext.create(Map.of("agent", "" + request.getHeader("X-Agent")))))
                .build();
        mcpServer = McpServer.sync(transport)
                .serverInfo("protected-test", "1.0")
                .toolCall(tool("whoami"), (exchange, call) -> {
                    McpTransportContext context = exchange.transportContext();
                    AccessTokenPrincipal p = McpPrincipalContextExtractor.principal(context).orElseThrow();
                    return text("sub=" + p.subject() + " client_id=" + p.clientId() + " scopes="
                            + new TreeSet<>(p.scopes()) + " agent=" + context.get("agent"));
                })
                .toolCall(tool("admin_tool"), (exchange, call) -> text("admin done"))
                .build();
        config = ResourceServerConfig
                .builder(ProtectedResourceMetadata.of(resource, List.of(AccessTokens.ISSUER), List.of("mcp:read", "admin")),
                        JwtAccessTokenVerifier.builder(AccessTokens.ISSUER, resource, tokens.publicKeys()).build())
                .requiredScopes(Set.of("mcp:read"))
                .scopeRequirement(McpScopeRequirement.forTools(Map.of("admin_tool", Set.of("admin"))))
                .build();
        jetty.start(context -> ProtectedMcpServlets.mount(context, "/mcp", transport, config));
    }

    @AfterAll
    static void stop() throws Exception {
        mcpServer.close();
        jetty.close();
    }

    @Test
    void whenClientSendsValidTokenThenToolSeesPrincipalThroughTransportContext() {
        try (McpSyncClient client = client(tokens.valid(Instant.now()))) {
            client.initialize();

            McpSchema.CallToolResult result = client.callTool(call("whoami"));

            assertThat(result.isError()).isNotEqualTo(Boolean.TRUE);
            assertThat(((McpSchema.TextContent) result.content().get(0)).text())
                    .isEqualTo("sub=alice client_id=mcp-client-1 scopes=[mcp:read, mcp:write] agent=test-agent");
        }
    }

    @Test
    void whenClientSendsNoTokenThenInitializeFails() {
        try (McpSyncClient client = client(null)) {
            assertThat(authorizationStatus(catchThrowable(client::initialize))).isEqualTo(401);
        }
    }

    @Test
    void whenTokenLacksToolScopeThenThatToolIsRefusedAndOthersWork() {
        try (McpSyncClient client = client(tokens.withScope(Instant.now(), "mcp:read"))) {
            client.initialize();
            McpSchema.CallToolResult whoami = client.callTool(call("whoami"));
            assertThat(((McpSchema.TextContent) whoami.content().get(0)).text()).contains("scopes=[mcp:read]");

            assertThat(authorizationStatus(
                    catchThrowable(() -> client.callTool(call("admin_tool")))))
                    .isEqualTo(403);
        }
        try (McpSyncClient client = client(tokens.withScope(Instant.now(), "mcp:read admin"))) {
            client.initialize();
            McpSchema.CallToolResult admin = client.callTool(call("admin_tool"));
            assertThat(((McpSchema.TextContent) admin.content().get(0)).text()).isEqualTo("admin done");
        }
    }

    @Test
    void whenUnauthenticatedThenChallengeLeadsToTheMountedMetadata() throws Exception {
        HttpResponse<String> unauthorized = send(HttpRequest.newBuilder(jetty.url("/mcp"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).header("Content-Type", "application/json"));
        assertThat(unauthorized.statusCode()).isEqualTo(401);
        BearerChallenge challenge = BearerChallenge.parse(unauthorized.headers().allValues("WWW-Authenticate")).orElseThrow();
        assertThat(challenge.resourceMetadata()).isEqualTo(jetty.baseUrl() + "/.well-known/oauth-protected-resource/mcp");
        assertThat(challenge.scope()).isEqualTo("mcp:read");

        for (String url : List.of(challenge.resourceMetadata(), jetty.baseUrl() + "/.well-known/oauth-protected-resource")) {
            HttpResponse<String> prm = send(HttpRequest.newBuilder(URI.create(url)).GET());
            assertThat(prm.statusCode()).isEqualTo(200);
            assertThat(ProtectedResourceMetadata.parse(prm.body())).isEqualTo(config.metadata());
        }
        assertThat(send(HttpRequest.newBuilder(jetty.url("/.well-known/oauth-protected-resource/other")).GET())
                .statusCode()).isEqualTo(404);
    }

    @Test
    void whenSecondServerMountedOnSameContextThenEachPathServesItsMetadataAndRootStaysWithTheFirst() throws Exception {
        try (JettyServer two = JettyServer.open()) {
            ProtectedResourceMetadata a = ProtectedResourceMetadata.of(two.baseUrl() + "/a", List.of("https://as"), List.of());
            ProtectedResourceMetadata b = ProtectedResourceMetadata.of(two.baseUrl() + "/b", List.of("https://as"), List.of());
            two.start(context -> {
                ProtectedMcpServlets.mount(context, "/a", new jakarta.servlet.http.HttpServlet() {
                    private static final long serialVersionUID = 1L;
                }, ResourceServerConfig.builder(a, token -> null).build());
                ProtectedMcpServlets.mount(context, "/b", new jakarta.servlet.http.HttpServlet() {
                    private static final long serialVersionUID = 1L;
                }, ResourceServerConfig.builder(b, token -> null).build());
            });

            assertThat(metadataAt(two.url("/.well-known/oauth-protected-resource/a")).resource()).isEqualTo(a.resource());
            assertThat(metadataAt(two.url("/.well-known/oauth-protected-resource/b")).resource()).isEqualTo(b.resource());
            assertThat(metadataAt(two.url("/.well-known/oauth-protected-resource")).resource()).isEqualTo(a.resource());
        }
    }

    static ProtectedResourceMetadata metadataAt(URI url) throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(url).GET());
        assertThat(r.statusCode()).isEqualTo(200);
        return ProtectedResourceMetadata.parse(r.body());
    }

    /** The HTTP status the SDK client's transport reports for a 401 or 403 somewhere in the cause chain. */
    static int authorizationStatus(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof McpHttpClientTransportAuthorizationException e) {
                return e.getResponseInfo().statusCode();
            }
        }
        throw new AssertionError("no authorization error in the cause chain", thrown);
    }

    static McpSyncClient client(String token) {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(jetty.baseUrl())
                .endpoint("/mcp")
                .connectTimeout(Duration.ofSeconds(5))
                .addHttpRequestCustomizer((builder, method, uri, body, context) -> {
                    builder.header("X-Agent", "test-agent");
                    if (token != null) {
                        builder.header("Authorization", "Bearer " + token);
                    }
                })
                .build();
        return McpClient.sync(transport)
                .requestTimeout(Duration.ofSeconds(10))
                .initializationTimeout(Duration.ofSeconds(10))
                .build();
    }

    static McpSchema.Tool tool(String name) {
        return McpSchema.Tool.builder(name, Map.of("type", "object")).description(name).build();
    }

    static McpSchema.CallToolRequest call(String tool) {
        return McpSchema.CallToolRequest.builder(tool).arguments(Map.of()).build();
    }

    static McpSchema.CallToolResult text(String text) {
        return McpSchema.CallToolResult.builder().addTextContent(text).build();
    }

    static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
