package dev.xaa4j.cli.demo;

import dev.xaa4j.client.ObservingHttpClient;
import dev.xaa4j.core.internal.Json;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo's narrator: numbers the phases, names every HTTP exchange by what it is in the protocol (sign-in, discovery,
 * token exchange, JWT bearer grant, MCP message), shows decoded tokens (header and claims, never a signature or a whole
 * token), and ends with a one-line summary. In JSON mode it collects the same into one object printed at the end.
 * Thread-safe: exchanges are reported from the HTTP client's threads.
 */
public final class StepRecorder {

    private final PrintWriter out;
    private final boolean json;
    private final long start = System.nanoTime();
    private final List<Map<String, Object>> steps = new ArrayList<>();
    private final Map<String, Object> servers = new LinkedHashMap<>();
    private DemoEnvironment env;
    private String phase = "setup";
    private int phaseNumber;
    private int requests;
    private int unauthorized;
    private int tokenExchanges;
    private int jwtBearerGrants;
    private boolean finished;

    public StepRecorder(PrintWriter out, boolean json) {
        this.out = out;
        this.json = json;
    }

    /** Records the three servers. */
    public synchronized void servers(DemoEnvironment environment) {
        this.env = environment;
        servers.put("idp", environment.idpUrl());
        servers.put("authorization_server", environment.asUrl());
        servers.put("mcp_server", environment.mcpUrl());
        if (!json) {
            out.println("xaa demo: Enterprise-Managed Authorization (Cross-App Access) on this machine");
            out.println();
            out.println("Servers on 127.0.0.1 (ephemeral ports, this process)");
            out.printf("  %-21s %-34s %s%n", "IdP", environment.idpUrl(), "xaa4j-idp, users " + String.join(", ",
                    DemoEnvironment.USERS));
            out.printf("  %-21s %-34s %s%n", "authorization server", environment.asUrl(),
                    "xaa4j-authorization-server, trusts the IdP");
            out.printf("  %-21s %-34s %s%n", "MCP server", environment.mcpUrl(),
                    "MCP Java SDK behind xaa4j-resource-server, trusts the AS");
            out.flush();
        }
    }

    /** Starts a numbered phase. */
    public synchronized void phase(String id, String title) {
        phase = id;
        phaseNumber++;
        if (!json) {
            out.println();
            out.println(phaseNumber + ". " + title);
            out.flush();
        }
    }

    /** Reports one HTTP exchange (the listener of {@link ObservingHttpClient}). */
    public synchronized void exchange(ObservingHttpClient.Exchange e) {
        if (finished) {
            return; // teardown after the summary (closing the MCP session)
        }
        requests++;
        String what = describe(e);
        if (e.status() == 401) {
            unauthorized++;
        }
        Map<String, Object> step = new LinkedHashMap<>();
        step.put("phase", phase);
        step.put("step", what);
        step.put("method", e.method());
        step.put("url", shortUrl(e.uri()));
        step.put("status", e.status());
        step.put("ms", e.duration().toMillis());
        if (e.failure() != null) {
            step.put("failure", e.failure());
        }
        steps.add(step);
        if (!json) {
            out.printf("   %-6s %-62s %s %5d ms  %s%n", e.method(), shortUrl(e.uri()),
                    e.status() < 0 ? "---" : Integer.toString(e.status()), e.duration().toMillis(), what);
            out.flush();
        }
    }

    /** Shows a token's header and claims. */
    public synchronized void token(String kind, String compactJwt) {
        Map<String, Object> header;
        Map<String, Object> claims;
        try {
            com.nimbusds.jwt.SignedJWT jwt = com.nimbusds.jwt.SignedJWT.parse(compactJwt);
            header = new LinkedHashMap<>(jwt.getHeader().toJSONObject());
            claims = new LinkedHashMap<>(jwt.getJWTClaimsSet().toJSONObject());
        } catch (java.text.ParseException e) {
            header = Map.of();
            claims = Map.of("note", "opaque, not a JWT");
        }
        Map<String, Object> step = new LinkedHashMap<>();
        step.put("phase", phase);
        step.put("token", kind);
        step.put("header", header);
        step.put("claims", claims);
        steps.add(step);
        if (!json) {
            out.println("          " + kind + " header " + header);
            out.println("          " + kind + " claims " + readable(claims));
            out.flush();
        }
    }

