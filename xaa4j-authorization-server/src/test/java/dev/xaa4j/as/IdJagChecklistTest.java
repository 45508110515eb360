package dev.xaa4j.as;

import static dev.xaa4j.as.StandardAs.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
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
 * What the resource AS checklist (PROTOCOL.md section 4, items 1-6, 8, 9, 10) accepts, through the real token endpoint:
 * the variations each rule allows. What it refuses is {@link HostileIdJagTest}'s table.
 */
class IdJagChecklistTest {

    private static TestIdp idp;
    private static TestIdp otherIdp;
    private static AsTestServer server;

    @BeforeAll
    static void start() {
        idp = TestIdp.start("idp");
        otherIdp = TestIdp.start("other-idp");
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

    static Stream<Arguments> allowedVariations() {
        return Stream.of(
                Arguments.of("2: typ in media type form application/oauth-id-jag+jwt",
                        (IdJagFixture.Change) f -> f.header.type(new JOSEObjectType("application/oauth-id-jag+jwt"))),
                Arguments.of("3: RS256 with the issuer's RSA key", (IdJagFixture.Change) f -> f.rsa(idp.rsaKey)),
                Arguments.of("4: no kid (every key of the issuer is tried)",
                        (IdJagFixture.Change) f -> f.header = new JWSHeader.Builder(JWSAlgorithm.ES256)
                                .type(new JOSEObjectType("oauth-id-jag+jwt"))),
                Arguments.of("4: the other trusted issuer with its own key", (IdJagFixture.Change) f -> {
                    f.claims.issuer(otherIdp.issuer());
                    f.signingKey = otherIdp.ecKey;
                    f.header = IdJagFixture.header(JWSAlgorithm.ES256, otherIdp.ecKey.getKeyID());
                }),
                Arguments.of("5: aud as a one-element array", (IdJagFixture.Change) f -> f.claims.audience(List.of(server.as.issuer()))),
                Arguments.of("6: expired within the skew", (IdJagFixture.Change) f -> f.claims.issueTime(date(-300)).expirationTime(date(-30))),
                Arguments.of("6: iat in the future within the skew",
                        (IdJagFixture.Change) f -> f.claims.issueTime(date(30)).expirationTime(date(300))),
                Arguments.of("6: nbf in the future within the skew", (IdJagFixture.Change) f -> f.claims.notBeforeTime(date(30))),
                Arguments.of("6: nbf in the past", (IdJagFixture.Change) f -> f.claims.notBeforeTime(date(-30))),
                Arguments.of("6: lifetime exactly 600 s", (IdJagFixture.Change) f -> f.claims.expirationTime(date(600))),
                Arguments.of("9: resource as a one-element array", (IdJagFixture.Change) f -> f.claims.claim("resource", List.of(IdJagFixture.RESOURCE))),
                Arguments.of("9: resource with a terminating slash", (IdJagFixture.Change) f -> f.claims.claim("resource", IdJagFixture.RESOURCE + "/")),
                Arguments.of("unknown claims are ignored", (IdJagFixture.Change) f -> f.claims.claim("tenant", "t1").claim("x-custom", List.of(1, 2))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allowedVariations")
    void whenVariationIsAllowedThenAccessTokenIsIssued(String name, IdJagFixture.Change change) throws JOSEException {
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
