package dev.xaa4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.xaa4j.core.BearerChallenge.Challenge;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BearerChallengeTest {

    private static final String PRM = "https://mcp.example.com/.well-known/oauth-protected-resource/mcp";

    private static BearerChallenge parse(String header) {
        return BearerChallenge.parse(header).orElseThrow(() -> new AssertionError("no Bearer challenge in " + header));
    }

    @Test
    void whenResourceMetadataAndScopeThenBothRead() {
        BearerChallenge c = parse("Bearer resource_metadata=\"" + PRM + "\", scope=\"mcp:read mcp:write\"");

        assertThat(c).isEqualTo(BearerChallenge.of(PRM, "mcp:read mcp:write"));
        assertThat(c.scopes()).containsExactly("mcp:read", "mcp:write");
        assertThat(c.isInsufficientScope()).isFalse();
    }

    @Test
    void whenEveryParameterPresentThenEachRead() {
        BearerChallenge c = parse("Bearer realm=\"example\", resource_metadata=\"" + PRM + "\", scope=\"a b\", "
                + "error=\"insufficient_scope\", error_description=\"needs b\", error_uri=\"https://e/err\"");

        assertThat(c).isEqualTo(new BearerChallenge(PRM, "a b", "insufficient_scope", "needs b", "https://e/err", "example"));
        assertThat(c.isInsufficientScope()).isTrue();
    }

    @Test
    void whenNoParametersThenAllNull() {
        assertThat(parse("Bearer")).isEqualTo(new BearerChallenge(null, null, null, null, null, null));
        assertThat(parse("Bearer").scopes()).isEmpty();
    }

    @Test
    void whenQuotedStringHasEscapesThenUnescaped() {
        BearerChallenge c = parse("Bearer realm=\"a \\\"quoted\\\" realm\", error_description=\"back\\\\slash \\x\"");

        assertThat(c.realm()).isEqualTo("a \"quoted\" realm");
        assertThat(c.errorDescription()).isEqualTo("back\\slash x");
    }

    @Test
    void whenQuotedStringHasCommasEqualsAndSchemesThenTheyAreData() {
        BearerChallenge c = parse("Bearer error_description=\"a, b=c, Basic d\", scope=\"x\"");

        assertThat(c.errorDescription()).isEqualTo("a, b=c, Basic d");
        assertThat(c.scope()).isEqualTo("x");
    }

    @Test
    void whenValuesAreTokensThenReadUnquoted() {
        BearerChallenge c = parse("Bearer error=invalid_token, realm=example.com, error_uri=x!#$%&'*+-.^_`|~9");

        assertThat(c.error()).isEqualTo("invalid_token");
        assertThat(c.realm()).isEqualTo("example.com");
        assertThat(c.errorUri()).isEqualTo("x!#$%&'*+-.^_`|~9");
    }

    @Test
    void whenEmptyQuotedValueThenEmptyString() {
        assertThat(parse("Bearer scope=\"\", realm=\"x\"").scope()).isEmpty();
    }

    @Test
    void whenBasicBeforeBearerInOneHeaderThenBearerFound() {
        assertThat(parse("Basic realm=\"x\", Bearer resource_metadata=\"" + PRM + "\"").resourceMetadata()).isEqualTo(PRM);
    }

    @Test
    void whenToken68SchemeAfterBearerThenBearerKeepsItsParameters() {
        List<Challenge> all = BearerChallenge.parseAll(List.of("Bearer resource_metadata=\"" + PRM + "\", Basic abc=="));

        assertThat(all).containsExactly(
                new Challenge("Bearer", Map.of("resource_metadata", PRM), null),
                new Challenge("Basic", Map.of(), "abc=="));
    }

    @Test
    void whenToken68HasSlashPlusAndPaddingThenReadWhole() {
        List<Challenge> all = BearerChallenge.parseAll(List.of(
                "Negotiate YIIB/+xk9a+b/Q==, Bearer error=\"invalid_token\", Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ="));

        assertThat(all).extracting(Challenge::scheme).containsExactly("Negotiate", "Bearer", "Basic");
        assertThat(all.get(0).token68()).isEqualTo("YIIB/+xk9a+b/Q==");
        assertThat(all.get(0).params()).isEmpty();
        assertThat(all.get(1).params()).containsExactly(Map.entry("error", "invalid_token"));
        assertThat(all.get(2).token68()).isEqualTo("QWxhZGRpbjpvcGVuIHNlc2FtZQ=");
    }

    @Test
    void whenRfc9110ExampleThenEveryChallengeAndParameter() {
        List<Challenge> all = BearerChallenge.parseAll(List.of(
                "Newauth realm=\"apps\", type=1, title=\"Login to \\\"apps\\\"\", Basic realm=\"simple\""));

        assertThat(all).containsExactly(
                new Challenge("Newauth", Map.of("realm", "apps", "type", "1", "title", "Login to \"apps\""), null),
                new Challenge("Basic", Map.of("realm", "simple"), null));
        assertThat(all.get(0).params()).containsExactly(
                Map.entry("realm", "apps"), Map.entry("type", "1"), Map.entry("title", "Login to \"apps\""));
    }

    @Test
    void whenSchemesWithoutParametersThenEachIsAChallenge() {
        assertThat(BearerChallenge.parseAll(List.of("Negotiate, NTLM, Bearer")))
                .extracting(Challenge::scheme).containsExactly("Negotiate", "NTLM", "Bearer");
    }

    @Test
    void whenSeveralHeadersThenChallengesOfAllInOrder() {
        List<String> headers = List.of("Basic realm=\"x\"", "Negotiate", "Bearer scope=\"a\", error=\"invalid_token\"");

        assertThat(BearerChallenge.parseAll(headers)).extracting(Challenge::scheme).containsExactly("Basic", "Negotiate", "Bearer");
        assertThat(BearerChallenge.parse(headers)).contains(new BearerChallenge(null, "a", "invalid_token", null, null, null));
    }

    @Test
    void whenSeveralBearerChallengesThenFirstWins() {
        assertThat(BearerChallenge.parse(List.of("Bearer scope=\"first\"", "Bearer scope=\"second\"")).map(BearerChallenge::scope))
                .contains("first");
        assertThat(parse("Bearer scope=\"first\", Bearer scope=\"second\"").scope()).isEqualTo("first");
    }

    @ParameterizedTest
    @ValueSource(strings = {"bearer resource_metadata=\"https://m/prm\"", "BEARER RESOURCE_METADATA=\"https://m/prm\"",
        "BeArEr Resource_Metadata=\"https://m/prm\""})
    void whenSchemeAndParameterNamesInAnyCaseThenRead(String header) {
        assertThat(parse(header).resourceMetadata()).isEqualTo("https://m/prm");
    }

    @Test
    void whenParameterNamesInAnyCaseThenLowerCasedAndValuesKeptAsSent() {
        assertThat(BearerChallenge.parseAll(List.of("Basic REALM=\"MiXeD\""))).containsExactly(
                new Challenge("Basic", Map.of("realm", "MiXeD"), null));
    }

    @Test
    void whenSpacesAndTabsAroundEverythingThenTolerated() {
        BearerChallenge c = parse(" \t Bearer \t realm \t = \t \"x\" \t , \t scope=\"a\"\t ,error = invalid_token \t");

        assertThat(c).isEqualTo(new BearerChallenge(null, "a", "invalid_token", null, null, "x"));
    }

    @Test
    void whenEmptyListElementsThenSkipped() {
        List<Challenge> all = BearerChallenge.parseAll(List.of(", , Bearer realm=\"x\", , scope=\"a\" ,, , Basic abc , ,"));

        assertThat(all).containsExactly(
                new Challenge("Bearer", Map.of("realm", "x", "scope", "a"), null),
                new Challenge("Basic", Map.of(), "abc"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", ",", " , ,", "Basic realm=\"x\"", "Basic abc==", "Negotiate", "DPoP algs=\"ES256\"",
        "Bearerx realm=\"x\"", "Bear realm=\"x\""})
    void whenNoBearerChallengeThenEmpty(String header) {
        assertThat(BearerChallenge.parse(header)).isEmpty();
    }

    @Test
    void whenNullHeadersThenEmpty() {
        assertThat(BearerChallenge.parse((String) null)).isEmpty();
        assertThat(BearerChallenge.parse((List<String>) null)).isEmpty();
        assertThat(BearerChallenge.parse(Arrays.asList(null, "Bearer scope=\"a\"", null)).map(BearerChallenge::scope))
                .contains("a");
        assertThat(BearerChallenge.parseAll(null)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Bearer realm=\"unterminated",
        "Bearer realm=\"escape at end\\",
        "Bearer realm=, scope=\"a\"",
        "Bearer realm=\"x\" scope=\"y\"",
        "Bearer realm=\"x\"junk",
        "Bearer realm x",
        "Bearer =\"x\"",
        "Bearer=\"x\"",
        "Bearer realm=\"x\", =\"y\"",
        "Bearer realm=\"x\", \"y\"",
        "Bearer realm=\"x\", scope=a b",
        "Bearer scope=mcp:read",
        "Bearer realm=(x)",
        "\"Bearer\" realm=\"x\"",
        "Bearer; realm=\"x\"",
        "Bearer abc, realm=\"x\"",
        "Bearer realm=\"a\", realm=\"b\"",
        "Bearer scope=\"a\", SCOPE=\"b\"",
        "Bearer scope=\"a\", error=\"invalid_token\", Scope=a"})
    void whenHeaderMalformedThenNoChallengeFromIt(String header) {
        assertThat(BearerChallenge.parse(header)).isEmpty();
        assertThat(BearerChallenge.parse(List.of(header, "Bearer scope=\"other\"")).map(BearerChallenge::scope))
                .contains("other");
    }

    @Test
    void whenParameterRepeatedThenOnlyThatHeaderIgnored() {
        List<String> headers = List.of("Bearer resource_metadata=\"https://evil/prm\", resource_metadata=\"" + PRM + "\"",
                "Bearer resource_metadata=\"" + PRM + "\"");

        assertThat(BearerChallenge.parseAll(headers)).containsExactly(new Challenge("Bearer", Map.of("resource_metadata", PRM), null));
    }

    @Test
    void whenSameParameterInTwoChallengesThenBothKept() {
        assertThat(BearerChallenge.parseAll(List.of("Basic realm=\"a\", Bearer realm=\"b\"")))
                .extracting(c -> c.params().get("realm")).containsExactly("a", "b");
    }

    @Test
    void whenChallengeParsedThenParamsUnmodifiable() {
        Map<String, String> params = BearerChallenge.parseAll(List.of("Basic realm=\"a\"")).get(0).params();

        assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> params.put("realm", "b"));
    }

    @Test
    void whenFormattedThenQuotedParametersInFixedOrder() {
        assertThat(BearerChallenge.of(PRM, "mcp:read mcp:write").toHeaderValue())
                .isEqualTo("Bearer resource_metadata=\"" + PRM + "\", scope=\"mcp:read mcp:write\"");
        assertThat(new BearerChallenge(PRM, "s", "insufficient_scope", "d", "https://e", "r").toHeaderValue())
                .isEqualTo("Bearer realm=\"r\", resource_metadata=\"" + PRM + "\", scope=\"s\", error=\"insufficient_scope\", "
                        + "error_description=\"d\", error_uri=\"https://e\"");
        assertThat(new BearerChallenge(null, null, null, null, null, null).toHeaderValue()).isEqualTo("Bearer");
        assertThat(BearerChallenge.of(PRM, null).toHeaderValue()).isEqualTo("Bearer resource_metadata=\"" + PRM + "\"");
    }

    @Test
    void whenValuesHaveQuotesAndBackslashesThenFormatThenParseGivesThemBack() {
        BearerChallenge c = new BearerChallenge("https://h/prm?a=\"1\"", "a\\b \"c\"", "invalid_token",
                "token \"x\" expired \\ retry, please; ok=1", "https://e/\\", "Basic realm=\"y\", Bearer");

        assertThat(BearerChallenge.parse(c.toHeaderValue())).contains(c);
        assertThat(BearerChallenge.parseAll(List.of(c.toHeaderValue()))).hasSize(1);
    }

    @Test
    void whenValuesHaveCrLfAndControlsThenHeaderStaysOneLineAndParsesBackWithSpaces() {
        BearerChallenge c = new BearerChallenge(null, null, "invalid_token",
                "line1\r\nSet-Cookie: x=1\r\n\r\nbody\u0000\u007f\tend", null, "a\nb");

        String header = c.toHeaderValue();

        assertThat(header).doesNotContain("\r", "\n", "\u0000", "\u007f", "\t");
        assertThat(BearerChallenge.parse(header)).contains(new BearerChallenge(null, null, "invalid_token",
                "line1  Set-Cookie: x=1    body   end", null, "a b"));
    }

    @Test
    void whenValuesHaveNonAsciiThenHeaderIsAsciiAndTheyBecomeQuestionMarks() {
        BearerChallenge c = new BearerChallenge(null, null, "invalid_token", "caf\u00e9 \u20ac \ud83d\ude00 ok", null, null);

        String header = c.toHeaderValue();

        assertThat(header.chars()).allMatch(ch -> ch >= 0x20 && ch <= 0x7e);
        assertThat(parse(header).errorDescription()).isEqualTo("caf? ? ? ok");
    }

    @Test
    void whenRandomGarbageParsedThenNeverThrowsAndAValidHeaderNextToItStillParses() {
        String[] pieces = {"\"", "\\", ",", "=", ";", "\t", "\r", "\n", " ", "  ", "a", "Z", "0", "/", "+", "-", ".", "_", "~",
            "(", ")", "{", "}", ":", "@", "\u00e9", "\ud83d\ude00", "\ud800", "\u0000", "\u007f", "Bearer", "bearer", "Basic",
            "realm", "scope", "resource_metadata", "error", "=\"", "\", ", "==", "abc=="};
        String valid = "Basic realm=\"x\", Bearer resource_metadata=\"" + PRM + "\", scope=\"a b\"";
        List<Challenge> validChallenges = BearerChallenge.parseAll(List.of(valid));
        Random random = new Random(42);

        for (int n = 0; n < 5_000; n++) {
            StringBuilder sb = new StringBuilder();
            int length = random.nextInt(40);
            for (int i = 0; i < length; i++) {
                sb.append(pieces[random.nextInt(pieces.length)]);
            }
            String garbage = sb.toString();

            assertThatCode(() -> {
                BearerChallenge.parse(garbage);
                BearerChallenge.parseAll(List.of(garbage, garbage + garbage));
            }).as("parsing %s", garbage).doesNotThrowAnyException();
            List<Challenge> all = BearerChallenge.parseAll(List.of(garbage, valid));
            assertThat(all.subList(all.size() - validChallenges.size(), all.size())).as("after %s", garbage)
                    .isEqualTo(validChallenges);
        }
    }

    @Test
    void whenRandomValuesFormattedThenParsedThenSameValuesWithControlsAsSpaces() {
        String alphabet = "\"\\,=; \t\r\naZ0/+-._~()<>@:?[]{}!#$%&'*^`|\u0000\u001f\u007f";
        Random random = new Random(42);

        for (int n = 0; n < 2_000; n++) {
            String[] v = new String[6];
            for (int k = 0; k < v.length; k++) {
                if (random.nextInt(4) == 0) {
                    continue;
                }
                StringBuilder sb = new StringBuilder();
                int length = random.nextInt(12);
                for (int i = 0; i < length; i++) {
                    sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
                v[k] = sb.toString();
            }
            BearerChallenge c = new BearerChallenge(v[0], v[1], v[2], v[3], v[4], v[5]);
            String header = c.toHeaderValue();
            String[] expected = Arrays.stream(v).map(s -> s == null ? null : s.replaceAll("[\\x00-\\x1f\\x7f]", " "))
                    .toArray(String[]::new);

            assertThat(header).as("format of %s", c).doesNotContain("\r", "\n");
            Optional<BearerChallenge> parsed = BearerChallenge.parse(header);
            assertThat(parsed).as("parse of %s", header).contains(new BearerChallenge(expected[0], expected[1], expected[2],
                    expected[3], expected[4], expected[5]));
        }
    }

    @Test
    void whenInsufficientScopeThenDetected() {
        assertThat(parse("Bearer error=\"insufficient_scope\", scope=\"a b\"").isInsufficientScope()).isTrue();
        assertThat(parse("Bearer error=\"INSUFFICIENT_SCOPE\"").isInsufficientScope()).isFalse();
        assertThat(parse("Bearer error=\"invalid_token\"").isInsufficientScope()).isFalse();
    }

    @Test
    void whenChallengeHasNoParamsMapThenNullPointerException() {
        assertThatExceptionOfType(NullPointerException.class).isThrownBy(() -> new Challenge(null, Map.of(), null))
                .withMessage("scheme");
        assertThatExceptionOfType(NullPointerException.class).isThrownBy(() -> new Challenge("Basic", null, "x"))
                .withMessage("params");
    }

    @Test
    void whenBearerCarriesAToken68ThenItIsABearerChallengeWithoutParameters() {
        // "realm=" is a valid token68 (RFC 9110 section 11.2), so this is not an auth-param with an empty value.
        assertThat(BearerChallenge.parseAll(List.of("Bearer realm="))).containsExactly(new Challenge("Bearer", Map.of(), "realm="));
        assertThat(BearerChallenge.parse("Bearer abc==")).contains(new BearerChallenge(null, null, null, null, null, null));
    }
}