    /** Shows what an MCP call returned. */
    public synchronized void result(String what, String text) {
        Map<String, Object> step = new LinkedHashMap<>();
        step.put("phase", phase);
        step.put("result", what);
        step.put("text", text);
        steps.add(step);
        if (!json) {
            out.println("   -> " + what + ": " + text);
            out.flush();
        }
    }

    /** The one-line summary (text) or the whole JSON document. */
    public synchronized void summary(String user, boolean ok, String error) {
        finished = true;
        long ms = (System.nanoTime() - start) / 1_000_000;
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("ok", ok);
        summary.put("user", user);
        summary.put("http_requests", requests);
        summary.put("status_401", unauthorized);
        summary.put("token_exchanges", tokenExchanges);
        summary.put("jwt_bearer_grants", jwtBearerGrants);
        summary.put("ms", ms);
        if (error != null) {
            summary.put("failed_phase", phase);
            summary.put("error", error);
        }
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("servers", servers);
            doc.put("steps", steps);
            doc.put("summary", summary);
            out.println(Json.write(doc));
        } else {
            out.println();
            if (ok) {
                out.println("demo ok: " + user + " reached the MCP server through the IdP and the authorization server: "
                        + tokenExchanges + " token exchange, " + jwtBearerGrants + " JWT bearer grant, " + requests
                        + " HTTP requests (" + unauthorized + " answered 401), " + ms + " ms");
            } else {
                out.println("demo failed in step '" + phase + "': " + error);
            }
        }
        out.flush();
    }

    private String describe(ObservingHttpClient.Exchange e) {
        String url = e.uri().toString();
        String path = e.uri().getPath();
        if (env == null) {
            return "";
        }
        if (url.startsWith(env.idpUrl() + "/")) {
            if (path.equals("/authorize")) {
                return e.method().equals("GET") ? "sign-in page" : "the user signs in; redirect with the code";
            }
            if (path.equals("/token")) {
                if (phase.equals("sign-in")) {
                    return "code -> ID token (+ refresh token)";
                }
                tokenExchanges++;
                return "token exchange at the IdP: ID token -> ID-JAG (RFC 8693)";
            }
            if (path.startsWith("/.well-known/")) {
                return "IdP discovery (OpenID Connect metadata)";
            }
            return "IdP " + path;
        }
        if (url.startsWith(env.asUrl() + "/")) {
            if (path.startsWith("/.well-known/")) {
                return "discovery: authorization server metadata (RFC 8414)";
            }
            if (path.equals("/token")) {
                jwtBearerGrants++;
                return "JWT bearer grant at the AS: ID-JAG -> access token (RFC 7523)";
            }
            return "authorization server " + path;
        }
        if (path.startsWith("/.well-known/oauth-protected-resource")) {
            return "discovery: protected resource metadata (RFC 9728)";
        }
        if (e.status() == 401) {
            return "no token yet: 401 with a Bearer challenge";
        }
        if (e.status() == 403) {
            return "403: the token lacks a scope";
        }
        if (e.status() == 202) {
            return "MCP notification accepted";
        }
        return switch (e.method()) {
            case "POST" -> phase.equals("connect") ? "MCP initialize, replayed with the access token" : "MCP " + phase;
            case "GET" -> "MCP server-to-client stream";
            case "DELETE" -> "MCP session end";
            default -> "MCP";
        };
    }

    private static String shortUrl(URI uri) {
        String s = uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath();
        return uri.getRawQuery() == null ? s : s + "?...";
    }

    private static String readable(Map<String, Object> claims) {
        StringBuilder sb = new StringBuilder("{");
        claims.forEach((k, v) -> {
            if (sb.length() > 1) {
                sb.append(", ");
            }
            Object shown = v;
            if (List.of("exp", "iat", "nbf", "auth_time").contains(k) && v instanceof Number n) {
                shown = Instant.ofEpochSecond(n.longValue());
            }
            sb.append(k).append('=').append(shown);
        });
        return sb.append('}').toString();
    }
}
