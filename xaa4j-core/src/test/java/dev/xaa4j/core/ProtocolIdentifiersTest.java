package dev.xaa4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The protocol vocabulary, asserted value by value against PROTOCOL.md, RFC 8693 section 3, RFC 7523 sections 2.1 and 2.2,
 * RFC 6749 and draft-ietf-oauth-identity-assertion-authz-grant. The expected strings are written out here on purpose: a
 * typo in a constant fails these tests.
 */
class ProtocolIdentifiersTest {

    @Test
    void whenGrantTypesListedThenEachValueIsTheSpecificationString() {
        Map<GrantType, String> values = Arrays.stream(GrantType.values())
                .collect(Collectors.toMap(t -> t, GrantType::value));

        assertThat(values).containsExactlyInAnyOrderEntriesOf(Map.of(
                GrantType.TOKEN_EXCHANGE, "urn:ietf:params:oauth:grant-type:token-exchange", // RFC 8693 section 2.1
                GrantType.JWT_BEARER, "urn:ietf:params:oauth:grant-type:jwt-bearer", // RFC 7523 section 2.1
                GrantType.REFRESH_TOKEN, "refresh_token", // RFC 6749 section 6
                GrantType.AUTHORIZATION_CODE, "authorization_code", // RFC 6749 section 4.1.3
                GrantType.CLIENT_CREDENTIALS, "client_credentials")); // RFC 6749 section 4.4.2
    }

    @Test
    void whenTokenTypesListedThenEachValueIsTheSpecificationUri() {
        Map<TokenType, String> values = Arrays.stream(TokenType.values())
                .collect(Collectors.toMap(t -> t, TokenType::value));

        assertThat(values).containsExactlyInAnyOrderEntriesOf(Map.of(
                TokenType.ID_TOKEN, "urn:ietf:params:oauth:token-type:id_token", // RFC 8693 section 3
                TokenType.SAML2, "urn:ietf:params:oauth:token-type:saml2", // RFC 8693 section 3
                TokenType.REFRESH_TOKEN, "urn:ietf:params:oauth:token-type:refresh_token", // RFC 8693 section 3
                TokenType.ACCESS_TOKEN, "urn:ietf:params:oauth:token-type:access_token", // RFC 8693 section 3
                TokenType.ID_JAG, "urn:ietf:params:oauth:token-type:id-jag")); // ID-JAG draft section 9
    }

    @Test
    void whenXaaIdentifiersReadThenEachIsTheSpecificationString() {
        assertThat(XaaIdentifiers.ID_JAG_GRANT_PROFILE).isEqualTo("urn:ietf:params:oauth:grant-profile:id-jag");
        assertThat(XaaIdentifiers.ID_JAG_JWT_TYPE).isEqualTo("oauth-id-jag+jwt");
        assertThat(XaaIdentifiers.ACCESS_TOKEN_JWT_TYPE).isEqualTo("at+jwt"); // RFC 9068 section 2.1
        assertThat(XaaIdentifiers.CLIENT_ASSERTION_TYPE_JWT_BEARER)
                .isEqualTo("urn:ietf:params:oauth:client-assertion-type:jwt-bearer"); // RFC 7523 section 2.2
        assertThat(XaaIdentifiers.MCP_EXTENSION_ID).isEqualTo("io.modelcontextprotocol/enterprise-managed-authorization");
        assertThat(XaaIdentifiers.TOKEN_TYPE_NOT_APPLICABLE).isEqualTo("N_A"); // RFC 8693 section 2.2.1
        assertThat(XaaIdentifiers.TOKEN_TYPE_BEARER).isEqualTo("Bearer"); // RFC 6750 section 4
    }

    @ParameterizedTest
    @EnumSource(GrantType.class)
    void whenGrantTypeValueLookedUpThenSameConstantAndToStringIsTheValue(GrantType type) {
        assertThat(GrantType.fromValue(type.value())).contains(type);
        assertThat(type).hasToString(type.value());
    }

    @ParameterizedTest
    @EnumSource(TokenType.class)
    void whenTokenTypeValueLookedUpThenSameConstantAndToStringIsTheValue(TokenType type) {
        assertThat(TokenType.fromValue(type.value())).contains(type);
        assertThat(type).hasToString(type.value());
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"JWT_BEARER", "jwt-bearer", "URN:IETF:PARAMS:OAUTH:GRANT-TYPE:JWT-BEARER",
        "urn:ietf:params:oauth:grant-type:jwt-bearer ", "urn:ietf:params:oauth:token-type:id-jag", "implicit"})
    void whenGrantTypeValueIsNotExactThenEmpty(String value) {
        assertThat(GrantType.fromValue(value)).isEmpty();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"ID_JAG", "id-jag", "URN:IETF:PARAMS:OAUTH:TOKEN-TYPE:ID-JAG", " urn:ietf:params:oauth:token-type:id-jag",
        "urn:ietf:params:oauth:token-type:jwt", "urn:ietf:params:oauth:grant-type:token-exchange"})
    void whenTokenTypeValueIsNotExactThenEmpty(String value) {
        assertThat(TokenType.fromValue(value)).isEmpty();
    }
}
