package dev.xaa4j.as;

import static dev.xaa4j.as.StandardAs.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.xaa4j.as.AsTestServer.Reply;
import dev.xaa4j.core.AuthorizationServerMetadata;
import dev.xaa4j.core.GrantType;
import dev.xaa4j.core.InsecureEndpointException;
import dev.xaa4j.server.RegisteredClient;
import dev.xaa4j.server.SigningKeys;
import java.text.ParseException;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** RFC 9068 access tokens, the JWK set with key rotation, RFC 8414 metadata, and mounting (PROTOCOL.md sections 5, 6). */
class AccessTokenAndMetadataTest {

    private static TestIdp idp;
    private static AsTestServer server;

    @BeforeAll
    static void start() {
        idp = TestIdp.start("idp");
        server = AsTestServer.start("/tenant-1", issuer -> StandardAs.builder(issuer, StandardAs.trusting(idp)).build());
    }

    @AfterAll
    static void stop() {
        server.close();
        idp.close();
    }

    private static String accessToken(AsTestServer on, IdJagFixture f) {
        Reply reply = on.grant(f.serialize());
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return (String) reply.json().get("access_token");
    }

    private static JWKSet servedJwks(AsTestServer on) throws ParseException {
        Reply reply = on.get(on.as.jwksPath());
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("Content-Type")).startsWith("application/json");
        return JWKSet.parse(reply.body());
    }

    private static boolean verifies(String token, JWKSet jwks) throws ParseException, JOSEException {
        SignedJWT jwt = SignedJWT.parse(token);
        JWK key = jwks.getKeyByKeyId(jwt.getHeader().getKeyID());
        if (key == null) {
            return false;
        }
        JWSVerifier verifier = new DefaultJWSVerifierFactory()
                .createJWSVerifier(jwt.getHeader(), ((AsymmetricJWK) key).toPublicKey());
        return jwt.verify(verifier);
    }

    @Test
    void whenAccessTokenIsIssuedThenItVerifiesWithTheJwksAndHasTheRfc9068Claims() throws Exception {
        IdJagFixture f = IdJagFixture.valid(idp, server.as.issuer(), NOW);
        f.claims.claim("acr", "phr").claim("amr", List.of("pwd", "mfa")).claim("auth_time", NOW.minusSeconds(100).getEpochSecond());

        String token = accessToken(server, f);

        assertThat(verifies(token, servedJwks(server))).isTrue();
        SignedJWT jwt = SignedJWT.parse(token);
        assertThat(jwt.getHeader().getType().getType()).isEqualTo("at+jwt");
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo(server.as.issuer());
        assertThat(claims.getSubject()).isEqualTo(IdJagFixture.SUBJECT);
        assertThat(claims.getAudience()).containsExactly(IdJagFixture.RESOURCE);
        assertThat(claims.getStringClaim("client_id")).isEqualTo(IdJagFixture.CLIENT_ID);
        assertThat(claims.getStringClaim("scope")).isEqualTo(IdJagFixture.SCOPE);
        assertThat(claims.getJWTID()).isNotBlank().isNotEqualTo(f.claims.build().getJWTID());
        assertThat(claims.getIssueTime()).isEqualTo(Date.from(NOW));
        assertThat(claims.getExpirationTime()).isEqualTo(Date.from(NOW.plusSeconds(900)));
        assertThat(claims.getStringClaim("acr")).isEqualTo("phr");
        assertThat(claims.getStringListClaim("amr")).containsExactly("pwd", "mfa");
        assertThat(claims.getLongClaim("auth_time")).isEqualTo(NOW.minusSeconds(100).getEpochSecond());
    }

    @Test
    void whenJwksIsServedThenItHoldsPublicKeysOnly() throws ParseException {
        JWKSet jwks = servedJwks(server);

        assertThat(jwks.getKeys()).hasSize(1);
        assertThat(jwks.getKeys()).noneMatch(JWK::isPrivate);
        assertThat(jwks.getKeys().get(0).getKeyID()).isEqualTo(server.as.signingKeys().activeKeyId());
    }

    @Test
    void whenKeysRotateThenBothKeysArePublishedAndTheNewOneSigns() throws Exception {
        try (AsTestServer own = AsTestServer.start(issuer -> StandardAs.builder(issuer, StandardAs.trusting(idp)).build())) {
            String before = accessToken(own, IdJagFixture.valid(idp, own.as.issuer(), NOW));
            String oldKid = own.as.signingKeys().activeKeyId();

            own.as.signingKeys().rotate();
            String after = accessToken(own, IdJagFixture.valid(idp, own.as.issuer(), NOW));

            JWKSet jwks = servedJwks(own);
            String newKid = own.as.signingKeys().activeKeyId();
            assertThat(newKid).isNotEqualTo(oldKid);
            assertThat(jwks.getKeys()).extracting(JWK::getKeyID).containsExactly(newKid, oldKid);
            assertThat(SignedJWT.parse(after).getHeader().getKeyID()).isEqualTo(newKid);
            assertThat(verifies(before, jwks)).isTrue();
            assertThat(verifies(after, jwks)).isTrue();
        }
    }

    @Test
    void whenAccessTokenLifetimeIsConfiguredThenExpiresInFollowsIt() throws ParseException {
        try (AsTestServer own = AsTestServer.start(issuer -> StandardAs.builder(issuer, StandardAs.trusting(idp))
                .accessTokenLifetime(Duration.ofSeconds(120)).build())) {
            Reply reply = own.grant(IdJagFixture.valid(idp, own.as.issuer(), NOW).serialize());

            assertThat(reply.json()).containsEntry("expires_in", 120L);
            assertThat(SignedJWT.parse((String) reply.json().get("access_token")).getJWTClaimsSet().getExpirationTime())
                    .isEqualTo(Date.from(NOW.plusSeconds(120)));
        }
    }

    @Test
    void whenMetadataIsRequestedThenRfc8414DocumentIsServedAtTheInsertedWellKnownPath() {
        String issuer = server.as.issuer();

        Reply reply = server.get("/.well-known/oauth-authorization-server/tenant-1");

        assertThat(reply.status()).isEqualTo(200);
        AuthorizationServerMetadata metadata = AuthorizationServerMetadata.parse(reply.body());
        assertThat(metadata.issuer()).isEqualTo(issuer);
        assertThat(metadata.tokenEndpoint()).isEqualTo(issuer + "/token");
        assertThat(metadata.jwksUri()).isEqualTo(issuer + "/jwks");
        assertThat(metadata.grantTypesSupported()).containsExactly(GrantType.JWT_BEARER.value());
        assertThat(metadata.advertisesIdJagProfile()).isTrue();
        assertThat(metadata.tokenEndpointAuthMethodsSupported()).containsExactly("client_secret_basic", "client_secret_post");
        assertThat(metadata.scopesSupported()).containsExactly("tools.read", "tools.write");
        Map<String, Object> json = reply.json();
        assertThat(json).containsEntry("response_types_supported", List.of())
                .doesNotContainKey("token_endpoint_auth_signing_alg_values_supported");
        assertThat(server.as.metadataJson()).isEqualTo(reply.body());
    }

    @Test
    void whenMetadataIsServedThenTheTrustedIdpsAreNotPublished() {
        Reply reply = server.get(server.as.metadataPath());

        assertThat(reply.body()).doesNotContain("\"" + idp.issuer() + "\"").doesNotContain("\"" + idp.issuer() + "/")
                .doesNotContain(idp.jwksUri().toString());
    }

    @Test
    void whenIssuerHasNoPathThenMetadataIsAtTheRootWellKnown() {
        try (AsTestServer own = AsTestServer.start(issuer -> StandardAs.builder(issuer, StandardAs.trusting(idp)).build())) {
            Reply reply = own.get("/.well-known/oauth-authorization-server");

            assertThat(reply.status()).isEqualTo(200);
            assertThat(AuthorizationServerMetadata.parse(reply.body()).issuer()).isEqualTo(own.as.issuer());
        }
    }

    @Test
    void whenPrivateKeyJwtClientIsRegisteredThenMetadataListsItsSigningAlgorithms() {
        AuthorizationServer as = AuthorizationServer.builder("https://as.example.com", SigningKeys.generate("ES256"),
                        StandardAs.trusting(idp))
                .client(RegisteredClient.withPublicKeys("pkj", new JWKSet(TestIdp.ecKey("k").toPublicJWK())))
                .resource(IdJagFixture.RESOURCE, List.of())
                .build();

        AuthorizationServerMetadata metadata = AuthorizationServerMetadata.parse(as.metadataJson());

        assertThat(metadata.tokenEndpointAuthMethodsSupported()).containsExactly("private_key_jwt");
        assertThat(as.metadataJson()).contains("\"token_endpoint_auth_signing_alg_values_supported\"");
        assertThat(metadata.scopesSupported()).isEmpty();
    }

    @Test
    void whenServletsAreAddedWithJettysOwnApiThenEndpointsWork() {
        try (AsTestServer own = AsTestServer.start("/t2",
                issuer -> StandardAs.builder(issuer, StandardAs.trusting(idp)).build(), false)) {
            assertThat(own.get("/.well-known/oauth-authorization-server/t2").status()).isEqualTo(200);
            assertThat(own.get("/t2/jwks").status()).isEqualTo(200);
            assertThat(own.grant(IdJagFixture.valid(idp, own.as.issuer(), NOW).serialize()).status()).isEqualTo(200);
        }
    }

    @Test
    void whenContextIsNotAtTheRootThenRegisterRefuses() throws Exception {
        AuthorizationServer as = StandardAs.builder("https://as.example.com", StandardAs.trusting(idp)).build();
        AtomicReference<Exception> thrown = new AtomicReference<>();
        Server jetty = new Server();
        ServletContextHandler context = new ServletContextHandler("/sub");
        context.addServletContainerInitializer((classes, servletContext) -> {
            try {
                as.register(servletContext);
            } catch (IllegalStateException e) {
                thrown.set(e);
            }
        });
        jetty.setHandler(context);
        jetty.start();
        jetty.stop();

        assertThat(thrown.get()).isInstanceOf(IllegalStateException.class).hasMessageContaining("root");
    }

    @Test
    void whenIssuerIsPlainHttpToANonLoopbackHostThenBuilderRefuses() {
        assertThatExceptionOfType(InsecureEndpointException.class).isThrownBy(() ->
                AuthorizationServer.builder("http://as.example.com", SigningKeys.generate("ES256"), StandardAs.trusting(idp)));
    }

    @Test
    void whenIssuerHasAQueryThenBuilderRefuses() {
        assertThatIllegalArgumentException().isThrownBy(() ->
                AuthorizationServer.builder("https://as.example.com?x=1", SigningKeys.generate("ES256"), StandardAs.trusting(idp)));
    }
}
