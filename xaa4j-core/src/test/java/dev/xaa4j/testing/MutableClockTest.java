package dev.xaa4j.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class MutableClockTest {

    static final Instant START = Instant.parse("2026-06-17T10:00:00Z");

    @Test
    void whenNotMovedThenTheClockStandsStill() {
        MutableClock clock = new MutableClock(START);

        assertThat(clock.instant()).isEqualTo(START);
        assertThat(clock.millis()).isEqualTo(START.toEpochMilli());
        assertThat(clock.start()).isEqualTo(START);
    }

    @Test
    void whenAdvancedOrSetThenItReadsTheNewTime() {
        MutableClock clock = new MutableClock(START);

        clock.advance(Duration.ofSeconds(90));
        assertThat(clock.instant()).isEqualTo(START.plusSeconds(90));
        clock.atSecond(10);
        assertThat(clock.instant()).isEqualTo(START.plusSeconds(10));
        assertThat(clock.withZone(ZoneId.of("Europe/Paris")).instant()).isEqualTo(START.plusSeconds(10));
    }
}
