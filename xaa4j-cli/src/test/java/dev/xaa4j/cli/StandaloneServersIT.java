package dev.xaa4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xaa4j.core.AuthorizationServerMetadata;
import dev.xaa4j.core.ProtectedResourceMetadata;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The standalone servers as a user starts them from the jar: each prints its URL and a ready line and serves its
 * metadata; then the debugging commands walk the whole flow against them.
 */
class StandaloneServersIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static String get(String url) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(url).isEqualTo(200);
        return r.body();
    }

    @Test
    void whenIdpAsAndMcpServerStartedThenEachServesItsMetadataAndTheFlowWorksThroughTheCommands(@TempDir Path dir)
            throws Exception {
        Path tokens = dir.resolve("tokens");
        Path asSecret = dir.resolve("as-secret");
        Files.writeString(asSecret, "as-s3cret:with%odd+chars");
        int asPort = freePort();
        int mcpPort = freePort();
        String asUrl = "http://127.0.0.1:" + asPort;
        String mcpUrl = "http://127.0.0.1:" + mcpPort + "/mcp";
        try (XaaProcess idp = XaaProcess.start("idp", "--client", "agent:idp-s3cret", "--user", "alice",
                "--allow", "agent=" + asUrl + "," + mcpUrl + ",agent-at-as,mcp:read", "--id-token-dir", tokens.toString());
                XaaProcess as = startAs(idp, asPort, asSecret, mcpUrl);
                XaaProcess mcp = XaaProcess.start("mcp-server", "--port", "" + mcpPort, "--as", asUrl,
                        "--scopes", "mcp:read,mcp:write")) {
            String idpUrl = idp.awaitBaseUrl("idp");
            assertThat(AuthorizationServerMetadata.parse(get(idpUrl + "/.well-known/openid-configuration")).issuer())
                    .isEqualTo(idpUrl);
            AuthorizationServerMetadata asMetadata = AuthorizationServerMetadata.parse(
                    get(asUrl + "/.well-known/oauth-authorization-server"));
            assertThat(asMetadata.issuer()).isEqualTo(asUrl);
            assertThat(asMetadata.advertisesIdJagProfile()).isTrue();
            mcp.awaitBaseUrl("mcp-server");
            ProtectedResourceMetadata prm = ProtectedResourceMetadata.parse(
                    get("http://127.0.0.1:" + mcpPort + "/.well-known/oauth-protected-resource/mcp"));
            assertThat(prm.resource()).isEqualTo(mcpUrl);
            assertThat(prm.authorizationServers()).containsExactly(asUrl);

            XaaProcess discover = XaaProcess.run(Duration.ofSeconds(60), "discover", mcpUrl);
            assertThat(discover.exitCode()).as(discover.stderr()).isZero();
            assertThat(discover.stdout()).contains("Verdict: takes ID-JAGs");

            Path idJag = dir.resolve("idjag");
            XaaProcess exchange = XaaProcess.run(Duration.ofSeconds(60), "exchange", "--idp-issuer", idpUrl,
                    "--client-id", "agent", "--client-secret", "idp-s3cret",
                    "--subject-token", "@" + tokens.resolve("alice.agent.id_token"), "--audience", asUrl,
                    "--resource", mcpUrl, "--scope", "mcp:read", "--output", idJag.toString());
            assertThat(exchange.exitCode()).as(exchange.stderr()).isZero();
            assertThat(exchange.stdout()).contains("ID-JAG received").contains("client_id  agent-at-as")
                    .doesNotContain(Files.readString(idJag).trim());

            XaaProcess token = XaaProcess.run(Duration.ofSeconds(60), "token", "--as-issuer", asUrl,
                    "--client-id", "agent-at-as", "--client-secret", "@" + asSecret, "--assertion", "@" + idJag, "--json");
            assertThat(token.exitCode()).as(token.stderr()).isZero();
            assertThat(token.stdout()).contains("\"aud\":\"" + mcpUrl + "\"")
                    .contains("\"scope\":[\"mcp:read\"]");

            XaaProcess call = XaaProcess.run(Duration.ofSeconds(60), "call", mcpUrl, "whoami", "--idp-issuer", idpUrl,
                    "--idp-client-id", "agent", "--idp-client-secret", "idp-s3cret",
                    "--subject-token", "@" + tokens.resolve("alice.agent.id_token"),
                    "--client-id", "agent-at-as", "--client-secret", "@" + asSecret);
            assertThat(call.exitCode()).as(call.stderr()).isZero();
            assertThat(call.stdout()).isEqualTo("user=alice client=agent-at-as scopes=mcp:read");
            XaaProcess echo = XaaProcess.run(Duration.ofSeconds(60), "call", mcpUrl, "echo", "--args", "{\"text\":\"hi\"}",
                    "--idp-issuer", idpUrl, "--idp-client-id", "agent", "--idp-client-secret", "idp-s3cret",
                    "--subject-token", "@" + tokens.resolve("alice.agent.id_token"),
                    "--client-id", "agent-at-as", "--client-secret", "@" + asSecret, "--json");
            assertThat(echo.stdout()).isEqualTo("{\"tool\":\"echo\",\"is_error\":false,\"text\":[\"hi\"]}");

            XaaProcess replay = XaaProcess.run(Duration.ofSeconds(60), "token", "--as-issuer", asUrl,
                    "--client-id", "agent-at-as", "--client-secret", "@" + asSecret, "--assertion", "@" + idJag);
            assertThat(replay.exitCode()).isEqualTo(1);
            assertThat(replay.stderr()).contains("invalid_grant").contains("already used");

            // No policy rule names this audience: the IdP refuses, and nothing secret is echoed.
            XaaProcess refused = XaaProcess.run(Duration.ofSeconds(60), "exchange", "--idp-issuer", idpUrl,
                    "--client-id", "agent", "--client-secret", "idp-s3cret",
                    "--subject-token", "@" + tokens.resolve("alice.agent.id_token"), "--audience", "https://other.example",
                    "--resource", mcpUrl);
            assertThat(refused.exitCode()).isEqualTo(1);
            assertThat(refused.stderr()).contains("invalid_target").doesNotContain("idp-s3cret");
        }
    }

    @Test
    void whenUsageIsWrongThenExitCodeTwo() throws Exception {
        assertThat(XaaProcess.run(Duration.ofSeconds(60), "as", "--no-such-flag").exitCode()).isEqualTo(2);
        assertThat(XaaProcess.run(Duration.ofSeconds(60), "decode", "not-a-jwt").exitCode()).isEqualTo(2);
        assertThat(XaaProcess.run(Duration.ofSeconds(60), "discover", "http://mcp.example.com/mcp").exitCode())
                .isEqualTo(2);
    }

    private static XaaProcess startAs(XaaProcess idp, int port, Path secret, String mcpUrl) throws Exception {
        String idpUrl = idp.awaitBaseUrl("idp");
        XaaProcess as = XaaProcess.start("as", "--port", "" + port, "--trust", idpUrl + "=" + idpUrl + "/jwks",
                "--client", "agent-at-as:@" + secret, "--resource", mcpUrl, "--scopes", "mcp:read,mcp:write");
        as.awaitBaseUrl("as");
        return as;
    }

    private static int freePort() throws Exception {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
