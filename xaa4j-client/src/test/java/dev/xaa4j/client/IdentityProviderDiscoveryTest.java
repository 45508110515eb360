package dev.xaa4j.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.xaa4j.client.XaaClientException.Reason;
import dev.xaa4j.client.XaaClientException.Step;
import dev.xaa4j.core.AuthorizationServerMetadata;
import dev.xaa4j.testing.TestHttpServer;
import dev.xaa4j.testing.TestHttpServer.RecordedRequest;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdentityProviderDiscoveryTest {

    private TestHttpServer idp;
    private IdentityProviderDiscovery discovery;

    @BeforeEach
    void start() {
        idp = TestHttpServer.start();
        discovery = IdentityProviderDiscovery.create(Fixtures.FAST);
    }

    @AfterEach
    void stop() {
        idp.close();
    }

    private String metadata(String issuer) {
        return "{\"issuer\":\"" + issuer + "\",\"token_endpoint\":\"" + issuer + "/oauth2/token\","
                + "\"identity_chaining_requested_token_types_supported\":[\"urn:ietf:params:oauth:token-type:id-jag\"]}";
    }

    private List<String> paths() {
        return idp.requests().stream().map(RecordedRequest::path).toList();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void whenIssuerHasAPathThenOpenIdAppendedLocationComesFirst(int answering) {
        String issuer = idp.baseUrl() + "/tenant";
        List<String> locations = List.of("/tenant/.well-known/openid-configuration",
                "/.well-known/oauth-authorization-server/tenant", "/.well-known/openid-configuration/tenant");
        idp.json(locations.get(answering), 200, metadata(issuer));

        AuthorizationServerMetadata found = discovery.discover(issuer);

        assertThat(found.tokenEndpoint()).isEqualTo(issuer + "/oauth2/token");
        assertThat(paths()).containsExactlyElementsOf(locations.subList(0, answering + 1));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void whenIssuerHasNoPathThenOpenIdConfigurationComesFirst(int answering) {
        List<String> locations = List.of("/.well-known/openid-configuration", "/.well-known/oauth-authorization-server");
        idp.json(locations.get(answering), 200, metadata(idp.baseUrl()));

        discovery.discover(idp.baseUrl());

        assertThat(paths()).containsExactlyElementsOf(locations.subList(0, answering + 1));
    }

    @Test
    void whenIssuerDiffersThenIssuerMismatchInIdpDiscovery() {
        idp.json("/.well-known/openid-configuration", 200, metadata(idp.baseUrl() + "/"));

        assertThatExceptionOfType(DiscoveryException.class)
                .isThrownBy(() -> discovery.discover(idp.baseUrl()))
                .satisfies(e -> {
                    assertThat(e.step()).isEqualTo(Step.IDP_DISCOVERY);
                    assertThat(e.reason()).isEqualTo(Reason.ISSUER_MISMATCH);
                    assertThat(e.getMessage()).startsWith("IdP discovery failed");
                });
    }

    @Test
    void whenNothingIsFoundThenFromIssuerBuildFails() {
        TokenExchangeClient.Builder builder = TokenExchangeClient.fromIssuer(idp.baseUrl(), ClientAuthentication.none("a"))
                .httpOptions(Fixtures.FAST);

        assertThatExceptionOfType(DiscoveryException.class).isThrownBy(builder::build)
                .satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.METADATA_NOT_FOUND));
    }

    @Test
    void whenIssuerHasAQueryThenIllegalArgument() {
        assertThatIllegalArgumentException().isThrownBy(() -> discovery.discover(idp.baseUrl() + "?x=1"));
    }
}
