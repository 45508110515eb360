package dev.xaa4j.as;

import static dev.xaa4j.as.StandardAs.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import dev.xaa4j.as.AsTestServer.Reply;
import java.util.Date;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The resource AS checklist (PROTOCOL.md section 4, items 1-6, 8, 9, 10) through the real token endpoint: for each rule, a
 * valid control ID-JAG is accepted and the same ID-JAG with exactly one thing wrong gets the expected error, whose
 * description names the rule.
 */
class IdJagChecklistTest {

    private static TestIdp idp;
    private static TestIdp otherIdp;
    private static AsTestServer server;
    private static RSAKey encryptionKey;

    @FunctionalInterface
    interface Change {
        void apply(IdJagFixture f) throws JOSEException;
    }

    @BeforeAll
    static void start() {
        idp = TestIdp.start("idp");
        otherIdp = TestIdp.start("other-idp");
        encryptionKey = TestIdp.rsaKey("encryption");
        server = AsTestServer.start(issuer -> StandardAs.builder(issuer, StandardAs.trusting(idp, otherIdp)).build());
    }

    @AfterAll
    static void stop() {
        server.close();
        idp.close();
        otherIdp.close();
    }

    private static IdJagFixture fixture() {
        return IdJagFixture.valid(idp, server.as.issuer(), NOW);
    }

    private static Arguments wrong(String name, Change change, String error, String ruleFragment) {
        return Arguments.of(name, change, error, 400, ruleFragment);
    }

