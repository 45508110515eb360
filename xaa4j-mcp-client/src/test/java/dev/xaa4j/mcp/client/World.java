package dev.xaa4j.mcp.client;

import dev.xaa4j.client.ClientAuthentication;
import dev.xaa4j.client.HttpOptions;
import dev.xaa4j.client.SubjectTokenSource;
import dev.xaa4j.client.TokenExchangeClient;
import dev.xaa4j.testing.MutableClock;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * Test fixture: an IdP, an MCP authorization server and a protected MCP server on 127.0.0.1, sharing one test clock, and
 * the client-side pieces wired to them.
 */
final class World implements AutoCloseable {

    /** Short timeouts so that failing tests fail fast. */
    static final HttpOptions FAST = HttpOptions.builder()
            .connectTimeout(Duration.ofSeconds(2))
            .requestTimeout(Duration.ofSeconds(5))
            .build();

    final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    final IdentityProviderFixture idp = new IdentityProviderFixture(clock);
    final AuthorizationServerFixture as = new AuthorizationServerFixture(clock, idp);
    final McpServerFixture mcp = new McpServerFixture(as, clock);
    final String idToken = idp.idToken("alice");

    /** The client's token exchange at the IdP, with {@code client_secret_basic}. */
    TokenExchangeClient tokenExchange() {
        return TokenExchangeClient.builder(idp.tokenEndpoint(),
                        ClientAuthentication.clientSecretBasic(IdentityProviderFixture.CLIENT_ID,
                                IdentityProviderFixture.CLIENT_SECRET))
                .issuer(idp.issuer())
                .httpOptions(FAST)
                .build();
    }

    /** A provider builder for the user's ID token, with the client's registration at the authorization server. */
    CrossAppAccessProvider.Builder provider() {
        return CrossAppAccessProvider.builder()
                .identityProvider(tokenExchange(), SubjectTokenSource.staticIdToken(idToken))
                .authorizationServerClient(AuthorizationServerFixture.CLIENT_ID, AuthorizationServerFixture.CLIENT_SECRET)
                .httpOptions(FAST);
    }

    /** A sync MCP client for the server through the provider, declaring the extension. */
    McpSyncClient client(CrossAppAccessProvider provider) {
        return McpClient.sync(provider.transport(mcp.resource))
                .capabilities(CrossAppAccessProvider.clientCapabilities())
                .requestTimeout(Duration.ofSeconds(10))
                .initializationTimeout(Duration.ofSeconds(10))
                .build();
    }

    static McpSchema.CallToolRequest call(String tool) {
        return McpSchema.CallToolRequest.builder().name(tool).arguments(Map.of()).build();
    }

    static String text(McpSchema.CallToolResult result) {
        return ((McpSchema.TextContent) result.content().get(0)).text();
    }

    @Override
    public void close() {
        mcp.close();
        as.close();
        idp.close();
    }
}
