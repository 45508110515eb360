package dev.xaa4j.client;

import static dev.xaa4j.client.Fixtures.AUDIENCE;
import static dev.xaa4j.client.Fixtures.CLIENT_SECRET;
import static dev.xaa4j.client.Fixtures.ID_JAG;
import static dev.xaa4j.client.Fixtures.ID_TOKEN;
import static dev.xaa4j.client.Fixtures.RESOURCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.xaa4j.client.ClientAuthentication.Method;
import dev.xaa4j.client.ClientAuthentication.SigningAlgorithm;
import dev.xaa4j.testing.TestHttpServer;
import dev.xaa4j.testing.TestHttpServer.RecordedRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class ClientAuthenticationTest {

    private static KeyPair ecKey;
    private static KeyPair rsaKey;

    private TestHttpServer server;

    @BeforeAll
    static void keys() throws GeneralSecurityException {
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        ecKey = ec.generateKeyPair();
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        rsaKey = rsa.generateKeyPair();
    }

    @BeforeEach
    void start() {
        server = TestHttpServer.start();
        server.json("/token", 200, Fixtures.bearerResponse());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private RecordedRequest redeemWith(ClientAuthentication auth) {
        Fixtures.jwtBearer(server, auth).requestAccessToken(ID_JAG, List.of(), null);
        List<RecordedRequest> requests = server.requests();
        return requests.get(requests.size() - 1);
    }

    @Test
    void whenNoneThenClientIdInBodyAndNoAuthorizationHeader() {
        RecordedRequest req = redeemWith(ClientAuthentication.none("public-agent"));

        assertThat(req.formParam("client_id")).isEqualTo("public-agent");
        assertThat(req.form()).doesNotContainKeys("client_secret", "client_assertion", "client_assertion_type");
        assertThat(req.header("Authorization")).isNull();
    }

    @Test
    void whenClientSecretPostThenIdAndSecretInBody() {
        RecordedRequest req = redeemWith(ClientAuthentication.clientSecretPost("agent", CLIENT_SECRET));

        assertThat(req.formParam("client_id")).isEqualTo("agent");
        assertThat(req.formParam("client_secret")).isEqualTo(CLIENT_SECRET);
        assertThat(req.header("Authorization")).isNull();
    }

    @Test
    void whenClientSecretBasicThenHeaderOnlyAndNoClientIdInBody() {
        RecordedRequest req = redeemWith(ClientAuthentication.clientSecretBasic("agent", CLIENT_SECRET));

        assertThat(req.header("Authorization")).isEqualTo("Basic "
                + Base64.getEncoder().encodeToString(("agent:" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8)));
        assertThat(req.form()).doesNotContainKeys("client_id", "client_secret");
    }

    static Stream<Arguments> basicCredentials() {
        return Stream.of(
                Arguments.of("id:with:colons", "se:cret", "id%3Awith%3Acolons", "se%3Acret"),
                Arguments.of("pct%20id", "100%", "pct%2520id", "100%25"),
                Arguments.of("a+b", "c+d", "a%2Bb", "c%2Bd"),
                Arguments.of("space id", "sp ace", "space+id", "sp+ace"),
                Arguments.of("café", "sécrét€", "caf%C3%A9", "s%C3%A9cr%C3%A9t%E2%82%AC"),
                Arguments.of("plain-id_1.2~", "plain", "plain-id_1.2%7E", "plain"));
    }

    @ParameterizedTest
    @MethodSource("basicCredentials")
    void whenClientSecretBasicThenIdAndSecretAreFormEncodedBeforeJoining(
            String id, String secret, String encodedId, String encodedSecret) {
        RecordedRequest req = redeemWith(ClientAuthentication.clientSecretBasic(id, secret));

        String header = req.header("Authorization");
        assertThat(header).startsWith("Basic ");
        String decoded = new String(Base64.getDecoder().decode(header.substring(6)), StandardCharsets.US_ASCII);
        assertThat(decoded).isEqualTo(encodedId + ":" + encodedSecret);
        String[] parts = decoded.split(":", -1);
        assertThat(parts).hasSize(2);
        assertThat(URLDecoder.decode(parts[0], StandardCharsets.UTF_8)).isEqualTo(id);
        assertThat(URLDecoder.decode(parts[1], StandardCharsets.UTF_8)).isEqualTo(secret);
    }

    static Stream<Arguments> signingKeys() {
        return Stream.of(
                Arguments.of(SigningAlgorithm.ES256, "EC"),
                Arguments.of(SigningAlgorithm.RS256, "RSA"),
                Arguments.of(SigningAlgorithm.PS256, "RSA"));
    }

    @ParameterizedTest
    @MethodSource("signingKeys")
    void whenPrivateKeyJwtThenAssertionVerifiesWithThePublicKeyAndCarriesTheClaims(SigningAlgorithm alg, String keyType)
            throws Exception {
        KeyPair pair = keyType.equals("EC") ? ecKey : rsaKey;
        ClientAuthentication auth = ClientAuthentication.privateKeyJwt("agent", pair.getPrivate(), "key-1", alg);
        JwtBearerClient client = JwtBearerClient.builder(server.url("/token"), auth).httpOptions(Fixtures.FAST)
                .issuer(AUDIENCE).build();

        Instant before = Instant.now().minusSeconds(1);
        client.requestAccessToken(ID_JAG, List.of(), null);
        client.requestAccessToken(ID_JAG, List.of(), null);

        List<RecordedRequest> requests = server.requests();
        SignedJWT first = verified(requests.get(0), alg, pair);
        SignedJWT second = verified(requests.get(1), alg, pair);
        JWTClaimsSet claims = first.getJWTClaimsSet();
        assertThat(first.getHeader().getKeyID()).isEqualTo("key-1");
        assertThat(claims.getIssuer()).isEqualTo("agent");
        assertThat(claims.getSubject()).isEqualTo("agent");
        assertThat(claims.getAudience()).containsExactly(AUDIENCE);
        assertThat(claims.getIssueTime().toInstant()).isAfterOrEqualTo(before.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        assertThat(Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
                .isEqualTo(Duration.ofSeconds(60));
        assertThat(claims.getJWTID()).isNotBlank().isNotEqualTo(second.getJWTClaimsSet().getJWTID());
        assertThat(requests.get(0).formParam("client_id")).isEqualTo("agent");
        assertThat(requests.get(0).header("Authorization")).isNull();
    }

    private static SignedJWT verified(RecordedRequest req, SigningAlgorithm alg, KeyPair pair)
            throws ParseException, JOSEException {
        assertThat(req.formParam("client_assertion_type")).isEqualTo("urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
        SignedJWT jwt = SignedJWT.parse(req.formParam("client_assertion"));
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.parse(alg.name()));
        JWSVerifier verifier = pair.getPublic() instanceof ECPublicKey ec
                ? new ECDSAVerifier(ec) : new RSASSAVerifier((RSAPublicKey) pair.getPublic());
        assertThat(jwt.verify(verifier)).as("signature verifies with the public key").isTrue();
        return jwt;
    }

    @Test
    void whenOneClientIsSharedByManyThreadsThenEveryRequestSucceedsWithItsOwnAssertion() throws Exception {
        ClientAuthentication auth = ClientAuthentication.privateKeyJwt("agent", ecKey.getPrivate(), "k", SigningAlgorithm.ES256);
        JwtBearerClient client = Fixtures.jwtBearer(server, auth);
        int threads = 8;
        int perThread = 5;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<AccessToken>> results = new java.util.ArrayList<>();
            for (int i = 0; i < threads * perThread; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    return client.requestAccessToken(ID_JAG, List.of(), null);
                }));
            }
            go.countDown();
            for (java.util.concurrent.Future<AccessToken> result : results) {
                assertThat(result.get(10, java.util.concurrent.TimeUnit.SECONDS).token()).isEqualTo(Fixtures.ACCESS_TOKEN);
            }
        } finally {
            pool.shutdownNow();
        }
        List<String> jtis = new java.util.ArrayList<>();
        for (RecordedRequest req : server.requests()) {
            jtis.add(verified(req, SigningAlgorithm.ES256, ecKey).getJWTClaimsSet().getJWTID());
        }
        assertThat(jtis).hasSize(threads * perThread).doesNotHaveDuplicates();
    }

    @Test
    void whenPrivateKeyJwtWithoutKnownIssuerThenAudienceIsTheTokenEndpoint() throws Exception {
        ClientAuthentication auth = ClientAuthentication.privateKeyJwt("agent", ecKey.getPrivate(), null, SigningAlgorithm.ES256);

        RecordedRequest req = redeemWith(auth);

        SignedJWT jwt = verified(req, SigningAlgorithm.ES256, ecKey);
        assertThat(jwt.getJWTClaimsSet().getAudience()).containsExactly(server.url("/token").toString());
        assertThat(jwt.getHeader().getKeyID()).isNull();
    }

    @Test
    void whenPrivateKeyJwtAtIdpThenAudienceIsTheIdpIssuer() throws Exception {
        server.json("/token", 200, Fixtures.idJagResponse());
        ClientAuthentication auth = ClientAuthentication.privateKeyJwt("agent", ecKey.getPrivate(), "k", SigningAlgorithm.ES256);
        TokenExchangeClient idp = TokenExchangeClient.builder(server.url("/token"), auth).issuer("https://acme.idp.example")
                .httpOptions(Fixtures.FAST).build();

        idp.requestIdJag(SubjectToken.idToken(ID_TOKEN), AUDIENCE, RESOURCE, List.of());

        SignedJWT jwt = verified(server.requests().get(0), SigningAlgorithm.ES256, ecKey);
        assertThat(jwt.getJWTClaimsSet().getAudience()).containsExactly("https://acme.idp.example");
    }

    @Test
    void whenKeyDoesNotFitAlgorithmThenIllegalArgument() throws GeneralSecurityException {
        assertThatIllegalArgumentException().isThrownBy(
                () -> ClientAuthentication.privateKeyJwt("agent", rsaKey.getPrivate(), "k", SigningAlgorithm.ES256));
        assertThatIllegalArgumentException().isThrownBy(
                () -> ClientAuthentication.privateKeyJwt("agent", ecKey.getPrivate(), "k", SigningAlgorithm.RS256));
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp384r1"));
        assertThatIllegalArgumentException().isThrownBy(
                () -> ClientAuthentication.privateKeyJwt("agent", ec.generateKeyPair().getPrivate(), "k", SigningAlgorithm.ES256))
                .withMessageContaining("P-256");
    }

    @Test
    void whenIdOrSecretIsEmptyThenIllegalArgument() {
        assertThatIllegalArgumentException().isThrownBy(() -> ClientAuthentication.none(""));
        assertThatIllegalArgumentException().isThrownBy(() -> ClientAuthentication.clientSecretBasic("agent", ""));
        assertThatIllegalArgumentException().isThrownBy(() -> ClientAuthentication.clientSecretPost("", "s"));
    }

    @ParameterizedTest
    @EnumSource(Method.class)
    void whenToStringThenMethodAndClientIdButNeverTheSecretOrKey(Method method) {
        ClientAuthentication auth = switch (method) {
            case NONE -> ClientAuthentication.none("agent");
            case CLIENT_SECRET_BASIC -> ClientAuthentication.clientSecretBasic("agent", CLIENT_SECRET);
            case CLIENT_SECRET_POST -> ClientAuthentication.clientSecretPost("agent", CLIENT_SECRET);
            case PRIVATE_KEY_JWT -> ClientAuthentication.privateKeyJwt("agent", ecKey.getPrivate(), "k", SigningAlgorithm.ES256);
        };

        assertThat(auth.method()).isEqualTo(method);
        assertThat(auth.clientId()).isEqualTo("agent");
        assertThat(auth.toString()).contains(method.value(), "agent").doesNotContain(CLIENT_SECRET)
                .doesNotContain(Base64.getEncoder().encodeToString(ecKey.getPrivate().getEncoded()).substring(0, 40));
    }
}
