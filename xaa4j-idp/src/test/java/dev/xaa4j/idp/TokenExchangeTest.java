package dev.xaa4j.idp;

import static dev.xaa4j.idp.Fixtures.AS;
import static dev.xaa4j.idp.Fixtures.CLIENT;
import static dev.xaa4j.idp.Fixtures.CLIENT_AT_AS;
import static dev.xaa4j.idp.Fixtures.CLIENT_BASIC;
import static dev.xaa4j.idp.Fixtures.MCP;
import static dev.xaa4j.idp.Fixtures.exchange;
import static dev.xaa4j.idp.Fixtures.with;
import static dev.xaa4j.idp.IdpServer.error;
import static dev.xaa4j.idp.IdpServer.json;
import static dev.xaa4j.idp.IdpServer.parseJwt;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.xaa4j.core.FormParameters;
import dev.xaa4j.core.GrantType;
import dev.xaa4j.core.OAuthError;
import dev.xaa4j.core.TokenType;
import dev.xaa4j.core.XaaIdentifiers;
import dev.xaa4j.server.RegisteredClient;
import dev.xaa4j.server.SigningKeys;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TokenExchangeTest {

    private static IdpServer server;

    @BeforeAll
    static void start() throws Exception {
        server = IdpServer.start(Fixtures::standard);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static String idToken(String user, String client) {
        return server.idp.issueIdToken(user, client);
    }

    private static HttpResponse<String> exchangeAsClient(Map<String, String> form) throws Exception {
        return server.token(form, CLIENT_BASIC);
    }

    private static void assertError(HttpResponse<String> response, String code, int status) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(error(response).code()).isEqualTo(code);
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
    }

    @Test
    void whenIdTokenExchangedThenSignedIdJagWithEveryClaim() throws Exception {
        Instant before = Instant.now().minusSeconds(1);
        HttpResponse<String> response = exchangeAsClient(with(exchange(idToken("alice", CLIENT)), "scope", "tools.read"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        Map<String, Object> body = json(response);
        assertThat(body).containsEntry("issued_token_type", TokenType.ID_JAG.value())
                .containsEntry("token_type", "N_A")
                .containsEntry("expires_in", 300L)
                .containsEntry("scope", "tools.read")
                .doesNotContainKey("refresh_token");

        SignedJWT idJag = parseJwt((String) body.get("access_token"));
        assertThat(idJag.getHeader().getType().getType()).isEqualTo(XaaIdentifiers.ID_JAG_JWT_TYPE);
        assertThat(idJag.getHeader().getKeyID()).isEqualTo(server.idp.signingKeys().activeKeyId());
        assertThat(idJag.getHeader().getAlgorithm().getName()).isEqualTo("ES256");
        assertThat(server.verifiesWithJwks(idJag)).isTrue();

        JWTClaimsSet claims = idJag.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo(server.issuer);
        assertThat(claims.getSubject()).isEqualTo("alice");
        assertThat(claims.getAudience()).containsExactly(AS);
        assertThat(claims.getStringClaim("client_id")).isEqualTo(CLIENT_AT_AS);
        assertThat(claims.getJWTID()).hasSizeGreaterThanOrEqualTo(32);
        assertThat(claims.getIssueTime().toInstant()).isAfter(before);
        assertThat(Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
                .isEqualTo(Duration.ofSeconds(300));
        assertThat(claims.getStringClaim("resource")).isEqualTo(MCP);
        assertThat(claims.getStringClaim("scope")).isEqualTo("tools.read");
        assertThat(claims.getStringClaim("email")).isEqualTo("alice@example.com");
        assertThat(claims.getDateClaim("auth_time")).isNotNull();
    }

    @Test
    void whenExchangedTwiceThenEachIdJagHasItsOwnJti() throws Exception {
        String idToken = idToken("alice", CLIENT);
        String first = (String) json(exchangeAsClient(exchange(idToken))).get("access_token");
        String second = (String) json(exchangeAsClient(exchange(idToken))).get("access_token");
        assertThat(parseJwt(first).getJWTClaimsSet().getJWTID()).isNotEqualTo(parseJwt(second).getJWTClaimsSet().getJWTID());
    }

    @Test
    void whenAudienceMissingThenInvalidRequest() throws Exception {
        assertError(exchangeAsClient(with(exchange(idToken("alice", CLIENT)), "audience", null)),
                OAuthError.INVALID_REQUEST, 400);
    }

    @Test
    void whenTwoAudiencesThenInvalidRequest() throws Exception {
        String body = FormParameters.encode(exchange(idToken("alice", CLIENT))) + "&audience="
                + FormParameters.encode("https://other-as.example");
        assertError(server.postBody(server.url(IdentityProvider.TOKEN_PATH), body, CLIENT_BASIC),
                OAuthError.INVALID_REQUEST, 400);
    }

    @Test
    void whenRequestedTokenTypeIsAccessTokenThenInvalidRequest() throws Exception {
        assertError(exchangeAsClient(with(exchange(idToken("alice", CLIENT)), "requested_token_type",
                TokenType.ACCESS_TOKEN.value())), OAuthError.INVALID_REQUEST, 400);
    }

    @Test
    void whenRequestedTokenTypeMissingThenInvalidRequest() throws Exception {
        assertError(exchangeAsClient(with(exchange(idToken("alice", CLIENT)), "requested_token_type", null)),
                OAuthError.INVALID_REQUEST, 400);
    }

    @Test
    void whenRefreshTokenRequestedForAnIdTokenThenInvalidRequest() throws Exception {
        assertError(exchangeAsClient(with(exchange(idToken("alice", CLIENT)), "requested_token_type",
                TokenType.REFRESH_TOKEN.value())), OAuthError.INVALID_REQUEST, 400);
    }

    @Test
    void whenSubjectTokenMissingThenInvalidRequest() throws Exception {
        assertError(exchangeAsClient(with(exchange("x"), "subject_token", null)), OAuthError.INVALID_REQUEST, 400);
    }

    @Test
    void whenSubjectTokenTypeIsAccessTokenThenInvalidRequest() throws Exception {
        assertError(exchangeAsClient(with(exchange(idToken("alice", CLIENT)), "subject_token_type",
                TokenType.ACCESS_TOKEN.value())), OAuthError.INVALID_REQUEST, 400);
    }

    @Test
    void whenSubjectTokenTypeMissingThenInvalidRequest() throws Exception {
        assertError(exchangeAsClient(with(exchange(idToken("alice", CLIENT)), "subject_token_type", null)),
                OAuthError.INVALID_REQUEST, 400);
    }

    @Test
    void whenSubjectTokenTypeIsSaml2ThenInvalidRequestUnsupported() throws Exception {
        Map<String, String> form = with(with(exchange("PHNhbWw+"), "subject_token_type", TokenType.SAML2.value()),
                "requested_token_type", TokenType.REFRESH_TOKEN.value());
        HttpResponse<String> response = exchangeAsClient(form);
        assertError(response, OAuthError.INVALID_REQUEST, 400);
        assertThat(error(response).description()).contains("unsupported subject_token_type");
    }

    @Test
    void whenActorTokenSentThenInvalidRequest() throws Exception {
        String idToken = idToken("alice", CLIENT);
        Map<String, String> form = with(with(exchange(idToken), "actor_token", idToken), "actor_token_type",
                TokenType.ID_TOKEN.value());
        assertError(exchangeAsClient(form), OAuthError.INVALID_REQUEST, 400);
    }

    @Test
    void whenIdTokenOfAnotherClientThenInvalidGrant() throws Exception {
        assertError(exchangeAsClient(exchange(idToken("alice", Fixtures.OTHER))), OAuthError.INVALID_GRANT, 400);
    }

    @Test
    void whenSubjectTokenIsNotAJwtThenInvalidGrant() throws Exception {
        assertError(exchangeAsClient(exchange("not-a-jwt")), OAuthError.INVALID_GRANT, 400);
    }

    @Test
    void whenIdTokenHasACharacterOutsideBase64UrlThenInvalidGrantThoughItWouldVerify() throws Exception {
        String token = idToken("alice", CLIENT);
        String strayTilde = token.substring(0, token.length() - 10) + "~" + token.substring(token.length() - 10);

        assertError(exchangeAsClient(exchange(strayTilde)), OAuthError.INVALID_GRANT, 400);
        assertThat(exchangeAsClient(exchange(token)).statusCode()).as("the ID token itself is fine").isEqualTo(200);
    }

    @Test
    void whenIdTokenSignedByAnotherKeyWithTheSameKidThenInvalidGrant() throws Exception {
        ECKey impostor = new ECKeyGenerator(Curve.P_256).keyID(server.idp.signingKeys().activeKeyId())
                .algorithm(JWSAlgorithm.ES256).generate();
        IdentityProvider forger = Fixtures.standard(IdentityProvider.builder(server.issuer))
                .signingKeys(SigningKeys.fromJwkSet(new JWKSet(impostor).toString(false))).build();
        assertError(exchangeAsClient(exchange(forger.issueIdToken("alice", CLIENT))), OAuthError.INVALID_GRANT, 400);
    }

    @Test
    void whenIdTokenFromAnotherIssuerWithTheSameKeysThenInvalidGrant() throws Exception {
        IdentityProvider other = Fixtures.standard(IdentityProvider.builder("https://other-idp.example"))
                .signingKeys(server.idp.signingKeys()).build();
        assertError(exchangeAsClient(exchange(other.issueIdToken("alice", CLIENT))), OAuthError.INVALID_GRANT, 400);
    }

    @Test
    void whenIdTokenNamesAnUnknownUserThenInvalidGrant() throws Exception {
        IdentityProvider twin = Fixtures.standard(IdentityProvider.builder(server.issuer))
                .signingKeys(server.idp.signingKeys()).user(IdpUser.of("mallory")).build();
        String idToken = twin.issueIdToken("mallory", CLIENT);
        assertError(exchangeAsClient(exchange(idToken)), OAuthError.INVALID_GRANT, 400);
        assertThat(exchangeAsClient(exchange(twin.issueIdToken("alice", CLIENT))).statusCode()).isEqualTo(200);
    }

    @Test
    void whenIdTokenExpiredBeyondSkewThenInvalidGrant() throws Exception {
        MutableClock clock = new MutableClock(Instant.now());
        try (IdpServer timed = IdpServer.start(b -> Fixtures.standard(b).clock(clock).idTokenLifetime(Duration.ofMinutes(5)))) {
            String idToken = timed.idp.issueIdToken("alice", CLIENT);
            clock.advance(Duration.ofMinutes(5).plusSeconds(30));
            assertThat(timed.token(exchange(idToken), CLIENT_BASIC).statusCode()).isEqualTo(200);
            clock.advance(Duration.ofSeconds(31));
            assertError(timed.token(exchange(idToken), CLIENT_BASIC), OAuthError.INVALID_GRANT, 400);
        }
    }

    /** Signs claims with the IdP's own key, as an ID token would be signed. */
    private static String signedByTheIdp(JWTClaimsSet.Builder claims) {
        return server.idp.signingKeys().sign(claims.build(), "JWT");
    }

    private static JWTClaimsSet.Builder idTokenClaims() {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(server.issuer).subject("alice").audience(CLIENT)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(600)));
    }

    @Test
    void whenHandMadeIdTokenIsSignedByTheIdpThenIdJagIssued() throws Exception {
        assertThat(exchangeAsClient(exchange(signedByTheIdp(idTokenClaims()))).statusCode()).isEqualTo(200);
    }

    @Test
    void whenIdTokenHasNoSubThenInvalidGrant() throws Exception {
        assertError(exchangeAsClient(exchange(signedByTheIdp(idTokenClaims().subject(null)))), OAuthError.INVALID_GRANT, 400);
    }

    @Test
    void whenIdTokenHasNoExpThenInvalidGrant() throws Exception {
        assertError(exchangeAsClient(exchange(signedByTheIdp(idTokenClaims().expirationTime(null)))),
                OAuthError.INVALID_GRANT, 400);
    }

    @Test
    void whenIdTokenIatIsInTheFutureBeyondSkewThenInvalidGrant() throws Exception {
        Instant future = Instant.now().plusSeconds(120);
        assertError(exchangeAsClient(exchange(signedByTheIdp(idTokenClaims().issueTime(Date.from(future))))),
                OAuthError.INVALID_GRANT, 400);
    }

    @Test
    void whenIdTokenHasSeveralAudiencesThenAzpMustBeTheClient() throws Exception {
        JWTClaimsSet.Builder claims = idTokenClaims().audience(List.of(CLIENT, Fixtures.OTHER));
        assertError(exchangeAsClient(exchange(signedByTheIdp(claims))), OAuthError.INVALID_GRANT, 400);
        assertError(exchangeAsClient(exchange(signedByTheIdp(claims.claim("azp", Fixtures.OTHER)))),
                OAuthError.INVALID_GRANT, 400);
        assertThat(exchangeAsClient(exchange(signedByTheIdp(claims.claim("azp", CLIENT)))).statusCode()).isEqualTo(200);
    }

    @Test
    void whenIdTokenTypIsAccessTokenThenInvalidGrant() throws Exception {
        String token = server.idp.signingKeys().sign(idTokenClaims().build(), XaaIdentifiers.ACCESS_TOKEN_JWT_TYPE);
        assertError(exchangeAsClient(exchange(token)), OAuthError.INVALID_GRANT, 400);
    }

    @Test
    void whenIdTokenCarriesAcrAndAuthTimeThenTheIdJagCarriesThem() throws Exception {
        Instant authTime = Instant.parse("2026-01-02T03:04:05Z");
        String token = signedByTheIdp(idTokenClaims().claim("acr", "urn:example:mfa").claim("auth_time",
                authTime.getEpochSecond()));
        JWTClaimsSet idJag = parseJwt((String) json(exchangeAsClient(exchange(token))).get("access_token"))
                .getJWTClaimsSet();
        assertThat(idJag.getStringClaim("acr")).isEqualTo("urn:example:mfa");
        assertThat(idJag.getDateClaim("auth_time").toInstant()).isEqualTo(authTime);
    }

    @Test
    void whenIdJagPresentedAsSubjectTokenThenInvalidGrant() throws Exception {
        // A client whose IdP client_id equals the AS issuer: the ID-JAG's aud then names the client, so only the typ rule
        // stands between the ID-JAG and a second ID-JAG.
        String[] asNamedClient = {AS, "as-named-secret"};
        try (IdpServer idp = IdpServer.start(b -> b.client(RegisteredClient.withSecret(AS, asNamedClient[1]))
                .user(Fixtures.ALICE)
                .allow(new PolicyRule(AS, AS, MCP, "x", Set.of())))) {
            HttpResponse<String> first = idp.token(exchange(idp.idp.issueIdToken("alice", AS)), asNamedClient);
            assertThat(first.statusCode()).isEqualTo(200);
            String idJag = (String) json(first).get("access_token");
            HttpResponse<String> second = idp.token(exchange(idJag), asNamedClient);
            assertError(second, OAuthError.INVALID_GRANT, 400);
            assertThat(error(second).description()).contains("typ");
        }
    }

    @Test
    void whenResourceNotInTableThenInvalidTarget() throws Exception {
        assertError(exchangeAsClient(with(exchange(idToken("alice", CLIENT)), "resource", "https://mcp.example/other")),
                OAuthError.INVALID_TARGET, 400);
    }

    @Test
    void whenAudienceNotInTableThenInvalidTarget() throws Exception {
        assertError(exchangeAsClient(with(exchange(idToken("alice", CLIENT)), "audience", "https://as.example/")),
                OAuthError.INVALID_TARGET, 400);
    }

    @Test
    void whenResourceOmittedButEveryRuleNamesOneThenInvalidTarget() throws Exception {
        assertError(exchangeAsClient(with(exchange(idToken("alice", CLIENT)), "resource", null)),
                OAuthError.INVALID_TARGET, 400);
    }

    @Test
    void whenResourceHasAFragmentThenInvalidTarget() throws Exception {
        HttpResponse<String> response = exchangeAsClient(with(exchange(idToken("alice", CLIENT)), "resource", MCP + "#x"));
        assertError(response, OAuthError.INVALID_TARGET, 400);
        assertThat(error(response).description()).contains("without a fragment");
    }

    @Test
    void whenRuleHasNoResourceAndNoneSentThenIdJagWithoutResource() throws Exception {
        try (IdpServer idp = IdpServer.start(b -> Fixtures.standard(b)
                .allow(new PolicyRule(CLIENT, "https://as2.example", null, "c2", Set.of("read"))))) {
            Map<String, String> form = with(with(exchange(idp.idp.issueIdToken("alice", CLIENT)), "resource", null),
                    "audience", "https://as2.example");
            HttpResponse<String> response = idp.token(form, CLIENT_BASIC);
            assertThat(response.statusCode()).isEqualTo(200);
            JWTClaimsSet claims = parseJwt((String) json(response).get("access_token")).getJWTClaimsSet();
            assertThat(claims.getClaim("resource")).isNull();
            assertThat(claims.getStringClaim("client_id")).isEqualTo("c2");
            assertThat(idp.token(with(form, "resource", MCP), CLIENT_BASIC).statusCode()).isEqualTo(400);
        }
    }

    @Test
    void whenClientHasNoRulesThenUnauthorizedClient() throws Exception {
        assertError(server.token(exchange(idToken("alice", Fixtures.NO_RULES)), Fixtures.NO_RULES_BASIC),
                OAuthError.UNAUTHORIZED_CLIENT, 400);
    }

    @Test
    void whenUserNotAllowedForClientThenAccessDenied() throws Exception {
        try (IdpServer idp = IdpServer.start(b -> Fixtures.standard(b).allowUsers(CLIENT, List.of("bob")))) {
            assertError(idp.token(exchange(idp.idp.issueIdToken("alice", CLIENT)), CLIENT_BASIC),
                    OAuthError.ACCESS_DENIED, 400);
            assertThat(idp.token(exchange(idp.idp.issueIdToken("bob", CLIENT)), CLIENT_BASIC).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void whenScopesRequestedThenGrantedAreTheAllowedOnesAndReported() throws Exception {
        HttpResponse<String> response = exchangeAsClient(with(exchange(idToken("alice", CLIENT)), "scope",
                "tools.call admin tools.read"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response)).containsEntry("scope", "tools.call tools.read");
        assertThat(parseJwt((String) json(response).get("access_token")).getJWTClaimsSet().getStringClaim("scope"))
                .isEqualTo("tools.call tools.read");
    }

    @Test
    void whenNoScopeRequestedThenTheRulesScopesAreGranted() throws Exception {
        HttpResponse<String> response = exchangeAsClient(exchange(idToken("alice", CLIENT)));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Set.of(((String) json(response).get("scope")).split(" "))).containsExactlyInAnyOrder("tools.read",
                "tools.call");
    }

    @Test
    void whenNoRequestedScopeIsAllowedThenInvalidScope() throws Exception {
        assertError(exchangeAsClient(with(exchange(idToken("alice", CLIENT)), "scope", "admin")),
                OAuthError.INVALID_SCOPE, 400);
    }

    @Test
    void whenNoClientAuthenticationThenInvalidClient() throws Exception {
        assertError(server.token(exchange(idToken("alice", CLIENT)), null), OAuthError.INVALID_CLIENT, 401);
    }

    @Test
    void whenWrongSecretThenInvalidClientWithBasicChallenge() throws Exception {
        HttpResponse<String> response = server.token(exchange(idToken("alice", CLIENT)), new String[] {CLIENT, "wrong"});
        assertError(response, OAuthError.INVALID_CLIENT, 401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
    }

    @Test
    void whenConfidentialClientSendsOnlyItsIdThenInvalidClient() throws Exception {
        assertError(server.token(with(exchange(idToken("alice", CLIENT)), "client_id", CLIENT), null),
                OAuthError.INVALID_CLIENT, 401);
    }

    @Test
    void whenClientSecretPostThenIdJagIssued() throws Exception {
        Map<String, String> form = with(with(exchange(idToken("alice", CLIENT)), "client_id", CLIENT), "client_secret",
                CLIENT_BASIC[1]);
        assertThat(server.token(form, null).statusCode()).isEqualTo(200);
    }

    @Test
    void whenPublicClientSendsOnlyItsIdThenIdJagIssued() throws Exception {
        HttpResponse<String> response = server.token(with(exchange(idToken("alice", Fixtures.PUBLIC)), "client_id",
                Fixtures.PUBLIC), null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(parseJwt((String) json(response).get("access_token")).getJWTClaimsSet().getStringClaim("client_id"))
                .isEqualTo("cli-at-as");
    }

    @Test
    void whenRefreshTokenIsTheSubjectThenIdJagIssued() throws Exception {
        IssuedIdToken issued = server.idp.issueIdToken("bob", CLIENT, true);
        Map<String, String> form = with(with(exchange(issued.refreshToken()), "subject_token_type",
                TokenType.REFRESH_TOKEN.value()), "scope", "tools.read");
        HttpResponse<String> response = exchangeAsClient(form);
        assertThat(response.statusCode()).isEqualTo(200);
        JWTClaimsSet claims = parseJwt((String) json(response).get("access_token")).getJWTClaimsSet();
        assertThat(claims.getSubject()).isEqualTo("bob");
        assertThat(claims.getStringClaim("client_id")).isEqualTo(CLIENT_AT_AS);
        // not consumed: a refresh token subject can be exchanged again
        assertThat(exchangeAsClient(form).statusCode()).isEqualTo(200);
    }

    @Test
    void whenRefreshTokenOfAnotherClientIsTheSubjectThenInvalidGrant() throws Exception {
        IssuedIdToken issued = server.idp.issueIdToken("bob", Fixtures.OTHER, true);
        assertError(exchangeAsClient(with(exchange(issued.refreshToken()), "subject_token_type",
                TokenType.REFRESH_TOKEN.value())), OAuthError.INVALID_GRANT, 400);
    }

    @Test
    void whenIdTokenSentAsRefreshTokenSubjectThenInvalidGrant() throws Exception {
        assertError(exchangeAsClient(with(exchange(idToken("alice", CLIENT)), "subject_token_type",
                TokenType.REFRESH_TOKEN.value())), OAuthError.INVALID_GRANT, 400);
    }

    @Test
    void whenPolicyHookDeniesThenAccessDeniedAndItSawTheExchange() throws Exception {
        AtomicReference<ExchangeContext> seen = new AtomicReference<>();
        ExchangePolicy hook = ExchangePolicy.DEFAULT.andThen(ctx -> seen.set(ctx)).andThen(ctx -> {
            if (ctx.grantedScopes().contains("tools.call")) {
                throw ExchangePolicy.deny("tools.call needs a licence");
            }
        });
        try (IdpServer idp = IdpServer.start(b -> Fixtures.standard(b).policy(hook))) {
            String idToken = idp.idp.issueIdToken("alice", CLIENT);
            HttpResponse<String> denied = idp.token(with(exchange(idToken), "scope", "tools.call"), CLIENT_BASIC);
            assertError(denied, OAuthError.ACCESS_DENIED, 400);
            assertThat(error(denied).description()).isEqualTo("tools.call needs a licence");
            ExchangeContext ctx = seen.get();
            assertThat(ctx.clientId()).isEqualTo(CLIENT);
            assertThat(ctx.user().subject()).isEqualTo("alice");
            assertThat(ctx.subjectTokenType()).isEqualTo(TokenType.ID_TOKEN);
            assertThat(ctx.audience()).isEqualTo(AS);
            assertThat(ctx.resource()).isEqualTo(MCP);
            assertThat(ctx.requestedScopes()).containsExactly("tools.call");
            assertThat(ctx.rule().clientIdAtAudience()).isEqualTo(CLIENT_AT_AS);
            assertThat(idp.token(with(exchange(idToken), "scope", "tools.read"), CLIENT_BASIC).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void whenGrantTypeUnknownThenUnsupportedGrantType() throws Exception {
        assertError(exchangeAsClient(with(exchange("x"), "grant_type", GrantType.JWT_BEARER.value())),
                OAuthError.UNSUPPORTED_GRANT_TYPE, 400);
    }
}
