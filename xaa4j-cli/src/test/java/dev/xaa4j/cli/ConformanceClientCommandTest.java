package dev.xaa4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ConformanceClientCommandTest {

    static final String ID_TOKEN = "eyJ.ID-TOKEN-SECRET.sig";
    static final String SECRET = "AS-SECRET-d41d8cd98f";

    record Run(int exitCode, String out, String err) {
    }

    static Run run(Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new ConformanceClientCommand(environment));
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    static String context(int idpPort) {
        return """
                {"name":"auth/cross-app-access-complete-flow","client_id":"conformance-test-xaa-client",
                 "client_secret":"%s","idp_client_id":"conformance-test-idp-client","idp_id_token":"%s",
                 "idp_issuer":"http://localhost:%d","idp_token_endpoint":"http://localhost:%d/token","future_key":[1,2]}"""
                .formatted(SECRET, ID_TOKEN, idpPort, idpPort);
    }

    @Test
    void whenTheContextIsMissingThenUsageErrorOnOneLine() {
        Run run = run(Map.of(), "http://127.0.0.1:1/mcp");

        assertThat(run.exitCode()).isEqualTo(Xaa.EXIT_USAGE);
        assertThat(run.err().lines().toList()).containsExactly(
                "conformance-client: MCP_CONFORMANCE_CONTEXT is not set: run me from the MCP conformance suite");
    }

    @Test
    void whenTheContextLacksAKeyOrIsNotJsonThenTheUsageErrorNamesIt() {
        Run missing = run(Map.of(ConformanceClientCommand.CONTEXT, "{\"client_id\":\"c\"}"), "http://127.0.0.1:1/mcp");
        Run notJson = run(Map.of(ConformanceClientCommand.CONTEXT, "[1,2"), "http://127.0.0.1:1/mcp");

        assertThat(missing.exitCode()).isEqualTo(Xaa.EXIT_USAGE);
        assertThat(missing.err()).contains("has no 'idp_client_id'");
        assertThat(notJson.exitCode()).isEqualTo(Xaa.EXIT_USAGE);
        assertThat(notJson.err()).contains("is not a JSON object");
    }

    @Test
    void whenTheServerCannotBeReachedThenFailureOnOneLineWithoutTokensOrSecrets() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Run run = run(Map.of(ConformanceClientCommand.CONTEXT, context(closedPort),
                ConformanceClientCommand.SCENARIO, "auth/cross-app-access-complete-flow"),
                "http://127.0.0.1:" + closedPort + "/mcp");

        assertThat(run.exitCode()).isEqualTo(Xaa.EXIT_FAILURE);
        List<String> lines = run.err().lines().toList();
        assertThat(lines.get(0)).isEqualTo("conformance-client: scenario auth/cross-app-access-complete-flow, server "
                + "http://127.0.0.1:" + closedPort + "/mcp");
        assertThat(lines.get(lines.size() - 1)).startsWith("conformance-client: failed: ");
        assertThat(run.err()).doesNotContain(ID_TOKEN, SECRET);
        assertThat(run.out()).isEmpty();
    }

    @Test
    void whenAToolRequiresArgumentsThenEachRequiredPropertyGetsAValueOfItsType() {
        Map<String, Object> schema = Map.of("type", "object",
                "properties", Map.of("a", Map.of("type", "number"), "b", Map.of("type", "string"),
                        "c", Map.of("type", "boolean"), "d", Map.of("type", "object"), "e", Map.of("type", "array"),
                        "f", Map.of("type", "integer")),
                "required", List.of("a", "b", "c", "d", "e", "f"));

        assertThat(ConformanceClientCommand.arguments(schema)).containsExactly(Map.entry("a", 1), Map.entry("b", "test"),
                Map.entry("c", true), Map.entry("d", Map.of()), Map.entry("e", List.of()), Map.entry("f", 1));
        assertThat(ConformanceClientCommand.arguments(Map.of("type", "object"))).isEmpty();
    }

    @Test
    void whenTheCommandIsRegisteredThenXaaRunsIt() {
        assertThat(Xaa.commandLine().getSubcommands()).containsKey("conformance-client");
    }
}
