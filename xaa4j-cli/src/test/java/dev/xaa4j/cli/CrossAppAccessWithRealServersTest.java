package dev.xaa4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xaa4j.cli.demo.BrowserlessSignIn;
import dev.xaa4j.cli.demo.DemoEnvironment;
import dev.xaa4j.client.ClientAuthentication;
import dev.xaa4j.client.SubjectTokenSource;
import dev.xaa4j.client.TokenExchangeClient;
import dev.xaa4j.mcp.client.CrossAppAccessProvider;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The MCP SDK integration ({@code xaa4j-mcp-client}) against the project's own IdP ({@code xaa4j-idp}), authorization
 * server ({@code xaa4j-authorization-server}) and protected MCP server: interoperability of the three roles.
 */
class CrossAppAccessWithRealServersTest {

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
