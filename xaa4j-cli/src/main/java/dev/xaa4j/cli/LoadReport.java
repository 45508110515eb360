package dev.xaa4j.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The result of {@code xaa load} (issue 8's contract): the one JSON object it prints on stdout. See docs/load.md for
 * every field.
 *
 * <p>Immutable.
 *
 * @param impl              {@code "xaa4j <version> <variant>"}
 * @param sessionsRequested N
 * @param sessionsConnected sessions whose {@code initialize} completed
 * @param attempted         N * C * M
 * @param ok                calls whose result was not an error and whose text was the argument
 * @param failed            {@code attempted - ok} (the calls of sessions that never connected included)
 * @param hit401            calls that met at least one 401 inside the call
 * @param connect           session start to {@code initialize} done, connected sessions
 * @param toolCall          every call made, as the application saw it
 * @param toolCallHit401    the calls that met a 401
 * @param toolCallNo401     the calls that met none
 * @param clientObserved    the counts of {@link LoadRun.HttpCounters}, in the contract's order
 * @param errors            up to 10 distinct messages, each with its {@code (xN)} count
 * @param wallMs            from the start of the sessions to the last one closed
 */
record LoadReport(String impl, int sessionsRequested, int sessionsConnected, long attempted, long ok, long failed,
                  long hit401, Latencies connect, Latencies toolCall, Latencies toolCallHit401, Latencies toolCallNo401,
                  Map<String, Long> clientObserved, List<String> errors, long wallMs) {

    LoadReport {
        Objects.requireNonNull(impl, "impl");
        clientObserved = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(clientObserved));
        errors = List.copyOf(errors);
    }

    /** Exit status 0: every session connected and every call was ok. */
    boolean allOk() {
        return sessionsConnected == sessionsRequested && ok == attempted;
    }

    /** The JSON object, members in the contract's order. */
    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("impl", impl);
        Map<String, Object> sessions = new LinkedHashMap<>();
        sessions.put("requested", sessionsRequested);
        sessions.put("connected", sessionsConnected);
        json.put("sessions", sessions);
        Map<String, Object> calls = new LinkedHashMap<>();
        calls.put("attempted", attempted);
        calls.put("ok", ok);
        calls.put("failed", failed);
        calls.put("hit_401", hit401);
        json.put("calls", calls);
        Map<String, Object> latency = new LinkedHashMap<>();
        latency.put("connect", connect.toJson());
        latency.put("tool_call", toolCall.toJson());
        latency.put("tool_call_hit_401", toolCallHit401.toJson());
        latency.put("tool_call_no_401", toolCallNo401.toJson());
        json.put("latency_ms", latency);
        json.put("client_observed", new LinkedHashMap<>(clientObserved));
        json.put("errors", errors);
        json.put("wall_ms", wallMs);
        return json;
    }
}
