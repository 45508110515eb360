package dev.xaa4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ProtectedResourceMetadataTest {

    private static final String FULL = """
            {"resource":"https://mcp.example.com/mcp",
             "authorization_servers":["https://as.example.com","https://as2.example.com/t1"],
             "scopes_supported":["mcp:read","mcp:write"],
             "bearer_methods_supported":["header"],
             "jwks_uri":"https://mcp.example.com/jwks",
             "resource_name":"Example \\"MCP\\" server",
             "resource_documentation":"https://mcp.example.com/docs"}""";

    @Test
    void whenFullDocumentParsedThenEveryMemberRead() {
        ProtectedResourceMetadata prm = ProtectedResourceMetadata.parse(FULL);

        assertThat(prm).isEqualTo(new ProtectedResourceMetadata("https://mcp.example.com/mcp",
                List.of("https://as.example.com", "https://as2.example.com/t1"), List.of("mcp:read", "mcp:write"),
                List.of("header"), "https://mcp.example.com/jwks", "Example \"MCP\" server", "https://mcp.example.com/docs"));
    }

    @Test
    void whenSerializedThenParsedThenEqual() {
        ProtectedResourceMetadata full = ProtectedResourceMetadata.parse(FULL);
        ProtectedResourceMetadata minimal = new ProtectedResourceMetadata("https://h/mcp", null, null, null, null, null, null);

        assertThat(ProtectedResourceMetadata.parse(full.toJson())).isEqualTo(full);
        assertThat(ProtectedResourceMetadata.parse(minimal.toJson())).isEqualTo(minimal);
    }

    @Test
    void whenOnlyResourceThenListsEmptyAndStringsNull() {
        ProtectedResourceMetadata prm = ProtectedResourceMetadata.parse("{\"resource\":\"https://h/mcp\"}");

        assertThat(prm.authorizationServers()).isEmpty();
        assertThat(prm.scopesSupported()).isEmpty();
        assertThat(prm.bearerMethodsSupported()).isEmpty();
        assertThat(prm.jwksUri()).isNull();
        assertThat(prm.resourceName()).isNull();
        assertThat(prm.resourceDocumentation()).isNull();
    }

    @Test
    void whenMinimalDocumentSerializedThenAbsentMembersLeftOut() {
        assertThat(new ProtectedResourceMetadata("https://h/mcp", List.of("https://as"), null, null, null, null, null).toJson())
                .isEqualTo("{\"resource\":\"https://h/mcp\",\"authorization_servers\":[\"https://as\"]}")
                .doesNotContain("scopes_supported", "bearer_methods_supported", "jwks_uri", "resource_name", "null");
    }

    @Test
    void whenOfUsedThenHeaderIsTheBearerMethod() {
        ProtectedResourceMetadata prm = ProtectedResourceMetadata.of("https://h/mcp", List.of("https://as"), List.of("a"));

        assertThat(prm.bearerMethodsSupported()).containsExactly("header");
        assertThat(prm.toJson()).contains("\"bearer_methods_supported\":[\"header\"]");
    }

    @Test
    void whenUnknownMembersThenIgnored() {
        ProtectedResourceMetadata prm = ProtectedResourceMetadata.parse("""
                {"resource":"https://h/mcp","authorization_servers":["https://as"],"x-vendor":{"a":[1,2]},
                 "resource_signing_alg_values_supported":["RS256"],"tls_client_certificate_bound_access_tokens":true,"n":1.5}""");

        assertThat(prm).isEqualTo(new ProtectedResourceMetadata("https://h/mcp", List.of("https://as"), null, null, null, null, null));
    }

    @Test
    void whenMembersAreJsonNullThenTreatedAsAbsent() {
        ProtectedResourceMetadata prm = ProtectedResourceMetadata.parse(
                "{\"resource\":\"https://h/mcp\",\"authorization_servers\":null,\"jwks_uri\":null}");

        assertThat(prm.authorizationServers()).isEmpty();
        assertThat(prm.jwksUri()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"authorization_servers\":[\"https://as\"]}", "{\"resource\":\"\"}", "{\"resource\":null}"})
    void whenResourceMissingThenInvalidMetadataNamingResource(String json) {
        assertThatExceptionOfType(InvalidMetadataException.class)
                .isThrownBy(() -> ProtectedResourceMetadata.parse(json))
                .withMessageContaining("'resource'")
                .isInstanceOf(XaaException.class);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"resource\":5}                                                     | resource",
        "{\"resource\":[\"https://h/mcp\"]}                                   | resource",
        "{\"resource\":\"https://h\",\"authorization_servers\":\"https://as\"} | authorization_servers",
        "{\"resource\":\"https://h\",\"authorization_servers\":[\"a\",1]}     | authorization_servers",
        "{\"resource\":\"https://h\",\"authorization_servers\":[null]}        | authorization_servers",
        "{\"resource\":\"https://h\",\"scopes_supported\":\"a b\"}            | scopes_supported",
        "{\"resource\":\"https://h\",\"bearer_methods_supported\":{}}         | bearer_methods_supported",
        "{\"resource\":\"https://h\",\"jwks_uri\":true}                       | jwks_uri",
        "{\"resource\":\"https://h\",\"resource_name\":[]}                    | resource_name",
        "{\"resource\":\"https://h\",\"resource_documentation\":1}            | resource_documentation"})
    void whenMemberHasWrongTypeThenInvalidMetadataNamingIt(String json, String member) {
        assertThatExceptionOfType(InvalidMetadataException.class)
                .isThrownBy(() -> ProtectedResourceMetadata.parse(json))
                .withMessageContaining("'" + member + "'");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"not json", "[]", "[{\"resource\":\"https://h\"}]", "[[\"resource\",\"https://h\"]]", "\"https://h\"", "null", "{\"resource\":",
        "<html></html>"})
    void whenBodyIsNotAJsonObjectThenInvalidMetadata(String body) {
        assertThatExceptionOfType(InvalidMetadataException.class)
                .isThrownBy(() -> ProtectedResourceMetadata.parse(body))
                .withMessageContaining("protected resource metadata");
    }

    @Test
    void whenConstructedThenListsAreCopiedAndUnmodifiable() {
        List<String> servers = new ArrayList<>(List.of("https://as"));
        ProtectedResourceMetadata prm = new ProtectedResourceMetadata("https://h", servers, null, null, null, null, null);

        servers.add("https://evil");

        assertThat(prm.authorizationServers()).containsExactly("https://as");
        assertThatExceptionOfType(UnsupportedOperationException.class)
                .isThrownBy(() -> prm.authorizationServers().add("https://evil"));
    }

    @Test
    void whenResourceNullThenNullPointerException() {
        assertThatExceptionOfType(NullPointerException.class)
                .isThrownBy(() -> new ProtectedResourceMetadata(null, null, null, null, null, null, null))
                .withMessage("resource");
    }
}
