package dev.xaa4j.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CompactJoseTest {

    @ParameterizedTest
    @ValueSource(strings = {"eyJhbGciOiJFUzI1NiJ9.e30.c2ln", "eyJhbGciOiJub25lIn0.e30.", "a.b.c.d.e", "A-_z09", ""})
    void whenEveryPartIsBase64UrlThenAccepted(String compact) {
        assertThat(CompactJose.hasBase64UrlParts(compact)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"eyJhbGciOiJFUzI1NiJ9.e30.c2l~n", "eyJhbGciOiJFUzI1NiJ9==.e30.c2ln", "eyJ+/.e30.c2ln",
        "eyJhbGciOiJFUzI1NiJ9.e30.c2ln ", "eyJhbGciOiJFUzI1NiJ9.e30.c2ln\n", "a.b.c\u00e9"})
    void whenAPartHasACharacterOutsideBase64UrlThenRefused(String compact) {
        assertThat(CompactJose.hasBase64UrlParts(compact)).isFalse();
    }

    @Test
    void whenRandomTextIsCheckedThenTheAnswerIsTheCompactSerializationGrammar() {
        // RFC 7515 section 7.1 with section 2's base64url: parts of [A-Za-z0-9_-]* joined by dots
        Pattern grammar = Pattern.compile("[A-Za-z0-9_-]*(?:\\.[A-Za-z0-9_-]*)*");
        String alphabet = "AZaz09-_..=+/:~ \n\t%\u00e9\u0100\u0000@[`{";
        Random random = new Random(20261126L);
        for (int n = 0; n < 20_000; n++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(12);
            for (int i = 0; i < length; i++) {
                text.append(random.nextInt(4) == 0 ? alphabet.charAt(random.nextInt(alphabet.length()))
                        : (char) ('a' + random.nextInt(26)));
            }
            String s = text.toString();
            assertThat(CompactJose.hasBase64UrlParts(s)).as("'%s'", s).isEqualTo(grammar.matcher(s).matches());
        }
    }
}
