package dev.xaa4j.idp;

import static dev.xaa4j.idp.IdpServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.xaa4j.core.AuthorizationServerMetadata;
import dev.xaa4j.core.GrantType;
import dev.xaa4j.core.TokenType;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DiscoveryTest {

    private static IdpServer server;

    @BeforeAll
    static void start() throws Exception {
        server = IdpServer.start(Fixtures::standard);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    @SuppressWarnings("unchecked")
    void whenOpenidConfigurationIsFetchedThenItAdvertisesEveryMember() throws Exception {
        HttpResponse<String> response = server.get(server.url("/.well-known/openid-configuration"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("application/json"));
        Map<String, Object> doc = json(response);
        assertThat(doc).containsEntry("issuer", server.issuer)
                .containsEntry("authorization_endpoint", server.issuer + "/authorize")
                .containsEntry("token_endpoint", server.issuer + "/token")
                .containsEntry("jwks_uri", server.issuer + "/jwks")
                .containsEntry("identity_chaining_requested_token_types_supported", List.of(TokenType.ID_JAG.value()))
                .containsEntry("response_types_supported", List.of("code"))
                .containsEntry("subject_types_supported", List.of("public"))
                .containsEntry("id_token_signing_alg_values_supported", List.of("ES256"))
                .containsEntry("code_challenge_methods_supported", List.of("S256"))
                .containsEntry("authorization_response_iss_parameter_supported", true);
        assertThat((List<Object>) doc.get("grant_types_supported")).containsExactlyInAnyOrder(
                GrantType.TOKEN_EXCHANGE.value(), GrantType.REFRESH_TOKEN.value(), GrantType.AUTHORIZATION_CODE.value());
        assertThat((List<Object>) doc.get("token_endpoint_auth_methods_supported")).containsExactlyInAnyOrder(
                "client_secret_basic", "client_secret_post", "none");
        assertThat((List<Object>) doc.get("scopes_supported")).contains("openid", "offline_access");
        assertThat(doc).doesNotContainKey("token_endpoint_auth_signing_alg_values_supported");

        AuthorizationServerMetadata parsed = AuthorizationServerMetadata.parse(response.body());
        assertThat(parsed.supportsGrantType(GrantType.TOKEN_EXCHANGE)).isTrue();
    }

    @Test
    void whenRfc8414LocationIsFetchedThenTheSameDocument() throws Exception {
        HttpResponse<String> oidc = server.get(server.url("/.well-known/openid-configuration"));
        HttpResponse<String> oauth = server.get(server.url("/.well-known/oauth-authorization-server"));
        assertThat(oauth.statusCode()).isEqualTo(200);
        assertThat(json(oauth)).isEqualTo(json(oidc));
    }

    @Test
    void whenJwksIsFetchedThenItHoldsThePublicSigningKeyOnly() throws Exception {
        JWKSet set = server.jwks();
        assertThat(set.getKeys()).hasSize(1);
        JWK key = set.getKeys().get(0);
        assertThat(key.getKeyID()).isEqualTo(server.idp.signingKeys().activeKeyId());
        assertThat(key.isPrivate()).isFalse();
        assertThat(server.get(server.url("/jwks")).body()).doesNotContain("\"d\"");
    }

    @Test
    void whenKeysRotateThenIdTokensSignedBeforeStillExchange() throws Exception {
        try (IdpServer idp = IdpServer.start(Fixtures::standard)) {
            String before = idp.idp.issueIdToken("alice", Fixtures.CLIENT);
            idp.idp.signingKeys().rotate();
            assertThat(idp.jwks().getKeys()).hasSize(2);
            assertThat(idp.token(Fixtures.exchange(before), Fixtures.CLIENT_BASIC).statusCode()).isEqualTo(200);
        }
    }
}
