package dev.xaa4j.idp;

import static dev.xaa4j.idp.Fixtures.CLIENT;
import static dev.xaa4j.idp.Fixtures.CLIENT_BASIC;
import static dev.xaa4j.idp.IdpServer.error;
import static dev.xaa4j.idp.IdpServer.form;
import static dev.xaa4j.idp.IdpServer.json;
import static dev.xaa4j.idp.IdpServer.parseJwt;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.xaa4j.core.OAuthError;
import dev.xaa4j.core.TokenType;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RefreshTokenGrantTest {

    private static MutableClock clock;
    private static IdpServer server;

    @BeforeAll
    static void start() throws Exception {
        clock = new MutableClock(Instant.now());
        server = IdpServer.start(b -> Fixtures.standard(b).clock(clock).refreshTokenLifetime(Duration.ofHours(2)));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static Map<String, String> refresh(String refreshToken) {
        return form("grant_type", "refresh_token", "refresh_token", refreshToken);
    }

    @Test
    void whenRefreshTokenRedeemedThenNewIdTokenWithOriginalAuthTimeAndRotatedRefreshToken() throws Exception {
        IssuedIdToken issued = server.idp.issueIdToken("alice", CLIENT, true);
        Instant authTime = parseJwt(issued.idToken()).getJWTClaimsSet().getDateClaim("auth_time").toInstant();
        clock.advance(Duration.ofMinutes(10));

        HttpResponse<String> response = server.token(refresh(issued.refreshToken()), CLIENT_BASIC);
        assertThat(response.statusCode()).isEqualTo(200);
        Map<String, Object> body = json(response);
        assertThat(body).containsEntry("token_type", "Bearer").containsKeys("access_token", "id_token", "expires_in");
        String rotated = (String) body.get("refresh_token");
        assertThat(rotated).isNotNull().isNotEqualTo(issued.refreshToken());

        JWTClaimsSet claims = parseJwt((String) body.get("id_token")).getJWTClaimsSet();
        assertThat(claims.getSubject()).isEqualTo("alice");
        assertThat(claims.getAudience()).containsExactly(CLIENT);
        assertThat(claims.getIssuer()).isEqualTo(server.issuer);
        assertThat(claims.getDateClaim("auth_time").toInstant()).isEqualTo(authTime);
        assertThat(claims.getIssueTime().toInstant()).isAfter(authTime.plus(Duration.ofMinutes(9)));

        assertThat(error(server.token(refresh(issued.refreshToken()), CLIENT_BASIC)).code())
                .isEqualTo(OAuthError.INVALID_GRANT);
        assertThat(server.token(refresh(rotated), CLIENT_BASIC).statusCode()).isEqualTo(200);
    }

    @Test
    void whenRotatedAwayRefreshTokenIsUsedAsSubjectTokenThenInvalidGrant() throws Exception {
        IssuedIdToken issued = server.idp.issueIdToken("alice", CLIENT, true);
        assertThat(server.token(refresh(issued.refreshToken()), CLIENT_BASIC).statusCode()).isEqualTo(200);
        Map<String, String> exchange = Fixtures.with(Fixtures.exchange(issued.refreshToken()), "subject_token_type",
                TokenType.REFRESH_TOKEN.value());
        assertThat(error(server.token(exchange, CLIENT_BASIC)).code()).isEqualTo(OAuthError.INVALID_GRANT);
    }

    @Test
    void whenRefreshTokenOfAnotherClientThenInvalidGrantAndItStaysUsable() throws Exception {
        IssuedIdToken issued = server.idp.issueIdToken("alice", Fixtures.OTHER, true);
        assertThat(error(server.token(refresh(issued.refreshToken()), CLIENT_BASIC)).code())
                .isEqualTo(OAuthError.INVALID_GRANT);
        assertThat(server.token(refresh(issued.refreshToken()), Fixtures.OTHER_BASIC).statusCode()).isEqualTo(200);
    }

    @Test
    void whenRefreshTokenIsUnknownThenInvalidGrant() throws Exception {
        assertThat(error(server.token(refresh("no-such-token"), CLIENT_BASIC)).code()).isEqualTo(OAuthError.INVALID_GRANT);
    }

    @Test
    void whenRefreshTokenMissingThenInvalidRequest() throws Exception {
        assertThat(error(server.token(form("grant_type", "refresh_token"), CLIENT_BASIC)).code())
                .isEqualTo(OAuthError.INVALID_REQUEST);
    }

    @Test
    void whenRefreshTokenHasExpiredThenInvalidGrant() throws Exception {
        IssuedIdToken issued = server.idp.issueIdToken("alice", CLIENT, true);
        clock.advance(Duration.ofHours(2).plusSeconds(1));
        assertThat(error(server.token(refresh(issued.refreshToken()), CLIENT_BASIC)).code())
                .isEqualTo(OAuthError.INVALID_GRANT);
    }

    @Test
    void whenScopeExceedsTheOriginalThenInvalidScope() throws Exception {
        IssuedIdToken issued = server.idp.issueIdToken("alice", CLIENT, true);
        Map<String, String> form = refresh(issued.refreshToken());
        form.put("scope", "openid email");
        assertThat(error(server.token(form, CLIENT_BASIC)).code()).isEqualTo(OAuthError.INVALID_SCOPE);
        form.put("scope", "openid");
        HttpResponse<String> narrowed = server.token(form, CLIENT_BASIC);
        assertThat(narrowed.statusCode()).isEqualTo(200);
        assertThat(json(narrowed)).containsEntry("scope", "openid");
    }

    @Test
    void whenClientDoesNotAuthenticateThenInvalidClient() throws Exception {
        IssuedIdToken issued = server.idp.issueIdToken("alice", CLIENT, true);
        HttpResponse<String> response = server.token(refresh(issued.refreshToken()), null);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(error(response).code()).isEqualTo(OAuthError.INVALID_CLIENT);
    }
}
