package dev.xaa4j.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

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
}
