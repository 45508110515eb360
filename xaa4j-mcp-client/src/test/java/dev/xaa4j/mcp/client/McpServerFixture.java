package dev.xaa4j.mcp.client;

import dev.xaa4j.core.ProtectedResourceMetadata;
import dev.xaa4j.resource.AccessTokenPrincipal;
import dev.xaa4j.resource.AccessTokenVerifier;
import dev.xaa4j.resource.InvalidAccessTokenException;
import dev.xaa4j.resource.JwtAccessTokenVerifier;
import dev.xaa4j.resource.McpPrincipalContextExtractor;
import dev.xaa4j.resource.McpScopeRequirement;
import dev.xaa4j.resource.ProtectedMcpServlets;
import dev.xaa4j.resource.ResourceServerConfig;
import dev.xaa4j.resource.internal.BufferedBodyRequest;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Test fixture: an MCP server on the SDK's streamable HTTP servlet transport, on Jetty 12.1 ee11 at 127.0.0.1, protected
 * by xaa4j-resource-server ({@link ProtectedMcpServlets#mount}) with a {@link JwtAccessTokenVerifier} that fetches the
 * authorization server fixture's JWKS and checks expiry by the test clock, without skew. Every request is needed scope
 * {@code mcp:read}; tool {@code admin_tool} also needs {@code admin}. Tokens can be revoked. A filter in front records
 * every request (headers and body) and the status it got.
 */
final class McpServerFixture implements AutoCloseable {

    static final List<String> SCOPES_SUPPORTED = List.of("mcp:read", "admin");

    /**
     * A request as the MCP server received it, in order of arrival, with the status it answered (0 until the filter chain
     * returned). Header names are lower-cased.
     */
    record Seen(String method, String path, Map<String, List<String>> headers, String body, AtomicInteger answered) {
        int status() {
            return answered.get();
        }

        String header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    private final Server jetty = new Server();
    private final ServerConnector connector = new ServerConnector(jetty);
    private final McpSyncServer mcp;
    private final Set<String> revoked = ConcurrentHashMap.newKeySet();
    /** Whether the server rejects every token, as if none of the authorization server's were acceptable. */
    volatile boolean rejectAll;
    final List<Seen> seen = new CopyOnWriteArrayList<>();
    final String resource;

    McpServerFixture(AuthorizationServerFixture as, Clock clock) {
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        try {
            connector.open();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        resource = baseUrl() + "/mcp";
        as.addResource(resource);
        HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder()
                .mcpEndpoint("/mcp")
                .contextExtractor(new McpPrincipalContextExtractor())
                .build();
        mcp = McpServer.sync(transport)
                .serverInfo("xaa4j-test-server", "1.0")
                .toolCall(tool("whoami"), (exchange, call) -> {
                    AccessTokenPrincipal p = McpPrincipalContextExtractor.principal(exchange.transportContext()).orElseThrow();
                    McpSchema.ClientCapabilities capabilities = exchange.getClientCapabilities();
                    Object extensions = capabilities == null || capabilities.extensions() == null
                            ? "none" : capabilities.extensions();
                    return text("sub=" + p.subject() + " client_id=" + p.clientId() + " scopes=" + new TreeSet<>(p.scopes())
                            + " extensions=" + extensions);
                })
                .toolCall(tool("admin_tool"), (exchange, call) -> text("admin done"))
                .build();
        JwtAccessTokenVerifier jwt = JwtAccessTokenVerifier.builder(as.issuer(), resource, as.jwksUri())
                .clock(clock)
                .clockSkew(Duration.ZERO)
                .build();
        AccessTokenVerifier verifier = token -> {
            if (rejectAll || revoked.contains(token)) {
                throw new InvalidAccessTokenException(InvalidAccessTokenException.Reason.EXPIRED, "revoked", null);
            }
            return jwt.verify(token);
        };
        ResourceServerConfig config = ResourceServerConfig
                .builder(ProtectedResourceMetadata.of(resource, List.of(as.issuer()), SCOPES_SUPPORTED), verifier)
                .requiredScopes(Set.of("mcp:read"))
                .scopeRequirement(McpScopeRequirement.forTools(Map.of("admin_tool", Set.of("admin"))))
                .build();
        ServletContextHandler context = new ServletContextHandler("/");
        FilterRegistration.Dynamic recorder = context.getServletContext().addFilter("recorder", new Recorder());
        recorder.setAsyncSupported(true);
        recorder.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
        ProtectedMcpServlets.mount(context.getServletContext(), "/mcp", transport, config);
        jetty.setHandler(context);
        try {
            jetty.start();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    String baseUrl() {
        return "http://127.0.0.1:" + connector.getLocalPort();
    }

    /** From now on the server rejects this token. */
    void revoke(String token) {
        revoked.add(token);
    }

    /** The requests to the MCP endpoint. */
    List<Seen> mcpRequests() {
        return seen.stream().filter(s -> s.path().equals("/mcp")).toList();
    }

    /**
     * The requests to the MCP endpoint answered with this status. The status is recorded when the filter chain returns,
     * which can be just after the client has read the response: wait (up to 5 s) until no POST is still unanswered (a GET
     * stream stays open).
     */
    long answered(int status) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
        while (mcpRequests().stream().anyMatch(s -> "POST".equals(s.method()) && s.status() == 0)
                && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return mcpRequests().stream().filter(s -> s.status() == status).count();
    }

    @Override
    public void close() {
        mcp.close();
        try {
            jetty.stop();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static McpSchema.Tool tool(String name) {
        return McpSchema.Tool.builder(name, Map.of("type", "object")).description(name).build();
    }

    static McpSchema.CallToolResult text(String text) {
        return McpSchema.CallToolResult.builder().addTextContent(text).build();
    }

    /** Records each request with its body (replayed to the chain, as the bearer filter does) and the status it got. */
    private final class Recorder implements Filter {
        @Override
        public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
            HttpServletRequest http = (HttpServletRequest) req;
            byte[] body = "POST".equals(http.getMethod()) ? http.getInputStream().readAllBytes() : new byte[0];
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (String name : Collections.list(http.getHeaderNames())) {
                headers.put(name.toLowerCase(Locale.ROOT), new ArrayList<>(Collections.list(http.getHeaders(name))));
            }
            Seen request = new Seen(http.getMethod(), http.getRequestURI(), headers, new String(body, StandardCharsets.UTF_8),
                    new AtomicInteger());
            seen.add(request);
            try {
                chain.doFilter(new BufferedBodyRequest(http, body), res);
            } finally {
                request.answered().set(((HttpServletResponse) res).getStatus());
            }
        }
    }
}
