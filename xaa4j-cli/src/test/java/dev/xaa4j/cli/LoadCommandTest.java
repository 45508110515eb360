package dev.xaa4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xaa4j.cli.demo.DemoEnvironment;
import dev.xaa4j.core.internal.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code xaa load} in-process against the real IdP, AS and MCP server of {@link DemoEnvironment}, which count the token
 * exchanges and JWT bearer grants they accept through their policy hooks (each sees every successful one).
 */
class LoadCommandTest {

    record Run(int exitCode, String out, String err) {
        Map<String, Object> json() {
            assertThat(out.lines().toList()).hasSize(1);
            return Json.parseObject(out);
        }
    }

    /** What the servers accepted: the times of the IdP's token exchanges and of the AS's JWT bearer grants. */
    static final class ServerCounts {
        final List<Instant> exchanges = new CopyOnWriteArrayList<>();
        final List<Instant> grants = new CopyOnWriteArrayList<>();

        DemoEnvironment.Options options(Duration accessTokenLifetime) {
            return new DemoEnvironment.Options()
                    .accessTokenLifetime(accessTokenLifetime)
                    .exchangePolicy(context -> exchanges.add(Instant.now()))
                    .grantPolicy(context -> grants.add(Instant.now()));
        }
    }

    static Run run(Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new LoadCommand(environment));
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    static Map<String, String> context(DemoEnvironment env, String idToken, String asSecret) {
        Map<String, Object> context = env.conformanceContext(idToken);
        context.put("client_secret", asSecret);
        return Map.of(ConformanceContext.VARIABLE, Json.write(context));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> member(Map<String, Object> json, String... path) {
        Map<String, Object> m = json;
        for (String name : path) {
            m = (Map<String, Object>) m.get(name);
        }
        return m;
    }

    static void assertNoSecrets(Run run, DemoEnvironment env, String idToken) {
        assertThat(run.out() + run.err()).doesNotContain(idToken, env.idpClientSecret(), env.asClientSecret());
    }

    @Test
    void whenSixtyFourSessionsShareAuthColdThenTheServersCountOneExchangeAndOneGrant() {
        ServerCounts counts = new ServerCounts();
        // 30 s: long enough that no renewal falls inside the run, however slow the machine (a renewal would be a
        // legitimate second grant); the short-lifetime runs are the tests below.
        try (DemoEnvironment env = DemoEnvironment.start(counts.options(Duration.ofSeconds(30)))) {
            String idToken = env.idp().issueIdToken("alice", DemoEnvironment.IDP_CLIENT_ID);

            Run run = run(context(env, idToken, env.asClientSecret()), env.mcpUrl(), "--sessions", "64",
                    "--calls", "2", "--interval-ms", "50", "--concurrency", "2", "--share-auth");

            assertThat(run.exitCode()).as(run.err() + run.out()).isZero();
            assertThat(counts.exchanges).hasSize(1);
            assertThat(counts.grants).hasSize(1);
            Map<String, Object> json = run.json();
            assertThat((String) json.get("impl")).matches("xaa4j \\S+ shared-auth");
            assertThat(member(json, "sessions")).containsExactly(Map.entry("requested", 64L), Map.entry("connected", 64L));
            assertThat(member(json, "calls")).containsExactly(Map.entry("attempted", 256L), Map.entry("ok", 256L),
                    Map.entry("failed", 0L), Map.entry("hit_401", 0L));
            Map<String, Object> observed = member(json, "client_observed");
            assertThat(observed).containsEntry("idp_token_requests", 1L).containsEntry("as_token_requests", 1L)
                    // each session's initialize meets the server's 401 (that is how discovery starts), nothing else
                    .containsEntry("status_401", 64L)
                    // each session discovers on its own: protected resource metadata, then AS metadata
                    .containsEntry("discovery_gets", 128L)
                    // initialize twice (401, then with the token), notifications/initialized, 4 calls
                    .containsEntry("mcp_posts", 64L * 7);
            assertThat(member(json, "latency_ms", "connect")).containsEntry("n", 64L);
            assertThat(member(json, "latency_ms", "tool_call")).containsEntry("n", 256L);
            assertThat(member(json, "latency_ms", "tool_call_no_401")).containsEntry("n", 256L);
            assertThat(member(json, "latency_ms", "tool_call_hit_401")).containsOnlyKeys("n", "p50", "p99", "max")
                    .containsEntry("n", 0L).containsEntry("p50", null).containsEntry("p99", null)
                    .containsEntry("max", null);
            assertThat((List<?>) json.get("errors")).isEmpty();
            assertNoSecrets(run, env, idToken);
        }
    }

    /**
     * 6 s tokens renewed 1 s before expiry, while 8 callers call every 200 ms for about 18 s (3 lifetimes): the first
     * grant at connect, then a renewal about 5 s after each grant (at about 5, 10 and 15 s); the next would be at about
     * 20 s, after the traffic. 4 grants: each lifetime renewed once, before it ended, so no call meets a 401.
     */
    @Test
    void whenTrafficSpansThreeTokenLifetimesThenNoCallMeetsA401AndOneGrantPerLifetime() {
        ServerCounts counts = new ServerCounts();
        try (DemoEnvironment env = DemoEnvironment.start(counts.options(Duration.ofSeconds(6)))) {
            String idToken = env.idp().issueIdToken("alice", DemoEnvironment.IDP_CLIENT_ID);

            Run run = run(context(env, idToken, env.asClientSecret()), env.mcpUrl(), "--sessions", "1",
                    "--calls", "90", "--interval-ms", "200", "--concurrency", "8", "--refresh-margin-ms", "1000");

            String what = run.out() + " grants at " + counts.grants;
            assertThat(run.exitCode()).as(run.err() + run.out()).isZero();
            Map<String, Object> json = run.json();
            assertThat((String) json.get("impl")).matches("xaa4j \\S+ per-session");
            assertThat(member(json, "calls")).as(what).containsEntry("ok", 720L).containsEntry("hit_401", 0L);
            assertThat(member(json, "client_observed")).as(what).containsEntry("status_401", 1L)
                    .containsEntry("idp_token_requests", 4L).containsEntry("as_token_requests", 4L);
            assertThat(counts.exchanges).as(what).hasSize(4);
            assertThat(counts.grants).as(what).hasSize(4);
            for (int i = 1; i < counts.grants.size(); i++) {
                Duration gap = Duration.between(counts.grants.get(i - 1), counts.grants.get(i));
                assertThat(gap).as("grant %d came %s after the one before", i, gap)
                        .isGreaterThan(Duration.ofSeconds(4)).isLessThan(Duration.ofSeconds(6));
            }
            assertNoSecrets(run, env, idToken);
        }
    }

    @Test
    void whenSessionsDoNotShareAuthThenEachSessionMakesOneExchangeAndOneGrant() {
        ServerCounts counts = new ServerCounts();
        try (DemoEnvironment env = DemoEnvironment.start(counts.options(Duration.ofSeconds(30)))) {
            String idToken = env.idp().issueIdToken("bob", DemoEnvironment.IDP_CLIENT_ID);

            Run run = run(context(env, idToken, env.asClientSecret()), env.mcpUrl(), "--sessions", "8",
                    "--calls", "3", "--interval-ms", "20", "--concurrency", "2");

            assertThat(run.exitCode()).as(run.err() + run.out()).isZero();
            assertThat(counts.exchanges).hasSize(8);
            assertThat(counts.grants).hasSize(8);
            Map<String, Object> json = run.json();
            assertThat(member(json, "calls")).containsEntry("ok", 48L).containsEntry("hit_401", 0L);
            assertThat(member(json, "client_observed")).containsEntry("idp_token_requests", 8L)
                    .containsEntry("as_token_requests", 8L).containsEntry("status_401", 8L);
        }
    }

    /**
     * 1 s tokens renewed only at expiry, 2 callers on one session calling every 1.5 s: every call after the first
     * finds the token expired, goes out without one and meets the server's 401 inside the call. Each 401 the HTTP
     * client saw, but the initialize's, belongs to exactly one call: the counts agree exactly.
     */
    @Test
    void whenCallsMeetExpiredTokensThenHit401CountsExactlyTheCallsThatMetA401() {
        ServerCounts counts = new ServerCounts();
        try (DemoEnvironment env = DemoEnvironment.start(counts.options(Duration.ofSeconds(1)))) {
            String idToken = env.idp().issueIdToken("alice", DemoEnvironment.IDP_CLIENT_ID);

            Run run = run(context(env, idToken, env.asClientSecret()), env.mcpUrl(), "--sessions", "1",
                    "--calls", "3", "--interval-ms", "1500", "--concurrency", "2", "--refresh-margin-ms", "0");

            assertThat(run.exitCode()).as(run.err() + run.out()).isZero();
            Map<String, Object> json = run.json();
            long hit = (Long) member(json, "calls").get("hit_401");
            assertThat(hit).isBetween(2L, 4L);
            assertThat(member(json, "client_observed")).containsEntry("status_401", 1 + hit);
            assertThat(member(json, "latency_ms", "tool_call_hit_401")).containsEntry("n", hit);
            assertThat(member(json, "latency_ms", "tool_call_no_401")).containsEntry("n", 6 - hit);
            assertThat(member(json, "calls")).containsEntry("ok", 6L);
        }
    }

    @Test
    void whenTheAuthorizationServerSecretIsWrongThenEveryCallFailsAndTheJsonIsStillPrintedWithExitOne() {
        try (DemoEnvironment env = DemoEnvironment.start()) {
            String idToken = env.idp().issueIdToken("alice", DemoEnvironment.IDP_CLIENT_ID);

            Run run = run(context(env, idToken, "not-the-secret"), env.mcpUrl(), "--sessions", "2", "--calls", "3",
                    "--concurrency", "2");

            assertThat(run.exitCode()).isEqualTo(Xaa.EXIT_FAILURE);
            Map<String, Object> json = run.json();
            assertThat(member(json, "sessions")).containsEntry("connected", 0L);
            assertThat(member(json, "calls")).containsEntry("attempted", 12L).containsEntry("ok", 0L)
                    .containsEntry("failed", 12L);
            assertThat(member(json, "latency_ms", "connect")).containsEntry("n", 0L).containsEntry("p50", null);
            assertThat((List<String>) (List<?>) json.get("errors")).singleElement().asString()
                    .startsWith("connect: ").contains("invalid_client").endsWith(" (x2)");
            assertNoSecrets(run, env, idToken);
        }
    }

    @Test
    void whenTheContextIsMissingOrBrokenThenExitTwoAndNothingOnStdout() {
        Run missing = run(Map.of(), "http://127.0.0.1:1/mcp");
        Run notJson = run(Map.of(ConformanceContext.VARIABLE, "[1,2"), "http://127.0.0.1:1/mcp");
        Run lacksKey = run(Map.of(ConformanceContext.VARIABLE, "{\"client_id\":\"c\"}"), "http://127.0.0.1:1/mcp");

        assertThat(List.of(missing.exitCode(), notJson.exitCode(), lacksKey.exitCode())).containsOnly(Xaa.EXIT_USAGE);
        assertThat(missing.out() + notJson.out() + lacksKey.out()).isEmpty();
        assertThat(missing.err()).contains("MCP_CONFORMANCE_CONTEXT is not set");
        assertThat(notJson.err()).contains("is not a JSON object");
        assertThat(lacksKey.err()).contains("has no 'idp_client_id'");
    }

    @Test
    void whenAnOptionIsUnsupportedThenExitThreeWithItsNameAsJson() {
        Run spaced = run(Map.of(), "http://127.0.0.1:1/mcp", "--sessions", "2", "--warmup", "5");
        Run joined = run(Map.of(), "--duration=10s", "http://127.0.0.1:1/mcp");

        assertThat(spaced.exitCode()).isEqualTo(LoadCommand.EXIT_UNSUPPORTED);
        assertThat(spaced.out()).isEqualTo("{\"unsupported\":\"--warmup\"}" + System.lineSeparator());
        assertThat(joined.exitCode()).isEqualTo(LoadCommand.EXIT_UNSUPPORTED);
        assertThat(joined.out()).isEqualTo("{\"unsupported\":\"--duration\"}" + System.lineSeparator());
    }

    @Test
    void whenUsageIsWrongThenExitTwo() {
        Map<String, String> env = Map.of(ConformanceContext.VARIABLE, "{}");

        assertThat(run(env).exitCode()).as("no URL").isEqualTo(Xaa.EXIT_USAGE);
        assertThat(run(env, "http://127.0.0.1:1/mcp", "--sessions", "0").exitCode()).isEqualTo(Xaa.EXIT_USAGE);
        assertThat(run(env, "http://127.0.0.1:1/mcp", "--concurrency", "0").exitCode()).isEqualTo(Xaa.EXIT_USAGE);
        assertThat(run(env, "http://127.0.0.1:1/mcp", "--interval-ms", "-1").exitCode()).isEqualTo(Xaa.EXIT_USAGE);
        assertThat(run(env, "http://127.0.0.1:1/mcp", "--calls", "x").exitCode()).isEqualTo(Xaa.EXIT_USAGE);
        assertThat(run(env, "http://127.0.0.1:1/mcp", "extra").exitCode()).isEqualTo(Xaa.EXIT_USAGE);
        assertThat(run(env, "http://mcp.example.com/mcp").exitCode()).as("http, not loopback").isEqualTo(Xaa.EXIT_USAGE);
        assertThat(run(env, "ftp://127.0.0.1/mcp").exitCode()).isEqualTo(Xaa.EXIT_USAGE);
    }

    @Test
    void whenPercentilesAreTakenThenNearestRankOnSortedValues() {
        Latencies hundred = Latencies.of(java.util.stream.LongStream.rangeClosed(1, 100).map(i -> 101 - i).boxed().toList());
        Latencies three = Latencies.of(List.of(30L, 10L, 20L));
        Latencies one = Latencies.of(List.of(7L));
        Latencies ten = Latencies.of(java.util.stream.LongStream.rangeClosed(1, 10).boxed().toList());

        assertThat(List.of(hundred.percentile(50), hundred.percentile(99), hundred.percentile(100)))
                .containsExactly(50L, 99L, 100L);
        assertThat(List.of(three.percentile(50), three.percentile(99), three.percentile(100)))
                .containsExactly(20L, 30L, 30L);
        assertThat(List.of(one.percentile(50), one.percentile(99))).containsExactly(7L, 7L);
        assertThat(List.of(ten.percentile(50), ten.percentile(99))).containsExactly(5L, 10L);
        assertThat(Latencies.of(List.of(1_234_567L, 2_000_000L)).toJson()).containsExactly(Map.entry("n", 2),
                Map.entry("p50", 1.235), Map.entry("p99", 2.0), Map.entry("max", 2.0));
        assertThat(Latencies.of(List.of()).percentile(50)).isNull();
    }

    @Test
    void whenErrorsRepeatThenTheTenMostFrequentAreReportedWithTheirCounts() {
        LoadRun.ErrorTally tally = new LoadRun.ErrorTally();
        for (int i = 0; i < 12; i++) {
            for (int k = 0; k <= i; k++) {
                tally.add("e" + i);
            }
        }
        tally.add("e0");

        assertThat(tally.top(LoadRun.MAX_ERRORS)).hasSize(10).startsWith("e11 (x12)", "e10 (x11)").endsWith("e2 (x3)");
        // equal counts: the first seen first
        assertThat(tally.top(12)).endsWith("e2 (x3)", "e0 (x2)", "e1 (x2)");
    }

    @Test
    void whenTheCommandIsRegisteredThenXaaRunsIt() {
        assertThat(Xaa.commandLine().getSubcommands()).containsKey("load");
    }
}
