package dev.xaa4j.cli;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A latency group of {@code xaa load}: how many values, and the 50th and 99th percentiles and the maximum by nearest
 * rank ({@code v[ceil(q*n)-1]} on the sorted values), in milliseconds.
 *
 * <p>Immutable, thread-safe.
 */
final class Latencies {

    private final long[] sortedNanos;

    private Latencies(long[] sortedNanos) {
        this.sortedNanos = sortedNanos;
    }

    /** The group of these values (in nanoseconds, any order). */
    static Latencies of(Collection<Long> nanos) {
        long[] values = nanos.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(values);
        return new Latencies(values);
    }

    /** The number of values. */
    int n() {
        return sortedNanos.length;
    }

    /**
     * The value of nearest rank for the percentile {@code percent} (1 to 100): {@code v[ceil(percent/100 * n) - 1]},
     * computed in integers so that no rounding moves the rank; {@code null} when there are no values.
     */
    Long percentile(int percent) {
        if (percent < 1 || percent > 100) {
            throw new IllegalArgumentException("percent must be within 1..100");
        }
        int n = sortedNanos.length;
        if (n == 0) {
            return null;
        }
        long rank = ((long) percent * n + 99) / 100; // ceil(percent * n / 100), at least 1 for n >= 1
        return sortedNanos[(int) rank - 1];
    }

    /**
     * {@code {"n", "p50", "p99", "max"}}: milliseconds with three decimals (microseconds); with no values, {@code n} is 0
     * and the three others are {@code null} (there is no value to report, and 0 would read as a measurement).
     */
    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("n", n());
        json.put("p50", millis(percentile(50)));
        json.put("p99", millis(percentile(99)));
        json.put("max", millis(percentile(100)));
        return json;
    }

    /** Nanoseconds as milliseconds with three decimals, or {@code null}. */
    static Double millis(Long nanos) {
        return nanos == null ? null : Math.round(nanos / 1_000.0) / 1_000.0;
    }

    @Override
    public String toString() {
        return "Latencies" + toJson();
    }
}
