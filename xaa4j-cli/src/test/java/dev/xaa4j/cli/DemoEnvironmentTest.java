package dev.xaa4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import com.nimbusds.jwt.SignedJWT;
import dev.xaa4j.cli.demo.BrowserlessSignIn;
import dev.xaa4j.cli.demo.DemoEnvironment;
import dev.xaa4j.client.AccessToken;
import dev.xaa4j.client.ClientAuthentication;
import dev.xaa4j.client.IdJag;
import dev.xaa4j.client.JwtBearerClient;
import dev.xaa4j.client.McpAuthorizationDiscovery;
import dev.xaa4j.client.McpServerAuthorization;
import dev.xaa4j.client.SubjectToken;
import dev.xaa4j.client.SubjectTokenSource;
import dev.xaa4j.client.TokenExchangeClient;
import dev.xaa4j.mcp.client.CrossAppAccessProvider;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The three real servers together (IdP -> AS -> resource server), driven by the layer-2 clients and the MCP SDK, and by
 * the MCP SDK integration ({@code xaa4j-mcp-client}).
 */
class DemoEnvironmentTest {

    private static DemoEnvironment env;
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    static void start() {
        env = DemoEnvironment.start();
    }

    @AfterAll
    static void stop() {
        env.close();
    }

    @Test
    void whenUserSignsInAndClientRunsTheFlowThenTheMcpServerSeesThatUserAndClient() throws Exception {
        BrowserlessSignIn.Tokens tokens = new BrowserlessSignIn(HTTP).signIn(env.idp().authorizationEndpoint(),
                env.idp().tokenEndpoint(), DemoEnvironment.IDP_CLIENT_ID, env.idpClientSecret(),
                DemoEnvironment.REDIRECT_URI, "bob");
        assertThat(SignedJWT.parse(tokens.idToken()).getJWTClaimsSet().getSubject()).isEqualTo("bob");
        assertThat(tokens.refreshToken()).isNotNull();
        assertThat(tokens.toString()).doesNotContain(tokens.idToken());

        McpServerAuthorization target = McpAuthorizationDiscovery.builder().build().discover(URI.create(env.mcpUrl()));
        assertThat(target.authorizationServerIssuer()).isEqualTo(env.asUrl());
        IdJag idJag = TokenExchangeClient.fromIssuer(env.idpUrl(),
                        ClientAuthentication.clientSecretBasic(DemoEnvironment.IDP_CLIENT_ID, env.idpClientSecret()))
                .build().requestIdJag(SubjectToken.idToken(tokens.idToken()), target);
        AccessToken accessToken = JwtBearerClient.builder(target.authorizationServer(),
                        ClientAuthentication.clientSecretBasic(DemoEnvironment.AS_CLIENT_ID, env.asClientSecret()))
                .build().requestAccessToken(idJag);
        assertThat(accessToken.scope()).containsExactlyInAnyOrder("mcp:read", "mcp:write");

        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(env.mcpUrl())
                .endpoint("/mcp")
                .addHttpRequestCustomizer((builder, method, uri, body, context) ->
                        builder.header("Authorization", accessToken.authorizationHeaderValue()))
                .build();
        try (McpSyncClient client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(10)).build()) {
            client.initialize();
            McpSchema.CallToolResult whoami = client.callTool(McpSchema.CallToolRequest.builder("whoami").build());
            assertThat(((McpSchema.TextContent) whoami.content().get(0)).text())
                    .isEqualTo("user=bob client=demo-agent-at-as scopes=mcp:read mcp:write");
            McpSchema.CallToolResult echo = client.callTool(McpSchema.CallToolRequest.builder("echo")
                    .arguments(Map.of("text", "hello")).build());
            assertThat(((McpSchema.TextContent) echo.content().get(0)).text()).isEqualTo("hello");
        }
    }

    @Test
    void whenUnknownUserSignsInThenTheSignInFailsWithAClearMessage() {
        assertThatIllegalStateException().isThrownBy(() -> new BrowserlessSignIn(HTTP).signIn(
                        env.idp().authorizationEndpoint(), env.idp().tokenEndpoint(), DemoEnvironment.IDP_CLIENT_ID,
                        env.idpClientSecret(), DemoEnvironment.REDIRECT_URI, "mallory"))
                .withMessageContaining("mallory");
    }

    @Test
    void whenTheIdTokenMustBeRenewedThenTheRealIdpRefreshesItAndTheMcpServerSeesTheUser() throws Exception {
        BrowserlessSignIn.Tokens signedIn = new BrowserlessSignIn(HTTP).signIn(env.idp().authorizationEndpoint(),
                env.idp().tokenEndpoint(), DemoEnvironment.IDP_CLIENT_ID, env.idpClientSecret(),
                DemoEnvironment.REDIRECT_URI, "alice");
        TokenExchangeClient idp = TokenExchangeClient.fromIssuer(env.idpUrl(),
                ClientAuthentication.clientSecretBasic(DemoEnvironment.IDP_CLIENT_ID, env.idpClientSecret())).build();
        // Two hours on, the one-hour ID token from sign-in is due: the source renews it with the refresh token first.
        Clock later = Clock.offset(Clock.systemUTC(), Duration.ofHours(2));
        SubjectTokenSource subject = SubjectTokenSource.refreshing(idp, signedIn.idToken(), signedIn.refreshToken(), later);

        try (CrossAppAccessProvider provider = CrossAppAccessProvider.builder()
                .identityProvider(idp, subject)
                .authorizationServerClient(DemoEnvironment.AS_CLIENT_ID, env.asClientSecret())
                .allowedAuthorizationServers(List.of(env.asUrl()))
                .build();
             McpSyncClient client = McpClient.sync(provider.transport(env.mcpUrl()))
                     .capabilities(CrossAppAccessProvider.clientCapabilities())
                     .requestTimeout(Duration.ofSeconds(10))
                     .build()) {
            client.initialize();
            McpSchema.CallToolResult whoami = client.callTool(McpSchema.CallToolRequest.builder("whoami").build());

            assertThat(((McpSchema.TextContent) whoami.content().get(0)).text())
                    .startsWith("user=alice client=" + DemoEnvironment.AS_CLIENT_ID + " scopes=mcp:read");
        }
        assertThat(subject.current().token()).isNotEqualTo(signedIn.idToken());
    }
}
