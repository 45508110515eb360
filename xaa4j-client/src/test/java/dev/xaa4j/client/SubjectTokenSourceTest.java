package dev.xaa4j.client;

import static dev.xaa4j.client.Fixtures.CLIENT_SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import dev.xaa4j.client.XaaClientException.Reason;
import dev.xaa4j.client.XaaClientException.Step;
import dev.xaa4j.core.OAuthError;
import dev.xaa4j.core.TokenType;
import dev.xaa4j.testing.MutableClock;
import dev.xaa4j.testing.TestHttpServer;
import dev.xaa4j.testing.TestHttpServer.RecordedRequest;
import dev.xaa4j.testing.TestHttpServer.Response;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SubjectTokenSourceTest {

    static final Instant START = Instant.parse("2026-06-17T10:00:00Z");

    static final String SAML = "PHNhbWw6QXNzZXJ0aW9uPg";
    static final XaaClientException REFUSED = XaaClientException.of(Step.TOKEN_EXCHANGE, Reason.OAUTH_ERROR,
            "the IdP token endpoint answered invalid_grant (HTTP 400)", OAuthError.invalidGrant("expired"), 400, null);

    private TestHttpServer idp;
    private TokenExchangeClient client;
    private final MutableClock clock = new MutableClock(START);

    @BeforeEach
    void start() {
        idp = TestHttpServer.start();
        client = Fixtures.tokenExchange(idp, ClientAuthentication.clientSecretBasic("agent", CLIENT_SECRET));
    }

    @AfterEach
    void stop() {
        idp.close();
    }

    /** An unsigned ID token that expires this many seconds after the test clock's start (the client never verifies it). */
    static String idToken(String name, long expiresAfterStart) {
        return new PlainJWT(new JWTClaimsSet.Builder().subject("alice").claim("name", name)
                .expirationTime(Date.from(START.plusSeconds(expiresAfterStart))).build()).serialize();
    }

    static String refreshResponse(String idToken, String rotatedRefreshToken) {
        return "{\"access_token\":\"idp-at\",\"token_type\":\"Bearer\",\"id_token\":\"" + idToken + "\""
                + (rotatedRefreshToken == null ? "" : ",\"refresh_token\":\"" + rotatedRefreshToken + "\"") + "}";
    }

    @Test
    void whenTheStaticIdTokenIsRejectedThenTheSessionHasEnded() {
        SubjectTokenSource source = SubjectTokenSource.staticIdToken("id-token-1");
        assertThat(source.current()).isEqualTo(SubjectToken.idToken("id-token-1"));

        source.subjectUnusable(SubjectToken.idToken("another"), REFUSED);
        assertThat(source.current()).isEqualTo(SubjectToken.idToken("id-token-1"));

        source.subjectUnusable(SubjectToken.idToken("id-token-1"), REFUSED);
        assertThatExceptionOfType(SsoSessionEndedException.class).isThrownBy(source::current)
                .satisfies(e -> {
                    assertThat(e.reason()).isEqualTo(Reason.SSO_SESSION_ENDED);
                    assertThat(e.step()).isEqualTo(Step.TOKEN_EXCHANGE);
                    assertThat(e.getCause()).isSameAs(REFUSED);
                    assertThat(e.oauthError()).map(OAuthError::code).contains("invalid_grant");
                })
                .withMessageContaining("sign the user in again")
                .withMessageNotContaining("id-token-1");
    }

    @Test
    void whenSourcesHoldTheSameCredentialThenTheyShareASubjectKeyThatIsNotTheCredential() {
        SubjectTokenSource a = SubjectTokenSource.staticIdToken("id-token-1");

        assertThat(a.subjectKey()).isEqualTo(SubjectTokenSource.staticIdToken("id-token-1").subjectKey())
                .isNotEqualTo(SubjectTokenSource.staticIdToken("id-token-2").subjectKey())
                .isNotEqualTo(SubjectTokenSource.idpRefreshToken("id-token-1").subjectKey())
                .doesNotContain("id-token-1")
                .startsWith("sha256:");
        assertThat(a.toString()).doesNotContain("id-token-1");
    }

    @Test
    void whenTheHostSuppliesTokensThenEachCallAsksAndEachSourceHasItsOwnKey() {
        AtomicInteger asked = new AtomicInteger();
        SubjectTokenSource source = SubjectTokenSource.supplier(() -> SubjectToken.idToken("sso-" + asked.incrementAndGet()));

        assertThat(source.current().token()).isEqualTo("sso-1");
        source.subjectUnusable(SubjectToken.idToken("sso-1"), REFUSED);
        assertThat(source.current().token()).isEqualTo("sso-2");
        assertThat(source.subjectKey()).isNotEqualTo(SubjectTokenSource.supplier(() -> null).subjectKey());
        assertThat(SubjectTokenSource.supplier("session-42", () -> null).subjectKey()).isEqualTo("session-42");
    }

    @Test
    void whenTheIdTokenIsFarFromExpiryThenTheRefreshingSourceDoesNotCallTheIdp() {
        String idToken = idToken("first", 600);
        SubjectTokenSource source = SubjectTokenSource.refreshing(client, idToken, "rt-1", clock);

        clock.atSecond(539);
        assertThat(source.current()).isEqualTo(SubjectToken.idToken(idToken));
        assertThat(idp.requests()).isEmpty();
    }

    @Test
    void whenTheIdTokenNearsExpiryThenItIsRenewedWithTheRefreshTokenAndARotatedOneReplacesIt() {
        String second = idToken("second", 1200);
        String third = idToken("third", 1800);
        SubjectTokenSource source = SubjectTokenSource.refreshing(client, idToken("first", 600), "rt-1", clock);

        idp.json("/token", 200, refreshResponse(second, "rt-2"));
        clock.atSecond(540);
        assertThat(source.current()).isEqualTo(SubjectToken.idToken(second));

        idp.json("/token", 200, refreshResponse(third, null));
        clock.atSecond(1140);
        assertThat(source.current()).isEqualTo(SubjectToken.idToken(third));

        assertThat(idp.requests()).extracting(r -> r.formParam("grant_type")).containsOnly("refresh_token");
        assertThat(idp.requests()).extracting(r -> r.formParam("refresh_token")).containsExactly("rt-1", "rt-2");
        assertThat(idp.requests()).extracting(r -> r.header("Authorization")).allMatch(h -> h.startsWith("Basic "));
        assertThat(source.subjectKey()).isEqualTo(SubjectTokenSource.refreshing(client, "other", "rt-1").subjectKey());
    }

    @Test
    void whenTheIdpRejectedTheIdTokenThenTheRefreshingSourceRenewsItBeforeExpiry() {
        String first = idToken("first", 600);
        String second = idToken("second", 1200);
        SubjectTokenSource source = SubjectTokenSource.refreshing(client, first, "rt-1", clock);
        idp.json("/token", 200, refreshResponse(second, null));

        source.subjectUnusable(SubjectToken.idToken(first), REFUSED);

        assertThat(source.current()).isEqualTo(SubjectToken.idToken(second));
        assertThat(idp.requests()).hasSize(1);
    }

    @Test
    void whenTheIdpRefusesTheRefreshTokenThenTheSessionHasEndedForGood() {
        SubjectTokenSource source = SubjectTokenSource.refreshing(client, idToken("first", 600), "rt-1", clock);
        idp.json("/token", 400, "{\"error\":\"invalid_grant\",\"error_description\":\"session revoked\"}");
        clock.atSecond(600);

        assertThatExceptionOfType(SsoSessionEndedException.class).isThrownBy(source::current)
                .satisfies(e -> {
                    assertThat(e.step()).isEqualTo(Step.ID_TOKEN_REFRESH);
                    assertThat(e.getCause()).isInstanceOf(IdTokenRefreshException.class);
                })
                .withMessageContaining("SSO session ended").withMessageNotContaining("rt-1");
        assertThatExceptionOfType(SsoSessionEndedException.class).isThrownBy(source::current);
        assertThat(idp.requests()).hasSize(1);
    }

    @Test
    void whenTheRefreshFailsForAnotherReasonThenItIsNotTheEndOfTheSessionAndIsTriedAgain() {
        String second = idToken("second", 1200);
        SubjectTokenSource source = SubjectTokenSource.refreshing(client, idToken("first", 600), "rt-1", clock);
        idp.route("POST", "/token", request -> Response.text(500, "text/html", "<h1>down</h1>"));
        clock.atSecond(600);

        assertThatExceptionOfType(IdTokenRefreshException.class).isThrownBy(source::current)
                .satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.HTTP_STATUS));

        idp.route("POST", "/token", request -> Response.json(200, refreshResponse(second, null)));
        assertThat(source.current()).isEqualTo(SubjectToken.idToken(second));
    }

    @Test
    void whenTheIdTokenIsNotAJwtThenItIsRenewedOnlyWhenRejected() {
        SubjectTokenSource source = SubjectTokenSource.refreshing(client, "opaque-id-token", "rt-1", clock);
        clock.atSecond(365L * 24 * 3600);

        assertThat(source.current()).isEqualTo(SubjectToken.idToken("opaque-id-token"));
        assertThat(idp.requests()).isEmpty();
    }

    @Test
    void whenTheIdpRefreshTokenIsTheSubjectThenItIsSentAsSuchUntilRejected() {
        SubjectTokenSource source = SubjectTokenSource.idpRefreshToken("rt-1");

        assertThat(source.current()).isEqualTo(new SubjectToken("rt-1", TokenType.REFRESH_TOKEN));
        source.subjectUnusable(source.current(), REFUSED);
        assertThatExceptionOfType(SsoSessionEndedException.class).isThrownBy(source::current)
                .withMessageContaining("IdP refresh token");
    }

    @Test
    void whenTheSubjectIsASamlAssertionThenItIsExchangedOnceForAnIdpRefreshToken() {
        idp.json("/token", 200, "{\"access_token\":\"rt-from-saml\",\"issued_token_type\":"
                + "\"urn:ietf:params:oauth:token-type:refresh_token\",\"token_type\":\"N_A\"}");
        SubjectTokenSource source = SubjectTokenSource.saml(client, SAML);

        assertThat(source.current()).isEqualTo(SubjectToken.refreshToken("rt-from-saml"));
        assertThat(source.current()).isEqualTo(SubjectToken.refreshToken("rt-from-saml"));

        RecordedRequest exchange = idp.requests().get(0);
        assertThat(idp.requests()).hasSize(1);
        assertThat(exchange.formParam("subject_token")).isEqualTo(SAML);
        assertThat(exchange.formParam("subject_token_type")).isEqualTo(TokenType.SAML2.value());
        assertThat(exchange.formParam("requested_token_type")).isEqualTo(TokenType.REFRESH_TOKEN.value());

        source.subjectUnusable(SubjectToken.refreshToken("rt-from-saml"), REFUSED);
        assertThatExceptionOfType(SsoSessionEndedException.class).isThrownBy(source::current)
                .withMessageContaining("IdP refresh token");
        assertThat(idp.requests()).hasSize(1);
    }

    @Test
    void whenTheIdpRefusesTheSamlAssertionThenTheSessionHasEnded() {
        idp.json("/token", 400, "{\"error\":\"invalid_grant\"}");
        SubjectTokenSource source = SubjectTokenSource.saml(client, SAML);

        assertThatExceptionOfType(SsoSessionEndedException.class).isThrownBy(source::current)
                .satisfies(e -> assertThat(e.step()).isEqualTo(Step.SAML_EXCHANGE))
                .withMessageContaining("SAML assertion").withMessageNotContaining(SAML);
        assertThatExceptionOfType(SsoSessionEndedException.class).isThrownBy(source::current);
        assertThat(idp.requests()).hasSize(1);
    }

    @Test
    void whenTheSamlExchangeFailsForAnotherReasonThenItIsTriedAgain() {
        idp.route("POST", "/token", request -> Response.status(503));
        SubjectTokenSource source = SubjectTokenSource.saml(client, SAML);

        assertThatExceptionOfType(TokenExchangeException.class).isThrownBy(source::current);
        idp.route("POST", "/token", request -> Response.json(200, "{\"access_token\":\"rt-from-saml\","
                + "\"issued_token_type\":\"urn:ietf:params:oauth:token-type:refresh_token\"}"));
        assertThat(source.current()).isEqualTo(SubjectToken.refreshToken("rt-from-saml"));
        assertThat(idp.requests()).extracting(r -> r.formParam("subject_token")).containsExactly(SAML, SAML);
    }

    @Test
    void whenSourcesAreBuiltWithoutTheirPartsThenRefused() {
        assertThatExceptionOfType(NullPointerException.class).isThrownBy(() -> SubjectTokenSource.refreshing(null, "a", "b"));
        assertThatExceptionOfType(IllegalArgumentException.class)
                .isThrownBy(() -> SubjectTokenSource.refreshing(client, "a", ""));
        assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> SubjectTokenSource.saml(client, ""));
        assertThatExceptionOfType(NullPointerException.class).isThrownBy(() -> SubjectTokenSource.supplier(null));
        assertThat(List.of(SubjectTokenSource.staticIdToken("x").current().type())).containsExactly(TokenType.ID_TOKEN);
    }
}
