package dev.xaa4j.mcp.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Keeps the README's "Use it from the MCP Java SDK" example compiled, working and identical to {@link ReadmeExample}. */
class ReadmeExampleTest {

    static final Path SOURCE = Path.of("src/test/java/dev/xaa4j/mcp/client/ReadmeExample.java");
    static final Path README = Path.of("../README.md");
    static final String SECTION = "## Use it from the MCP Java SDK";

    @Test
    void whenTheExampleRunsAgainstAnIdpAnAuthorizationServerAndAnMcpServerThenItListsTheTools() {
        try (World world = new World()) {
            List<McpSchema.Tool> tools = ReadmeExample.listTools(world.idp.issuer(), IdentityProviderFixture.CLIENT_SECRET,
                    world.idToken, AuthorizationServerFixture.CLIENT_SECRET, world.mcp.resource);

            assertThat(tools).extracting(McpSchema.Tool::name).containsExactlyInAnyOrder("whoami", "admin_tool");
            assertThat(world.idp.tokenExchanges()).hasSize(1);
        }
    }

    @Test
    void whenTheExampleIsShownThenItHasAtMostFifteenLines() throws IOException {
        assertThat(example()).hasSizeBetween(1, 15);
    }

    @Test
    void whenTheReadmeHasTheSectionThenItsCodeBlockIsTheExample() throws IOException {
        List<String> readme = Files.readAllLines(README);
        int section = readme.indexOf(SECTION);
        assertThat(section).as("the README has a section '" + SECTION + "'").isNotNegative();
        int open = indexFrom(readme, section, "```java");
        int close = indexFrom(readme, open + 1, "```");
        assertThat(readme.subList(open + 1, close)).containsExactlyElementsOf(example());
    }

    /** The lines between the markers, with the method body's indentation removed. */
    static List<String> example() throws IOException {
        List<String> lines = Files.readAllLines(SOURCE);
        int begin = indexFrom(lines, 0, "// README-BEGIN");
        int end = indexFrom(lines, begin, "// README-END");
        int indent = lines.get(begin).indexOf("//");
        return lines.subList(begin + 1, end).stream().map(l -> l.length() >= indent ? l.substring(indent) : l.strip()).toList();
    }

    private static int indexFrom(List<String> lines, int from, String trimmed) {
        for (int i = from; i < lines.size(); i++) {
            if (lines.get(i).strip().equals(trimmed)) {
                return i;
            }
        }
        throw new AssertionError("no line '" + trimmed + "' after line " + from);
    }
}
