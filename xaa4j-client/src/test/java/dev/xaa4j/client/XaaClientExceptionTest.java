package dev.xaa4j.client;

import static dev.xaa4j.client.Fixtures.AUDIENCE;
import static dev.xaa4j.client.Fixtures.CLIENT_SECRET;
import static dev.xaa4j.client.Fixtures.ID_TOKEN;
import static dev.xaa4j.client.Fixtures.RESOURCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.xaa4j.client.XaaClientException.Reason;
import dev.xaa4j.client.XaaClientException.Step;
import dev.xaa4j.core.OAuthError;
import dev.xaa4j.core.XaaException;
import dev.xaa4j.testing.TestHttpServer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class XaaClientExceptionTest {

    @ParameterizedTest
    @CsvSource({
        "DISCOVERY, DiscoveryException",
        "IDP_DISCOVERY, DiscoveryException",
        "TOKEN_EXCHANGE, TokenExchangeException",
        "SAML_EXCHANGE, TokenExchangeException",
        "ID_TOKEN_REFRESH, IdTokenRefreshException",
        "JWT_BEARER, JwtBearerException"})
    void whenCreatedForAStepThenItIsThatStepsTypeAndAnXaaException(Step step, String type) {
        XaaClientException e = XaaClientException.of(step, Reason.TIMEOUT, "detail", null, 0, null);

        assertThat(e.getClass().getSimpleName()).isEqualTo(type);
        assertThat(e).isInstanceOf(XaaException.class);
        assertThat(e.step()).isEqualTo(step);
        assertThat(e.getMessage()).isEqualTo(step.label() + " failed: detail");
        assertThat(e.httpStatus()).isEmpty();
        assertThat(e.oauthError()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Step.class)
    void whenIdpRejectsTheCredentialThenOnlyIdpStepsCallTheSubjectTokenUnusable(Step step) {
        boolean idpCredentialStep = step == Step.TOKEN_EXCHANGE || step == Step.SAML_EXCHANGE || step == Step.ID_TOKEN_REFRESH;
        for (String code : List.of("invalid_grant", "invalid_request")) {
            XaaClientException e = XaaClientException.of(step, Reason.OAUTH_ERROR, "x", OAuthError.of(code, null), 400, null);
            assertThat(e.isSubjectTokenUnusable()).as(step + " " + code).isEqualTo(idpCredentialStep);
        }
        for (String code : List.of("invalid_client", "invalid_target", "access_denied", "server_error")) {
            XaaClientException e = XaaClientException.of(step, Reason.OAUTH_ERROR, "x", OAuthError.of(code, null), 400, null);
            assertThat(e.isSubjectTokenUnusable()).as(step + " " + code).isFalse();
        }
        assertThat(XaaClientException.of(step, Reason.TIMEOUT, "x", null, 0, null).isSubjectTokenUnusable()).isFalse();
    }

    @Test
    void whenServerDescriptionIsLongWithControlCharactersThenItIsCleanedAndTruncated() {
        String description = "line one\r\nInjected: header\u0000\u001b[31m" + "d".repeat(500);
        try (TestHttpServer idp = TestHttpServer.start()) {
            idp.json("/token", 400, "{\"error\":\"invalid_grant\",\"error_description\":\""
                    + description.replace("\r", "\\r").replace("\n", "\\n").replace("\u0000", "\\u0000")
                            .replace("\u001b", "\\u001b") + "\"}");
            TokenExchangeClient client = Fixtures.tokenExchange(idp, ClientAuthentication.clientSecretBasic("a", CLIENT_SECRET));

            assertThatExceptionOfType(TokenExchangeException.class)
                    .isThrownBy(() -> client.requestIdJag(SubjectToken.idToken(ID_TOKEN), AUDIENCE, RESOURCE, List.of()))
                    .satisfies(e -> {
                        assertThat(e.getMessage()).doesNotContainPattern("[\\p{Cntrl}]")
                                .contains("line one  Injected: header").endsWith("...");
                        assertThat(e.getMessage().length()).isLessThan(400);
                        String kept = e.oauthError().orElseThrow().description();
                        assertThat(kept).hasSize(203).doesNotContainPattern("[\\p{Cntrl}]");
                        assertThat(e.toString()).doesNotContain(ID_TOKEN, CLIENT_SECRET);
                    });
        }
    }

    @Test
    void whenRedactingThenEveryRunOfACredentialGoesAndTheRestIsKept() {
        String token = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl";
        OAuthError echo = OAuthError.of("invalid_grant", "token " + token.substring(5, 40) + " and s3cret-pw refused");
        IllegalStateException cause = new IllegalStateException("cause");
        XaaClientException e = XaaClientException.of(Step.TOKEN_EXCHANGE, Reason.OAUTH_ERROR, "answered "
                + echo.description(), echo, 400, cause);

        XaaClientException redacted = e.redacting(List.of(token, "s3cret-pw"));

        assertThat(redacted.getMessage()).isEqualTo("token exchange failed: answered token [redacted] and [redacted] refused");
        assertThat(redacted.oauthError().orElseThrow().description()).isEqualTo("token [redacted] and [redacted] refused");
        assertThat(redacted).isInstanceOf(TokenExchangeException.class);
        assertThat(redacted.reason()).isEqualTo(Reason.OAUTH_ERROR);
        assertThat(redacted.httpStatus()).hasValue(400);
        assertThat(redacted.getCause()).isSameAs(cause);
        assertThat(redacted.getStackTrace()).isEqualTo(e.getStackTrace());
        assertThat(e.redacting(List.of("not-in-the-message"))).isSameAs(e);
    }
}
