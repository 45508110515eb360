package dev.xaa4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.xaa4j.core.IdJagClaims;
import dev.xaa4j.core.XaaIdentifiers;
import dev.xaa4j.server.SigningKeys;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** {@code xaa decode}'s checklist mode: each rule reported on its own, one failure per case next to a passing control. */
class IdJagChecklistTest {

    private static final String IDP = "https://idp.example";
    private static final String AS = "https://as.example";
    private static final String MCP = "https://mcp.example/mcp";
    private static final SigningKeys KEYS = SigningKeys.generate("ES256");
    private static final SigningKeys OTHER = SigningKeys.generate("ES256");
    private static final Instant NOW = Instant.now();

    private static IdJagClaims.Builder claims() {
        return IdJagClaims.builder().issuer(IDP).subject("alice").audience(AS).clientId("agent-at-as")
                .jwtId("j-1").issuedAt(NOW).expiresAt(NOW.plusSeconds(300)).resource(MCP).scope(List.of("mcp:read"));
    }

    private static String sign(IdJagClaims.Builder claims) {
        return KEYS.sign(claims.build().toClaimsSet(), XaaIdentifiers.ID_JAG_JWT_TYPE);
    }

    private static List<IdJagChecklist.Result> check(String token) {
        try {
            return IdJagChecklist.check(token, new IdJagChecklist.Expectations(JWKSet.parse(KEYS.publicJwkSetJson()), IDP,
                    AS, "agent-at-as", MCP, Duration.ofSeconds(600), Duration.ofSeconds(60), NOW));
        } catch (java.text.ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> failed(String token) {
        return check(token).stream().filter(r -> r.outcome().equals("fail")).map(IdJagChecklist.Result::name).toList();
    }

    @Test
    void whenTheIdJagIsValidThenEveryRulePasses() {
        assertThat(failed(sign(claims()))).isEmpty();
        assertThat(check(sign(claims()))).extracting(IdJagChecklist.Result::outcome).containsOnly("pass", "info");
    }

    static Stream<Arguments> oneThingWrong() throws Exception {
        JWTClaimsSet valid = claims().build().toClaimsSet();
        SignedJWT hmac = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256)
                .type(new com.nimbusds.jose.JOSEObjectType(XaaIdentifiers.ID_JAG_JWT_TYPE)).build(), valid);
        hmac.sign(new MACSigner(new byte[32]));
        UnaryOperator<IdJagClaims.Builder> same = b -> b;
        return Stream.of(
                Arguments.of("typ JWT", KEYS.sign(valid, "JWT"), "typ is oauth-id-jag+jwt"),
                Arguments.of("HS256", hmac.serialize(), "asymmetric alg"),
                Arguments.of("another key", OTHER.sign(valid, XaaIdentifiers.ID_JAG_JWT_TYPE), "signature by the issuer's key"),
                Arguments.of("untrusted iss", sign(claims().issuer("https://evil.example")), "trusted issuer"),
                Arguments.of("aud of another AS", sign(claims().audience("https://other-as.example")),
                        "aud is this AS (one value, exact)"),
                Arguments.of("aud with two values", sign(claims().audience(List.of(AS, "https://x"))),
                        "aud is this AS (one value, exact)"),
                Arguments.of("expired", sign(claims().issuedAt(NOW.minusSeconds(900)).expiresAt(NOW.minusSeconds(300))),
                        "time window (exp, iat, nbf, lifetime)"),
                Arguments.of("lifetime above 600 s", sign(claims().expiresAt(NOW.plusSeconds(3600))),
                        "time window (exp, iat, nbf, lifetime)"),
                Arguments.of("nbf in the future", sign(claims().notBefore(NOW.plusSeconds(600))),
                        "time window (exp, iat, nbf, lifetime)"),
                Arguments.of("client_id of another client", sign(claims().clientId("someone-else")),
                        "client_id is the authenticated client"),
                Arguments.of("resource of another server", sign(claims().resource("https://other.example/mcp")),
                        "resource is this AS's"),
                Arguments.of("a JWE-like five parts", "a.b.c.d.e", "bounded size, compact JWS"),
                Arguments.of("unchanged control", sign(same.apply(claims())), null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("oneThingWrong")
    void whenOneThingIsWrongThenExactlyThatRuleFails(String name, String token, String rule) {
        if (rule == null) {
            assertThat(failed(token)).isEmpty();
        } else if (rule.equals("asymmetric alg")) {
            // An HMAC signature cannot be the issuer's either.
            assertThat(failed(token)).containsExactly(rule, "signature by the issuer's key");
        } else {
            assertThat(failed(token)).containsExactly(rule);
        }
    }

    @Test
    void whenRunFromTheCommandWithAFailingRuleThenExitOneAndTheRuleIsPrinted(@TempDir Path dir) throws Exception {
        Path token = dir.resolve("idjag");
        Files.writeString(token, sign(claims().clientId("someone-else")));
        Path jwks = dir.resolve("jwks.json");
        Files.writeString(jwks, KEYS.publicJwkSetJson());
        StringWriter out = new StringWriter();
        int exit = Xaa.commandLine().setOut(new PrintWriter(out)).execute("decode", "@" + token, "--jwks", "@" + jwks,
                "--issuer", IDP, "--audience", AS, "--client-id", "agent-at-as", "--resource", MCP);
        assertThat(exit).isEqualTo(1);
        assertThat(out.toString()).contains("FAIL  8 client_id is the authenticated client")
                .contains("PASS  4 signature by the issuer's key");
    }

    @Test
    void whenAValueIsGivenAsAtFileThenTheWholeFileIsTheValueEvenWithSpacesAndQuotes(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("value");
        Files.writeString(file, "a \"quoted\" value with spaces\n");
        CommandLine cl = Xaa.commandLine();
        assertThat(TokenInput.read("@" + file, "--x", cl)).isEqualTo("a \"quoted\" value with spaces");
        StringWriter err = new StringWriter();
        int exit = Xaa.commandLine().setErr(new PrintWriter(err)).execute("decode", "@" + file);
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("not a signed JWT").doesNotContain("quoted");
    }
}
