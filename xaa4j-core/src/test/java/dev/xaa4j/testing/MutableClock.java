package dev.xaa4j.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock for tests that stands still until the test moves it, so that expiry and renewal can be tested without waiting.
 * Share one instance between the client and the servers of a test. Thread-safe.
 *
 * <pre>{@code
 * MutableClock clock = new MutableClock(Instant.parse("2026-06-17T10:00:00Z"));
 * TokenBroker broker = TokenBroker.builder().clock(clock).build();
 * clock.advance(Duration.ofSeconds(250));
 * }</pre>
 */
public final class MutableClock extends Clock {

    private final Instant start;
    private final AtomicReference<Instant> now;

    /** A clock that reads {@code start} until moved. */
    public MutableClock(Instant start) {
        this.start = Objects.requireNonNull(start, "start");
        this.now = new AtomicReference<>(start);
    }

    /** Moves the clock forward (or back, for a negative duration). */
    public void advance(Duration duration) {
        now.updateAndGet(t -> t.plus(duration));
    }

    /** Sets the clock to the start plus this many seconds. */
    public void atSecond(long secondsAfterStart) {
        now.set(start.plusSeconds(secondsAfterStart));
    }

    /** The instant the clock started at. */
    public Instant start() {
        return start;
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    /** Zones do not matter to instants; the same clock. */
    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
