package dev.xaa4j.client;

import static dev.xaa4j.client.Fixtures.ACCESS_TOKEN;
import static dev.xaa4j.client.Fixtures.CLIENT_SECRET;
import static dev.xaa4j.client.Fixtures.ID_JAG;
import static dev.xaa4j.client.Fixtures.REFRESH_TOKEN;
import static dev.xaa4j.client.Fixtures.RESOURCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.xaa4j.client.XaaClientException.Reason;
import dev.xaa4j.client.XaaClientException.Step;
import dev.xaa4j.core.AuthorizationServerMetadata;
import dev.xaa4j.core.OAuthError;
import dev.xaa4j.testing.TestHttpServer;
import dev.xaa4j.testing.TestHttpServer.RecordedRequest;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JwtBearerClientTest {

    private TestHttpServer as;
    private JwtBearerClient client;

    @BeforeEach
    void start() {
        as = TestHttpServer.start();
        client = Fixtures.jwtBearer(as, ClientAuthentication.clientSecretBasic("f53f191f9311af35", CLIENT_SECRET));
    }

    @AfterEach
    void stop() {
        as.close();
    }

    private RecordedRequest onlyRequest() {
        assertThat(as.requests()).hasSize(1);
        return as.requests().get(0);
    }

    @Test
    void whenIdJagRedeemedThenEveryParameterIsSentAsTheServerReceivesIt() {
        as.json("/token", 200, Fixtures.bearerResponse());

        AccessToken token = client.requestAccessToken(ID_JAG, List.of("chat.read", "chat.history"), RESOURCE);

        RecordedRequest req = onlyRequest();
        assertThat(req.method()).isEqualTo("POST");
        assertThat(req.header("Content-Type")).isEqualTo("application/x-www-form-urlencoded");
        assertThat(req.header("Accept")).isEqualTo("application/json");
        assertThat(req.header("Authorization")).startsWith("Basic ");
        assertThat(req.form().keySet()).containsExactly("grant_type", "assertion", "scope", "resource");
        assertThat(req.formParam("grant_type")).isEqualTo("urn:ietf:params:oauth:grant-type:jwt-bearer");
        assertThat(req.formParam("assertion")).isEqualTo(ID_JAG);
        assertThat(req.formParam("scope")).isEqualTo("chat.read chat.history");
        assertThat(req.formParam("resource")).isEqualTo(RESOURCE);
        assertThat(token.token()).isEqualTo(ACCESS_TOKEN);
        assertThat(token.expiresIn()).isEqualTo(Duration.ofSeconds(900));
        assertThat(token.scope()).containsExactly("chat.read");
        assertThat(token.authorizationHeaderValue()).isEqualTo("Bearer " + ACCESS_TOKEN);
    }

    @Test
    void whenIdJagRecordRedeemedThenOnlyGrantTypeAndAssertionAreSent() {
        as.json("/token", 200, "{\"access_token\":\"" + ACCESS_TOKEN + "\",\"token_type\":\"Bearer\"}");

        AccessToken token = client.requestAccessToken(new IdJag(ID_JAG, Duration.ofSeconds(300), Set.of("chat.read")));

        assertThat(onlyRequest().form().keySet()).containsExactly("grant_type", "assertion");
        assertThat(token.expiresIn()).isNull();
        assertThat(token.scope()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bearer", "bearer", "BEARER"})
    void whenTokenTypeIsBearerInAnyCaseThenAccepted(String tokenType) {
        as.json("/token", 200, "{\"access_token\":\"" + ACCESS_TOKEN + "\",\"token_type\":\"" + tokenType + "\"}");

        assertThat(client.requestAccessToken(ID_JAG, List.of(), null).token()).isEqualTo(ACCESS_TOKEN);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"DPoP\"", "\"N_A\"", "\"mac\"", "7"})
    void whenTokenTypeIsNotBearerThenRejected(String tokenType) {
        as.json("/token", 200, "{\"access_token\":\"" + ACCESS_TOKEN + "\",\"token_type\":" + tokenType + "}");

        assertThatExceptionOfType(JwtBearerException.class)
                .isThrownBy(() -> client.requestAccessToken(ID_JAG, List.of(), null))
                .satisfies(e -> {
                    assertThat(e.step()).isEqualTo(Step.JWT_BEARER);
                    assertThat(e.reason()).isEqualTo(Reason.UNEXPECTED_TOKEN_TYPE);
                    assertThat(e.getMessage()).contains("token_type", "expected Bearer").doesNotContain(ACCESS_TOKEN, ID_JAG);
                });
    }

    @Test
    void whenTokenTypeIsAbsentThenRejected() {
        as.json("/token", 200, "{\"access_token\":\"" + ACCESS_TOKEN + "\"}");

        assertThatExceptionOfType(JwtBearerException.class)
                .isThrownBy(() -> client.requestAccessToken(ID_JAG, List.of(), null))
                .satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.UNEXPECTED_TOKEN_TYPE))
                .withMessageContaining("token_type absent");
    }

    @Test
    void whenAccessTokenIsMissingThenInvalidResponse() {
        as.json("/token", 200, "{\"token_type\":\"Bearer\"}");

        assertThatExceptionOfType(JwtBearerException.class)
                .isThrownBy(() -> client.requestAccessToken(ID_JAG, List.of(), null))
                .satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_RESPONSE));
    }

    @Test
    void whenResponseCarriesRefreshTokenThenItIsIgnored() {
        as.json("/token", 200, "{\"access_token\":\"" + ACCESS_TOKEN + "\",\"token_type\":\"Bearer\",\"refresh_token\":\""
                + REFRESH_TOKEN + "\"}");

        AccessToken token = client.requestAccessToken(ID_JAG, List.of(), null);

        assertThat(token.token()).isEqualTo(ACCESS_TOKEN);
        assertThat(token.toString()).doesNotContain(REFRESH_TOKEN);
    }

    @Test
    void whenServerAnswersInvalidGrantThenJwtBearerExceptionCarriesIt() {
        as.json("/token", 400, "{\"error\":\"invalid_grant\",\"error_description\":\"ID-JAG jti already used\"}");

        assertThatExceptionOfType(JwtBearerException.class)
                .isThrownBy(() -> client.requestAccessToken(ID_JAG, List.of(), null))
                .satisfies(e -> {
                    assertThat(e.reason()).isEqualTo(Reason.OAUTH_ERROR);
                    assertThat(e.oauthError()).get().extracting(OAuthError::code).isEqualTo("invalid_grant");
                    assertThat(e.httpStatus()).hasValue(400);
                    assertThat(e.isSubjectTokenUnusable()).as("the AS never sees the subject token").isFalse();
                    assertThat(e.getMessage()).contains("JWT bearer grant failed", "ID-JAG jti already used")
                            .doesNotContain(ID_JAG, CLIENT_SECRET);
                });
    }

    @Test
    void whenServerAnswersInvalidClientThen401IsCarried() {
        as.json("/token", 401, "{\"error\":\"invalid_client\"}");

        assertThatExceptionOfType(JwtBearerException.class)
                .isThrownBy(() -> client.requestAccessToken(ID_JAG, List.of(), null))
                .satisfies(e -> {
                    assertThat(e.httpStatus()).hasValue(401);
                    assertThat(e.oauthError()).get().extracting(OAuthError::code, OAuthError::httpStatus)
                            .containsExactly("invalid_client", 401);
                });
    }

    @Test
    void whenBuiltFromMetadataThenIssuerIsKnownAndEndpointUsed() {
        as.json("/oauth/token", 200, Fixtures.bearerResponse());
        AuthorizationServerMetadata metadata = AuthorizationServerMetadata.parse(
                "{\"issuer\":\"" + as.baseUrl() + "\",\"token_endpoint\":\"" + as.url("/oauth/token") + "\"}");

        JwtBearerClient fromMetadata = JwtBearerClient.builder(metadata, ClientAuthentication.none("c"))
                .httpOptions(Fixtures.FAST).build();
        fromMetadata.requestAccessToken(ID_JAG, List.of(), null);

        assertThat(fromMetadata.issuer()).hasValue(as.baseUrl());
        assertThat(fromMetadata.tokenEndpoint()).isEqualTo(as.url("/oauth/token"));
        assertThat(onlyRequest().path()).isEqualTo("/oauth/token");
    }

    @Test
    void whenMetadataHasNoTokenEndpointThenIllegalArgument() {
        AuthorizationServerMetadata metadata = AuthorizationServerMetadata.parse("{\"issuer\":\"https://as.example\"}");

        assertThatIllegalArgumentException().isThrownBy(() -> JwtBearerClient.builder(metadata, ClientAuthentication.none("c")));
    }

    @Test
    void whenArgumentsAreInvalidThenIllegalArgumentAndNothingIsSent() {
        assertThatIllegalArgumentException().isThrownBy(() -> client.requestAccessToken("", List.of(), null));
        assertThatIllegalArgumentException().isThrownBy(() -> client.requestAccessToken(ID_JAG, List.of("bad\"scope"), null));
        assertThatIllegalArgumentException().isThrownBy(() -> client.requestAccessToken(ID_JAG, List.of(), "not a uri"));
        assertThat(as.requests()).isEmpty();
    }

    @Test
    void whenToStringThenNoSecretOrTokenIsShown() {
        assertThat(client.toString()).contains("client_secret_basic").doesNotContain(CLIENT_SECRET);
        assertThat(new AccessToken(ACCESS_TOKEN, null, Set.of()).toString()).doesNotContain(ACCESS_TOKEN);
    }
}
