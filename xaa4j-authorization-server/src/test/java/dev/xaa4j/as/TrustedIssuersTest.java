package dev.xaa4j.as;

import static dev.xaa4j.as.StandardAs.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import dev.xaa4j.as.AsTestServer.Reply;
import dev.xaa4j.core.InsecureEndpointException;
import dev.xaa4j.testing.TestHttpServer;
import java.net.URI;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Key sources of trusted issuers (PROTOCOL.md section 4 item 4, section 7): remote JWK sets cached, refetched on an unknown
 * kid at a bounded rate; fixed keys; keys found through metadata with an exact issuer match; bounded, redirect-free fetches.
 */
class TrustedIssuersTest {

    private TestIdp idp;

    @BeforeEach
    void startIdp() {
        idp = TestIdp.start("idp");
    }

    @AfterEach
    void stopIdp() {
        idp.close();
    }

    private static AsTestServer serverTrusting(TrustedIssuers trusted) {
        return AsTestServer.start(issuer -> StandardAs.builder(issuer, trusted).build());
    }

    private Reply grant(AsTestServer server, Consumer<IdJagFixture> change) {
        IdJagFixture f = IdJagFixture.valid(idp, server.as.issuer(), NOW);
        change.accept(f);
        return server.grant(f.serialize());
    }

    private static void signWith(IdJagFixture f, ECKey key) {
        f.signingKey = key;
        f.header = IdJagFixture.header(JWSAlgorithm.ES256, key.getKeyID());
    }

