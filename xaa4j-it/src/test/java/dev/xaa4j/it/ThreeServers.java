package dev.xaa4j.it;

import dev.xaa4j.as.AuthorizationServer;
import dev.xaa4j.as.TrustedIssuers;
import dev.xaa4j.client.ClientAuthentication;
import dev.xaa4j.client.HttpOptions;
import dev.xaa4j.client.SubjectTokenSource;
import dev.xaa4j.client.TokenExchangeClient;
import dev.xaa4j.core.ProtectedResourceMetadata;
import dev.xaa4j.idp.IdentityProvider;
import dev.xaa4j.idp.IdpClient;
import dev.xaa4j.idp.IdpUser;
import dev.xaa4j.idp.PolicyRule;
import dev.xaa4j.mcp.client.CrossAppAccessProvider;
import dev.xaa4j.resource.AccessTokenPrincipal;
import dev.xaa4j.resource.AccessTokenVerifier;
import dev.xaa4j.resource.JwtAccessTokenVerifier;
import dev.xaa4j.resource.McpPrincipalContextExtractor;
import dev.xaa4j.resource.ProtectedMcpServlets;
import dev.xaa4j.resource.ResourceServerConfig;
import dev.xaa4j.server.RegisteredClient;
import dev.xaa4j.server.SigningKeys;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.servlet.ServletContext;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/**
 * The three real servers of the flow on 127.0.0.1, each on a {@link JettyNode} that can be stopped and restarted: the
 * reference IdP ({@code xaa4j-idp}), an authorization server ({@code xaa4j-authorization-server}) trusting it through its
 * JWKS URL, and an MCP server (the MCP Java SDK's servlet transport behind {@code xaa4j-resource-server}) with a
 * {@code whoami} tool, trusting the authorization server. Client secrets are fresh random values. The MCP server records
 * the access tokens it verified.
 */
final class ThreeServers implements AutoCloseable {

    static final String IDP_CLIENT = "agent";
    static final String AS_CLIENT = "agent-at-as";
    static final String USER = "alice";
    static final List<String> SCOPES = List.of("mcp:read", "mcp:write");
    /** Short timeouts: a server that is down fails a request at once, a slow one within a second or two. */
    static final HttpOptions FAST = HttpOptions.builder()
            .connectTimeout(Duration.ofSeconds(1))
            .requestTimeout(Duration.ofSeconds(3))
            .build();

    final String idpSecret = randomSecret();
    final String asSecret = randomSecret();
    final JettyNode idpNode = JettyNode.bind();
    final JettyNode asNode = JettyNode.bind();
    final JettyNode mcpNode = JettyNode.bind();
    final IdentityProvider idp;
    final AuthorizationServer as;
    final String resource = mcpNode.baseUrl() + "/mcp";
    /** The access tokens the MCP server verified, in order. */
    final List<String> accessTokensSeen = new CopyOnWriteArrayList<>();
    private McpSyncServer mcp;

    /** How a test changes the servers' configuration. */
    record Options(UnaryOperator<TrustedIssuers.Builder> trust, UnaryOperator<AuthorizationServer.Builder> authorizationServer) {

        static Options defaults() {
            return new Options(UnaryOperator.identity(), UnaryOperator.identity());
        }

        Options trust(UnaryOperator<TrustedIssuers.Builder> change) {
            return new Options(change, authorizationServer);
        }

        Options authorizationServer(UnaryOperator<AuthorizationServer.Builder> change) {
            return new Options(trust, change);
        }
    }

    ThreeServers() {
        this(Options.defaults());
    }

