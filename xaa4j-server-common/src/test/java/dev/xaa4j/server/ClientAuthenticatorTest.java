package dev.xaa4j.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.xaa4j.core.FormParameters;
import dev.xaa4j.core.OAuthException;
import dev.xaa4j.core.XaaIdentifiers;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClientAuthenticatorTest {

    private static final String ISSUER = "https://as.example";
    private static final ECKey CLIENT_KEY = generate("k1");
    private static final ECKey OTHER_KEY = generate("k1");
    private static final String ODD_ID = "id:with %+ and ü";
    private static final String ODD_SECRET = "s:e%c+r et/ü=";

    private final ClientRegistry registry = ClientRegistry.of(List.of(
            RegisteredClient.withSecret("confidential", "s3cret"),
            RegisteredClient.withSecret(ODD_ID, ODD_SECRET),
            RegisteredClient.publicClient("public-cli"),
            RegisteredClient.withPublicKeys("jwt-client", new JWKSet(CLIENT_KEY.toPublicJWK())),
            new RegisteredClient("post-only", "p", java.util.EnumSet.of(TokenEndpointAuthMethod.CLIENT_SECRET_POST), null)));
    private final InMemoryReplayStore replay = new InMemoryReplayStore();
    private final ClientAuthenticator authenticator =
            new ClientAuthenticator(registry, replay, Clock.systemUTC(), Duration.ofSeconds(60));

    private static ECKey generate(String kid) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static TokenEndpointRequest request(String authorization, String... pairs) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("grant_type", "x");
        for (int i = 0; i < pairs.length; i += 2) {
            params.put(pairs[i], pairs[i + 1]);
        }
        return TokenEndpointRequest.parse(FormParameters.encode(params), authorization);
    }

    private AuthenticatedClient authenticate(TokenEndpointRequest request) {
        return authenticator.authenticate(request, List.of(ISSUER, ISSUER + "/token"));
    }

    private void assertRejected(TokenEndpointRequest request, String code) {
        assertThatExceptionOfType(OAuthException.class).isThrownBy(() -> authenticate(request))
                .satisfies(e -> assertThat(e.error().code()).isEqualTo(code));
    }

    @Test
    void whenBasicWithEncodedSpecialCharactersThenAuthenticated() {
        AuthenticatedClient c = authenticate(request(ClientAuthenticator.basicHeader(ODD_ID, ODD_SECRET)));
        assertThat(c.clientId()).isEqualTo(ODD_ID);
        assertThat(c.method()).isEqualTo(TokenEndpointAuthMethod.CLIENT_SECRET_BASIC);
    }

    @Test
    void whenBasicWithoutFormEncodingOfSpecialCharactersThenRejected() {
        String raw = ODD_ID + ":" + ODD_SECRET;
        String header = "Basic " + Base64.getEncoder().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
        assertRejected(request(header), "invalid_client");
    }

    @Test
    void whenBasicWrongSecretThenInvalidClientWith401() {
        assertThatExceptionOfType(OAuthException.class)
                .isThrownBy(() -> authenticate(request(ClientAuthenticator.basicHeader("confidential", "wrong"))))
                .satisfies(e -> {
                    assertThat(e.error().code()).isEqualTo("invalid_client");
                    assertThat(e.error().httpStatus()).isEqualTo(401);
                    assertThat(e.getMessage()).doesNotContain("wrong");
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"Basic !!!not-base64!!!", "Basic " + "bm9jb2xvbg==", "Bearer abc"})
    void whenAuthorizationHeaderMalformedThenInvalidClient(String header) {
        assertRejected(request(header), "invalid_client");
    }

    @Test
    void whenUnknownClientThenInvalidClient() {
        assertRejected(request(ClientAuthenticator.basicHeader("nobody", "x")), "invalid_client");
    }

    @Test
    void whenBodyClientIdDiffersFromBasicThenInvalidClient() {
        assertRejected(request(ClientAuthenticator.basicHeader("confidential", "s3cret"), "client_id", "other"),
                "invalid_client");
    }

    @Test
    void whenClientSecretPostThenAuthenticated() {
        AuthenticatedClient c = authenticate(request(null, "client_id", "confidential", "client_secret", "s3cret"));
        assertThat(c.method()).isEqualTo(TokenEndpointAuthMethod.CLIENT_SECRET_POST);
    }

    @Test
    void whenMethodNotRegisteredForClientThenInvalidClient() {
        assertRejected(request(ClientAuthenticator.basicHeader("post-only", "p")), "invalid_client");
    }

    @Test
    void whenTwoMethodsAtOnceThenInvalidRequest() {
        assertRejected(request(ClientAuthenticator.basicHeader("confidential", "s3cret"),
                "client_id", "confidential", "client_secret", "s3cret"), "invalid_request");
    }

    @Test
    void whenNoAuthenticationThenInvalidClient() {
        assertRejected(request(null), "invalid_client");
        assertRejected(request(null, "client_id", "confidential"), "invalid_client");
    }

    @Test
    void whenPublicClientSendsOnlyClientIdThenAuthenticatedAsNone() {
        assertThat(authenticate(request(null, "client_id", "public-cli")).method()).isEqualTo(TokenEndpointAuthMethod.NONE);
    }

    private static String assertion(ECKey key, JWSAlgorithm alg, Consumer<JWTClaimsSet.Builder> change) throws Exception {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer("jwt-client").subject("jwt-client")
                .audience(ISSUER).issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(60)))
                .jwtID(UUID.randomUUID().toString());
        change.accept(claims);
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(),
                claims.build());
        jwt.sign(new ECDSASigner(key));
        return jwt.serialize();
    }

    private static TokenEndpointRequest jwtRequest(String assertion) {
        return request(null, "client_assertion_type", XaaIdentifiers.CLIENT_ASSERTION_TYPE_JWT_BEARER,
                "client_assertion", assertion);
    }

    @Test
    void whenPrivateKeyJwtValidThenAuthenticatedAndReplayRejected() throws Exception {
        String a = assertion(CLIENT_KEY, JWSAlgorithm.ES256, c -> { });
        assertThat(authenticate(jwtRequest(a)).method()).isEqualTo(TokenEndpointAuthMethod.PRIVATE_KEY_JWT);
        assertRejected(jwtRequest(a), "invalid_client");
    }

    @Test
    void whenPrivateKeyJwtAudienceIsTokenEndpointThenAccepted() throws Exception {
        assertThat(authenticate(jwtRequest(assertion(CLIENT_KEY, JWSAlgorithm.ES256, c -> c.audience(ISSUER + "/token"))))
                .clientId()).isEqualTo("jwt-client");
    }

    @Test
    void whenPrivateKeyJwtHasACharacterOutsideBase64UrlThenInvalidClientThoughItWouldVerify() throws Exception {
        String a = assertion(CLIENT_KEY, JWSAlgorithm.ES256, c -> { });
        String strayTilde = a.substring(0, a.length() - 10) + "~" + a.substring(a.length() - 10);

        assertRejected(jwtRequest(strayTilde), "invalid_client");
        assertThat(authenticate(jwtRequest(a)).clientId()).as("the assertion itself is fine").isEqualTo("jwt-client");
    }

    @Test
    void whenPrivateKeyJwtSignedByAnotherKeyThenInvalidClient() throws Exception {
        assertRejected(jwtRequest(assertion(OTHER_KEY, JWSAlgorithm.ES256, c -> { })), "invalid_client");
    }

    @Test
    void whenPrivateKeyJwtHasWrongAudienceOrTimesThenInvalidClient() throws Exception {
        Instant now = Instant.now();
        assertRejected(jwtRequest(assertion(CLIENT_KEY, JWSAlgorithm.ES256, c -> c.audience("https://other"))),
                "invalid_client");
        assertRejected(jwtRequest(assertion(CLIENT_KEY, JWSAlgorithm.ES256,
                c -> c.expirationTime(Date.from(now.minusSeconds(120))))), "invalid_client");
        assertRejected(jwtRequest(assertion(CLIENT_KEY, JWSAlgorithm.ES256,
                c -> c.expirationTime(Date.from(now.plusSeconds(3600))))), "invalid_client");
        assertRejected(jwtRequest(assertion(CLIENT_KEY, JWSAlgorithm.ES256, c -> c.jwtID(null))), "invalid_client");
        assertRejected(jwtRequest(assertion(CLIENT_KEY, JWSAlgorithm.ES256, c -> c.subject("someone-else"))),
                "invalid_client");
    }

    @Test
    void whenPrivateKeyJwtUsesHmacThenInvalidClient() throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer("jwt-client").subject("jwt-client").audience(ISSUER)
                .expirationTime(Date.from(Instant.now().plusSeconds(60))).jwtID("j").build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        jwt.sign(new MACSigner(CLIENT_KEY.toPublicJWK().toECPublicKey().getEncoded()));
        assertRejected(jwtRequest(jwt.serialize()), "invalid_client");
    }

    @Test
    void whenClientAssertionTypeWrongThenInvalidRequest() throws Exception {
        assertRejected(request(null, "client_assertion_type", "urn:other", "client_assertion",
                assertion(CLIENT_KEY, JWSAlgorithm.ES256, c -> { })), "invalid_request");
    }

    @Test
    void whenSecretInToStringsThenNeverShown() {
        assertThat(RegisteredClient.withSecret("c", "very-secret-value").toString()).doesNotContain("very-secret-value");
        TokenEndpointRequest r = request(ClientAuthenticator.basicHeader("c", "very-secret-value"),
                "client_secret", "very-secret-value");
        assertThat(r.toString()).doesNotContain("very-secret-value").doesNotContain("Basic ");
    }
}
