package dev.xaa4j.idp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.xaa4j.core.InsecureEndpointException;
import dev.xaa4j.server.RegisteredClient;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IdentityProviderBuilderTest {

    private static final String ISSUER = "https://idp.example";

    @Test
    void whenIssuerIsPlainHttpOnANonLoopbackHostThenRefused() {
        assertThatExceptionOfType(InsecureEndpointException.class)
                .isThrownBy(() -> IdentityProvider.builder("http://idp.example"));
        assertThat(IdentityProvider.builder("http://127.0.0.1:8080").build().issuer()).isEqualTo("http://127.0.0.1:8080");
    }

    @Test
    void whenIssuerHasAQueryThenRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> IdentityProvider.builder(ISSUER + "?x=1"));
    }

    @Test
    void whenRuleNamesAnUnregisteredClientThenBuildFails() {
        IdentityProvider.Builder b = IdentityProvider.builder(ISSUER)
                .allow(new PolicyRule("ghost", "https://as", null, "g", Set.of()));
        assertThatIllegalArgumentException().isThrownBy(b::build).withMessageContaining("ghost");
    }

    @Test
    void whenTwoRulesShareClientAudienceAndResourceThenBuildFails() {
        IdentityProvider.Builder b = IdentityProvider.builder(ISSUER)
                .client(RegisteredClient.withSecret("c", "s"))
                .allow(new PolicyRule("c", "https://as", "https://mcp/x", "a", Set.of()))
                .allow(new PolicyRule("c", "https://as", "https://mcp/x/", "b", Set.of()));
        assertThatIllegalArgumentException().isThrownBy(b::build);
    }

    @Test
    void whenAllowedUserIsNotConfiguredThenBuildFails() {
        IdentityProvider.Builder b = IdentityProvider.builder(ISSUER)
                .client(RegisteredClient.withSecret("c", "s"))
                .allowUsers("c", List.of("nobody"));
        assertThatIllegalArgumentException().isThrownBy(b::build);
    }

    @Test
    void whenIssuerHasAPathThenEndpointsAreUnderIt() {
        IdentityProvider idp = IdentityProvider.builder(ISSUER + "/tenant1").build();
        assertThat(idp.tokenEndpoint()).isEqualTo(ISSUER + "/tenant1/token");
        assertThat(idp.authorizationEndpoint()).isEqualTo(ISSUER + "/tenant1/authorize");
        assertThat(idp.jwksUri()).isEqualTo(ISSUER + "/tenant1/jwks");
    }

    @Test
    void whenUnknownUserOrClientIsMintedForThenRefused() {
        IdentityProvider idp = Fixtures.standard(IdentityProvider.builder(ISSUER)).build();
        assertThatIllegalArgumentException().isThrownBy(() -> idp.issueIdToken("nobody", Fixtures.CLIENT));
        assertThatIllegalArgumentException().isThrownBy(() -> idp.issueIdToken("alice", "nobody"));
    }

    @Test
    void whenTokensAreMintedThenToStringShowsNeither() {
        IdentityProvider idp = Fixtures.standard(IdentityProvider.builder(ISSUER)).build();
        IssuedIdToken issued = idp.issueIdToken("alice", Fixtures.CLIENT, true);
        assertThat(issued.toString()).doesNotContain(issued.idToken()).doesNotContain(issued.refreshToken());
    }

    @Test
    void whenAClientUsesPrivateKeyJwtThenTheMetadataListsAssertionAlgorithms() throws Exception {
        ECKey key = new ECKeyGenerator(Curve.P_256).keyID("k").generate();
        IdentityProvider idp = IdentityProvider.builder(ISSUER)
                .client(RegisteredClient.withPublicKeys("pkj", new JWKSet(key.toPublicJWK())))
                .build();
        assertThat(idp.metadataJson()).contains("\"token_endpoint_auth_signing_alg_values_supported\"")
                .contains("private_key_jwt");
    }
}
