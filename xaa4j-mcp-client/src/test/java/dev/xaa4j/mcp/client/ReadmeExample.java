package dev.xaa4j.mcp.client;

import dev.xaa4j.client.ClientAuthentication;
import dev.xaa4j.client.SubjectTokenSource;
import dev.xaa4j.client.TokenExchangeClient;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;

/**
 * The example of the README section "Use it from the MCP Java SDK": the lines between the markers are the README's code
 * block ({@link ReadmeExampleTest} runs them against the fixtures and compares them with the README).
 */
final class ReadmeExample {

    private ReadmeExample() {
    }

    static List<McpSchema.Tool> listTools(String idpIssuer, String idpClientSecret, String idToken, String asClientSecret,
                                          String mcpUrl) {
        // README-BEGIN
        TokenExchangeClient idp = TokenExchangeClient.fromIssuer(idpIssuer,
                ClientAuthentication.clientSecretBasic("agent-at-idp", idpClientSecret)).build();
        CrossAppAccessProvider xaa = CrossAppAccessProvider.builder()
                .identityProvider(idp, SubjectTokenSource.staticIdToken(idToken))   // the user's ID token from SSO
                .authorizationServerClient("mcp-agent", asClientSecret)            // the client at the MCP server's AS
                .build();
        try (McpSyncClient client = McpClient.sync(xaa.transport(mcpUrl))
                .capabilities(CrossAppAccessProvider.clientCapabilities())
                .build()) {
            client.initialize();
            return client.listTools().tools();
        }
        // README-END
    }
}
