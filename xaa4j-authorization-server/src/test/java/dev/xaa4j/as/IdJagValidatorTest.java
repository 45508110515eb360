package dev.xaa4j.as;

import static dev.xaa4j.as.StandardAs.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.Base64URL;
import dev.xaa4j.core.OAuthException;
import dev.xaa4j.core.XaaIdentifiers;
import dev.xaa4j.server.AuthenticatedClient;
import dev.xaa4j.server.RegisteredClient;
import dev.xaa4j.server.SigningKeys;
import dev.xaa4j.server.TokenEndpointAuthMethod;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The validator without servlets: configuration rules, the algorithm allow-list, sharing across threads, redaction. */
class IdJagValidatorTest {

    private static final String ISSUER = "https://as.example.com";

    private static final AuthenticatedClient CLIENT = new AuthenticatedClient(IdJagFixture.CLIENT_ID,
            TokenEndpointAuthMethod.CLIENT_SECRET_BASIC, RegisteredClient.withSecret(IdJagFixture.CLIENT_ID, "secret"));

    private static IdJagValidator.Builder builder(TestIdp idp) {
        return IdJagValidator.builder(ISSUER, TrustedIssuers.builder().jwkSet(idp.issuer(), idp.publicKeys()).build())
                .resource(IdJagFixture.RESOURCE, StandardAs.SCOPES)
                .clock(StandardAs.CLOCK);
    }

    @Test
    void whenValidatedWithoutServletsThenGrantContextIsReturned() {
        try (TestIdp idp = TestIdp.start("idp")) {
            IdJagValidator validator = builder(idp).build();

            GrantContext granted = validator.validate(new IdJagGrantRequest(
                    IdJagFixture.valid(idp, ISSUER, NOW).serialize(), CLIENT, null, null));

            assertThat(granted.resource()).isEqualTo(IdJagFixture.RESOURCE);
            assertThat(granted.scope()).containsExactly("tools.read", "tools.write");
            assertThat(granted.subject()).isEqualTo(IdJagFixture.SUBJECT);
        }
    }

    @Test
    void whenThreePartAssertionHasAJweOrNoneHeaderThenInvalidGrantNamingWhy() {
        try (TestIdp idp = TestIdp.start("idp")) {
            IdJagValidator validator = builder(idp).build();
            String valid = IdJagFixture.valid(idp, ISSUER, NOW).serialize();
            String rest = valid.substring(valid.indexOf('.'));
            String jweHeader = Base64URL.encode("{\"alg\":\"RSA-OAEP-256\",\"enc\":\"A256GCM\",\"typ\":\""
                    + XaaIdentifiers.ID_JAG_JWT_TYPE + "\"}").toString();
            String noneHeader = Base64URL.encode("{\"alg\":\"none\",\"typ\":\"" + XaaIdentifiers.ID_JAG_JWT_TYPE
                    + "\"}").toString();
            String notJson = Base64URL.encode("not json").toString();

            assertThat(refusal(validator, jweHeader + rest)).isEqualTo("assertion is not a compact JWS");
            assertThat(refusal(validator, noneHeader + rest)).isEqualTo("ID-JAG alg 'none' is not allowed");
            assertThat(refusal(validator, notJson + rest)).isEqualTo("assertion is not a compact JWS (unreadable header)");
        }
    }

    private static String refusal(IdJagValidator validator, String assertion) {
        try {
            validator.validate(new IdJagGrantRequest(assertion, CLIENT, null, null));
        } catch (OAuthException e) {
            assertThat(e.error().code()).isEqualTo("invalid_grant");
            return e.error().description();
        }
        throw new AssertionError("accepted");
    }

    @Test
    void whenAllowListIsNarrowedThenOtherAsymmetricAlgorithmsAreRejected() {
        try (TestIdp idp = TestIdp.start("idp")) {
            IdJagValidator validator = builder(idp).algorithms(Set.of("ES256")).build();
            String rs256 = IdJagFixture.valid(idp, ISSUER, NOW).rsa(idp.rsaKey).serialize();

            assertThatExceptionOfType(OAuthException.class)
                    .isThrownBy(() -> validator.validate(new IdJagGrantRequest(rs256, CLIENT, null, null)))
                    .satisfies(e -> {
                        assertThat(e.error().code()).isEqualTo("invalid_grant");
                        assertThat(e.error().description()).contains("alg is not an allowed asymmetric algorithm");
                        assertThat(e.getMessage()).doesNotContain(rs256);
                    });
        }
    }