    private static void assertServerError(Reply reply) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(500);
        assertThat(reply.error()).isEqualTo("server_error");
        assertThat(reply.description()).contains("keys of the ID-JAG issuer could not be retrieved");
    }

    @Test
    void whenSeveralGrantsArriveThenTheJwksIsFetchedOnce() {
        try (AsTestServer server = serverTrusting(StandardAs.trusting(idp))) {
            for (int i = 0; i < 3; i++) {
                assertThat(grant(server, f -> { }).status()).isEqualTo(200);
            }
        }

        assertThat(idp.jwksFetches()).isEqualTo(1);
    }

    @Test
    void whenKidIsUnknownThenJwksIsRefetchedOnceAndTheGrantFails() {
        try (AsTestServer server = serverTrusting(StandardAs.trusting(idp))) {
            assertThat(grant(server, f -> { }).status()).isEqualTo(200);
            assertThat(idp.jwksFetches()).isEqualTo(1);

            Reply reply = grant(server, f -> signWith(f, TestIdp.ecKey("not-published")));

            assertThat(idp.jwksFetches()).isEqualTo(2);
            assertThat(reply.status()).isEqualTo(400);
            assertThat(reply.error()).isEqualTo("invalid_grant");
            assertThat(reply.description()).contains("no key of the ID-JAG issuer");
        }
    }

    @Test
    void whenUnknownKidsRepeatWithinTheIntervalThenTheRateLimitStopsFetchesAndGrantsStillFail() {
        try (AsTestServer server = serverTrusting(StandardAs.trusting(idp))) {
            grant(server, f -> { });
            grant(server, f -> signWith(f, TestIdp.ecKey("unknown-1")));

            Reply third = grant(server, f -> signWith(f, TestIdp.ecKey("unknown-2")));
            Reply fourth = grant(server, f -> signWith(f, TestIdp.ecKey("unknown-3")));

            assertThat(idp.jwksFetches()).isEqualTo(2);
            assertThat(third.error()).isEqualTo("invalid_grant");
            assertThat(fourth.error()).isEqualTo("invalid_grant");
        }
    }

    @Test
    void whenIdpRotatesToANewKeyThenTheNewKidIsFetchedAndAccepted() {
        try (AsTestServer server = serverTrusting(StandardAs.trusting(idp))) {
            assertThat(grant(server, f -> { }).status()).isEqualTo(200);
            ECKey rotated = TestIdp.ecKey("idp-ec-2");
            idp.publish(rotated, idp.ecKey);

            Reply reply = grant(server, f -> signWith(f, rotated));

            assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
            assertThat(idp.jwksFetches()).isEqualTo(2);
        }
    }

    @Test
    void whenKeysAreFixedThenTheyVerifyWithoutAnyFetch() {
        TrustedIssuers trusted = TrustedIssuers.builder().jwkSet(idp.issuer(), idp.publicKeys()).build();
        try (AsTestServer server = serverTrusting(trusted)) {
            assertThat(grant(server, f -> { }).status()).isEqualTo(200);
            assertThat(grant(server, f -> signWith(f, TestIdp.ecKey("unknown"))).error()).isEqualTo("invalid_grant");
        }

        assertThat(idp.jwksFetches()).isZero();
    }

    @Test
    void whenIssuerIsDiscoveredThenTheJwksUriOfItsMetadataIsUsed() {
        idp.serveMetadata(idp.issuer());
        try (AsTestServer server = serverTrusting(TrustedIssuers.builder().discovered(idp.issuer()).build())) {
            assertThat(grant(server, f -> { }).status()).isEqualTo(200);
            assertThat(grant(server, f -> { }).status()).isEqualTo(200);
        }

        assertThat(idp.server.requests("/.well-known/openid-configuration")).hasSize(1);
        assertThat(idp.jwksFetches()).isEqualTo(1);
    }

    @Test
    void whenDiscoveredMetadataNamesAnotherIssuerThenServerErrorAndNoKeysAreFetched() {
        idp.serveMetadata(idp.issuer() + "/other");
        try (AsTestServer server = serverTrusting(TrustedIssuers.builder().discovered(idp.issuer()).build())) {
            assertServerError(grant(server, f -> { }));
        }

        assertThat(idp.jwksFetches()).isZero();
    }

    @Test
    void whenDiscoveryFailedRecentlyThenItIsNotRetriedAtOnce() {
        try (AsTestServer server = serverTrusting(TrustedIssuers.builder().discovered(idp.issuer()).build())) {
            assertServerError(grant(server, f -> { }));
            int tried = idp.server.requests().size();

            assertServerError(grant(server, f -> { }));

            assertThat(tried).isEqualTo(2);
            assertThat(idp.server.requests()).hasSize(tried);
        }
    }

    @Test
    void whenJwksAnswers404ThenServerError() {
        TrustedIssuers trusted = TrustedIssuers.builder().jwksUri(idp.issuer(), idp.server.url("/missing")).build();
        try (AsTestServer server = serverTrusting(trusted)) {
            assertServerError(grant(server, f -> { }));
        }
    }

    @Test
    void whenJwksRedirectsThenTheRedirectIsNotFollowed() {
        idp.server.route("GET", "/moved", req -> TestHttpServer.Response.status(302).header("Location", idp.jwksUri().toString()));
        TrustedIssuers trusted = TrustedIssuers.builder().jwksUri(idp.issuer(), idp.server.url("/moved")).build();
        try (AsTestServer server = serverTrusting(trusted)) {
            assertServerError(grant(server, f -> { }));
        }

        assertThat(idp.jwksFetches()).isZero();
    }

    @Test
    void whenJwksIsLargerThanTheLimitThenServerError() {
        JWK[] many = new JWK[12];
        for (int i = 0; i < many.length; i++) {
            many[i] = i == 0 ? idp.ecKey : TestIdp.ecKey("filler-" + i);
        }
        idp.publish(many);
        TrustedIssuers trusted = TrustedIssuers.builder().jwksUri(idp.issuer(), idp.jwksUri()).maxDocumentBytes(1024).build();
        try (AsTestServer server = serverTrusting(trusted)) {
            assertServerError(grant(server, f -> { }));
        }

        assertThat(idp.jwksFetches()).isEqualTo(1);
    }

    @Test
    void whenJwksUrlIsPlainHttpToANonLoopbackHostThenItIsRefused() {
        assertThatExceptionOfType(InsecureEndpointException.class).isThrownBy(() -> TrustedIssuers.builder()
                .jwksUri("https://idp.example.com", URI.create("http://idp.example.com/jwks")));
    }

    @Test
    void whenIssuerIsConfiguredTwiceThenItIsRefused() {
        TrustedIssuers.Builder builder = TrustedIssuers.builder().jwkSet(idp.issuer(), idp.publicKeys());

        assertThatIllegalArgumentException().isThrownBy(() -> builder.discovered(idp.issuer()));
    }

    @Test
    void whenIssuerIsNotAUrlWithoutFragmentThenItIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() ->
                TrustedIssuers.builder().jwkSet("https://idp.example.com#x", idp.publicKeys()));
        assertThatIllegalArgumentException().isThrownBy(() -> TrustedIssuers.builder().jwkSet("idp", idp.publicKeys()));
    }

    @Test
    void whenTrustedIssuersAreShownThenOnlyTheirNumberAppears() {
        TrustedIssuers trusted = StandardAs.trusting(idp);

        assertThat(trusted).hasToString("TrustedIssuers[1 issuer(s)]");
        assertThat(trusted.isTrusted(idp.issuer())).isTrue();
        assertThat(trusted.isTrusted(idp.issuer() + "/")).isFalse();
    }
}
