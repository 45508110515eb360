package dev.xaa4j.idp;

import static dev.xaa4j.idp.Fixtures.CLIENT;
import static dev.xaa4j.idp.Fixtures.CLIENT_BASIC;
import static dev.xaa4j.idp.IdpServer.error;
import static dev.xaa4j.idp.IdpServer.form;
import static dev.xaa4j.idp.IdpServer.json;
import static dev.xaa4j.idp.IdpServer.parseJwt;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.xaa4j.core.FormParameters;
import dev.xaa4j.core.GrantType;
import dev.xaa4j.core.OAuthError;
import dev.xaa4j.core.TokenType;
import dev.xaa4j.server.RegisteredClient;
import dev.xaa4j.testing.TestHttpServer;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AuthorizationCodeFlowTest {

    private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk-0123456789";
    private static final String PASSWORD_USER = "carol";
    private static final String PASSWORD = "correct horse battery staple";

    private static TestHttpServer app;
    private static String redirectUri;
    private static IdpServer server;

    @BeforeAll
    static void start() throws Exception {
        app = TestHttpServer.start();
        app.route("GET", "/callback", req -> TestHttpServer.Response.text(200, "text/plain", "signed in"));
        redirectUri = app.baseUrl() + "/callback";
        server = IdpServer.start(AuthorizationCodeFlowTest::configure);
    }

    private static IdentityProvider.Builder configure(IdentityProvider.Builder b) {
        return Fixtures.standard(b)
                .client(RegisteredClient.withSecret(CLIENT, CLIENT_BASIC[1]), redirectUri)
                .client(RegisteredClient.withSecret(Fixtures.OTHER, Fixtures.OTHER_BASIC[1]), redirectUri)
                .client(RegisteredClient.publicClient(Fixtures.PUBLIC), redirectUri)
                .user(IdpUser.of(PASSWORD_USER).withPassword(PASSWORD));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        app.close();
    }

    private static Map<String, String> authorizationRequest(String clientId) throws Exception {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("response_type", "code");
        p.put("client_id", clientId);
        p.put("redirect_uri", redirectUri);
        p.put("scope", "openid email offline_access");
        p.put("state", "st-123");
        p.put("nonce", "n-456");
        p.put("code_challenge", Browser.s256(VERIFIER));
        p.put("code_challenge_method", "S256");
        return p;
    }

    private static URI authorizeUrl(IdpServer idp, Map<String, String> params) {
        return URI.create(idp.issuer + IdentityProvider.AUTHORIZATION_PATH + "?" + FormParameters.encode(params));
    }

    /** GETs the sign-in page, picks the user, posts the form; returns the IdP's answer to the post. */
    private static HttpResponse<String> signIn(IdpServer idp, Map<String, String> params, String user, String password)
            throws Exception {
        HttpResponse<String> page = idp.get(authorizeUrl(idp, params));
        assertThat(page.statusCode()).isEqualTo(200);
        Browser.LoginForm loginForm = Browser.parse(page.body());
        assertThat(loginForm.users()).contains(user);
        return idp.postForm(loginForm.action(), loginForm.submit(user, password), null);
    }

    /** Signs in and follows the redirect to the application; returns the query the application received. */
    private static Map<String, String> signInAndFollow(IdpServer idp, Map<String, String> params, String user)
            throws Exception {
        HttpResponse<String> posted = signIn(idp, params, user, null);
        assertThat(posted.statusCode()).isEqualTo(303);
        app.clearRequests();
        HttpResponse<String> landed = idp.get(Browser.location(posted));
        assertThat(landed.body()).isEqualTo("signed in");
        TestHttpServer.RecordedRequest received = app.requests("/callback").get(0);
        return Browser.query(URI.create(redirectUri + "?" + received.query()));
    }

    private static Map<String, String> redeem(String code, String verifier) {
        return form("grant_type", GrantType.AUTHORIZATION_CODE.value(), "code", code, "redirect_uri", redirectUri,
                "code_verifier", verifier);
    }

    @Test
    void whenUserSignsInThenTheCodeRedeemsForAnIdTokenWithNonceAndARefreshToken() throws Exception {
        Instant before = Instant.now().minusSeconds(1);
        Map<String, String> callback = signInAndFollow(server, authorizationRequest(CLIENT), "alice");
        assertThat(callback).containsEntry("state", "st-123").containsEntry("iss", server.issuer).containsKey("code");

        HttpResponse<String> response = server.token(redeem(callback.get("code"), VERIFIER), CLIENT_BASIC);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        Map<String, Object> body = json(response);
        assertThat(body).containsEntry("token_type", "Bearer").containsEntry("expires_in", 3600L)
                .containsEntry("scope", "openid email offline_access")
                .containsKeys("access_token", "refresh_token", "id_token");

        SignedJWT idToken = parseJwt((String) body.get("id_token"));
        assertThat(idToken.getHeader().getType().getType()).isEqualTo("JWT");
        assertThat(server.verifiesWithJwks(idToken)).isTrue();
        JWTClaimsSet claims = idToken.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo(server.issuer);
        assertThat(claims.getSubject()).isEqualTo("alice");
        assertThat(claims.getAudience()).containsExactly(CLIENT);
        assertThat(claims.getStringClaim("nonce")).isEqualTo("n-456");
        assertThat(claims.getStringClaim("email")).isEqualTo("alice@example.com");
        assertThat(claims.getStringClaim("name")).isEqualTo("Alice Adams");
        assertThat(claims.getDateClaim("auth_time").toInstant()).isAfter(before);
        assertThat(claims.getIssueTime().toInstant()).isAfter(before);
        assertThat(Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
                .isEqualTo(Duration.ofHours(1));

        // the ID token from SSO is what the client exchanges for an ID-JAG
        HttpResponse<String> exchanged = server.token(Fixtures.exchange((String) body.get("id_token")), CLIENT_BASIC);
        assertThat(exchanged.statusCode()).isEqualTo(200);
        assertThat(json(exchanged)).containsEntry("issued_token_type", TokenType.ID_JAG.value());
    }

    @Test
    void whenOfflineAccessNotRequestedThenNoRefreshToken() throws Exception {
        Map<String, String> params = authorizationRequest(CLIENT);
        params.put("scope", "openid profile unknown-scope");
        Map<String, String> callback = signInAndFollow(server, params, "bob");
        Map<String, Object> body = json(server.token(redeem(callback.get("code"), VERIFIER), CLIENT_BASIC));
        assertThat(body).containsKey("id_token").doesNotContainKey("refresh_token").containsEntry("scope", "openid profile");
    }

    @Test
    void whenPublicClientRunsTheFlowThenItRedeemsWithoutSecret() throws Exception {
        Map<String, String> callback = signInAndFollow(server, authorizationRequest(Fixtures.PUBLIC), "alice");
        Map<String, String> redeem = redeem(callback.get("code"), VERIFIER);
        redeem.put("client_id", Fixtures.PUBLIC);
        HttpResponse<String> response = server.token(redeem, null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(parseJwt((String) json(response).get("id_token")).getJWTClaimsSet().getAudience())
                .containsExactly(Fixtures.PUBLIC);
    }

    @Test
    void whenCodeVerifierIsWrongThenInvalidGrantAndTheCodeIsSpent() throws Exception {
        String code = signInAndFollow(server, authorizationRequest(CLIENT), "alice").get("code");
        HttpResponse<String> wrong = server.token(redeem(code, VERIFIER.replace('0', '1')), CLIENT_BASIC);
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(error(wrong).code()).isEqualTo(OAuthError.INVALID_GRANT);
        assertThat(error(server.token(redeem(code, VERIFIER), CLIENT_BASIC)).code()).isEqualTo(OAuthError.INVALID_GRANT);
    }

    @Test
    void whenCodeVerifierMissingThenInvalidRequest() throws Exception {
        String code = signInAndFollow(server, authorizationRequest(CLIENT), "alice").get("code");
        Map<String, String> redeem = redeem(code, VERIFIER);
        redeem.remove("code_verifier");
        assertThat(error(server.token(redeem, CLIENT_BASIC)).code()).isEqualTo(OAuthError.INVALID_REQUEST);
    }

    @Test
    void whenCodeIsReusedThenInvalidGrantAndTheRefreshTokenIssuedOnItIsRevoked() throws Exception {
        String code = signInAndFollow(server, authorizationRequest(CLIENT), "alice").get("code");
        HttpResponse<String> first = server.token(redeem(code, VERIFIER), CLIENT_BASIC);
        assertThat(first.statusCode()).isEqualTo(200);
        String refreshToken = (String) json(first).get("refresh_token");

        HttpResponse<String> second = server.token(redeem(code, VERIFIER), CLIENT_BASIC);
        assertThat(second.statusCode()).isEqualTo(400);
        assertThat(error(second).code()).isEqualTo(OAuthError.INVALID_GRANT);
        assertThat(error(second).description()).contains("already used");

        HttpResponse<String> refreshed = server.token(form("grant_type", "refresh_token", "refresh_token", refreshToken),
                CLIENT_BASIC);
        assertThat(error(refreshed).code()).isEqualTo(OAuthError.INVALID_GRANT);
    }

    @Test
    void whenCodeIsRedeemedByManyRequestsAtOnceThenExactlyOneGetsTokens() throws Exception {
        String code = signInAndFollow(server, authorizationRequest(CLIENT), "alice").get("code");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                statuses.add(pool.submit(() -> {
                    start.await();
                    return server.token(redeem(code, VERIFIER), CLIENT_BASIC).statusCode();
                }));
            }
            start.countDown();
            List<Integer> results = new ArrayList<>();
            for (Future<Integer> f : statuses) {
                results.add(f.get(10, TimeUnit.SECONDS));
            }
            assertThat(results).containsOnlyOnce(200).filteredOn(s -> s != 200).containsOnly(400);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void whenRedirectUriDiffersAtTheTokenEndpointThenInvalidGrant() throws Exception {
        String code = signInAndFollow(server, authorizationRequest(CLIENT), "alice").get("code");
        Map<String, String> redeem = redeem(code, VERIFIER);
        redeem.put("redirect_uri", redirectUri + "/other");
        assertThat(error(server.token(redeem, CLIENT_BASIC)).code()).isEqualTo(OAuthError.INVALID_GRANT);
    }

    @Test
    void whenAnotherClientRedeemsTheCodeThenInvalidGrant() throws Exception {
        String code = signInAndFollow(server, authorizationRequest(CLIENT), "alice").get("code");
        assertThat(error(server.token(redeem(code, VERIFIER), Fixtures.OTHER_BASIC)).code())
                .isEqualTo(OAuthError.INVALID_GRANT);
    }

    @Test
    void whenUnknownClientRedeemsACodeThenInvalidClient() throws Exception {
        String code = signInAndFollow(server, authorizationRequest(CLIENT), "alice").get("code");
        HttpResponse<String> response = server.token(redeem(code, VERIFIER), new String[] {"nobody", "x"});
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(error(response).code()).isEqualTo(OAuthError.INVALID_CLIENT);
    }

    @Test
    void whenCodeHasExpiredThenInvalidGrant() throws Exception {
        MutableClock clock = new MutableClock(Instant.now());
        try (IdpServer timed = IdpServer.start(b -> configure(b).clock(clock))) {
            String code = signInAndFollow(timed, authorizationRequest(CLIENT), "alice").get("code");
            clock.advance(Duration.ofSeconds(61));
            assertThat(error(timed.token(redeem(code, VERIFIER), CLIENT_BASIC)).code()).isEqualTo(OAuthError.INVALID_GRANT);
        }
    }

    @Test
    void whenCodeIsRedeemedWithinItsLifetimeThenTokens() throws Exception {
        MutableClock clock = new MutableClock(Instant.now());
        try (IdpServer timed = IdpServer.start(b -> configure(b).clock(clock))) {
            String code = signInAndFollow(timed, authorizationRequest(CLIENT), "alice").get("code");
            clock.advance(Duration.ofSeconds(59));
            assertThat(timed.token(redeem(code, VERIFIER), CLIENT_BASIC).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void whenClientIsUnknownThenErrorPageAndNoRedirect() throws Exception {
        HttpResponse<String> page = server.get(authorizeUrl(server, authorizationRequest("nobody")));
        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.headers().firstValue("Location")).isEmpty();
        assertThat(page.body()).contains("client_id is not registered");
    }

    @Test
    void whenRedirectUriIsNotRegisteredThenErrorPageAndNoRedirect() throws Exception {
        Map<String, String> params = authorizationRequest(CLIENT);
        params.put("redirect_uri", redirectUri + "/");
        HttpResponse<String> page = server.get(authorizeUrl(server, params));
        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.headers().firstValue("Location")).isEmpty();
        assertThat(page.body()).contains("redirect_uri is not registered");
    }

    @Test
    void whenSignInFormIsTamperedToAnotherRedirectUriThenErrorPageAndNoRedirect() throws Exception {
        Browser.LoginForm loginForm = Browser.parse(server.get(authorizeUrl(server, authorizationRequest(CLIENT))).body());
        Map<String, String> fields = loginForm.submit("alice", null);
        fields.put("redirect_uri", "http://127.0.0.1:1/steal");
        HttpResponse<String> posted = server.postForm(loginForm.action(), fields, null);
        assertThat(posted.statusCode()).isEqualTo(400);
        assertThat(posted.headers().firstValue("Location")).isEmpty();
    }

    @Test
    void whenCodeChallengeMethodIsPlainThenErrorRedirect() throws Exception {
        Map<String, String> params = authorizationRequest(CLIENT);
        params.put("code_challenge_method", "plain");
        params.put("code_challenge", VERIFIER);
        assertErrorRedirect(params, OAuthError.INVALID_REQUEST);
    }

    @Test
    void whenCodeChallengeMethodIsOmittedThenErrorRedirect() throws Exception {
        Map<String, String> params = authorizationRequest(CLIENT);
        params.remove("code_challenge_method");
        assertErrorRedirect(params, OAuthError.INVALID_REQUEST);
    }

    @Test
    void whenCodeChallengeIsMissingThenErrorRedirect() throws Exception {
        Map<String, String> params = authorizationRequest(CLIENT);
        params.remove("code_challenge");
        assertErrorRedirect(params, OAuthError.INVALID_REQUEST);
    }

    @Test
    void whenScopeLacksOpenidThenInvalidScopeRedirect() throws Exception {
        Map<String, String> params = authorizationRequest(CLIENT);
        params.put("scope", "email");
        assertErrorRedirect(params, OAuthError.INVALID_SCOPE);
    }

    @Test
    void whenResponseTypeIsTokenThenUnsupportedResponseTypeRedirect() throws Exception {
        Map<String, String> params = authorizationRequest(CLIENT);
        params.put("response_type", "token");
        assertErrorRedirect(params, "unsupported_response_type");
    }

    @Test
    void whenPromptIsNoneThenLoginRequiredRedirect() throws Exception {
        Map<String, String> params = authorizationRequest(CLIENT);
        params.put("prompt", "none");
        assertErrorRedirect(params, "login_required");
    }

    @Test
    void whenAParameterIsRepeatedThenErrorPage() throws Exception {
        URI uri = URI.create(authorizeUrl(server, authorizationRequest(CLIENT)) + "&state=again");
        HttpResponse<String> page = server.get(uri);
        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.headers().firstValue("Location")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
            "request, eyJhbGciOiJub25lIn0.e30., request_not_supported",
            "request_uri, https://app.example/req, request_uri_not_supported",
            "response_mode, fragment, invalid_request",
            "scope, openid \"quoted\", invalid_scope"})
    void whenAnUnsupportedOrMalformedParameterIsSentThenErrorRedirect(String name, String value, String error)
            throws Exception {
        Map<String, String> params = authorizationRequest(CLIENT);
        params.put(name, value);
        assertErrorRedirect(params, error);
    }

    @Test
    void whenNonceIsTooLongThenErrorRedirect() throws Exception {
        Map<String, String> params = authorizationRequest(CLIENT);
        params.put("nonce", "n".repeat(1025));
        assertErrorRedirect(params, OAuthError.INVALID_REQUEST);
    }

    private static void assertErrorRedirect(Map<String, String> params, String error) throws Exception {
        HttpResponse<String> response = server.get(authorizeUrl(server, params));
        assertThat(response.statusCode()).isEqualTo(303);
        URI location = Browser.location(response);
        assertThat(location.toString()).startsWith(redirectUri + "?");
        assertThat(Browser.query(location)).containsEntry("error", error).containsEntry("state", "st-123")
                .containsEntry("iss", server.issuer).doesNotContainKey("code");
    }

    @Test
    void whenPasswordIsWrongThenTheFormIsShownAgainWithoutACode() throws Exception {
        HttpResponse<String> posted = signIn(server, authorizationRequest(CLIENT), PASSWORD_USER, "wrong");
        assertThat(posted.statusCode()).isEqualTo(401);
        assertThat(posted.headers().firstValue("Location")).isEmpty();
        assertThat(posted.body()).contains("Sign-in failed");
        assertThat(Browser.parse(posted.body()).asksPassword()).isTrue();
    }

    @Test
    void whenPasswordIsMissingThenTheFormIsShownAgainWithoutACode() throws Exception {
        assertThat(signIn(server, authorizationRequest(CLIENT), PASSWORD_USER, null).statusCode()).isEqualTo(401);
    }

    @Test
    void whenPasswordIsRightThenRedirectWithCode() throws Exception {
        HttpResponse<String> posted = signIn(server, authorizationRequest(CLIENT), PASSWORD_USER, PASSWORD);
        assertThat(posted.statusCode()).isEqualTo(303);
        assertThat(Browser.query(Browser.location(posted))).containsKey("code");
    }

    @Test
    void whenUnknownUserIsPostedThenTheFormIsShownAgain() throws Exception {
        Browser.LoginForm loginForm = Browser.parse(server.get(authorizeUrl(server, authorizationRequest(CLIENT))).body());
        HttpResponse<String> posted = server.postForm(loginForm.action(), loginForm.submit("mallory", null), null);
        assertThat(posted.statusCode()).isEqualTo(401);
        assertThat(posted.headers().firstValue("Location")).isEmpty();
    }

    @Test
    void whenSignInPageIsServedThenItIsNotCachedNorFramedNorScripted() throws Exception {
        HttpResponse<String> page = server.get(authorizeUrl(server, authorizationRequest(CLIENT)));
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
                v -> assertThat(v).contains("default-src 'none'").contains("frame-ancestors 'none'"));
    }

    @Test
    void whenUserNameAndStateContainMarkupThenThePageEscapesThem() throws Exception {
        try (IdpServer idp = IdpServer.start(b -> configure(b)
                .user(IdpUser.of("x\"><script>alert(1)</script>").withName("<script>alert('name')</script>")
                        .withEmail("a&b@example.com")))) {
            Map<String, String> params = authorizationRequest(CLIENT);
            params.put("state", "\"><script>alert('state')</script>");
            HttpResponse<String> page = idp.get(authorizeUrl(idp, params));
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).doesNotContain("<script").doesNotContain("alert('")
                    .contains("&lt;script&gt;alert(&#39;name&#39;)&lt;/script&gt;")
                    .contains("a&amp;b@example.com");
            Browser.LoginForm loginForm = Browser.parse(page.body());
            assertThat(loginForm.hidden()).containsEntry("state", "\"><script>alert('state')</script>");
            assertThat(loginForm.users()).contains("x\"><script>alert(1)</script>");
        }
    }
}
