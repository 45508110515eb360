package dev.xaa4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class FormParametersTest {

    private static final int[] NASTY_CODE_POINTS = {':', '%', '+', ' ', '&', '=', '?', '#', '/', '\\', '"', '\'', '*', '~',
        '\t', '\n', '\r', 0, 0x7f, 'a', 'Z', '0', '-', '.', '_', 0xe9, 0x20ac, 0x1f600, 0x10ffff, 0xfeff};

    @ParameterizedTest
    @ValueSource(strings = {"a:b", "100%", "1+1", "two words", "a&b", "a=b", "caf\u00e9", "\u20ac \ud83d\ude00", "%2B", "+%20+",
        "urn:ietf:params:oauth:grant-type:token-exchange", "", "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ1In0.sig-_"})
    void whenValueEncodedThenDecodedThenSameValue(String value) {
        String body = FormParameters.encode(Map.of("v", value));

        assertThat(FormParameters.decode(body)).containsExactly(Map.entry("v", List.of(value)));
    }

    @Test
    void whenReservedCharactersEncodedThenTheyArePercentEscapedAndSpaceIsPlus() {
        assertThat(FormParameters.encode("a:b%c+d e&f=g\u00e9")).isEqualTo("a%3Ab%25c%2Bd+e%26f%3Dg%C3%A9");
    }

    static Stream<String> randomStrings() {
        Random random = new Random(42);
        return IntStream.range(0, 500).mapToObj(n -> {
            StringBuilder sb = new StringBuilder();
            int length = random.nextInt(20);
            for (int i = 0; i < length; i++) {
                sb.appendCodePoint(NASTY_CODE_POINTS[random.nextInt(NASTY_CODE_POINTS.length)]);
            }
            return sb.toString();
        });
    }

    @ParameterizedTest
    @MethodSource("randomStrings")
    void whenRandomNameAndValueEncodedThenDecodedThenSame(String value) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("n" + value, value);
        parameters.put("grant_type", "x");

        Map<String, List<String>> decoded = FormParameters.decode(FormParameters.encode(parameters));

        assertThat(decoded).containsExactly(Map.entry("n" + value, List.of(value)), Map.entry("grant_type", List.of("x")));
    }

    @Test
    void whenParametersEncodedThenInOrderAndNullValuesLeftOut() {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer");
        parameters.put("scope", null);
        parameters.put("assertion", "a.b.c");

        assertThat(FormParameters.encode(parameters))
                .isEqualTo("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=a.b.c");
        assertThat(FormParameters.encode(Map.of())).isEmpty();
    }

    @Test
    void whenParameterRepeatedThenEveryValueKeptInOrder() {
        Map<String, List<String>> decoded = FormParameters.decode("scope=a&resource=r1&scope=b&resource=r2&scope=a");

        assertThat(decoded).containsExactly(
                Map.entry("scope", List.of("a", "b", "a")),
                Map.entry("resource", List.of("r1", "r2")));
    }

    @Test
    void whenEmptyPairsThenSkipped() {
        assertThat(FormParameters.decode("&&a=1&&b=2&")).containsExactly(
                Map.entry("a", List.of("1")), Map.entry("b", List.of("2")));
    }

    @Test
    void whenPairHasNoEqualsOrEmptyValueThenValueIsEmpty() {
        assertThat(FormParameters.decode("a&b=&c==")).containsExactly(
                Map.entry("a", List.of("")), Map.entry("b", List.of("")), Map.entry("c", List.of("=")));
    }

    @Test
    void whenPlusAndPercentTwentyThenBothAreSpace() {
        assertThat(FormParameters.decode("scope=a+b%20c&x=%2B")).containsExactly(
                Map.entry("scope", List.of("a b c")), Map.entry("x", List.of("+")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a=%", "a=%4", "a=%zz", "a=%G0", "%=1", "a=1&b=%%", "a=%-1"})
    void whenPercentEscapeMalformedThenInvalidRequest(String body) {
        assertThatExceptionOfType(OAuthException.class)
                .isThrownBy(() -> FormParameters.decode(body))
                .extracting(OAuthException::error)
                .satisfies(error -> {
                    assertThat(error.code()).isEqualTo("invalid_request");
                    assertThat(error.httpStatus()).isEqualTo(400);
                    assertThat(error.description()).doesNotContain("%");
                });
    }

    @ParameterizedTest
    @NullAndEmptySource
    void whenBodyEmptyThenNoParameters(String body) {
        assertThat(FormParameters.decode(body)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a=1&b=2"})
    void whenDecodedThenResultIsUnmodifiable(String body) {
        Map<String, List<String>> decoded = FormParameters.decode(body);

        assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> decoded.put("c", List.of()));
        decoded.values().forEach(values ->
                assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> values.add("x")));
    }

    @Test
    void whenNullArgumentsThenNullPointerExceptionNamingThem() {
        Map<String, String> nullName = new LinkedHashMap<>();
        nullName.put(null, "v");

        assertThatExceptionOfType(NullPointerException.class).isThrownBy(() -> FormParameters.encode((String) null))
                .withMessage("value");
        assertThatExceptionOfType(NullPointerException.class).isThrownBy(() -> FormParameters.encode((Map<String, String>) null))
                .withMessage("parameters");
        assertThatExceptionOfType(NullPointerException.class).isThrownBy(() -> FormParameters.encode(nullName))
                .withMessage("parameter name");
    }
}
