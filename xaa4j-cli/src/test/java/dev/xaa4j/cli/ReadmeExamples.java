package dev.xaa4j.cli;

import dev.xaa4j.as.AuthorizationServer;
import dev.xaa4j.as.GrantPolicy;
import dev.xaa4j.as.TrustedIssuers;
import dev.xaa4j.client.AccessToken;
import dev.xaa4j.client.ClientAuthentication;
import dev.xaa4j.client.IdJag;
import dev.xaa4j.client.JwtBearerClient;
import dev.xaa4j.client.McpAuthorizationDiscovery;
import dev.xaa4j.client.McpServerAuthorization;
import dev.xaa4j.client.SubjectToken;
import dev.xaa4j.client.TokenExchangeClient;
import dev.xaa4j.core.BearerChallenge;
import dev.xaa4j.core.ProtectedResourceMetadata;
import dev.xaa4j.idp.IdentityProvider;
import dev.xaa4j.idp.IdpUser;
import dev.xaa4j.idp.PolicyRule;
import dev.xaa4j.resource.AccessTokenPrincipal;
import dev.xaa4j.resource.JwtAccessTokenVerifier;
import dev.xaa4j.resource.McpPrincipalContextExtractor;
import dev.xaa4j.resource.McpScopeRequirement;
import dev.xaa4j.resource.ProtectedMcpServlets;
import dev.xaa4j.resource.ResourceServerConfig;
import dev.xaa4j.server.RegisteredClient;
import dev.xaa4j.server.SigningKeys;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.servlet.ServletContext;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;

/**
 * The README's code blocks, compiled by the build. Each block is the lines between a {@code README-BEGIN} and a
 * {@code README-END} marker; {@link ReadmeExamplesTest} checks that every Java block of the README is one of these (or the
 * MCP SDK example of xaa4j-mcp-client, which its own test also runs) and runs those that can run in-process.
 */
final class ReadmeExamples {

    private ReadmeExamples() {
    }

    static AccessToken layerTwo(URI mcpUrl, List<String> wwwAuthenticateHeaders, String idpIssuer, String idpClientId,
            String idpSecret, String idToken, String asClientId, String asSecret) {
        // README-BEGIN
        McpServerAuthorization target = McpAuthorizationDiscovery.builder().build()
                .discover(mcpUrl, BearerChallenge.parse(wwwAuthenticateHeaders).orElse(null));
        TokenExchangeClient idp = TokenExchangeClient.fromIssuer(idpIssuer,
                ClientAuthentication.clientSecretBasic(idpClientId, idpSecret)).build();
        IdJag idJag = idp.requestIdJag(SubjectToken.idToken(idToken), target);
        AccessToken token = JwtBearerClient.builder(target.authorizationServer(),
                ClientAuthentication.clientSecretBasic(asClientId, asSecret)).build().requestAccessToken(idJag);
        // README-END
        return token;
    }

    static void resourceServer(String asIssuer) {
        // README-BEGIN
        HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder()
                .mcpEndpoint("/mcp")
                .contextExtractor(new McpPrincipalContextExtractor())          // tools see the caller
                .build();
        McpServer.sync(transport).serverInfo("files", "1.0")
                .toolCall(McpSchema.Tool.builder("whoami", Map.of("type", "object")).build(), (exchange, call) -> {
                    AccessTokenPrincipal user = McpPrincipalContextExtractor.principal(exchange.transportContext()).orElseThrow();
                    return McpSchema.CallToolResult.builder().addTextContent(user.subject() + " via " + user.clientId()).build();
                })
                .build();

        String resource = "https://mcp.example.com/mcp";
        ResourceServerConfig config = ResourceServerConfig.builder(
                        ProtectedResourceMetadata.of(resource, List.of(asIssuer), List.of("files:read", "files:write")),
                        JwtAccessTokenVerifier.builder(asIssuer, resource, URI.create(asIssuer + "/jwks")).build())
                .requiredScopes(Set.of("files:read"))
                .scopeRequirement(McpScopeRequirement.forTools(Map.of("delete_file", Set.of("files:write"))))
                .build();

        ServletContextHandler context = new ServletContextHandler("/");   // Jetty 12.1 ee11, or any Servlet 6 container
        ProtectedMcpServlets.mount(context.getServletContext(), "/mcp", transport, config);
        // README-END
    }

    static AuthorizationServer authorizationServer(String secret, ServletContext servletContext) {
        // README-BEGIN
        AuthorizationServer as = AuthorizationServer.builder("https://as.example.com", SigningKeys.generate("ES256"),
                        TrustedIssuers.builder().jwksUri("https://idp.example.com", URI.create("https://idp.example.com/jwks")).build())
                .client(RegisteredClient.withSecret("mcp-client", secret))
                .resource("https://mcp.example.com/mcp", List.of("tools.read", "tools.write"))
                .policy(GrantPolicy.DEFAULT.andThen(ctx -> { /* throw new OAuthException(OAuthError.accessDenied("...")) */ }))
                .build();
        as.register(servletContext);          // or: as.servlets().forEach((path, s) -> jettyContext.addServlet(s, path));
        // README-END
        return as;
    }

    static String identityProvider(String secret, ServletContextHandler context) {
        // README-BEGIN
        IdentityProvider idp = IdentityProvider.builder("http://127.0.0.1:9000")
                .client(RegisteredClient.withSecret("mcp-client", secret), "http://127.0.0.1:8080/callback")
                .user(IdpUser.of("alice").withEmail("alice@example.com"))
                .allow(PolicyRule.parse("mcp-client=https://as.example,https://mcp.example/mcp,as-client-42,tools.read"))
                .build();
        idp.register(context.getServletContext());       // /token, /authorize, /jwks, /.well-known/openid-configuration
        String idToken = idp.issueIdToken("alice", "mcp-client");   // mint one without a browser
        // README-END
        return idToken;
    }
}