    static Stream<Arguments> oneThingWrong() {
        return Stream.of(
                // 1. bounded size, compact JWS only
                wrong("1: a JWE (five parts)", f -> f.transform = s -> f.encrypted(encryptionKey), "invalid_grant", "JWE"),
                wrong("1: garbage", f -> f.transform = s -> "garbage-that-is-not-a-token", "invalid_grant", "compact JWS"),
                wrong("1: four parts", f -> f.transform = s -> s + ".AAAA", "invalid_grant", "compact JWS"),
                wrong("1: header not JSON", f -> f.transform = s -> Base64URL.encode("not json") + s.substring(s.indexOf('.')),
                        "invalid_grant", "compact JWS"),
                wrong("1: larger than 16 KiB", f -> f.claims.claim("padding", "x".repeat(17 * 1024)),
                        "invalid_grant", "larger than 16384 bytes"),
                // 2. typ
                wrong("2: typ missing", f -> f.header = new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(idp.ecKey.getKeyID()),
                        "invalid_grant", "typ"),
                wrong("2: typ JWT (an ID token)", f -> f.header.type(JOSEObjectType.JWT), "invalid_grant", "typ"),
                wrong("2: typ at+jwt (an access token)", f -> f.header.type(new JOSEObjectType("at+jwt")),
                        "invalid_grant", "typ"),
                // 3. alg allow-list
                wrong("3: alg none", f -> f.unsecured = true, "invalid_grant", "alg 'none'"),
                wrong("3: HS256 keyed with the IdP's public key bytes", f -> {
                    f.header = IdJagFixture.header(JWSAlgorithm.HS256, idp.ecKey.getKeyID());
                    f.hmacSecret = idp.ecKey.toECPublicKey().getEncoded();
                }, "invalid_grant", "alg is not an allowed asymmetric algorithm"),
                wrong("3: HS256 keyed with the IdP's JWK JSON", f -> {
                    f.header = IdJagFixture.header(JWSAlgorithm.HS256, idp.ecKey.getKeyID());
                    f.hmacSecret = idp.ecKey.toPublicJWK().toJSONString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
                }, "invalid_grant", "alg is not an allowed asymmetric algorithm"),
                // 4. trusted iss, signature with that issuer's keys
                wrong("4: iss missing", f -> f.claims.issuer(null), "invalid_grant", "'iss' is missing"),
                wrong("4: iss not trusted", f -> f.claims.issuer("https://untrusted-idp.example.com"),
                        "invalid_grant", "not a trusted issuer"),
                wrong("4: trusted iss signed with another trusted issuer's key", f -> {
                    f.signingKey = otherIdp.ecKey;
                    f.header = IdJagFixture.header(JWSAlgorithm.ES256, otherIdp.ecKey.getKeyID());
                }, "invalid_grant", "no key of the ID-JAG issuer"),
                wrong("4: another trusted issuer's key under the issuer's kid", f -> f.signingKey = otherIdp.ecKey,
                        "invalid_grant", "signature"),
                wrong("4: an unpublished key under the issuer's kid",
                        f -> f.signingKey = TestIdp.ecKey(idp.ecKey.getKeyID()), "invalid_grant", "signature"),
                wrong("4: payload changed after signing", f -> f.transform = s -> {
                    String[] parts = s.split("\\.");
                    String payload = Base64URL.encode(f.claims.subject("admin").build().toString()).toString();
                    return parts[0] + "." + payload + "." + parts[2];
                }, "invalid_grant", "signature"),
                // 5. aud
                wrong("5: aud another AS", f -> f.claims.audience("https://other-as.example.com"), "invalid_grant", "aud"),
                wrong("5: aud two elements", f -> f.claims.audience(List.of(server.as.issuer(), "https://other-as.example.com")),
                        "invalid_grant", "exactly one audience"),
                wrong("5: aud with a trailing slash", f -> f.claims.audience(server.as.issuer() + "/"), "invalid_grant", "aud"),
                wrong("5: aud missing", f -> f.claims.audience((String) null), "invalid_grant", "'aud' is missing"),
                // 6. times
                wrong("6: expired beyond the skew", f -> f.claims.issueTime(date(-400)).expirationTime(date(-61)),
                        "invalid_grant", "expired (exp)"),
                wrong("6: iat in the future beyond the skew", f -> f.claims.issueTime(date(61)).expirationTime(date(300)),
                        "invalid_grant", "iat is in the future"),
                wrong("6: nbf in the future beyond the skew", f -> f.claims.notBeforeTime(date(61)),
                        "invalid_grant", "not valid yet (nbf)"),
                wrong("6: lifetime above 600 s", f -> f.claims.expirationTime(date(601)), "invalid_grant", "lifetime"),
                wrong("6: exp before iat", f -> f.claims.expirationTime(date(-10)), "invalid_grant", "exp is not after iat"),
                wrong("6: exp missing", f -> f.claims.expirationTime(null), "invalid_grant", "'exp' is missing"),
                wrong("6: iat missing", f -> f.claims.issueTime(null), "invalid_grant", "'iat' is missing"),
                // required claims
                wrong("sub missing", f -> f.claims.subject(null), "invalid_grant", "'sub' is missing"),
                wrong("client_id missing", f -> f.claims.claim("client_id", null), "invalid_grant", "'client_id' is missing"),
                wrong("jti missing", f -> f.claims.jwtID(null), "invalid_grant", "'jti' is missing"),
                // 8. client_id claim = authenticated client
                wrong("8: client_id of another registered client",
                        f -> f.claims.claim("client_id", StandardAs.OTHER_CLIENT_ID), "invalid_grant", "client_id"),
                // 9. resource
                wrong("9: resource of another server", f -> f.claims.claim("resource", "https://other.example.com/mcp"),
                        "invalid_grant", "resource"),
                wrong("9: resource array with a foreign entry",
                        f -> f.claims.claim("resource", List.of(IdJagFixture.RESOURCE, "https://other.example.com/mcp")),
                        "invalid_grant", "resource"),
                // 10. scope
                wrong("10: only scopes the resource does not know", f -> f.claims.claim("scope", "admin"),
                        "invalid_scope", "scope"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("oneThingWrong")
    void whenOneThingIsWrongThenTheRuleRejectsIt(String name, Change change, String error, int status, String rule)
            throws JOSEException {
        assertThat(server.grant(fixture().serialize()).status()).as("control").isEqualTo(200);

        IdJagFixture f = fixture();
        change.apply(f);
        Reply reply = server.grant(f.serialize());

        assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
        assertThat(reply.error()).isEqualTo(error);
        assertThat(reply.description()).contains(rule);
        assertThat(reply.header("Cache-Control")).isEqualTo("no-store");
    }

    static Stream<Arguments> allowedVariations() {
        return Stream.of(
                Arguments.of("2: typ in media type form application/oauth-id-jag+jwt",
                        (Change) f -> f.header.type(new JOSEObjectType("application/oauth-id-jag+jwt"))),
                Arguments.of("3: RS256 with the issuer's RSA key", (Change) f -> f.rsa(idp.rsaKey)),
                Arguments.of("4: no kid (every key of the issuer is tried)",
                        (Change) f -> f.header = new JWSHeader.Builder(JWSAlgorithm.ES256)
                                .type(new JOSEObjectType("oauth-id-jag+jwt"))),
                Arguments.of("4: the other trusted issuer with its own key", (Change) f -> {
                    f.claims.issuer(otherIdp.issuer());
                    f.signingKey = otherIdp.ecKey;
                    f.header = IdJagFixture.header(JWSAlgorithm.ES256, otherIdp.ecKey.getKeyID());
                }),
                Arguments.of("5: aud as a one-element array", (Change) f -> f.claims.audience(List.of(server.as.issuer()))),
                Arguments.of("6: expired within the skew", (Change) f -> f.claims.issueTime(date(-300)).expirationTime(date(-30))),
                Arguments.of("6: iat in the future within the skew",
                        (Change) f -> f.claims.issueTime(date(30)).expirationTime(date(300))),
                Arguments.of("6: nbf in the future within the skew", (Change) f -> f.claims.notBeforeTime(date(30))),
                Arguments.of("6: nbf in the past", (Change) f -> f.claims.notBeforeTime(date(-30))),
                Arguments.of("6: lifetime exactly 600 s", (Change) f -> f.claims.expirationTime(date(600))),
                Arguments.of("9: resource as a one-element array", (Change) f -> f.claims.claim("resource", List.of(IdJagFixture.RESOURCE))),
                Arguments.of("9: resource with a terminating slash", (Change) f -> f.claims.claim("resource", IdJagFixture.RESOURCE + "/")),
                Arguments.of("unknown claims are ignored", (Change) f -> f.claims.claim("tenant", "t1").claim("x-custom", List.of(1, 2))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allowedVariations")
    void whenVariationIsAllowedThenAccessTokenIsIssued(String name, Change change) throws JOSEException {
        IdJagFixture f = fixture();
        change.apply(f);

        Reply reply = server.grant(f.serialize());

        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        assertThat(reply.json()).containsKey("access_token");
    }

    @Test
    void whenValidIdJagThenAccessTokenResponse() {
        Reply reply = server.grant(fixture().serialize());

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json()).containsEntry("token_type", "Bearer").containsEntry("expires_in", 900L)
                .containsEntry("scope", "tools.read tools.write").containsKey("access_token")
                .doesNotContainKey("refresh_token");
        assertThat(reply.header("Cache-Control")).isEqualTo("no-store");
    }

    private static Date date(long secondsFromNow) {
        return Date.from(NOW.plusSeconds(secondsFromNow));
    }
}
