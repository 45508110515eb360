package dev.xaa4j.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {

    @Test
    void whenObjectParsedThenNumbersAreLongOrDoubleAndArraysLists() {
        Map<String, Object> json = Json.parseObject("{\"i\":42,\"d\":1.5,\"e\":1e3,\"a\":[\"x\",1],\"o\":{\"k\":true},\"n\":null}");

        assertThat(json.get("i")).isEqualTo(42L);
        assertThat(json.get("d")).isEqualTo(1.5);
        assertThat(json.get("e")).isEqualTo(1000.0);
        assertThat(json.get("a")).isEqualTo(List.of("x", 1L));
        assertThat(json.get("o")).isEqualTo(Map.of("k", true));
        assertThat(json).containsEntry("n", null);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "[]", " [ ] ", "[[\"a\",1]]", "[[\"error\",\"s3cr3t\"]]", "\"s3cr3t\"", "42", "null", "{\"a\":\"s3cr3t\"", "{\"a\":1} {}", "{a:1}", "{'a':1}",
        "{\"a\":1,\"a\":2}"})
    void whenNotExactlyOneJsonObjectThenIllegalArgumentExceptionWithoutTheInput(String text) {
        assertThatExceptionOfType(IllegalArgumentException.class)
                .isThrownBy(() -> Json.parseObject(text))
                .withMessageNotContaining("s3cr3t");
    }

    @Test
    void whenNestedVeryDeeplyThenIllegalArgumentExceptionNotStackOverflow() {
        String deep = "{\"a\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";

        assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> Json.parseObject(deep));
    }

    @Test
    void whenWrittenThenParsedThenSameMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("s", "quote \" backslash \\ slash / newline \n unicode \u00e9 \ud83d\ude00 html <&>");
        map.put("l", List.of("a", "b"));
        map.put("n", 7L);
        map.put("b", false);

        assertThat(Json.parseObject(Json.write(map))).isEqualTo(map);
    }

    @Test
    void whenOptionalMembersReadThenTypesChecked() {
        Map<String, Object> json = Json.parseObject("{\"s\":\"v\",\"l\":[\"a\"],\"n\":1,\"bad\":[1],\"x\":null}");

        assertThat(Json.optString(json, "s")).isEqualTo("v");
        assertThat(Json.optString(json, "absent")).isNull();
        assertThat(Json.optString(json, "x")).isNull();
        assertThat(Json.optStringList(json, "l")).containsExactly("a");
        assertThat(Json.optStringList(json, "absent")).isEmpty();
        assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> Json.optString(json, "n"))
                .withMessage("'n' must be a string");
        assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> Json.optStringList(json, "bad"))
                .withMessage("'bad' must be an array of strings");
        assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> Json.optStringList(json, "s"))
                .withMessage("'s' must be an array of strings");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "1", "3600", "3.0", "9007199254740991", "9.0e14"})
    void whenNonNegativeIntegerThenRead(String value) {
        Long expected = (long) Double.parseDouble(value);

        assertThat(Json.optNonNegativeLong(Json.parseObject("{\"expires_in\":" + value + "}"), "expires_in")).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "1.5", "-0.5", "1e16", "1e300", "\"3600\"", "true", "[1]", "{}"})
    void whenNotANonNegativeIntegerThenIllegalArgumentExceptionNamingTheMember(String value) {
        Map<String, Object> json = Json.parseObject("{\"expires_in\":" + value + "}");

        assertThatExceptionOfType(IllegalArgumentException.class)
                .isThrownBy(() -> Json.optNonNegativeLong(json, "expires_in"))
                .withMessage("'expires_in' must be a non-negative integer");
    }

    @Test
    void whenNonNegativeLongAbsentOrNullThenNull() {
        assertThat(Json.optNonNegativeLong(Map.of(), "expires_in")).isNull();
        assertThat(Json.optNonNegativeLong(Json.parseObject("{\"expires_in\":null}"), "expires_in")).isNull();
        assertThat(Json.optNonNegativeLong(Map.of("expires_in", 5), "expires_in")).isEqualTo(5L);
    }
}
