package dev.xaa4j.as;

import static dev.xaa4j.as.StandardAs.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.xaa4j.as.AsTestServer.Reply;
import dev.xaa4j.core.GrantType;
import dev.xaa4j.core.XaaIdentifiers;
import dev.xaa4j.server.ClientAuthenticator;
import dev.xaa4j.server.RegisteredClient;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Date;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Token endpoint syntax and client authentication (PROTOCOL.md section 4 item 8, section 5, section 8 decision 8) through
 * the real servlet: POST only, form bodies only, client_secret_basic / client_secret_post / private_key_jwt / none. The
 * refusals of hostile requests (repeated parameters, oversized bodies, bad credentials, clients not allowed the grant) are
 * in {@link HostileIdJagTest}'s table.
 */
class TokenEndpointClientAuthenticationTest {

    private static final String PKJ_CLIENT = "pkj-client";
    private static final String PUBLIC_CLIENT = "public-client";

    private static TestIdp idp;
    private static AsTestServer server;
    private static ECKey clientKey;

    @BeforeAll
    static void start() {
        idp = TestIdp.start("idp");
        clientKey = TestIdp.ecKey("client-key");
        server = AsTestServer.start("/tenant-1", issuer -> StandardAs.builder(issuer, StandardAs.trusting(idp))
                .client(RegisteredClient.withPublicKeys(PKJ_CLIENT, new JWKSet(clientKey.toPublicJWK())))
                .client(RegisteredClient.publicClient(PUBLIC_CLIENT))
                .build());
    }

    @AfterAll
    static void stop() {
        server.close();
        idp.close();
    }

    private static String idJag(String clientId) {
        IdJagFixture f = IdJagFixture.valid(idp, server.as.issuer(), NOW);
        f.claims.claim("client_id", clientId);
        return f.serialize();
    }

    private static String clientAssertion(String audience) throws JOSEException {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(PKJ_CLIENT).subject(PKJ_CLIENT).audience(audience)
                .jwtID(UUID.randomUUID().toString()).issueTime(Date.from(NOW))
                .expirationTime(Date.from(NOW.plusSeconds(60))).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(clientKey.getKeyID()).build(), claims);
        jwt.sign(new ECDSASigner(clientKey));
        return jwt.serialize();
    }

    private static Reply privateKeyJwt(String audience) throws JOSEException {
        String assertion = idJag(PKJ_CLIENT);
        String clientAssertion = clientAssertion(audience);
        return server.post(AuthorizationServer.TOKEN_PATH, AsTestServer.form("grant_type", GrantType.JWT_BEARER.value(),
                "assertion", assertion, "client_assertion_type", XaaIdentifiers.CLIENT_ASSERTION_TYPE_JWT_BEARER,
                "client_assertion", clientAssertion), null, assertion, clientAssertion);
    }

    @Test
    void whenClientSecretBasicThenAccessToken() {
        assertThat(server.grant(idJag(IdJagFixture.CLIENT_ID)).status()).isEqualTo(200);
    }

    @Test
    void whenClientSecretPostThenAccessToken() {
        String assertion = idJag(IdJagFixture.CLIENT_ID);
        Reply reply = server.post(AuthorizationServer.TOKEN_PATH, AsTestServer.form("grant_type", GrantType.JWT_BEARER.value(),
                "assertion", assertion, "client_id", IdJagFixture.CLIENT_ID, "client_secret", AsTestServer.SECRET), null, assertion);

        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    }

    @Test
    void whenPrivateKeyJwtNamesTheTokenEndpointThenAccessToken() throws JOSEException {
        Reply reply = privateKeyJwt(server.as.tokenEndpoint());

        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    }

    @Test
    void whenPrivateKeyJwtNamesTheIssuerThenAccessToken() throws JOSEException {
        Reply reply = privateKeyJwt(server.as.issuer());

        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    }

    @Test
    void whenPrivateKeyJwtNamesAnotherServerThenInvalidClient() throws JOSEException {
        Reply reply = privateKeyJwt("https://other-as.example.com");

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.error()).isEqualTo("invalid_client");
    }

    @Test
    void whenPublicClientIsConfiguredThenClientIdAloneIsAccepted() {
        String assertion = idJag(PUBLIC_CLIENT);
        Reply reply = server.post(AuthorizationServer.TOKEN_PATH, AsTestServer.form("grant_type", GrantType.JWT_BEARER.value(),
                "assertion", assertion, "client_id", PUBLIC_CLIENT), null, assertion);

        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    }

    @Test
    void whenConfidentialClientSendsOnlyClientIdThenInvalidClient() {
        String assertion = idJag(IdJagFixture.CLIENT_ID);
        Reply reply = server.post(AuthorizationServer.TOKEN_PATH, AsTestServer.form("grant_type", GrantType.JWT_BEARER.value(),
                "assertion", assertion, "client_id", IdJagFixture.CLIENT_ID), null, assertion);

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.error()).isEqualTo("invalid_client");
    }

    @Test
    void whenAssertionIsMissingThenInvalidRequest() {
        Reply reply = server.post(AuthorizationServer.TOKEN_PATH, AsTestServer.form("grant_type", GrantType.JWT_BEARER.value()),
                ClientAuthenticator.basicHeader(IdJagFixture.CLIENT_ID, AsTestServer.SECRET));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.error()).isEqualTo("invalid_request");
        assertThat(reply.description()).contains("'assertion'");
    }

    @Test
    void whenGrantTypeIsUnsupportedThenUnsupportedGrantType() {
        String assertion = idJag(IdJagFixture.CLIENT_ID);
        Reply reply = server.post(AuthorizationServer.TOKEN_PATH, AsTestServer.form("grant_type", GrantType.TOKEN_EXCHANGE.value(),
                "assertion", assertion), ClientAuthenticator.basicHeader(IdJagFixture.CLIENT_ID, AsTestServer.SECRET), assertion);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.error()).isEqualTo("unsupported_grant_type");
    }

    @Test
    void whenGetOnTokenEndpointThenMethodNotAllowed() {
        Reply reply = server.send(HttpRequest.newBuilder(URI.create(server.as.tokenEndpoint()))
                .timeout(Duration.ofSeconds(10)).GET().build());

        assertThat(reply.status()).isEqualTo(405);
        assertThat(reply.header("Allow")).isEqualTo("POST");
        assertThat(reply.error()).isEqualTo("invalid_request");
    }

    @Test
    void whenBodyIsNotFormEncodedThenInvalidRequest() {
        String assertion = idJag(IdJagFixture.CLIENT_ID);
        Reply reply = server.send(HttpRequest.newBuilder(URI.create(server.as.tokenEndpoint()))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"assertion\":\"" + assertion + "\"}")).build(), assertion);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.error()).isEqualTo("invalid_request");
    }
}
