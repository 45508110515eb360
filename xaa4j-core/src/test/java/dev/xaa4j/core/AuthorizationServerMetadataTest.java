package dev.xaa4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class AuthorizationServerMetadataTest {

    private static final String AS = """
            {"issuer":"https://as.example.com",
             "authorization_endpoint":"https://as.example.com/authorize",
             "token_endpoint":"https://as.example.com/token",
             "jwks_uri":"https://as.example.com/jwks",
             "grant_types_supported":["authorization_code","urn:ietf:params:oauth:grant-type:jwt-bearer"],
             "authorization_grant_profiles_supported":["urn:ietf:params:oauth:grant-profile:id-jag"],
             "token_endpoint_auth_methods_supported":["client_secret_basic","private_key_jwt"],
             "scopes_supported":["mcp:read"],
             "identity_chaining_requested_token_types_supported":["urn:ietf:params:oauth:token-type:id-jag"],
             "response_types_supported":["code"],
             "code_challenge_methods_supported":["S256"],
             "x-unknown":{"nested":[1,true,null]}}""";

    private static AuthorizationServerMetadata withGrantTypes(List<String> grantTypes, boolean present) {
        return new AuthorizationServerMetadata("https://as", null, null, null, grantTypes, null, null, null, null, present);
    }

    @Test
    void whenFullDocumentParsedThenEveryMemberReadAndUnknownIgnored() {
        AuthorizationServerMetadata as = AuthorizationServerMetadata.parse(AS);

        assertThat(as).isEqualTo(new AuthorizationServerMetadata("https://as.example.com", "https://as.example.com/token",
                "https://as.example.com/authorize", "https://as.example.com/jwks",
                List.of("authorization_code", "urn:ietf:params:oauth:grant-type:jwt-bearer"),
                List.of("urn:ietf:params:oauth:grant-profile:id-jag"), List.of("client_secret_basic", "private_key_jwt"),
                List.of("mcp:read"), List.of("urn:ietf:params:oauth:token-type:id-jag"), true));
    }

    @Test
    void whenSerializedThenParsedThenEqual() {
        AuthorizationServerMetadata as = AuthorizationServerMetadata.parse(AS);
        AuthorizationServerMetadata minimal = AuthorizationServerMetadata.parse("{\"issuer\":\"https://as/t1\"}");
        AuthorizationServerMetadata emptyGrantTypes = withGrantTypes(List.of(), true);

        assertThat(AuthorizationServerMetadata.parse(as.toJson())).isEqualTo(as);
        assertThat(AuthorizationServerMetadata.parse(minimal.toJson())).isEqualTo(minimal);
        assertThat(AuthorizationServerMetadata.parse(emptyGrantTypes.toJson())).isEqualTo(emptyGrantTypes);
    }

    @Test
    void whenMinimalDocumentSerializedThenOnlyIssuer() {
        assertThat(AuthorizationServerMetadata.parse("{\"issuer\":\"https://as\"}").toMap())
                .containsExactly(Map.entry("issuer", "https://as"));
    }

    @Test
    void whenToMapThenMutableForServerExtensions() {
        Map<String, Object> map = AuthorizationServerMetadata.parse(AS).toMap();

        map.put("response_types_supported", List.of("code"));

        assertThat(map).containsKeys("issuer", "token_endpoint", "response_types_supported");
    }

    @Test
    void whenGrantTypesAbsentThenRfc8414Default() {
        AuthorizationServerMetadata as = AuthorizationServerMetadata.parse("{\"issuer\":\"https://as\"}");

        assertThat(as.grantTypesPresent()).isFalse();
        assertThat(as.grantTypesSupported()).isEmpty();
        assertThat(as.grantTypesSupportedOrDefault()).containsExactly("authorization_code", "implicit");
        assertThat(as.supportsGrantType(GrantType.AUTHORIZATION_CODE)).isTrue();
        assertThat(as.supportsGrantType(GrantType.JWT_BEARER)).isFalse();
    }

    @Test
    void whenGrantTypesJsonNullThenRfc8414Default() {
        AuthorizationServerMetadata as = AuthorizationServerMetadata.parse("{\"issuer\":\"https://as\",\"grant_types_supported\":null}");

        assertThat(as.grantTypesSupportedOrDefault()).containsExactly("authorization_code", "implicit");
    }

    @Test
    void whenGrantTypesPresentButEmptyThenNoDefault() {
        AuthorizationServerMetadata as = AuthorizationServerMetadata.parse(
                "{\"issuer\":\"https://as\",\"grant_types_supported\":[]}");

        assertThat(as.grantTypesPresent()).isTrue();
        assertThat(as.grantTypesSupportedOrDefault()).isEmpty();
        assertThat(as.supportsGrantType(GrantType.AUTHORIZATION_CODE)).isFalse();
        assertThat(as.toJson()).contains("\"grant_types_supported\":[]");
    }

    @Test
    void whenGrantTypesPresentThenExactlyThose() {
        AuthorizationServerMetadata as = AuthorizationServerMetadata.parse(
                "{\"issuer\":\"https://as\",\"grant_types_supported\":[\"urn:ietf:params:oauth:grant-type:jwt-bearer\"]}");

        assertThat(as.grantTypesSupportedOrDefault()).containsExactly("urn:ietf:params:oauth:grant-type:jwt-bearer");
        assertThat(as.supportsGrantType(GrantType.JWT_BEARER)).isTrue();
        assertThat(as.supportsGrantType(GrantType.AUTHORIZATION_CODE)).isFalse();
        assertThat(as.supportsGrantType(GrantType.TOKEN_EXCHANGE)).isFalse();
    }

    @Test
    void whenConstructedWithGrantTypesButNotMarkedPresentThenTheListedGrantTypesCount() {
        AuthorizationServerMetadata as = withGrantTypes(List.of(GrantType.JWT_BEARER.value()), false);

        assertThat(as.grantTypesPresent()).isTrue();
        assertThat(as.supportsGrantType(GrantType.JWT_BEARER)).isTrue();
        assertThat(as.supportsGrantType(GrantType.AUTHORIZATION_CODE)).isFalse();
        assertThat(as).isEqualTo(AuthorizationServerMetadata.parse(as.toJson()));
    }

    @Test
    void whenConstructedWithoutGrantTypesThenDefaultApplies() {
        assertThat(withGrantTypes(null, false).grantTypesSupportedOrDefault()).containsExactly("authorization_code", "implicit");
        assertThat(withGrantTypes(List.of(), false).grantTypesSupportedOrDefault())
                .containsExactly("authorization_code", "implicit");
    }

    @Test
    void whenIdJagProfileListedThenAdvertised() {
        assertThat(AuthorizationServerMetadata.parse(AS).advertisesIdJagProfile()).isTrue();
        assertThat(AuthorizationServerMetadata.parse(
                "{\"issuer\":\"https://as\",\"authorization_grant_profiles_supported\":[\"urn:other\",\"urn:ietf:params:oauth:grant-profile:id-jag\"]}")
                .advertisesIdJagProfile()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"issuer\":\"https://as\"}",
        "{\"issuer\":\"https://as\",\"authorization_grant_profiles_supported\":[]}",
        "{\"issuer\":\"https://as\",\"authorization_grant_profiles_supported\":[\"urn:ietf:params:oauth:grant-profile:ID-JAG\"]}",
        "{\"issuer\":\"https://as\",\"authorization_grant_profiles_supported\":[\"urn:ietf:params:oauth:token-type:id-jag\"]}",
        "{\"issuer\":\"https://as\",\"grant_types_supported\":[\"urn:ietf:params:oauth:grant-profile:id-jag\"]}"})
    void whenIdJagProfileNotListedExactlyThenNotAdvertised(String json) {
        assertThat(AuthorizationServerMetadata.parse(json).advertisesIdJagProfile()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"token_endpoint\":\"https://as/token\"}", "{\"issuer\":\"\"}", "{\"issuer\":null}"})
    void whenIssuerMissingThenInvalidMetadataNamingIssuer(String json) {
        assertThatExceptionOfType(InvalidMetadataException.class)
                .isThrownBy(() -> AuthorizationServerMetadata.parse(json))
                .withMessageContaining("'issuer'");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"issuer\":1}                                                                | issuer",
        "{\"issuer\":\"https://as\",\"token_endpoint\":[\"https://as/token\"]}         | token_endpoint",
        "{\"issuer\":\"https://as\",\"authorization_endpoint\":{}}                     | authorization_endpoint",
        "{\"issuer\":\"https://as\",\"jwks_uri\":false}                                | jwks_uri",
        "{\"issuer\":\"https://as\",\"grant_types_supported\":\"authorization_code\"}  | grant_types_supported",
        "{\"issuer\":\"https://as\",\"authorization_grant_profiles_supported\":[1]}    | authorization_grant_profiles_supported",
        "{\"issuer\":\"https://as\",\"token_endpoint_auth_methods_supported\":{}}      | token_endpoint_auth_methods_supported",
        "{\"issuer\":\"https://as\",\"scopes_supported\":[[\"a\"]]}                    | scopes_supported",
        "{\"issuer\":\"https://as\",\"identity_chaining_requested_token_types_supported\":true} | identity_chaining_requested_token_types_supported"})
    void whenMemberHasWrongTypeThenInvalidMetadataNamingIt(String json, String member) {
        assertThatExceptionOfType(InvalidMetadataException.class)
                .isThrownBy(() -> AuthorizationServerMetadata.parse(json))
                .withMessageContaining("'" + member + "'");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"nope", "[]", "[[\"issuer\",\"https://as\"]]", "{\"issuer\":\"https://as\"", "1"})
    void whenBodyIsNotAJsonObjectThenInvalidMetadata(String body) {
        assertThatExceptionOfType(InvalidMetadataException.class)
                .isThrownBy(() -> AuthorizationServerMetadata.parse(body))
                .withMessageContaining("authorization server metadata");
    }

    @Test
    void whenConstructedThenListsCopied() {
        List<String> profiles = new ArrayList<>(List.of(XaaIdentifiers.ID_JAG_GRANT_PROFILE));
        AuthorizationServerMetadata as = new AuthorizationServerMetadata("https://as", null, null, null, null, profiles, null,
                null, null, false);

        profiles.clear();

        assertThat(as.advertisesIdJagProfile()).isTrue();
        assertThatExceptionOfType(UnsupportedOperationException.class)
                .isThrownBy(() -> as.authorizationGrantProfilesSupported().clear());
    }

    @Test
    void whenIssuerNullThenNullPointerException() {
        assertThatExceptionOfType(NullPointerException.class)
                .isThrownBy(() -> new AuthorizationServerMetadata(null, null, null, null, null, null, null, null, null, false))
                .withMessage("issuer");
    }
}
