package dev.xaa4j.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BenchmarkReportTest {

    private static String result(String method, String alg, double ms, double cpuMicros) {
        return """
                {"benchmark":"dev.xaa4j.benchmarks.AuthorizationServerBenchmark.%s","mode":"ss","threads":1,
                 "measurementBatchSize":1000,"params":{"alg":"%s"},
                 "primaryMetric":{"score":%s,"scoreError":1.0,"scoreUnit":"ms/op"},
                 "secondaryMetrics":{"cpu":{"score":%s,"scoreUnit":"us/call"}}}
                """.formatted(method, alg, ms, cpuMicros);
    }

    @Test
    void whenBatchTimesAreGivenThenOpsPerSecondAndRatiosFollow() throws Exception {
        String json = "[" + String.join(",",
                result("verify", "ES256", 500, 400),      // 2,000 ops/s
                result("validate", "ES256", 625, 500),    // 1,600 ops/s: 0.80 of verify
                result("verifyAndSign", "ES256", 1000, 800),
                result("grant", "ES256", 1250, 1000),
                result("tokenEndpoint", "ES256", 2000, 1600)) + "]";

        String report = BenchmarkReport.report(json);

        assertThat(report).contains("| AuthorizationServerBenchmark.verify | alg=ES256 | 500.000 | 1.000 | ms/op | 2,000 | 400 |");
        assertThat(report).contains("| alg=ES256 | 400 (2,000) | 500 (1,600) | 800 (1,000) | 1,000 (800) | 1,600 (500) |");
        assertThat(report).contains("| alg=ES256 | 0.80 | 0.80 | 0.80 | 0.80 | 0.50 | 0.50 |");
    }

    @Test
    void whenAverageTimeInNanosecondsThenOpsPerSecondIsThreadsOverTime() throws Exception {
        String json = """
                [{"benchmark":"dev.xaa4j.benchmarks.ClientBenchmark.attach","mode":"avgt","threads":8,
                  "params":{},"primaryMetric":{"score":50.0,"scoreError":2.0,"scoreUnit":"ns/op"}}]
                """;

        assertThat(BenchmarkReport.report(json)).contains("| ClientBenchmark.attach |  | 50.000 | 2.000 | ns/op | 160,000,000 |  |");
    }
}