    @Test
    void whenTheFacadeNarrowsTheAlgorithmsThenItsValidatorRejectsTheOthers() {
        try (TestIdp idp = TestIdp.start("idp")) {
            AuthorizationServer as = AuthorizationServer.builder(ISSUER, dev.xaa4j.server.SigningKeys.generate("ES256"),
                            TrustedIssuers.builder().jwkSet(idp.issuer(), idp.publicKeys()).build())
                    .client(RegisteredClient.withSecret(IdJagFixture.CLIENT_ID, "secret"))
                    .resource(IdJagFixture.RESOURCE, Set.of())
                    .clock(java.time.Clock.fixed(NOW, java.time.ZoneOffset.UTC))
                    .algorithms(Set.of("ES256"))
                    .build();
            String rs256 = IdJagFixture.valid(idp, ISSUER, NOW).rsa(idp.rsaKey).serialize();
            assertThatExceptionOfType(OAuthException.class)
                    .isThrownBy(() -> as.validator().validate(new IdJagGrantRequest(rs256, CLIENT, null, null)))
                    .satisfies(e -> assertThat(e.error().description()).contains("alg is not an allowed asymmetric algorithm"));
            assertThatIllegalArgumentException().isThrownBy(() -> AuthorizationServer.builder(ISSUER,
                    dev.xaa4j.server.SigningKeys.generate("ES256"),
                    TrustedIssuers.builder().jwkSet(idp.issuer(), idp.publicKeys()).build()).algorithms(Set.of("HS256")));
        }
    }

    @Test
    void whenAlgorithmsIncludeHmacOrNoneThenBuilderRefuses() {
        try (TestIdp idp = TestIdp.start("idp")) {
            assertThatIllegalArgumentException().isThrownBy(() -> builder(idp).algorithms(Set.of("ES256", "HS256")));
            assertThatIllegalArgumentException().isThrownBy(() -> builder(idp).algorithms(Set.of("none")));
            assertThatIllegalArgumentException().isThrownBy(() -> builder(idp).algorithms(Set.of()));
        }
    }

    @Test
    void whenServerTrustsItsOwnIssuerThenBuilderRefuses() {
        TrustedIssuers trusted = TrustedIssuers.builder()
                .jwkSet(ISSUER, new JWKSet(TestIdp.ecKey("k").toPublicJWK())).build();

        assertThatIllegalArgumentException().isThrownBy(() -> IdJagValidator.builder(ISSUER, trusted));
    }

    @Test
    void whenNoResourceIsConfiguredThenBuildRefuses() {
        try (TestIdp idp = TestIdp.start("idp")) {
            TrustedIssuers trusted = TrustedIssuers.builder().jwkSet(idp.issuer(), idp.publicKeys()).build();

            assertThatIllegalStateException().isThrownBy(() -> IdJagValidator.builder(ISSUER, trusted).build());
        }
    }

    @Test
    void whenTwoResourcesAreTheSameThenBuildRefuses() {
        try (TestIdp idp = TestIdp.start("idp")) {
            assertThatIllegalArgumentException().isThrownBy(() ->
                    builder(idp).resource(IdJagFixture.RESOURCE + "/", List.of()).build());
        }
    }

    @Test
    void whenAuthorizationServerHasNoClientThenBuildRefuses() {
        try (TestIdp idp = TestIdp.start("idp")) {
            AuthorizationServer.Builder b = AuthorizationServer.builder(ISSUER, SigningKeys.generate("ES256"),
                    TrustedIssuers.builder().jwkSet(idp.issuer(), idp.publicKeys()).build())
                    .resource(IdJagFixture.RESOURCE, List.of());

            assertThatIllegalStateException().isThrownBy(b::build);
        }
    }

    @Test
    void whenSharedByManyThreadsThenEachIdJagIsAcceptedExactlyOnce() throws Exception {
        try (TestIdp idp = TestIdp.start("idp")) {
            IdJagValidator validator = builder(idp).build();
            List<String> assertions = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                assertions.add(IdJagFixture.valid(idp, ISSUER, NOW).serialize());
            }
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<Boolean>> results = new ArrayList<>();
                for (int round = 0; round < 4; round++) {
                    for (String assertion : assertions) {
                        results.add(pool.submit(() -> {
                            try {
                                validator.validate(new IdJagGrantRequest(assertion, CLIENT, null, null));
                                return true;
                            } catch (OAuthException e) {
                                return false;
                            }
                        }));
                    }
                }
                long accepted = 0;
                for (Future<Boolean> r : results) {
                    accepted += r.get(10, TimeUnit.SECONDS) ? 1 : 0;
                }
                assertThat(accepted).isEqualTo(50);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void whenValuesAreShownThenNoTokenAppears() {
        try (TestIdp idp = TestIdp.start("idp")) {
            String assertion = IdJagFixture.valid(idp, ISSUER, NOW).serialize();
            IdJagGrantRequest request = new IdJagGrantRequest(assertion, CLIENT, Set.of("tools.read"), null);
            GrantContext granted = builder(idp).build().validate(request);
            AccessTokenIssuer.AccessToken token = new AccessTokenIssuer(ISSUER, SigningKeys.generate("ES256"),
                    AccessTokenIssuer.DEFAULT_LIFETIME, StandardAs.CLOCK).issue(granted);

            assertThat(request.toString()).doesNotContain(assertion).doesNotContain(assertion.split("\\.")[2]);
            assertThat(granted.toString()).doesNotContain(assertion.split("\\.")[2]);
            assertThat(token.toString()).doesNotContain(token.value()).doesNotContain(token.value().split("\\.")[2]);
        }
    }
}
