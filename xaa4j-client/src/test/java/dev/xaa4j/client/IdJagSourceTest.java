package dev.xaa4j.client;

import static dev.xaa4j.client.Fixtures.AUDIENCE;
import static dev.xaa4j.client.Fixtures.CLIENT_SECRET;
import static dev.xaa4j.client.Fixtures.ID_JAG;
import static dev.xaa4j.client.Fixtures.RESOURCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.xaa4j.client.XaaClientException.Reason;
import dev.xaa4j.testing.TestHttpServer;
import dev.xaa4j.testing.TestHttpServer.Response;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IdJagSourceTest {

    static final IdJagRequest REQUEST = new IdJagRequest(AUDIENCE, RESOURCE, Set.of("chat.read"));
    static final String INVALID_GRANT = "{\"error\":\"invalid_grant\",\"error_description\":\"subject token expired\"}";

    private TestHttpServer idp;
    private TokenExchangeClient client;

    @BeforeEach
    void start() {
        idp = TestHttpServer.start();
        client = Fixtures.tokenExchange(idp, ClientAuthentication.clientSecretBasic("agent", CLIENT_SECRET));
    }

    @AfterEach
    void stop() {
        idp.close();
    }

    /** The IdP answers these responses in turn. */
    private void answers(Response... responses) {
        AtomicInteger next = new AtomicInteger();
        idp.route("POST", "/token", request -> responses[Math.min(next.getAndIncrement(), responses.length - 1)]);
    }

    @Test
    void whenAskedThenItExchangesTheSubjectTokenForTheRequestedAudienceResourceAndScope() {
        answers(Response.json(200, Fixtures.idJagResponse()));

        IdJag idJag = IdJagSource.tokenExchange(client, SubjectTokenSource.staticIdToken("id-1")).get(REQUEST);

        assertThat(idJag.token()).isEqualTo(ID_JAG);
        TestHttpServer.RecordedRequest sent = idp.requests().get(0);
        assertThat(sent.formParam("audience")).isEqualTo(AUDIENCE);
        assertThat(sent.formParam("resource")).isEqualTo(RESOURCE);
        assertThat(sent.formParam("scope")).isEqualTo("chat.read");
        assertThat(sent.formParam("subject_token")).isEqualTo("id-1");
    }

    @Test
    void whenTheIdpRejectsTheSubjectTokenThenTheSourceRenewsItAndTheExchangeIsTriedOnceMore() {
        answers(Response.json(400, INVALID_GRANT), Response.json(200, Fixtures.idJagResponse()));
        AtomicInteger issued = new AtomicInteger();
        SubjectTokenSource sso = SubjectTokenSource.supplier(() -> SubjectToken.idToken("id-" + issued.incrementAndGet()));

        IdJag idJag = IdJagSource.tokenExchange(client, sso).get(REQUEST);

        assertThat(idJag.token()).isEqualTo(ID_JAG);
        assertThat(idp.requests()).extracting(r -> r.formParam("subject_token")).containsExactly("id-1", "id-2");
    }

    @Test
    void whenTheRenewedSubjectTokenIsRejectedTooThenTheRefusalIsThrownWithoutAThirdTry() {
        answers(Response.json(400, INVALID_GRANT));
        AtomicInteger issued = new AtomicInteger();
        SubjectTokenSource sso = SubjectTokenSource.supplier(() -> SubjectToken.idToken("id-" + issued.incrementAndGet()));

        assertThatExceptionOfType(TokenExchangeException.class)
                .isThrownBy(() -> IdJagSource.tokenExchange(client, sso).get(REQUEST))
                .satisfies(e -> assertThat(e.isSubjectTokenUnusable()).isTrue());
        assertThat(idp.requests()).hasSize(2);
    }

    @Test
    void whenTheSourceHasNoOtherTokenThenTheSessionHasEndedWithoutSendingTheSameTokenAgain() {
        answers(Response.json(400, INVALID_GRANT));
        SubjectTokenSource sameEveryTime = SubjectTokenSource.supplier(() -> SubjectToken.idToken("id-1"));

        assertThatExceptionOfType(SsoSessionEndedException.class)
                .isThrownBy(() -> IdJagSource.tokenExchange(client, sameEveryTime).get(REQUEST))
                .satisfies(e -> assertThat(e.getCause()).isInstanceOf(TokenExchangeException.class));
        assertThatExceptionOfType(SsoSessionEndedException.class)
                .isThrownBy(() -> IdJagSource.tokenExchange(client, SubjectTokenSource.staticIdToken("id-1")).get(REQUEST))
                .satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.SSO_SESSION_ENDED));
        assertThat(idp.requests()).hasSize(2);
    }

    @Test
    void whenTheIdpRefusesForAnotherReasonThenNothingIsRetried() {
        answers(Response.json(400, "{\"error\":\"invalid_target\"}"));

        assertThatExceptionOfType(TokenExchangeException.class)
                .isThrownBy(() -> IdJagSource.tokenExchange(client, SubjectTokenSource.staticIdToken("id-1")).get(REQUEST))
                .satisfies(e -> assertThat(e.oauthError()).map(o -> o.code()).contains("invalid_target"));
        assertThat(idp.requests()).hasSize(1);
    }

    @Test
    void whenTheSourceIsTokenExchangeThenItsCacheKeyNamesTheIdpAndTheUser() {
        SubjectTokenSource subject = SubjectTokenSource.staticIdToken("id-1");
        IdJagSource unknownIssuer = IdJagSource.tokenExchange(client, subject);
        IdJagSource knownIssuer = IdJagSource.tokenExchange(
                TokenExchangeClient.builder(idp.url("/token"), ClientAuthentication.none("agent"))
                        .issuer("https://idp.example").build(), subject);

        assertThat(unknownIssuer.idpIssuer()).isEqualTo(idp.url("/token").toString());
        assertThat(knownIssuer.idpIssuer()).isEqualTo("https://idp.example");
        assertThat(knownIssuer.subjectKey()).isEqualTo(subject.subjectKey());
        IdJagSource callback = request -> null;
        assertThat(List.of(String.valueOf(callback.idpIssuer()), String.valueOf(callback.subjectKey())))
                .containsExactly("null", "null");
    }

    @Test
    void whenARequestHasAnInvalidScopeThenItIsRefused() {
        assertThatExceptionOfType(IllegalArgumentException.class)
                .isThrownBy(() -> new IdJagRequest(AUDIENCE, RESOURCE, Set.of("bad scope")));
        assertThatExceptionOfType(IllegalArgumentException.class)
                .isThrownBy(() -> new IdJagRequest("", RESOURCE, Set.of()));
    }
}
