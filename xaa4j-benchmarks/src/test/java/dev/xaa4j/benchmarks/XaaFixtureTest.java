package dev.xaa4j.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.nimbusds.jwt.SignedJWT;
import dev.xaa4j.as.AuthorizationServer;
import dev.xaa4j.core.OAuthError;
import dev.xaa4j.core.OAuthException;
import dev.xaa4j.server.InMemoryReplayStore;
import dev.xaa4j.server.TokenEndpointRequest;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The benchmarks measure the success path: every pooled ID-JAG is granted once, and only once. */
class XaaFixtureTest {

    private static final String ISSUER = "https://as.bench.example";

    @ParameterizedTest
    @ValueSource(strings = {"ES256", "RS256"})
    void whenPooledIdJagIsRedeemedThenGrantedOnceAndReplayRefused(String alg) {
        XaaFixture fixture = XaaFixture.create(alg);
        AuthorizationServer as = fixture.authorizationServer(ISSUER, new InMemoryReplayStore());
        String[] pool = fixture.idJags(ISSUER, 4, Instant.now());
        for (String idJag : pool) {
            Map<String, Object> response = as.grantHandler().handle(
                    TokenEndpointRequest.parse(XaaFixture.grantForm(idJag), XaaFixture.basicAuthorization()));
            assertThat(response).containsEntry("token_type", "Bearer").containsEntry("scope", "tools.read tools.write");
        }
        assertThatExceptionOfType(OAuthException.class)
                .isThrownBy(() -> as.grantHandler().handle(
                        TokenEndpointRequest.parse(XaaFixture.grantForm(pool[0]), XaaFixture.basicAuthorization())))
                .extracting(e -> e.error().code()).isEqualTo(OAuthError.INVALID_GRANT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ES256", "RS256"})
    void whenPoolIsSignedThenEveryJtiIsDistinctAndRawVerifierAcceptsIt(String alg) throws Exception {
        XaaFixture fixture = XaaFixture.create(alg);
        String[] pool = fixture.idJags(ISSUER, 50, Instant.now());
        assertThat(Arrays.stream(pool).map(XaaFixtureTest::jti).distinct()).hasSize(50);
        for (String idJag : pool) {
            SignedJWT jwt = SignedJWT.parse(idJag);
            assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo(alg);
            assertThat(fixture.idpVerifier().verify(jwt.getHeader(), jwt.getSigningInput(), jwt.getSignature())).isTrue();
        }
    }

    private static String jti(String idJag) {
        try {
            return SignedJWT.parse(idJag).getJWTClaimsSet().getJWTID();
        } catch (java.text.ParseException e) {
            throw new IllegalStateException(e);
        }
    }
}
