package dev.xaa4j.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import dev.xaa4j.core.InsecureEndpointException;
import dev.xaa4j.core.OAuthError;
import dev.xaa4j.resource.InvalidAccessTokenException.Reason;
import dev.xaa4j.testing.TestHttpServer;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JwtAccessTokenVerifierTest {

    static final Instant NOW = Instant.parse("2026-07-01T10:00:00Z");
    static final String RESOURCE = "https://mcp.example.com/mcp";
    static final AccessTokens TOKENS = new AccessTokens(RESOURCE);

    static JwtAccessTokenVerifier.Builder verifier() {
        return JwtAccessTokenVerifier.builder(AccessTokens.ISSUER, RESOURCE, TOKENS.publicKeys())
                .clock(Clock.fixed(NOW, ZoneOffset.UTC));
    }

    /** A control token and the same token with exactly one thing wrong, with the rule it breaks. */
    static Stream<Arguments> oneThingWrong() {
        return InvalidTokens.cases(TOKENS, NOW).stream().map(c -> Arguments.of(c.name(), c.token(), c.reason()));
    }

    @Test
    void whenTokenValidThenPrincipalCarriesItsClaims() {
        AccessTokenPrincipal p = verifier().build().verify(TOKENS.valid(NOW));

        assertThat(p.subject()).isEqualTo(AccessTokens.SUBJECT);
        assertThat(p.clientId()).isEqualTo(AccessTokens.CLIENT_ID);
        assertThat(p.scopes()).containsExactly("mcp:read", "mcp:write");
        assertThat(p.issuer()).isEqualTo(AccessTokens.ISSUER);
        assertThat(p.expiresAt()).isEqualTo(NOW.plusSeconds(300));
        assertThat(p.jwtId()).isEqualTo("jti-" + NOW.toEpochMilli());
        assertThat(p.claims()).containsEntry("sub", AccessTokens.SUBJECT).containsEntry("exp", NOW.getEpochSecond() + 300);
    }

    @Test
    void whenPrincipalClaimsModifiedThenUnsupported() {
        AccessTokenPrincipal p = verifier().build()
                .verify(TOKENS.withClaims(NOW, c -> c.claim("groups", List.of("a", "b")).claim("ctx", Map.of("k", "v"))));

        assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> p.claims().put("x", 1));
        assertThatExceptionOfType(UnsupportedOperationException.class)
                .isThrownBy(() -> ((Collection<?>) p.claims().get("groups")).clear());
        assertThatExceptionOfType(UnsupportedOperationException.class)
                .isThrownBy(() -> ((Map<?, ?>) p.claims().get("ctx")).clear());
        assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> p.scopes().add("admin"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("oneThingWrong")
    void whenOneThingWrongThenInvalidTokenWithItsReason(String name, String token, Reason reason) {
        JwtAccessTokenVerifier v = verifier().build();
        assertThat(v.verify(TOKENS.valid(NOW)).subject()).isEqualTo(AccessTokens.SUBJECT); // the control

        assertThatExceptionOfType(InvalidAccessTokenException.class)
                .isThrownBy(() -> v.verify(token))
                .satisfies(e -> {
                    assertThat(e.reason()).isEqualTo(reason);
                    assertThat(e.error().code()).isEqualTo(OAuthError.INVALID_TOKEN);
                    assertThat(e.error().httpStatus()).isEqualTo(401);
                    assertThat(e.getMessage()).doesNotContain(token).doesNotContain(token.split("\\.")[0]);
                });
    }

    @Test
    void whenAudienceIsArrayContainingResourceThenAccepted() {
        String token = TOKENS.withClaims(NOW, c -> c.audience(List.of("https://other.example.com", RESOURCE)));

        assertThat(verifier().build().verify(token).subject()).isEqualTo(AccessTokens.SUBJECT);
    }

    @Test
    void whenAudienceDiffersByTrailingSlashThenRejected() {
        String token = TOKENS.withClaims(NOW, c -> c.audience(RESOURCE + "/"));

        assertThatExceptionOfType(InvalidAccessTokenException.class).isThrownBy(() -> verifier().build().verify(token))
                .extracting(InvalidAccessTokenException::reason).isEqualTo(Reason.AUDIENCE);
    }

    @Test
    void whenTypIsApplicationAtJwtThenAccepted() {
        String token = TOKENS.withHeader(NOW, h -> h.type(new JOSEObjectType("application/at+jwt")));

        assertThat(verifier().build().verify(token).subject()).isEqualTo(AccessTokens.SUBJECT);
    }

    @Test
    void whenRsaSignedThenAccepted() {
        assertThat(verifier().build().verify(TOKENS.validRsa(NOW)).clientId()).isEqualTo(AccessTokens.CLIENT_ID);
    }

    @Test
    void whenAlgorithmNotInConfiguredAllowListThenRejected() {
        JwtAccessTokenVerifier rsaOnly = verifier().allowedAlgorithms(Set.of(JWSAlgorithm.RS256)).build();

        assertThat(rsaOnly.verify(TOKENS.validRsa(NOW)).subject()).isEqualTo(AccessTokens.SUBJECT);
        assertThatExceptionOfType(InvalidAccessTokenException.class).isThrownBy(() -> rsaOnly.verify(TOKENS.valid(NOW)))
                .extracting(InvalidAccessTokenException::reason).isEqualTo(Reason.ALGORITHM);
    }

    @Test
    void whenAllowListHasHmacOrNoneThenBuilderRefuses() {
        assertThatIllegalArgumentException().isThrownBy(() -> verifier().allowedAlgorithms(Set.of(JWSAlgorithm.HS256)));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> verifier().allowedAlgorithms(Set.of(JWSAlgorithm.ES256, new JWSAlgorithm("none"))));
        assertThatIllegalArgumentException().isThrownBy(() -> verifier().allowedAlgorithms(Set.of()));
    }

    @Test
    void whenExpiredWithinSkewThenAcceptedAndBeyondThenRejected() {
        String expired30sAgo = TOKENS.withClaims(NOW, c -> c.expirationTime(Date.from(NOW.minusSeconds(30))));

        assertThat(verifier().build().verify(expired30sAgo).subject()).isEqualTo(AccessTokens.SUBJECT);
        assertThatExceptionOfType(InvalidAccessTokenException.class)
                .isThrownBy(() -> verifier().clockSkew(Duration.ofSeconds(10)).build().verify(expired30sAgo))
                .extracting(InvalidAccessTokenException::reason).isEqualTo(Reason.EXPIRED);
    }

    @Test
    void whenNotBeforeWithinSkewThenAcceptedAndBeyondThenRejected() {
        String nbfIn30s = TOKENS.withClaims(NOW, c -> c.notBeforeTime(Date.from(NOW.plusSeconds(30))));

        assertThat(verifier().build().verify(nbfIn30s).subject()).isEqualTo(AccessTokens.SUBJECT);
        assertThatExceptionOfType(InvalidAccessTokenException.class)
                .isThrownBy(() -> verifier().clockSkew(Duration.ZERO).build().verify(nbfIn30s))
                .extracting(InvalidAccessTokenException::reason).isEqualTo(Reason.NOT_YET_VALID);
    }

    @Test
    void whenClockMovesPastExpiryThenSameTokenRejected() {
        String token = TOKENS.valid(NOW);
        JwtAccessTokenVerifier later = verifier().clock(Clock.fixed(NOW.plusSeconds(361), ZoneOffset.UTC)).build();

        assertThatExceptionOfType(InvalidAccessTokenException.class).isThrownBy(() -> later.verify(token))
                .extracting(InvalidAccessTokenException::reason).isEqualTo(Reason.EXPIRED);
    }

    @Test
    void whenScopeIsNotAStringThenMalformed() {
        String token = TOKENS.withClaims(NOW, c -> c.claim("scope", List.of("mcp:read")));

        assertThatExceptionOfType(InvalidAccessTokenException.class).isThrownBy(() -> verifier().build().verify(token))
                .extracting(InvalidAccessTokenException::reason).isEqualTo(Reason.MALFORMED);
    }

    @Test
    void whenNoScopeThenPrincipalHasNoScopes() {
        String token = TOKENS.withClaims(NOW, c -> c.claim("scope", null));

        assertThat(verifier().build().verify(token).scopes()).isEmpty();
    }

    @Test
    void whenTokenTooLongThenMalformedBeforeParsing() {
        String token = TOKENS.valid(NOW) + "A".repeat(JwtAccessTokenVerifier.MAX_TOKEN_LENGTH);

        assertThatExceptionOfType(InvalidAccessTokenException.class).isThrownBy(() -> verifier().build().verify(token))
                .extracting(InvalidAccessTokenException::reason).isEqualTo(Reason.MALFORMED);
    }

    @Test
    void whenJwksUrlIsPlainHttpToRemoteHostThenRefused() {
        assertThatExceptionOfType(InsecureEndpointException.class).isThrownBy(() -> JwtAccessTokenVerifier
                .builder(AccessTokens.ISSUER, RESOURCE, URI.create("http://as.example.com/jwks")));
    }

    @Test
    void whenManyThreadsVerifyAtOnceThenAllSucceed() throws Exception {
        JwtAccessTokenVerifier v = verifier().build();
        List<String> tokens = List.of(TOKENS.valid(NOW), TOKENS.validRsa(NOW));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<String>> tasks = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                String token = tokens.get(i % 2);
                tasks.add(() -> v.verify(token).subject());
            }
            for (Future<String> f : pool.invokeAll(tasks)) {
                assertThat(f.get()).isEqualTo(AccessTokens.SUBJECT);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void whenNewKidAppearsAtJwksUrlThenRefetchedAndRefetchesAreRateLimited() {
        try (TestHttpServer as = TestHttpServer.start()) {
            JWKSet[] published = {TOKENS.publicKeys()};
            as.route("GET", "/jwks", req -> TestHttpServer.Response.json(200, published[0].toString()));
            JwtAccessTokenVerifier v = JwtAccessTokenVerifier.builder(AccessTokens.ISSUER, RESOURCE, as.url("/jwks"))
                    .clock(Clock.fixed(NOW, ZoneOffset.UTC))
                    .jwksRefetchMinInterval(Duration.ofMinutes(10))
                    .jwksCacheTimeToLive(Duration.ofHours(1))
                    .build();

            assertThat(v.verify(TOKENS.valid(NOW)).subject()).isEqualTo(AccessTokens.SUBJECT);
            assertThat(v.verify(TOKENS.valid(NOW)).subject()).isEqualTo(AccessTokens.SUBJECT);
            assertThat(as.requests("/jwks")).hasSize(1); // cached

            // The AS rotates: a new key with a new kid is published, and tokens signed with it arrive.
            ECKey newKey = AccessTokens.otherEcKey("ec-2");
            published[0] = new JWKSet(List.of(TOKENS.ecKey.toPublicJWK(), newKey.toPublicJWK()));
            assertThat(v.verify(TOKENS.signedWith(NOW, newKey)).subject()).isEqualTo(AccessTokens.SUBJECT);
            assertThat(as.requests("/jwks")).hasSize(2);

            // Made-up kids do not make the verifier fetch the key set again within the interval.
            for (int i = 0; i < 5; i++) {
                String unknown = TOKENS.signedWith(NOW, AccessTokens.otherEcKey("made-up-" + i));
                assertThatExceptionOfType(InvalidAccessTokenException.class).isThrownBy(() -> v.verify(unknown))
                        .extracting(InvalidAccessTokenException::reason).isEqualTo(Reason.UNKNOWN_KEY);
            }
            assertThat(as.requests("/jwks")).hasSize(2);
            assertThat(v.verify(TOKENS.signedWith(NOW, newKey)).subject()).isEqualTo(AccessTokens.SUBJECT);
        }
    }

    @Test
    void whenJwksUrlRedirectsThenTheRedirectIsNotFollowedAndKeysAreUnavailable() {
        try (TestHttpServer as = TestHttpServer.start(); TestHttpServer elsewhere = TestHttpServer.start()) {
            elsewhere.route("GET", "/jwks", req -> TestHttpServer.Response.json(200, TOKENS.publicKeys().toString()));
            as.route("GET", "/jwks", req -> TestHttpServer.Response.status(302)
                    .header("Location", elsewhere.url("/jwks").toString()));
            JwtAccessTokenVerifier v = JwtAccessTokenVerifier.builder(AccessTokens.ISSUER, RESOURCE, as.url("/jwks"))
                    .clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();

            assertThatExceptionOfType(InvalidAccessTokenException.class).isThrownBy(() -> v.verify(TOKENS.valid(NOW)))
                    .extracting(InvalidAccessTokenException::reason).isEqualTo(Reason.KEYS_UNAVAILABLE);
            assertThat(elsewhere.requests()).isEmpty();
        }
    }

    @Test
    void whenJwksUrlFailsThenKeysUnavailableWith503() {
        try (TestHttpServer as = TestHttpServer.start()) {
            as.route("GET", "/jwks", req -> TestHttpServer.Response.status(500));
            JwtAccessTokenVerifier v = JwtAccessTokenVerifier.builder(AccessTokens.ISSUER, RESOURCE, as.url("/jwks"))
                    .clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();

            assertThatExceptionOfType(InvalidAccessTokenException.class).isThrownBy(() -> v.verify(TOKENS.valid(NOW)))
                    .satisfies(e -> {
                        assertThat(e.reason()).isEqualTo(Reason.KEYS_UNAVAILABLE);
                        assertThat(e.error().code()).isEqualTo(OAuthError.TEMPORARILY_UNAVAILABLE);
                        assertThat(e.error().httpStatus()).isEqualTo(503);
                    });
        }
    }
}
