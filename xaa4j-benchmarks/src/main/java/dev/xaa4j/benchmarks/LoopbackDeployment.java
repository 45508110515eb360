package dev.xaa4j.benchmarks;

import dev.xaa4j.as.AuthorizationServer;
import dev.xaa4j.as.TrustedIssuers;
import dev.xaa4j.core.ProtectedResourceMetadata;
import dev.xaa4j.idp.IdentityProvider;
import dev.xaa4j.idp.IdpClient;
import dev.xaa4j.idp.IdpUser;
import dev.xaa4j.idp.PolicyRule;
import dev.xaa4j.resource.AccessTokenPrincipal;
import dev.xaa4j.resource.JwtAccessTokenVerifier;
import dev.xaa4j.resource.McpPrincipalContextExtractor;
import dev.xaa4j.resource.ProtectedMcpServlets;
import dev.xaa4j.resource.ResourceServerConfig;
import dev.xaa4j.server.RegisteredClient;
import dev.xaa4j.server.SigningKeys;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The three real servers on 127.0.0.1 in this JVM, each on its own Jetty: the project's IdP ({@code xaa4j-idp}), its
 * authorization server ({@code xaa4j-authorization-server}, trusting the IdP through its JWKS) and an MCP server (the MCP
 * Java SDK's servlet transport behind {@code xaa4j-resource-server}, trusting the authorization server), with a counting
 * filter in front of each: requests per method and path, and MCP responses per status. The MCP server verifies access
 * tokens without clock skew, so an expired token is a 401 at once: what the client's renewal must prevent.
 *
 * <p>The client's registrations get random secrets. Thread-safe counters; close to stop the servers.
 */
public final class LoopbackDeployment implements AutoCloseable {

    /** The client's id at the IdP. */
    public static final String IDP_CLIENT_ID = "bench-agent";
    /** The client's id at the authorization server (the ID-JAG {@code client_id}). */
    public static final String AS_CLIENT_ID = "bench-agent-at-as";
    /** The user. */
    public static final String USER = "alice";
    /** The MCP server's scopes; every request needs the first. */
    public static final List<String> SCOPES = List.of("mcp:read", "mcp:write");
    /** The MCP endpoint path. */
    public static final String MCP_PATH = "/mcp";

    private final LoopbackJetty idpJetty = LoopbackJetty.bind("bench-idp");
    private final LoopbackJetty asJetty = LoopbackJetty.bind("bench-as");
    private final LoopbackJetty mcpJetty = LoopbackJetty.bind("bench-mcp");
    private final Counter idpCounter = new Counter();
    private final Counter asCounter = new Counter();
    private final Counter mcpCounter = new Counter();
    private final String idpClientSecret = randomSecret();
    private final String asClientSecret = randomSecret();
    private final IdentityProvider idp;
    private final AuthorizationServer as;
    private final McpSyncServer mcp;

    /**
     * Starts the three servers.
     *
     * @param accessTokenLifetime the lifetime of the authorization server's access tokens
     */
    public LoopbackDeployment(Duration accessTokenLifetime) {
        Objects.requireNonNull(accessTokenLifetime, "accessTokenLifetime");
        String resource = mcpUrl();
        try {
            idp = IdentityProvider.builder(idpJetty.baseUrl())
                    .client(IdpClient.of(RegisteredClient.withSecret(IDP_CLIENT_ID, idpClientSecret)))
                    .user(IdpUser.of(USER))
                    .allow(new PolicyRule(IDP_CLIENT_ID, asJetty.baseUrl(), resource, AS_CLIENT_ID, new LinkedHashSet<>(SCOPES)))
                    .build();
            idpJetty.start(context -> {
                idpCounter.mount(context);
                idp.register(context);
            });
            as = AuthorizationServer.builder(asJetty.baseUrl(), SigningKeys.generate("ES256"),
                            TrustedIssuers.builder().jwksUri(idp.issuer(), URI.create(idp.jwksUri())).build())
                    .client(RegisteredClient.withSecret(AS_CLIENT_ID, asClientSecret))
                    .resource(resource, SCOPES)
                    .accessTokenLifetime(accessTokenLifetime)
                    .build();
            asJetty.start(context -> {
                asCounter.mount(context);
                as.register(context);
            });
            JwtAccessTokenVerifier verifier = JwtAccessTokenVerifier.builder(as.issuer(), resource, URI.create(as.jwksUri()))
                    .clockSkew(Duration.ZERO)
                    .build();
            HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder()
                    .mcpEndpoint(MCP_PATH)
                    .contextExtractor(new McpPrincipalContextExtractor())
                    .build();
            mcp = McpServer.sync(transport)
                    .serverInfo("xaa4j-bench", "1")
                    .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
                    .toolCall(McpSchema.Tool.builder("whoami", Map.of("type", "object")).description("the caller").build(),
                            (exchange, call) -> {
                                AccessTokenPrincipal p = McpPrincipalContextExtractor.principal(exchange.transportContext())
                                        .orElseThrow(() -> new IllegalStateException("no authenticated principal"));
                                return McpSchema.CallToolResult.builder().addTextContent("user=" + p.subject()).build();
                            })
                    .build();
            ResourceServerConfig config = ResourceServerConfig.builder(
                            ProtectedResourceMetadata.of(resource, List.of(as.issuer()), SCOPES), verifier)
                    .requiredScopes(List.of(SCOPES.get(0)))
                    .build();
            mcpJetty.start(context -> {
                mcpCounter.mount(context);
                ProtectedMcpServlets.mount(context, MCP_PATH, transport, config);
            });
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The MCP server URL, also its resource identifier. */
    public String mcpUrl() {
        return mcpJetty.baseUrl() + MCP_PATH;
    }

    /** The authorization server. */
    public AuthorizationServer authorizationServer() {
        return as;
    }

    /** The IdP. */
    public IdentityProvider idp() {
        return idp;
    }

    /** The IdP's token endpoint. */
    public URI idpTokenEndpoint() {
        return URI.create(idp.tokenEndpoint());
    }

    /** A fresh ID token of the user for the client (what single sign-on gave the host application). */
    public String idToken() {
        return idp.issueIdToken(USER, IDP_CLIENT_ID);
    }

    /** The client's secret at the IdP (never print it). */
    public String idpClientSecret() {
        return idpClientSecret;
    }

    /** The client's secret at the authorization server (never print it). */
    public String asClientSecret() {
        return asClientSecret;
    }

    /** Token requests the IdP received ({@code POST} to its token endpoint). */
    public long idpTokenRequests() {
        return idpCounter.requests("POST " + IdentityProvider.TOKEN_PATH);
    }

    /** Token requests the authorization server received. */
    public long asTokenRequests() {
        return asCounter.requests("POST " + as.tokenPath());
    }

    /**
     * Discovery documents fetched: protected resource metadata at the MCP server and authorization server metadata
     * ({@code GET /.well-known/...}).
     */
    public long metadataRequests() {
        return mcpCounter.requestsStartingWith("GET /.well-known/") + asCounter.requestsStartingWith("GET /.well-known/");
    }

    /** Requests the MCP endpoint received. */
    public long mcpRequests() {
        return mcpCounter.requests("POST " + MCP_PATH) + mcpCounter.requests("GET " + MCP_PATH)
                + mcpCounter.requests("DELETE " + MCP_PATH);
    }

    /** Responses of the MCP server with this status (every path). */
    public long mcpResponses(int status) {
        return mcpCounter.responses(status);
    }

    /** Sets every counter to zero. */
    public void resetCounts() {
        idpCounter.reset();
        asCounter.reset();
        mcpCounter.reset();
    }

    @Override
    public void close() {
        if (mcp != null) {
            mcp.closeGracefully();
        }
        mcpJetty.close();
        asJetty.close();
        idpJetty.close();
    }

    private static String randomSecret() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Counts requests by {@code METHOD path} and responses by status. */
    private static final class Counter implements Filter {

        private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
        private final Map<Integer, LongAdder> responses = new ConcurrentHashMap<>();

        void mount(ServletContext context) {
            FilterRegistration.Dynamic registration = context.addFilter("bench-counter", this);
            registration.setAsyncSupported(true);
            registration.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
        }

        @Override
        public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
            HttpServletRequest http = (HttpServletRequest) req;
            requests.computeIfAbsent(http.getMethod() + " " + http.getRequestURI(), k -> new LongAdder()).increment();
            try {
                chain.doFilter(req, res);
            } finally {
                responses.computeIfAbsent(((HttpServletResponse) res).getStatus(), k -> new LongAdder()).increment();
            }
        }

        long requests(String key) {
            LongAdder n = requests.get(key);
            return n == null ? 0 : n.sum();
        }

        long requestsStartingWith(String prefix) {
            return requests.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).mapToLong(e -> e.getValue().sum())
                    .sum();
        }

        long responses(int status) {
            LongAdder n = responses.get(status);
            return n == null ? 0 : n.sum();
        }

        void reset() {
            requests.clear();
            responses.clear();
        }
    }
}
