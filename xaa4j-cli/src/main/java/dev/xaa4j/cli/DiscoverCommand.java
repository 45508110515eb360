package dev.xaa4j.cli;

import dev.xaa4j.client.HttpOptions;
import dev.xaa4j.client.McpAuthorizationDiscovery;
import dev.xaa4j.client.McpServerAuthorization;
import dev.xaa4j.client.ObservingHttpClient;
import dev.xaa4j.client.XaaClientException;
import dev.xaa4j.core.BearerChallenge;
import dev.xaa4j.core.SecureTransport;
import dev.xaa4j.core.internal.Json;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code xaa discover}: MCP authorization discovery for one server, step by step, with what is wrong when it fails. */
@Command(name = "discover",
        mixinStandardHelpOptions = true,
        description = "Calls an MCP server without a token, follows its 401 challenge to the protected resource metadata "
                + "(RFC 9728) and the authorization server metadata (RFC 8414), and tells whether that server takes "
                + "ID-JAGs and which scope a client would ask for. Every request is shown with its status and time; a "
                + "failed rule is explained (mismatched resource or issuer, missing grant type, wrong well-known location).",
        footerHeading = "%nExamples:%n",
        footer = {"  xaa discover https://mcp.example.com/mcp",
                  "  xaa discover --json http://127.0.0.1:9300/mcp | jq .verdict"})
final class DiscoverCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MCP_URL", description = "The MCP server URL (https, or http on loopback).")
    URI serverUrl;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    @Option(names = "--allow-unadvertised", description = "Do not fail when the AS advertises no ID-JAG support.")
    boolean allowUnadvertised;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (!SecureTransport.isAllowed(serverUrl)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "MCP_URL must be https, or http to a loopback "
                    + "host (localhost, 127.0.0.0/8, [::1])");
        }
        List<ObservingHttpClient.Exchange> exchanges = new CopyOnWriteArrayList<>();
        HttpClient http = ObservingHttpClient.wrap(HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER).build(), exchanges::add);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("server", serverUrl.toString());
        BearerChallenge challenge = probe(http, report);
        McpAuthorizationDiscovery.Builder discovery = McpAuthorizationDiscovery.builder()
                .httpOptions(HttpOptions.builder().httpClient(http).build());
        if (allowUnadvertised) {
            discovery.allowUnadvertisedIdJagSupport();
        }
        int exit = 0;
        try {
            McpServerAuthorization found = discovery.build().discover(serverUrl, challenge);
            report.put("protected_resource_metadata_url", found.protectedResourceMetadataUrl().toString());
            report.put("protected_resource_metadata", Json.parseObject(found.protectedResourceMetadata().toJson()));
            report.put("authorization_server", found.authorizationServer().toMap());
            report.put("verdict", found.idJagSupport().name());
            report.put("scopes_to_request", new ArrayList<>(found.scopes()));
        } catch (XaaClientException e) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("step", e.step().name());
            error.put("reason", e.reason().name());
            error.put("message", e.getMessage());
            report.put("error", error);
            exit = Xaa.EXIT_FAILURE;
        }
        report.put("requests", exchanges.stream().map(DiscoverCommand::exchange).toList());
        report.put("ok", exit == 0);
        if (json) {
            out.println(Json.write(report));
        } else {
            printText(out, report, exchanges, challenge);
        }
        out.flush();
        return exit;
    }

    /** Sends an unauthenticated initialize and reads the challenge of its 401. */
    private BearerChallenge probe(HttpClient http, Map<String, Object> report) {
        String initialize = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                + "\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"xaa-discover\",\"version\":\""
                + Xaa.version() + "\"}}}";
        try {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(serverUrl).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json, text/event-stream")
                    .POST(HttpRequest.BodyPublishers.ofString(initialize)).build(), HttpResponse.BodyHandlers.discarding());
            List<String> headers = r.headers().allValues("WWW-Authenticate");
            Optional<BearerChallenge> challenge = BearerChallenge.parse(headers);
            Map<String, Object> probe = new LinkedHashMap<>();
            probe.put("status", r.statusCode());
            probe.put("www_authenticate", headers);
            challenge.ifPresent(c -> probe.put("challenge", challengeMap(c)));
            report.put("unauthenticated_call", probe);
            return challenge.orElse(null);
        } catch (java.io.IOException e) {
            report.put("unauthenticated_call", Map.of("failure", String.valueOf(e.getMessage())));
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static Map<String, Object> challengeMap(BearerChallenge c) {
        Map<String, Object> m = new LinkedHashMap<>();
        putIfPresent(m, "resource_metadata", c.resourceMetadata());
        putIfPresent(m, "scope", c.scope());
        putIfPresent(m, "error", c.error());
        putIfPresent(m, "error_description", c.errorDescription());
        return m;
    }

    private static void putIfPresent(Map<String, Object> m, String k, String v) {
        if (v != null) {
            m.put(k, v);
        }
    }

    static Map<String, Object> exchange(ObservingHttpClient.Exchange e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("method", e.method());
        m.put("url", e.uri().toString());
        m.put("status", e.status());
        m.put("ms", e.duration().toMillis());
        if (e.failure() != null) {
            m.put("failure", e.failure());
        }
        return m;
    }

    @SuppressWarnings("unchecked")
    private void printText(PrintWriter out, Map<String, Object> report, List<ObservingHttpClient.Exchange> exchanges,
            BearerChallenge challenge) {
        out.println("MCP server  " + serverUrl);
        for (ObservingHttpClient.Exchange e : exchanges) {
            out.printf("  %-4s %s -> %s (%d ms)%n", e.method(), e.uri(),
                    e.status() < 0 ? "failed: " + e.failure() : Integer.toString(e.status()), e.duration().toMillis());
        }
        if (challenge != null) {
            out.println("  401 challenge: " + challenge.toHeaderValue());
        } else {
            out.println("  no Bearer challenge: discovery tries the well-known locations");
        }
        if (report.containsKey("error")) {
            Map<String, Object> error = (Map<String, Object>) report.get("error");
            out.println("Problem (" + error.get("reason") + "): " + error.get("message"));
            return;
        }
        Map<String, Object> prm = (Map<String, Object>) report.get("protected_resource_metadata");
        out.println("Protected resource metadata  " + report.get("protected_resource_metadata_url"));
        prm.forEach((k, v) -> out.printf("  %-38s %s%n", k, v));
        Map<String, Object> as = (Map<String, Object>) report.get("authorization_server");
        out.println("Authorization server  " + as.get("issuer"));
        as.forEach((k, v) -> out.printf("  %-38s %s%n", k, v));
        String verdict = (String) report.get("verdict");
        out.println("Verdict: " + switch (verdict) {
            case "PROFILE_ADVERTISED" -> "takes ID-JAGs (advertises the " + "id-jag grant profile)";
            case "JWT_BEARER_ADVERTISED" -> "probably takes ID-JAGs (advertises the JWT bearer grant, not the id-jag profile)";
            default -> "advertises no ID-JAG support (tried anyway because of --allow-unadvertised)";
        });
        List<String> scopes = (List<String>) report.get("scopes_to_request");
        out.println("Scope to request: " + (scopes.isEmpty() ? "(none)" : String.join(" ", scopes)));
    }
}
