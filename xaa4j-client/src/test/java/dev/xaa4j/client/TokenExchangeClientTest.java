package dev.xaa4j.client;

import static dev.xaa4j.client.Fixtures.AUDIENCE;
import static dev.xaa4j.client.Fixtures.CLIENT_SECRET;
import static dev.xaa4j.client.Fixtures.ID_JAG;
import static dev.xaa4j.client.Fixtures.ID_TOKEN;
import static dev.xaa4j.client.Fixtures.REFRESH_TOKEN;
import static dev.xaa4j.client.Fixtures.RESOURCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.xaa4j.client.XaaClientException.Reason;
import dev.xaa4j.client.XaaClientException.Step;
import dev.xaa4j.core.OAuthError;
import dev.xaa4j.testing.TestHttpServer;
import dev.xaa4j.testing.TestHttpServer.RecordedRequest;
import dev.xaa4j.testing.TestHttpServer.Response;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TokenExchangeClientTest {

    private TestHttpServer idp;
    private TokenExchangeClient client;

    @BeforeEach
    void start() {
        idp = TestHttpServer.start();
        client = Fixtures.tokenExchange(idp, ClientAuthentication.clientSecretPost("agent", CLIENT_SECRET));
    }

    @AfterEach
    void stop() {
        idp.close();
    }

    private RecordedRequest onlyRequest() {
        assertThat(idp.requests()).hasSize(1);
        return idp.requests().get(0);
    }

    @Test
    void whenIdJagRequestedThenEveryParameterIsSentAsTheIdpReceivesIt() {
        idp.json("/token", 200, Fixtures.idJagResponse());

        IdJag idJag = client.requestIdJag(SubjectToken.idToken(ID_TOKEN), AUDIENCE, RESOURCE, List.of("chat.read", "chat.history"));

        RecordedRequest req = onlyRequest();
        assertThat(req.method()).isEqualTo("POST");
        assertThat(req.path()).isEqualTo("/token");
        assertThat(req.header("Content-Type")).isEqualTo("application/x-www-form-urlencoded");
        assertThat(req.header("Accept")).isEqualTo("application/json");
        assertThat(req.form().keySet()).containsExactly("grant_type", "requested_token_type", "audience", "resource",
                "scope", "subject_token", "subject_token_type", "client_id", "client_secret");
        assertThat(req.formParam("grant_type")).isEqualTo("urn:ietf:params:oauth:grant-type:token-exchange");
        assertThat(req.formParam("requested_token_type")).isEqualTo("urn:ietf:params:oauth:token-type:id-jag");
        assertThat(req.formParam("audience")).isEqualTo(AUDIENCE);
        assertThat(req.formParam("resource")).isEqualTo(RESOURCE);
        assertThat(req.formParam("scope")).isEqualTo("chat.read chat.history");
        assertThat(req.formParam("subject_token")).isEqualTo(ID_TOKEN);
        assertThat(req.formParam("subject_token_type")).isEqualTo("urn:ietf:params:oauth:token-type:id_token");
        assertThat(req.formParam("client_id")).isEqualTo("agent");
        assertThat(req.formParam("client_secret")).isEqualTo(CLIENT_SECRET);
        assertThat(idJag.token()).isEqualTo(ID_JAG);
        assertThat(idJag.expiresIn()).isEqualTo(Duration.ofSeconds(300));
        assertThat(idJag.scope()).containsExactly("chat.read");
    }

    @Test
    void whenSubjectIsSamlOrRefreshTokenThenItsTypeIsSent() {
        idp.json("/token", 200, Fixtures.idJagResponse());

        client.requestIdJag(SubjectToken.saml2("PHNhbWw-YXNzZXJ0aW9u"), AUDIENCE, RESOURCE, List.of());
        client.requestIdJag(SubjectToken.refreshToken(REFRESH_TOKEN), AUDIENCE, RESOURCE, List.of());

        assertThat(idp.requests()).extracting(r -> r.formParam("subject_token_type")).containsExactly(
                "urn:ietf:params:oauth:token-type:saml2", "urn:ietf:params:oauth:token-type:refresh_token");
        assertThat(idp.requests().get(1).formParam("subject_token")).isEqualTo(REFRESH_TOKEN);
    }

    @Test
    void whenNoScopeRequestedThenScopeIsNotSentAndGrantedScopeIsTheResponses() {
        idp.json("/token", 200, Fixtures.idJagResponse());

        IdJag idJag = client.requestIdJag(SubjectToken.idToken(ID_TOKEN), AUDIENCE, RESOURCE, List.of());

        assertThat(onlyRequest().form()).doesNotContainKey("scope");
        assertThat(idJag.scope()).containsExactly("chat.read");
    }

    @Test
    void whenResponseHasNoScopeThenGrantedScopeIsTheRequestedScope() {
        idp.json("/token", 200, """
                {"access_token":"%s","issued_token_type":"urn:ietf:params:oauth:token-type:id-jag","token_type":"N_A"}"""
                .formatted(ID_JAG));

        IdJag idJag = client.requestIdJag(SubjectToken.idToken(ID_TOKEN), AUDIENCE, RESOURCE, List.of("a", "b"));

        assertThat(idJag.scope()).containsExactly("a", "b");
        assertThat(idJag.expiresIn()).isNull();
    }

    @Test
    void whenResourceIsNullThenRequestIsRefusedBeforeSending() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> client.requestIdJag(SubjectToken.idToken(ID_TOKEN), AUDIENCE, null, List.of()))
                .withMessageContaining("resource is required");
        assertThat(idp.requests()).isEmpty();
    }

    @Test
    void whenOmittingResourceIsAllowedThenNoResourceIsSent() {
        idp.json("/token", 200, Fixtures.idJagResponse());
        TokenExchangeClient lenient = TokenExchangeClient.builder(idp.url("/token"), ClientAuthentication.none("agent"))
                .httpOptions(Fixtures.FAST).allowOmittingResource().build();

        lenient.requestIdJag(SubjectToken.idToken(ID_TOKEN), AUDIENCE, null, List.of());

        assertThat(onlyRequest().form()).doesNotContainKey("resource").containsKey("audience");
        assertThat(lenient.resourceRequired()).isFalse();
        assertThat(client.resourceRequired()).isTrue();
    }

    @Test
    void whenArgumentsAreInvalidThenIllegalArgumentAndNothingIsSent() {
        SubjectToken subject = SubjectToken.idToken(ID_TOKEN);
        assertThatIllegalArgumentException().isThrownBy(() -> client.requestIdJag(subject, "", RESOURCE, List.of()));
        assertThatIllegalArgumentException().isThrownBy(() -> client.requestIdJag(subject, AUDIENCE, "relative/path", List.of()));
        assertThatIllegalArgumentException().isThrownBy(() -> client.requestIdJag(subject, AUDIENCE, RESOURCE + "#f", List.of()));
        assertThatIllegalArgumentException().isThrownBy(() -> client.requestIdJag(subject, AUDIENCE, RESOURCE, List.of("a b")));
        assertThatIllegalArgumentException().isThrownBy(() -> SubjectToken.idToken(""));
        assertThat(idp.requests()).isEmpty();
    }

    @Test
    void whenIssuedTokenTypeIsWrongThenTypedErrorSaysSo() {
        idp.json("/token", 200, """
                {"access_token":"%s","issued_token_type":"urn:ietf:params:oauth:token-type:access_token","token_type":"Bearer"}"""
                .formatted(ID_JAG));

        assertThatExceptionOfType(TokenExchangeException.class)
                .isThrownBy(() -> client.requestIdJag(SubjectToken.idToken(ID_TOKEN), AUDIENCE, RESOURCE, List.of()))
                .satisfies(e -> {
                    assertThat(e.step()).isEqualTo(Step.TOKEN_EXCHANGE);
                    assertThat(e.reason()).isEqualTo(Reason.UNEXPECTED_TOKEN_TYPE);
                    assertThat(e.getMessage()).contains("issued_token_type", "token-type:access_token",
                            "expected urn:ietf:params:oauth:token-type:id-jag").doesNotContain(ID_JAG);
                    assertThat(e.isSubjectTokenUnusable()).isFalse();
                });
    }

    @Test
    void whenIssuedTokenTypeIsAbsentThenTypedError() {
        idp.json("/token", 200, "{\"access_token\":\"" + ID_JAG + "\",\"token_type\":\"N_A\"}");

        assertThatExceptionOfType(TokenExchangeException.class)
                .isThrownBy(() -> client.requestIdJag(SubjectToken.idToken(ID_TOKEN), AUDIENCE, RESOURCE, List.of()))
                .satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.UNEXPECTED_TOKEN_TYPE))
                .withMessageContaining("issued_token_type absent");
    }

    @Test
    void whenAccessTokenIsMissingThenInvalidResponse() {
        idp.json("/token", 200, "{\"issued_token_type\":\"urn:ietf:params:oauth:token-type:id-jag\",\"token_type\":\"N_A\"}");

        assertThatExceptionOfType(TokenExchangeException.class)
                .isThrownBy(() -> client.requestIdJag(SubjectToken.idToken(ID_TOKEN), AUDIENCE, RESOURCE, List.of()))
                .satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_RESPONSE))
                .withMessageContaining("'access_token'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"N_A", "n_a", "Bearer", "urn:example:other"})
    void whenTokenTypeIsAnyValueThenExchangeSucceeds(String tokenType) {
        idp.json("/token", 200, """
                {"access_token":"%s","issued_token_type":"urn:ietf:params:oauth:token-type:id-jag","token_type":"%s"}"""
                .formatted(ID_JAG, tokenType));

        assertThat(client.requestIdJag(SubjectToken.idToken(ID_TOKEN), AUDIENCE, RESOURCE, List.of()).token()).isEqualTo(ID_JAG);
    }

    @Test
    void whenTokenTypeIsAbsentThenExchangeSucceeds() {
        idp.json("/token", 200, """
                {"access_token":"%s","issued_token_type":"urn:ietf:params:oauth:token-type:id-jag"}""".formatted(ID_JAG));

        assertThat(client.requestIdJag(SubjectToken.idToken(ID_TOKEN), AUDIENCE, RESOURCE, List.of()).token()).isEqualTo(ID_JAG);
    }

    @Test
    void whenResponseCarriesRefreshTokenThenItIsIgnored() {
        idp.json("/token", 200, """
                {"access_token":"%s","issued_token_type":"urn:ietf:params:oauth:token-type:id-jag","token_type":"N_A",
                 "refresh_token":"%s"}""".formatted(ID_JAG, REFRESH_TOKEN));

        IdJag idJag = client.requestIdJag(SubjectToken.idToken(ID_TOKEN), AUDIENCE, RESOURCE, List.of());

        assertThat(idJag.token()).isEqualTo(ID_JAG);
        assertThat(idJag.toString()).doesNotContain(REFRESH_TOKEN);
    }

    @Test
    void whenExpiresInIsANumericStringThenItIsRead() {
        idp.json("/token", 200, """
                {"access_token":"%s","issued_token_type":"urn:ietf:params:oauth:token-type:id-jag","expires_in":"120"}"""
                .formatted(ID_JAG));

        assertThat(client.requestIdJag(SubjectToken.idToken(ID_TOKEN), AUDIENCE, RESOURCE, List.of()).expiresIn())
                .isEqualTo(Duration.ofSeconds(120));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-5", "\"soon\"", "1.5", "true"})
    void whenExpiresInIsNotANonNegativeIntegerThenInvalidResponse(String value) {
        idp.json("/token", 200, """
                {"access_token":"%s","issued_token_type":"urn:ietf:params:oauth:token-type:id-jag","expires_in":%s}"""
                .formatted(ID_JAG, value));

        assertThatExceptionOfType(TokenExchangeException.class)
                .isThrownBy(() -> client.requestIdJag(SubjectToken.idToken(ID_TOKEN), AUDIENCE, RESOURCE, List.of()))
                .satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_RESPONSE))
                .withMessageContaining("expires_in");
    }

    @ParameterizedTest
    @ValueSource(strings = {OAuthError.INVALID_GRANT, OAuthError.INVALID_REQUEST})
    void whenIdpRejectsSubjectTokenThenSubjectTokenUnusable(String code) {
        idp.json("/token", 400, "{\"error\":\"" + code + "\",\"error_description\":\"Audience validation failed\"}");

        assertThatExceptionOfType(TokenExchangeException.class)
                .isThrownBy(() -> client.requestIdJag(SubjectToken.idToken(ID_TOKEN), AUDIENCE, RESOURCE, List.of()))
                .satisfies(e -> {
                    assertThat(e.reason()).isEqualTo(Reason.OAUTH_ERROR);
                    assertThat(e.httpStatus()).hasValue(400);
                    assertThat(e.oauthError()).get().extracting(OAuthError::code, OAuthError::description)
                            .containsExactly(code, "Audience validation failed");
                    assertThat(e.isSubjectTokenUnusable()).isTrue();
                    assertThat(e.getMessage()).contains("token exchange failed", code, "HTTP 400", "Audience validation failed")
                            .doesNotContain(ID_TOKEN, CLIENT_SECRET);
                });
    }

    @Test
    void whenIdpAnswersInvalidClientThenErrorCarriesItAndTokenIsNotUnusable() {
        idp.route("POST", "/token", r -> Response.json(401, "{\"error\":\"invalid_client\"}")
                .header("WWW-Authenticate", "Basic realm=\"idp\""));

        assertThatExceptionOfType(TokenExchangeException.class)
                .isThrownBy(() -> client.requestIdJag(SubjectToken.idToken(ID_TOKEN), AUDIENCE, RESOURCE, List.of()))
                .satisfies(e -> {
                    assertThat(e.oauthError()).get().extracting(OAuthError::code).isEqualTo(OAuthError.INVALID_CLIENT);
                    assertThat(e.httpStatus()).hasValue(401);
                    assertThat(e.isSubjectTokenUnusable()).isFalse();
                });
    }

    @Test
    void whenServerFailsWithHtmlThenHttpStatusErrorWithoutTheBody() {
        idp.route("POST", "/token", r -> Response.text(500, "text/html", "<html><body>Internal stack trace here</body></html>"));

        assertThatExceptionOfType(TokenExchangeException.class)
                .isThrownBy(() -> client.requestIdJag(SubjectToken.idToken(ID_TOKEN), AUDIENCE, RESOURCE, List.of()))
                .satisfies(e -> {
                    assertThat(e.reason()).isEqualTo(Reason.HTTP_STATUS);
                    assertThat(e.httpStatus()).hasValue(500);
                    assertThat(e.oauthError()).isEmpty();
                    assertThat(e.getMessage()).contains("HTTP 500", "text/html").doesNotContain("stack trace");
                });
    }

    @Test
    void whenSuccessBodyIsEmptyThenInvalidResponse() {
        idp.route("POST", "/token", r -> Response.status(200));

        assertThatExceptionOfType(TokenExchangeException.class)
                .isThrownBy(() -> client.requestIdJag(SubjectToken.idToken(ID_TOKEN), AUDIENCE, RESOURCE, List.of()))
                .satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_RESPONSE))
                .withMessageContaining("not a JSON object");
    }

    @Test
    void whenSuccessBodyIsNotJsonThenInvalidResponse() {
        idp.route("POST", "/token", r -> Response.text(200, "text/plain", "access_token=" + ID_JAG));

        assertThatExceptionOfType(TokenExchangeException.class)
                .isThrownBy(() -> client.requestIdJag(SubjectToken.idToken(ID_TOKEN), AUDIENCE, RESOURCE, List.of()))
                .satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_RESPONSE))
                .withMessageNotContaining(ID_JAG);
    }

    @Test
    void whenSamlAssertionExchangedThenRefreshTokenIsRequestedWithOpenIdOfflineAccess() {
        idp.json("/token", 200, """
                {"access_token":"%s","issued_token_type":"urn:ietf:params:oauth:token-type:refresh_token",
                 "token_type":"N_A","expires_in":86400}""".formatted(REFRESH_TOKEN));

        IdpRefreshToken refresh = client.exchangeSamlAssertion("PHNhbWw6QXNzZXJ0aW9uPg");

        RecordedRequest req = onlyRequest();
        assertThat(req.form().keySet()).containsExactly("grant_type", "requested_token_type", "scope", "subject_token",
                "subject_token_type", "client_id", "client_secret");
        assertThat(req.formParam("grant_type")).isEqualTo("urn:ietf:params:oauth:grant-type:token-exchange");
        assertThat(req.formParam("requested_token_type")).isEqualTo("urn:ietf:params:oauth:token-type:refresh_token");
        assertThat(req.formParam("scope")).isEqualTo("openid offline_access");
        assertThat(req.formParam("subject_token")).isEqualTo("PHNhbWw6QXNzZXJ0aW9uPg");
        assertThat(req.formParam("subject_token_type")).isEqualTo("urn:ietf:params:oauth:token-type:saml2");
        assertThat(refresh.token()).isEqualTo(REFRESH_TOKEN);
        assertThat(refresh.expiresIn()).isEqualTo(Duration.ofDays(1));
        assertThat(refresh.scope()).containsExactly("openid", "offline_access");
        assertThat(refresh.asSubjectToken()).isEqualTo(SubjectToken.refreshToken(REFRESH_TOKEN));
    }

    @Test
    void whenSamlExchangeReturnsAnotherTokenTypeThenTypedError() {
        idp.json("/token", 200, Fixtures.idJagResponse());

        assertThatExceptionOfType(TokenExchangeException.class)
                .isThrownBy(() -> client.exchangeSamlAssertion("PHNhbWw6QXNzZXJ0aW9uPg"))
                .satisfies(e -> {
                    assertThat(e.step()).isEqualTo(Step.SAML_EXCHANGE);
                    assertThat(e.reason()).isEqualTo(Reason.UNEXPECTED_TOKEN_TYPE);
                })
                .withMessageContaining("expected urn:ietf:params:oauth:token-type:refresh_token");
    }

    @Test
    void whenSamlAssertionIsRawXmlThenRefusedBeforeSending() {
        assertThatIllegalArgumentException().isThrownBy(() -> client.exchangeSamlAssertion("<saml:Assertion/>"))
                .withMessageContaining("base64url");
        assertThat(idp.requests()).isEmpty();
    }

    @Test
    void whenIdTokenRefreshedThenRefreshGrantIsSentAndNewTokensReturned() {
        idp.json("/token", 200, """
                {"access_token":"idp-at","token_type":"Bearer","id_token":"%s","refresh_token":"rotated-%s","scope":"openid"}"""
                .formatted(ID_TOKEN, REFRESH_TOKEN));

        RefreshedIdToken refreshed = client.refreshIdToken(REFRESH_TOKEN, List.of("openid"));

        RecordedRequest req = onlyRequest();
        assertThat(req.form().keySet()).containsExactly("grant_type", "refresh_token", "scope", "client_id", "client_secret");
        assertThat(req.formParam("grant_type")).isEqualTo("refresh_token");
        assertThat(req.formParam("refresh_token")).isEqualTo(REFRESH_TOKEN);
        assertThat(req.formParam("scope")).isEqualTo("openid");
        assertThat(refreshed.idToken()).isEqualTo(ID_TOKEN);
        assertThat(refreshed.rotatedRefreshToken()).hasValue("rotated-" + REFRESH_TOKEN);
        assertThat(refreshed.asSubjectToken()).isEqualTo(SubjectToken.idToken(ID_TOKEN));
        assertThat(refreshed.toString()).doesNotContain(ID_TOKEN, REFRESH_TOKEN, "idp-at");
    }

    @Test
    void whenRefreshWithoutScopeAndWithoutRotationThenNoScopeSentAndNoNewRefreshToken() {
        idp.json("/token", 200, "{\"access_token\":\"idp-at\",\"token_type\":\"Bearer\",\"id_token\":\"" + ID_TOKEN + "\"}");

        RefreshedIdToken refreshed = client.refreshIdToken(REFRESH_TOKEN, List.of());

        assertThat(onlyRequest().form()).doesNotContainKey("scope");
        assertThat(refreshed.rotatedRefreshToken()).isEmpty();
    }

    @Test
    void whenRefreshResponseHasNoIdTokenThenInvalidResponse() {
        idp.json("/token", 200, "{\"access_token\":\"idp-at\",\"token_type\":\"Bearer\"}");

        assertThatExceptionOfType(IdTokenRefreshException.class)
                .isThrownBy(() -> client.refreshIdToken(REFRESH_TOKEN, List.of()))
                .satisfies(e -> {
                    assertThat(e.step()).isEqualTo(Step.ID_TOKEN_REFRESH);
                    assertThat(e.reason()).isEqualTo(Reason.INVALID_RESPONSE);
                })
                .withMessageContaining("'id_token'");
    }

    @Test
    void whenRefreshTokenIsRejectedThenIdTokenRefreshExceptionSaysUnusable() {
        idp.json("/token", 400, "{\"error\":\"invalid_grant\",\"error_description\":\"refresh token expired\"}");

        assertThatExceptionOfType(IdTokenRefreshException.class)
                .isThrownBy(() -> client.refreshIdToken(REFRESH_TOKEN, List.of()))
                .satisfies(e -> assertThat(e.isSubjectTokenUnusable()).isTrue())
                .withMessageNotContaining(REFRESH_TOKEN);
    }

    @Test
    void whenBuiltFromIdpMetadataThenTokenEndpointAndIssuerComeFromIt() {
        idp.json("/.well-known/openid-configuration", 200, """
                {"issuer":"%s","token_endpoint":"%s"}""".formatted(idp.baseUrl(), idp.url("/oauth2/token")));
        idp.json("/oauth2/token", 200, Fixtures.idJagResponse());

        TokenExchangeClient discovered = TokenExchangeClient.fromIssuer(idp.baseUrl(), ClientAuthentication.none("agent"))
                .httpOptions(Fixtures.FAST).build();
        discovered.requestIdJag(SubjectToken.idToken(ID_TOKEN), AUDIENCE, RESOURCE, List.of());

        assertThat(discovered.tokenEndpoint()).isEqualTo(idp.url("/oauth2/token"));
        assertThat(discovered.issuer()).hasValue(idp.baseUrl());
        assertThat(idp.requests()).extracting(RecordedRequest::path)
                .containsExactly("/.well-known/openid-configuration", "/oauth2/token");
    }

    @Test
    void whenTargetIsDiscoveredThenAudienceResourceAndScopesComeFromIt() {
        idp.json("/token", 200, Fixtures.idJagResponse());
        McpServerAuthorization target = new McpServerAuthorization(java.net.URI.create(RESOURCE),
                java.net.URI.create("https://mcp.chat.example/.well-known/oauth-protected-resource/mcp"),
                dev.xaa4j.core.ProtectedResourceMetadata.of(RESOURCE, List.of(AUDIENCE), List.of("chat.read")),
                dev.xaa4j.core.AuthorizationServerMetadata.parse(
                        "{\"issuer\":\"" + AUDIENCE + "\",\"token_endpoint\":\"https://auth.chat.example/token\"}"),
                IdJagSupport.PROFILE_ADVERTISED, java.util.Set.of("chat.write"));

        client.requestIdJag(SubjectToken.idToken(ID_TOKEN), target);

        RecordedRequest req = onlyRequest();
        assertThat(req.formParam("audience")).isEqualTo(AUDIENCE);
        assertThat(req.formParam("resource")).isEqualTo(RESOURCE);
        assertThat(req.formParam("scope")).isEqualTo("chat.write");
    }

    @Test
    void whenToStringThenNoSecretIsShown() {
        assertThat(client.toString()).contains("client_secret_post", "agent").doesNotContain(CLIENT_SECRET);
        assertThat(SubjectToken.idToken(ID_TOKEN).toString()).doesNotContain(ID_TOKEN);
        assertThat(new IdJag(ID_JAG, Duration.ofSeconds(1), java.util.Set.of("s")).toString()).doesNotContain(ID_JAG);
        assertThat(new IdpRefreshToken(REFRESH_TOKEN, null, null).toString()).doesNotContain(REFRESH_TOKEN);
    }
}
