package dev.xaa4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xaa4j.cli.demo.DemoEnvironment;
import dev.xaa4j.core.internal.Json;
import dev.xaa4j.testing.TestHttpServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code xaa discover} in-process: a healthy deployment, and each broken one explained. */
class DiscoverCommandTest {

    private record Run(int exit, String out) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        int exit = Xaa.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(new StringWriter())).execute(args);
        return new Run(exit, out.toString());
    }

    @Test
    @SuppressWarnings("unchecked")
    void whenTheDeploymentIsHealthyThenVerdictScopeAndEveryRequestAreReported() {
        try (DemoEnvironment env = DemoEnvironment.start()) {
            Run run = run("discover", "--json", env.mcpUrl());
            assertThat(run.exit()).isZero();
            Map<String, Object> doc = Json.parseObject(run.out());
            assertThat(doc).containsEntry("ok", true).containsEntry("verdict", "PROFILE_ADVERTISED")
                    .containsEntry("scopes_to_request", List.of("mcp:read"));
            assertThat((List<Map<String, Object>>) doc.get("requests")).extracting(r -> r.get("status"))
                    .containsExactly(401L, 200L, 200L);
            Run text = run("discover", env.mcpUrl());
            assertThat(text.out()).contains("Verdict: takes ID-JAGs").contains("Scope to request: mcp:read");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void whenTheMetadataNamesAnotherResourceThenTheProblemIsExplainedAndExitOne() {
        try (TestHttpServer mcp = TestHttpServer.start()) {
            mcp.route("POST", "/mcp", req -> TestHttpServer.Response.json(401, "{}").header("WWW-Authenticate",
                    "Bearer resource_metadata=\"" + mcp.baseUrl() + "/.well-known/oauth-protected-resource/mcp\""));
            mcp.json("/.well-known/oauth-protected-resource/mcp", 200,
                    "{\"resource\":\"https://other.example/mcp\",\"authorization_servers\":[\"" + mcp.baseUrl() + "\"]}");
            Run run = run("discover", "--json", mcp.baseUrl() + "/mcp");
            assertThat(run.exit()).isEqualTo(1);
            Map<String, Object> error = (Map<String, Object>) Json.parseObject(run.out()).get("error");
            assertThat(error).containsEntry("reason", "RESOURCE_MISMATCH").containsEntry("step", "DISCOVERY");
            assertThat(run("discover", mcp.baseUrl() + "/mcp").out()).contains("Problem (RESOURCE_MISMATCH)")
                    .contains("https://other.example/mcp");
        }
    }

    @Test
    void whenTheAuthorizationServerTakesNoIdJagsThenTheVerdictSaysSo() {
        try (TestHttpServer mcp = TestHttpServer.start()) {
            mcp.route("POST", "/mcp", req -> TestHttpServer.Response.status(401));
            mcp.json("/.well-known/oauth-protected-resource/mcp", 200, "{\"resource\":\"" + mcp.baseUrl()
                    + "/mcp\",\"authorization_servers\":[\"" + mcp.baseUrl() + "\"]}");
            mcp.json("/.well-known/oauth-authorization-server", 200, "{\"issuer\":\"" + mcp.baseUrl()
                    + "\",\"token_endpoint\":\"" + mcp.baseUrl() + "/token\"}");
            Run run = run("discover", mcp.baseUrl() + "/mcp");
            assertThat(run.exit()).isEqualTo(1);
            assertThat(run.out()).contains("Problem (ID_JAG_NOT_SUPPORTED)").contains("RFC 8414 default");
            Run anyway = run("discover", "--allow-unadvertised", mcp.baseUrl() + "/mcp");
            assertThat(anyway.exit()).isZero();
            assertThat(anyway.out()).contains("advertises no ID-JAG support");
        }
    }
}
