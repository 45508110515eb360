package dev.xaa4j.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** A clock that moves only when a test moves it. */
final class TestClock extends Clock {

    static final Instant START = Instant.parse("2026-06-17T10:00:00Z");

    private final AtomicReference<Instant> now = new AtomicReference<>(START);

    /** Sets the time to START plus this many seconds. */
    void at(long secondsAfterStart) {
        now.set(START.plusSeconds(secondsAfterStart));
    }

    void advance(Duration duration) {
        now.updateAndGet(t -> t.plus(duration));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException();
    }
}