    ThreeServers(Options options) {
        try {
            idp = IdentityProvider.builder(idpNode.baseUrl())
                    .client(IdpClient.of(RegisteredClient.withSecret(IDP_CLIENT, idpSecret)))
                    .user(IdpUser.of(USER).withEmail(USER + "@example.com"))
                    .allow(new PolicyRule(IDP_CLIENT, asNode.baseUrl(), resource, AS_CLIENT, new LinkedHashSet<>(SCOPES)))
                    .build();
            idpNode.start(idp::register);
            TrustedIssuers trusted = options.trust().apply(TrustedIssuers.builder()
                    .jwksUri(idp.issuer(), URI.create(idp.jwksUri()))).build();
            as = options.authorizationServer().apply(AuthorizationServer.builder(asNode.baseUrl(),
                            SigningKeys.generate("ES256"), trusted)
                    .client(RegisteredClient.withSecret(AS_CLIENT, asSecret))
                    .resource(resource, SCOPES)).build();
            asNode.start(as::register);
            AccessTokenVerifier jwt = JwtAccessTokenVerifier.builder(as.issuer(), resource, URI.create(as.jwksUri())).build();
            AccessTokenVerifier recording = token -> {
                accessTokensSeen.add(token);
                return jwt.verify(token);
            };
            mcpNode.start(context -> mountMcp(context, recording));
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** A fresh ID token for the user, for the client's registration at the IdP. */
    String idToken() {
        return idp.issueIdToken(USER, IDP_CLIENT);
    }

    /** The client's token exchange at the IdP ({@code client_secret_basic}). */
    TokenExchangeClient tokenExchange() {
        return TokenExchangeClient.builder(URI.create(idp.tokenEndpoint()),
                        ClientAuthentication.clientSecretBasic(IDP_CLIENT, idpSecret))
                .issuer(idp.issuer())
                .httpOptions(FAST)
                .build();
    }

    /** A provider for this ID token, with the client's registration at the authorization server. */
    CrossAppAccessProvider.Builder provider(String idToken) {
        return CrossAppAccessProvider.builder()
                .identityProvider(tokenExchange(), SubjectTokenSource.staticIdToken(idToken))
                .authorizationServerClient(AS_CLIENT, asSecret)
                .httpOptions(FAST);
    }

    /** An MCP client of the MCP server through the provider. */
    McpSyncClient mcpClient(CrossAppAccessProvider provider) {
        return McpClient.sync(provider.transport(resource))
                .requestTimeout(Duration.ofSeconds(5))
                .initializationTimeout(Duration.ofSeconds(5))
                .build();
    }

    static McpSchema.CallToolRequest whoami() {
        return McpSchema.CallToolRequest.builder().name("whoami").arguments(Map.of()).build();
    }

    static String text(McpSchema.CallToolResult result) {
        return ((McpSchema.TextContent) result.content().get(0)).text();
    }

    @Override
    public void close() {
        closeMcp();
        mcpNode.close();
        asNode.close();
        idpNode.close();
    }

    private void mountMcp(ServletContext context, AccessTokenVerifier verifier) {
        closeMcp();
        HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder()
                .mcpEndpoint("/mcp")
                .contextExtractor(new McpPrincipalContextExtractor())
                .build();
        mcp = McpServer.sync(transport)
                .serverInfo("xaa4j-it", "1")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
                .toolCall(McpSchema.Tool.builder("whoami", Map.of("type", "object")).description("the caller").build(),
                        (exchange, call) -> {
                            AccessTokenPrincipal p = McpPrincipalContextExtractor.principal(exchange.transportContext())
                                    .orElseThrow();
                            Set<String> scopes = new TreeSet<>(p.scopes());
                            return McpSchema.CallToolResult.builder()
                                    .addTextContent("user=" + p.subject() + " client=" + p.clientId() + " scopes=" + scopes)
                                    .build();
                        })
                .build();
        ProtectedMcpServlets.mount(context, "/mcp", transport, ResourceServerConfig.builder(
                        ProtectedResourceMetadata.of(resource, List.of(as.issuer()), SCOPES), verifier)
                .requiredScopes(List.of(SCOPES.get(0)))
                .build());
    }

    private synchronized void closeMcp() {
        if (mcp != null) {
            mcp.close();
            mcp = null;
        }
    }

    private static String randomSecret() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
