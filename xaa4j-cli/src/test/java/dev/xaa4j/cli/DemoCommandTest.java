package dev.xaa4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xaa4j.core.internal.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Runs {@code xaa demo --json} in this JVM and checks its steps. */
class DemoCommandTest {

    /** A compact JWS with a signature: the demo must never print one. */
    private static final Pattern WHOLE_JWT = Pattern.compile("eyJ[\\w-]+\\.eyJ[\\w-]+\\.[\\w-]{20,}");

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Xaa.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> steps(Map<String, Object> doc) {
        return (List<Map<String, Object>>) doc.get("steps");
    }

    @Test
    @SuppressWarnings("unchecked")
    void whenDemoRunsWithJsonThenEveryStepOfTheFlowIsThereInOrderAndNoTokenIsPrinted() {
        Run run = run("demo", "--json", "--user", "bob", "--scope", "mcp:read mcp:write");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(WHOLE_JWT.matcher(run.out()).find()).as("no whole token in the output").isFalse();
        Map<String, Object> doc = Json.parseObject(run.out());
        List<Map<String, Object>> steps = steps(doc);

        List<String> order = steps.stream().filter(s -> s.containsKey("step")).map(s -> (String) s.get("step"))
                .filter(s -> s.startsWith("sign-in page") || s.startsWith("code ->") || s.startsWith("no token yet")
                        || s.startsWith("discovery") || s.startsWith("token exchange") || s.startsWith("JWT bearer")
                        || s.startsWith("MCP initialize"))
                .toList();
        assertThat(order).containsExactly("sign-in page", "code -> ID token (+ refresh token)",
                "no token yet: 401 with a Bearer challenge", "discovery: protected resource metadata (RFC 9728)",
                "discovery: authorization server metadata (RFC 8414)",
                "token exchange at the IdP: ID token -> ID-JAG (RFC 8693)",
                "JWT bearer grant at the AS: ID-JAG -> access token (RFC 7523)",
                "MCP initialize, replayed with the access token");
        assertThat(steps).filteredOn(s -> s.containsKey("step") && !"no token yet: 401 with a Bearer challenge"
                        .equals(s.get("step")))
                .allSatisfy(s -> assertThat(((Number) s.get("status")).intValue()).isBetween(200, 399));

        Map<String, Object> idJag = steps.stream().filter(s -> "ID-JAG".equals(s.get("token"))).findFirst().orElseThrow();
        Map<String, Object> claims = (Map<String, Object>) idJag.get("claims");
        assertThat(((Map<String, Object>) idJag.get("header"))).containsEntry("typ", "oauth-id-jag+jwt");
        assertThat(claims).containsEntry("sub", "bob").containsEntry("client_id", "demo-agent-at-as")
                .containsEntry("aud", ((Map<String, Object>) doc.get("servers")).get("authorization_server"))
                .containsEntry("scope", "mcp:read mcp:write");
        Map<String, Object> accessToken = steps.stream().filter(s -> "access token".equals(s.get("token"))).findFirst()
                .orElseThrow();
        assertThat((Map<String, Object>) accessToken.get("claims"))
                .containsEntry("aud", ((Map<String, Object>) doc.get("servers")).get("mcp_server"));

        assertThat(steps).filteredOn(s -> "whoami".equals(s.get("result"))).singleElement()
                .satisfies(s -> assertThat(s.get("text")).isEqualTo("user=bob client=demo-agent-at-as scopes=mcp:read mcp:write"));
        assertThat(steps).filteredOn(s -> "echo".equals(s.get("result"))).singleElement()
                .satisfies(s -> assertThat(s.get("text")).isEqualTo("Hello from bob through Cross-App Access"));
        Map<String, Object> summary = (Map<String, Object>) doc.get("summary");
        assertThat(summary).containsEntry("ok", true).containsEntry("token_exchanges", 1L)
                .containsEntry("jwt_bearer_grants", 1L).containsEntry("status_401", 1L);
    }

    @Test
    @SuppressWarnings("unchecked")
    void whenTheMcpServerAsksForAScopeTheIdpDoesNotGrantThenTheDemoSaysWhichStepFailedAndExitsOne() {
        Run run = run("demo", "--json", "--scope", "mcp:admin");
        assertThat(run.exit()).isEqualTo(1);
        Map<String, Object> summary = (Map<String, Object>) Json.parseObject(run.out()).get("summary");
        assertThat(summary).containsEntry("ok", false).containsEntry("failed_phase", "connect");
        assertThat((String) summary.get("error")).contains("invalid_scope");
    }

    @Test
    void whenTheUserIsUnknownThenUsageErrorNamingTheUsers() {
        Run run = run("demo", "--user", "mallory");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("--user must be one of [alice, bob]");
    }
}
