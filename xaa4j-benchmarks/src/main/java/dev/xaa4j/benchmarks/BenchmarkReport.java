package dev.xaa4j.benchmarks;

import com.nimbusds.jose.util.JSONArrayUtils;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Turns a JMH JSON result file ({@code -rf json}) into the markdown tables of {@code docs/performance.md}: every score,
 * then the authorization server ratios (validation / verification and grant / (verification + signing), from wall-clock
 * time and from CPU time when {@link CpuTimeProfiler} ran).
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.xaa4j.benchmarks.BenchmarkReport target/jmh-results.json}. Stateless.
 */
public final class BenchmarkReport {

    private static final String AS = "AuthorizationServerBenchmark.";

    private BenchmarkReport() {
    }

    /** Prints the report of the JSON file named by the first argument. */
    public static void main(String[] args) throws IOException, ParseException {
        if (args.length != 1) {
            System.err.println("usage: BenchmarkReport <jmh-results.json>");
            System.exit(2);
        }
        System.out.print(report(Files.readString(Path.of(args[0]), StandardCharsets.UTF_8)));
    }

    /** The markdown report of a JMH JSON result document. */
    static String report(String json) throws ParseException {
        List<Row> rows = new ArrayList<>();
        for (Object o : JSONArrayUtils.parse(json)) {
            rows.add(Row.of(asMap(o)));
        }
        StringBuilder out = new StringBuilder();
        out.append("| benchmark | params | score | error | unit | ops/s | CPU us/call |\n");
        out.append("|---|---|---:|---:|---|---:|---:|\n");
        for (Row r : rows) {
            out.append(String.format(Locale.ROOT, "| %s | %s | %.3f | %.3f | %s | %s | %s |%n", r.name, r.params, r.score,
                    r.error, r.unit, r.opsPerSecond() > 0 ? fmt(r.opsPerSecond()) : "", r.cpu > 0 ? fmt(r.cpu) : ""));
        }
        TreeSet<String> algs = new TreeSet<>();
        rows.stream().filter(r -> r.name.startsWith(AS)).forEach(r -> algs.add(r.params));
        if (!algs.isEmpty()) {
            out.append("\nCost per call, CPU microseconds (ops/s by wall clock in parentheses):\n\n");
            out.append("| params | verify | validate | verify + sign | grant | token endpoint |\n");
            out.append("|---|---:|---:|---:|---:|---:|\n");
            for (String alg : algs) {
                out.append("| ").append(alg);
                for (String method : List.of("verify", "validate", "verifyAndSign", "grant", "tokenEndpoint")) {
                    Row r = find(rows, AS + method, alg);
                    out.append(" | ").append(r == null ? "" : (r.cpu > 0 ? fmt(r.cpu) : "?") + " (" + fmt(r.opsPerSecond()) + ")");
                }
                out.append(" |\n");
            }
            out.append("\nThroughput ratios (ours / the cryptography alone), from CPU time and from wall-clock time:\n\n");
            out.append("| params | validate / verify | (wall) | grant / (verify + sign) | (wall) "
                    + "| token endpoint / (verify + sign) | (wall) |\n");
            out.append("|---|---:|---:|---:|---:|---:|---:|\n");
            for (String alg : algs) {
                Row verify = find(rows, AS + "verify", alg);
                Row validate = find(rows, AS + "validate", alg);
                Row verifySign = find(rows, AS + "verifyAndSign", alg);
                Row grant = find(rows, AS + "grant", alg);
                Row endpoint = find(rows, AS + "tokenEndpoint", alg);
                out.append("| ").append(alg)
                        .append(" | ").append(ratio(validate, verify, true)).append(" | ").append(ratio(validate, verify, false))
                        .append(" | ").append(ratio(grant, verifySign, true)).append(" | ").append(ratio(grant, verifySign, false))
                        .append(" | ").append(ratio(endpoint, verifySign, true))
                        .append(" | ").append(ratio(endpoint, verifySign, false))
                        .append(" |\n");
            }
        }
        return out.toString();
    }

    /** Throughput of {@code ours} over throughput of {@code floor} (both as ops/s, or as 1/CPU time). */
    private static String ratio(Row ours, Row floor, boolean cpu) {
        if (ours == null || floor == null) {
            return "";
        }
        double r = cpu ? (ours.cpu > 0 && floor.cpu > 0 ? floor.cpu / ours.cpu : Double.NaN)
                : ours.opsPerSecond() / floor.opsPerSecond();
        return Double.isNaN(r) ? "" : String.format(Locale.ROOT, "%.2f", r);
    }

    private static Row find(List<Row> rows, String name, String params) {
        return rows.stream().filter(r -> r.name.equals(name) && r.params.equals(params)).findFirst().orElse(null);
    }

    private static String fmt(double v) {
        return v >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.2f", v);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static double number(Object o) {
        if (o instanceof Number n) {
            return n.doubleValue();
        }
        try {
            return o == null ? Double.NaN : Double.parseDouble(o.toString());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** One JMH result. */
    private record Row(String name, String params, String mode, double score, double error, String unit, long batch,
            int threads, double cpu) {

        static Row of(Map<String, Object> m) {
            String benchmark = String.valueOf(m.get("benchmark"));
            String name = benchmark.substring(benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1) + 1);
            Map<String, Object> params = new LinkedHashMap<>(asMap(m.get("params")));
            String p = params.isEmpty() ? "" : String.join(",", params.entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue()).toList());
            Map<String, Object> primary = asMap(m.get("primaryMetric"));
            Map<String, Object> cpu = asMap(asMap(m.get("secondaryMetrics")).get("cpu"));
            return new Row(name, p, String.valueOf(m.get("mode")), number(primary.get("score")),
                    number(primary.get("scoreError")), String.valueOf(primary.get("scoreUnit")),
                    (long) number(m.getOrDefault("measurementBatchSize", 1)), (int) number(m.getOrDefault("threads", 1)),
                    cpu.isEmpty() ? 0 : number(cpu.get("score")));
        }

        /** Calls per second of all threads, from the primary score; 0 when the unit is not a time or a rate. */
        double opsPerSecond() {
            String[] u = unit.split("/");
            if (u.length != 2) {
                return 0;
            }
            double seconds = switch (u[0].equals("ops") ? u[1] : u[0]) {
                case "s" -> 1;
                case "ms" -> 1e-3;
                case "us" -> 1e-6;
                case "ns" -> 1e-9;
                default -> Double.NaN;
            };
            if (Double.isNaN(seconds)) {
                return 0;
            }
            if (u[0].equals("ops")) {
                return score / seconds;
            }
            double perCall = score * seconds / ("ss".equals(mode) ? batch : 1);
            return threads / perCall;
        }
    }
}
