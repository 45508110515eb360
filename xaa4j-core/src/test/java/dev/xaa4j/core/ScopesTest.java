package dev.xaa4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ScopesTest {

    @Test
    void whenScopeHasSeveralSpacesThenValuesInOrderWithoutEmptyOnes() {
        assertThat(Scopes.parse("  read   write admin ")).containsExactly("read", "write", "admin");
    }

    @Test
    void whenScopeRepeatsAValueThenItIsKeptOnce() {
        assertThat(Scopes.parse("read write read")).containsExactly("read", "write");
    }

    @Test
    void whenScopeValuesDifferInCaseThenBothAreKept() {
        assertThat(Scopes.parse("Read read")).containsExactly("Read", "read");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "    "})
    void whenScopeIsBlankThenEmpty(String scope) {
        assertThat(Scopes.parse(scope)).isEmpty();
    }

    @Test
    void whenParsedThenSetIsUnmodifiable() {
        Set<String> scopes = Scopes.parse("a b");

        assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> scopes.add("c"));
    }

    @Test
    void whenFormattedThenSingleSpacesInOrder() {
        assertThat(Scopes.format(List.of("openid", "mcp:read", "mcp:write"))).isEqualTo("openid mcp:read mcp:write");
    }

    @Test
    void whenNothingToFormatThenNull() {
        assertThat(Scopes.format(null)).isNull();
        assertThat(Scopes.format(List.of())).isNull();
    }

    @Test
    void whenFormattedThenParsedThenSameValues() {
        List<String> values = List.of("a", "b:c", "https://h/x", "!#[]~");

        assertThat(Scopes.parse(Scopes.format(values))).containsExactlyElementsOf(values);
    }

    @ParameterizedTest
    @ValueSource(strings = {"read", "mcp:tools.read", "!", "~", "#", "[", "]", "a!#$%&'()*+,-./:;<=>?@[]^_`{|}~z"})
    void whenTokenHasOnlyNqcharsThenValid(String token) {
        assertThat(Scopes.isValidToken(token)).isTrue();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"a b", " ", "a\"b", "\"", "a\\b", "\\", "a\tb", "a\nb", "\u007f", "caf\u00e9", "\u0000"})
    void whenTokenHasAForbiddenCharacterThenInvalid(String token) {
        assertThat(Scopes.isValidToken(token)).isFalse();
    }

    @Test
    void whenEveryAsciiCharacterCheckedThenOnlyRfc6749NqcharsAreValid() {
        for (char c = 0; c < 0x100; c++) {
            boolean nqchar = c == 0x21 || (c >= 0x23 && c <= 0x5B) || (c >= 0x5D && c <= 0x7E);
            assertThat(Scopes.isValidToken(String.valueOf(c))).as("character 0x%02x", (int) c).isEqualTo(nqchar);
        }
    }

    @Test
    void whenFormattingANullValueThenNullPointerException() {
        assertThatExceptionOfType(NullPointerException.class)
                .isThrownBy(() -> Scopes.format(Arrays.asList("read", null)))
                .withMessageContaining("scope");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "read write", " read"})
    void whenFormattingAValueThatWouldNotParseBackThenIllegalArgumentException(String value) {
        assertThatExceptionOfType(IllegalArgumentException.class)
                .isThrownBy(() -> Scopes.format(List.of("admin", value)))
                .withMessageContaining("scope")
                .withMessageNotContaining("read");
    }
}
