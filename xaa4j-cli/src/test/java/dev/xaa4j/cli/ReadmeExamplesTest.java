package dev.xaa4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import dev.xaa4j.cli.demo.BrowserlessSignIn;
import dev.xaa4j.cli.demo.DemoEnvironment;
import dev.xaa4j.client.AccessToken;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.junit.jupiter.api.Test;

/** Keeps the README's Java blocks compiled (they are {@link ReadmeExamples}) and true. */
class ReadmeExamplesTest {

    private static final Path README = Path.of("../README.md");
    private static final List<Path> SOURCES = List.of(
            Path.of("src/test/java/dev/xaa4j/cli/ReadmeExamples.java"),
            Path.of("../xaa4j-mcp-client/src/test/java/dev/xaa4j/mcp/client/ReadmeExample.java"));

    /** The README's ```java blocks, each as its lines. */
    static List<List<String>> readmeBlocks() throws Exception {
        List<List<String>> blocks = new ArrayList<>();
        List<String> current = null;
        for (String line : Files.readAllLines(README)) {
            if (current == null && line.trim().equals("```java")) {
                current = new ArrayList<>();
            } else if (current != null && line.trim().equals("```")) {
                blocks.add(current);
                current = null;
            } else if (current != null) {
                current.add(line);
            }
        }
        return blocks;
    }

    /** The regions between README-BEGIN and README-END markers, with their common indentation removed. */
    static List<List<String>> sourceRegions() throws Exception {
        List<List<String>> regions = new ArrayList<>();
        for (Path source : SOURCES) {
            List<String> current = null;
            for (String line : Files.readAllLines(source)) {
                if (line.trim().equals("// README-BEGIN")) {
                    current = new ArrayList<>();
                } else if (line.trim().equals("// README-END")) {
                    regions.add(dedent(current));
                    current = null;
                } else if (current != null) {
                    current.add(line);
                }
            }
        }
        return regions;
    }

    static List<String> dedent(List<String> lines) {
        int indent = lines.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        return lines.stream().map(l -> l.isBlank() ? "" : l.substring(indent)).toList();
    }

    @Test
    void whenTheReadmeShowsJavaThenEveryBlockIsCompiledSourceOfTheBuild() throws Exception {
        List<List<String>> blocks = readmeBlocks();
        List<List<String>> regions = sourceRegions();
        assertThat(blocks).as("the README's Java blocks").hasSizeGreaterThanOrEqualTo(5);
        for (List<String> block : blocks) {
            assertThat(regions).as("README block starting '" + block.get(0) + "' must be a README-BEGIN region of "
                    + SOURCES).contains(block);
        }
        assertThat(regions).as("every marked region is in the README").allSatisfy(r -> assertThat(blocks).contains(r));
    }

    @Test
    void whenTheLayerTwoExampleRunsAgainstTheRealServersThenItGetsAnAccessTokenForTheMcpServer() throws Exception {
        try (DemoEnvironment env = DemoEnvironment.start()) {
            HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
            String idToken = new BrowserlessSignIn(http).signIn(env.idp().authorizationEndpoint(),
                    env.idp().tokenEndpoint(), DemoEnvironment.IDP_CLIENT_ID, env.idpClientSecret(),
                    DemoEnvironment.REDIRECT_URI, "alice").idToken();
            AccessToken token = ReadmeExamples.layerTwo(URI.create(env.mcpUrl()), List.of(), env.idpUrl(),
                    DemoEnvironment.IDP_CLIENT_ID, env.idpClientSecret(), idToken, DemoEnvironment.AS_CLIENT_ID,
                    env.asClientSecret());
            assertThat(SignedJWT.parse(token.token()).getJWTClaimsSet().getAudience()).containsExactly(env.mcpUrl());
        }
    }

    @Test
    void whenTheServerExamplesRunThenTheyBuildWorkingServers() throws Exception {
        ReadmeExamples.resourceServer("https://as.example.com");
        ServletContextHandler context = new ServletContextHandler("/");
        String idToken = ReadmeExamples.identityProvider("s3cret", context);
        assertThat(SignedJWT.parse(idToken).getJWTClaimsSet().getSubject()).isEqualTo("alice");
        assertThat(ReadmeExamples.authorizationServer("s3cret", new ServletContextHandler("/").getServletContext())
                .metadata().advertisesIdJagProfile()).isTrue();
    }
}
