package dev.xaa4j.idp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.xaa4j.core.OAuthError;
import dev.xaa4j.core.OAuthException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ExpiringStoreTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private final ExpiringStore<String> store = new ExpiringStore<>(Clock.fixed(NOW, ZoneOffset.UTC), 2);

    @Test
    void whenFullOfLiveEntriesThenTemporarilyUnavailable() {
        store.put("a", "1", NOW.plusSeconds(60));
        store.put("b", "2", NOW.plusSeconds(60));
        assertThatExceptionOfType(OAuthException.class).isThrownBy(() -> store.put("c", "3", NOW.plusSeconds(60)))
                .extracting(e -> e.error().code()).isEqualTo(OAuthError.TEMPORARILY_UNAVAILABLE);
    }

    @Test
    void whenFullButSomeExpiredThenTheyArePurgedToMakeRoom() {
        store.put("a", "1", NOW.minusSeconds(1));
        store.put("b", "2", NOW.plusSeconds(60));
        store.put("c", "3", NOW.plusSeconds(60));
        assertThat(store.size()).isEqualTo(2);
        assertThat(store.get("c")).isEqualTo("3");
    }

    @Test
    void whenExpiredThenInvisible() {
        store.put("a", "1", NOW);
        assertThat(store.get("a")).isNull();
        assertThat(store.take("a")).isNull();
        assertThat(store.update("a", v -> "2")).isNull();
    }

    @Test
    void whenTakenThenGone() {
        store.put("a", "1", NOW.plusSeconds(1));
        assertThat(store.take("a")).isEqualTo("1");
        assertThat(store.take("a")).isNull();
    }

    @Test
    void whenUpdatedThenThePreviousValueIsReturnedAndTheNewOneKept() {
        store.put("a", "1", NOW.plusSeconds(1));
        assertThat(store.update("a", v -> v + "!")).isEqualTo("1");
        assertThat(store.get("a")).isEqualTo("1!");
    }
}
