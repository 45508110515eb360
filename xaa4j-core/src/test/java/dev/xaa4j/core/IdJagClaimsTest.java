package dev.xaa4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IdJagClaimsTest {

    private static final Instant IAT = Instant.ofEpochSecond(1_700_000_000L);
    private static final Instant EXP = IAT.plusSeconds(300);

    /** A valid ID-JAG claims object; every string value is distinctive so that tests can check messages leave it out. */
    private static Map<String, Object> claims() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("iss", "https://idp.example.com");
        c.put("sub", "secret-subject-4711");
        c.put("aud", "https://as.example.com");
        c.put("client_id", "client-at-as-0815");
        c.put("jti", "secret-jti-1234567890");
        c.put("exp", EXP.getEpochSecond());
        c.put("iat", IAT.getEpochSecond());
        return c;
    }

    private static IdJagClaims.Builder builder() {
        return IdJagClaims.builder()
                .issuer("https://idp.example.com")
                .subject("secret-subject-4711")
                .audience("https://as.example.com")
                .clientId("client-at-as-0815")
                .jwtId("secret-jti-1234567890")
                .issuedAt(IAT)
                .expiresAt(EXP);
    }

    private static Map<String, Object> json(String json) throws ParseException {
        return JSONObjectUtils.parse(json);
    }

    private static void assertInvalidGrantNaming(ThrowingCallable call, String claim) {
        assertThatExceptionOfType(OAuthException.class)
                .isThrownBy(call)
                .satisfies(e -> {
                    assertThat(e.error().code()).isEqualTo("invalid_grant");
                    assertThat(e.error().httpStatus()).isEqualTo(400);
                    assertThat(e.error().description()).contains("'" + claim + "'");
                    assertThat(e.getMessage()).doesNotContain("secret-", "client-at-as", "idp.example.com", "as.example.com",
                            "987654321", String.valueOf(EXP.getEpochSecond()), String.valueOf(IAT.getEpochSecond()));
                });
    }

    @Test
    void whenRequiredClaimsPresentThenParsed() {
        IdJagClaims parsed = IdJagClaims.parse(claims());

        assertThat(parsed).isEqualTo(builder().build());
        assertThat(parsed.notBefore()).isNull();
        assertThat(parsed.resource()).isEmpty();
        assertThat(parsed.scope()).isEmpty();
        assertThat(parsed.amr()).isEmpty();
        assertThat(parsed.tenant()).isNull();
        assertThat(parsed.email()).isNull();
    }

    @Test
    void whenEveryDraftClaimPresentThenEachIsRead() throws ParseException {
        Map<String, Object> c = json("""
                {"iss":"https://idp","sub":"u","aud":["https://as"],"client_id":"c","jti":"j","exp":1700000300,"iat":1700000000,
                 "nbf":1699999990,"resource":["https://h/mcp","https://h/other"],"scope":"mcp:read mcp:write","tenant":"t1",
                 "aud_tenant":"t2","aud_sub":"u2","auth_time":1699999000,"acr":"urn:acr:mfa","amr":["pwd","otp"],
                 "email":"user@example.com"}""");

        assertThat(IdJagClaims.parse(c)).isEqualTo(new IdJagClaims("https://idp", "u", List.of("https://as"), "c", "j",
                EXP, IAT, Instant.ofEpochSecond(1_699_999_990L), List.of("https://h/mcp", "https://h/other"),
                java.util.Set.of("mcp:read", "mcp:write"), "t1", "t2", "u2", Instant.ofEpochSecond(1_699_999_000L),
                "urn:acr:mfa", List.of("pwd", "otp"), "user@example.com"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"https://as\"                  | https://as",
        "[\"https://as\"]                | https://as",
        "[\"https://as\",\"https://b\"]  | https://as,https://b"})
    void whenAudIsStringOrArrayThenAudienceList(String aud, String expected) throws ParseException {
        Map<String, Object> c = claims();
        c.put("aud", json("{\"v\":" + aud + "}").get("v"));

        assertThat(IdJagClaims.parse(c).audience()).containsExactly(expected.split(","));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"https://h/mcp\"                    | https://h/mcp",
        "[\"https://h/mcp\"]                  | https://h/mcp",
        "[\"https://h/mcp\",\"https://h/x\"]  | https://h/mcp,https://h/x"})
    void whenResourceIsStringOrArrayThenResourceList(String resource, String expected) throws ParseException {
        Map<String, Object> c = claims();
        c.put("resource", json("{\"v\":" + resource + "}").get("v"));

        assertThat(IdJagClaims.parse(c).resource()).containsExactly(expected.split(","));
    }

    @Test
    void whenScopeHasSeveralSpacesThenEachValueOnce() {
        Map<String, Object> c = claims();
        c.put("scope", "  mcp:read    mcp:write mcp:read ");

        assertThat(IdJagClaims.parse(c).scope()).containsExactly("mcp:read", "mcp:write");
    }

    @Test
    void whenUnknownClaimsThenIgnored() throws ParseException {
        Map<String, Object> c = claims();
        c.put("authorization_details", json("{\"v\":[{\"type\":\"x\"}]}").get("v"));
        c.put("cnf", Map.of("jkt", "abc"));
        c.put("act", Map.of("sub", "agent"));
        c.put("sub_id", Map.of("format", "email"));
        c.put("x-vendor", 42L);

        assertThat(IdJagClaims.parse(c)).isEqualTo(builder().build());
    }

    @ParameterizedTest
    @ValueSource(strings = {"iss", "sub", "aud", "client_id", "jti", "exp", "iat"})
    void whenRequiredClaimMissingThenInvalidGrantNamingIt(String claim) {
        Map<String, Object> c = claims();
        c.remove(claim);

        assertInvalidGrantNaming(() -> IdJagClaims.parse(c), claim);
    }

    @ParameterizedTest
    @ValueSource(strings = {"iss", "sub", "aud", "client_id", "jti"})
    void whenRequiredStringClaimEmptyThenInvalidGrantNamingIt(String claim) {
        Map<String, Object> c = claims();
        c.put(claim, "");

        assertInvalidGrantNaming(() -> IdJagClaims.parse(c), claim);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "aud        | 987654321",
        "aud        | []",
        "aud        | [\"https://as.example.com\",987654321]",
        "aud        | [\"\"]",
        "aud        | {\"a\":\"https://as.example.com\"}",
        "exp        | \"987654321\"",
        "exp        | true",
        "exp        | 1e300",
        "iat        | \"secret-iat\"",
        "nbf        | [987654321]",
        "auth_time  | \"987654321\"",
        "iss        | 987654321",
        "sub        | [\"secret-subject-4711\"]",
        "client_id  | 987654321",
        "jti        | {\"id\":\"secret-jti\"}",
        "resource   | [\"https://h/mcp\",987654321]",
        "resource   | 987654321",
        "resource   | []",
        "resource   | \"\"",
        "scope      | [\"secret-scope\"]",
        "scope      | 987654321",
        "tenant     | 987654321",
        "email      | [\"secret-user@example.com\"]",
        "amr        | [987654321]"})
    void whenClaimHasWrongJsonTypeThenInvalidGrantNamingItWithoutValues(String claim, String value) throws ParseException {
        Map<String, Object> c = claims();
        c.put(claim, json("{\"v\":" + value + "}").get("v"));

        assertInvalidGrantNaming(() -> IdJagClaims.parse(c), claim);
    }

    @Test
    void whenNimbusParsesAudAsNumberOrExpAsStringThenNimbusRejectsItBeforeOurCode() {
        // The AS reads a verified JWT's claims with nimbus (JWTClaimsSet.parse). nimbus itself refuses a non-string "aud" and a
        // non-number "exp"/"iat"/"nbf", "iss" and "jti": the AS sees a ParseException (to be mapped to invalid_grant there),
        // and IdJagClaims.parse never runs.
        String base = "\"iss\":\"https://idp\",\"sub\":\"u\",\"client_id\":\"c\",\"jti\":\"j\",\"iat\":1700000000";

        assertThatExceptionOfType(ParseException.class)
                .isThrownBy(() -> JWTClaimsSet.parse("{" + base + ",\"exp\":1700000300,\"aud\":987654321}"));
        assertThatExceptionOfType(ParseException.class)
                .isThrownBy(() -> JWTClaimsSet.parse("{" + base + ",\"exp\":\"1700000300\",\"aud\":\"https://as\"}"));
        assertThatExceptionOfType(ParseException.class)
                .isThrownBy(() -> JWTClaimsSet.parse("{" + base + ",\"exp\":1700000300,\"aud\":[\"https://as\",1]}"));
    }

    @Test
    void whenNimbusParsesWrongTypedCustomClaimsThenOurParseRejectsThemAsInvalidGrant() throws ParseException {
        String base = "\"iss\":\"https://idp\",\"sub\":\"u\",\"aud\":\"https://as\",\"jti\":\"j\",\"exp\":1700000300,\"iat\":1700000000";

        JWTClaimsSet resourceWithNumber = JWTClaimsSet.parse("{" + base + ",\"client_id\":\"c\",\"resource\":[\"https://h\",5]}");
        JWTClaimsSet scopeArray = JWTClaimsSet.parse("{" + base + ",\"client_id\":\"c\",\"scope\":[\"a\"]}");
        JWTClaimsSet clientIdNumber = JWTClaimsSet.parse("{" + base + ",\"client_id\":5}");

        assertInvalidGrantNaming(() -> IdJagClaims.parse(resourceWithNumber), "resource");
        assertInvalidGrantNaming(() -> IdJagClaims.parse(scopeArray), "scope");
        assertInvalidGrantNaming(() -> IdJagClaims.parse(clientIdNumber), "client_id");
    }

    @Test
    void whenNimbusParsesANumericSubThenItBecomesAString() throws ParseException {
        // Documented nimbus leniency: a numeric "sub" is turned into its decimal string, so it is accepted as that string.
        JWTClaimsSet set = JWTClaimsSet.parse("{\"iss\":\"https://idp\",\"sub\":4711,\"aud\":\"https://as\",\"client_id\":\"c\","
                + "\"jti\":\"j\",\"exp\":1700000300,\"iat\":1700000000}");

        assertThat(IdJagClaims.parse(set).subject()).isEqualTo("4711");
    }

    @Test
    void whenNumericDateHasAFractionThenWholeSecondsKept() {
        Map<String, Object> c = claims();
        c.put("exp", EXP.getEpochSecond() + 0.75);

        assertThat(IdJagClaims.parse(c).expiresAt()).isEqualTo(EXP);
    }

    @Test
    void whenConvertedToClaimsSetThenParsedThenEqual() {
        IdJagClaims full = builder()
                .audience(List.of("https://as.example.com", "https://as2"))
                .notBefore(IAT.minusSeconds(5))
                .resource(List.of("https://h/mcp", "https://h/x"))
                .scope(List.of("mcp:read", "mcp:write"))
                .tenant("t1").audTenant("t2").audSub("u2")
                .authTime(IAT.minusSeconds(600))
                .acr("urn:acr:mfa").amr(List.of("pwd", "otp"))
                .email("user@example.com")
                .build();
        IdJagClaims minimal = builder().build();
        IdJagClaims oneResource = builder().resource("https://h/mcp").scope(List.of("a")).build();

        for (IdJagClaims claims : List.of(full, minimal, oneResource)) {
            assertThat(IdJagClaims.parse(claims.toClaimsSet())).isEqualTo(claims);
        }
    }

    @Test
    void whenClaimsSetSerializedAndParsedByNimbusThenEqual() throws ParseException {
        IdJagClaims full = builder()
                .audience(List.of("https://as.example.com", "https://as2"))
                .notBefore(IAT.minusSeconds(5))
                .resource(List.of("https://h/mcp", "https://h/x"))
                .scope(List.of("mcp:read", "mcp:write"))
                .tenant("t1").audTenant("t2").audSub("u2")
                .authTime(IAT.minusSeconds(600))
                .acr("urn:acr:mfa").amr(List.of("pwd", "otp"))
                .email("user@example.com")
                .build();
        IdJagClaims oneValue = builder().resource("https://h/mcp").scope(List.of("a")).build();

        for (IdJagClaims claims : List.of(full, oneValue, builder().build())) {
            String json = claims.toClaimsSet().toString();
            assertThat(IdJagClaims.parse(JWTClaimsSet.parse(json))).isEqualTo(claims);
            assertThat(IdJagClaims.parse(JSONObjectUtils.parse(json))).isEqualTo(claims);
        }
    }

    @Test
    void whenOneAudienceAndOneResourceThenWrittenAsStrings() throws ParseException {
        Map<String, Object> json = JSONObjectUtils.parse(builder().resource("https://h/mcp").build().toClaimsSet().toString());

        assertThat(json.get("aud")).isEqualTo("https://as.example.com");
        assertThat(json.get("resource")).isEqualTo("https://h/mcp");
        assertThat(json.get("exp")).isEqualTo(EXP.getEpochSecond());
        assertThat(json.get("iat")).isEqualTo(IAT.getEpochSecond());
        assertThat(json).doesNotContainKeys("nbf", "scope", "tenant", "amr", "email", "auth_time");
    }

    @Test
    void whenTimesHaveFractionsOfASecondThenTheyAreKeptAsTheWholeSecondsAJwtCarries() throws ParseException {
        Instant iat = IAT.plusNanos(987_654_321);
        IdJagClaims claims = builder().issuedAt(iat).expiresAt(iat.plusSeconds(300)).notBefore(iat).authTime(iat).build();

        assertThat(claims.issuedAt()).isEqualTo(IAT);
        assertThat(claims.expiresAt()).isEqualTo(EXP);
        assertThat(claims.notBefore()).isEqualTo(IAT);
        assertThat(claims.authTime()).isEqualTo(IAT);
        assertThat(IdJagClaims.parse(JWTClaimsSet.parse(claims.toClaimsSet().toString()))).isEqualTo(claims);
    }

    @Test
    void whenToStringThenNoSubjectJtiOrEmail() {
        IdJagClaims claims = builder().email("secret-user@example.com").scope(List.of("mcp:read")).build();

        assertThat(claims.toString())
                .contains("https://idp.example.com", "https://as.example.com", "client-at-as-0815", "mcp:read")
                .doesNotContain("secret-subject-4711", "secret-jti-1234567890", "secret-user@example.com");
    }

    @Test
    void whenBuiltFromMutableListsThenCopiesKept() {
        List<String> audience = new ArrayList<>(List.of("https://as"));
        List<String> resource = new ArrayList<>(List.of("https://h/mcp"));
        List<String> scope = new ArrayList<>(List.of("a"));
        IdJagClaims claims = builder().audience(audience).resource(resource).scope(scope).build();

        audience.add("https://evil");
        resource.add("https://evil");
        scope.add("admin");

        assertThat(claims.audience()).containsExactly("https://as");
        assertThat(claims.resource()).containsExactly("https://h/mcp");
        assertThat(claims.scope()).containsExactly("a");
        assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> claims.scope().add("admin"));
    }

    @Test
    void whenRequiredValueMissingInBuilderThenNullPointerExceptionNamingIt() {
        assertThatExceptionOfType(NullPointerException.class).isThrownBy(() -> builder().issuer(null).build()).withMessage("issuer");
        assertThatExceptionOfType(NullPointerException.class).isThrownBy(() -> builder().subject(null).build()).withMessage("subject");
        assertThatExceptionOfType(NullPointerException.class).isThrownBy(() -> builder().clientId(null).build()).withMessage("clientId");
        assertThatExceptionOfType(NullPointerException.class).isThrownBy(() -> builder().jwtId(null).build()).withMessage("jwtId");
        assertThatExceptionOfType(NullPointerException.class).isThrownBy(() -> builder().expiresAt(null).build())
                .withMessage("expiresAt");
        assertThatExceptionOfType(NullPointerException.class).isThrownBy(() -> builder().issuedAt(null).build())
                .withMessage("issuedAt");
        assertThatExceptionOfType(NullPointerException.class).isThrownBy(() -> builder().audience((List<String>) null).build())
                .withMessage("audience");
        assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> builder().audience(List.of()).build())
                .withMessageContaining("audience");
    }

    @Test
    void whenParseGivenNullThenNullPointerException() {
        assertThatExceptionOfType(NullPointerException.class).isThrownBy(() -> IdJagClaims.parse((JWTClaimsSet) null))
                .withMessage("claims");
        assertThatExceptionOfType(NullPointerException.class).isThrownBy(() -> IdJagClaims.parse((Map<String, Object>) null))
                .withMessage("claims");
    }
}
