package dev.xaa4j.cli;

import dev.xaa4j.core.internal.Json;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code xaa decode}: the header and claims of an ID token, ID-JAG or access token, explained. */
@Command(name = "decode",
        mixinStandardHelpOptions = true,
        description = "Shows the header and claims of a JWT (an ID token, an ID-JAG or an access token), never its "
                + "signature, with each ID-JAG claim explained and times shown relative to now. Nothing is verified: "
                + "decoding is not validation.",
        footerHeading = "%nExamples:%n",
        footer = {"  xaa decode @idjag.jwt", "  xaa decode env:ID_JAG --json", "  pbpaste | xaa decode -",
                  "  xaa decode @idjag.jwt --jwks https://idp.example.com/jwks --issuer https://idp.example.com \\",
                  "      --audience https://as.example.com --client-id agent-at-as --resource https://mcp.example.com/mcp",
                  "", "With --jwks, --issuer, --audience or --client-id it runs the authorization server's checklist on an "
                  + "ID-JAG and prints each rule as pass, fail or skip; exit 1 when a rule fails."})
final class DecodeCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "JWT",
            description = "The token: @FILE, env:NAME, - (stdin), or the value itself (visible in process lists).")
    String input;

    @Option(names = "--json", description = "Print {kind, header, claims[, checklist]} as JSON.")
    boolean json;

    @Option(names = "--jwks", paramLabel = "URL|@FILE",
            description = "Run the AS checklist on an ID-JAG: the IdP's JWK set, fetched from URL or read from FILE.")
    String jwks;

    @Option(names = "--issuer", paramLabel = "URL", description = "Checklist: the trusted IdP issuer.")
    String issuer;

    @Option(names = "--audience", paramLabel = "URL", description = "Checklist: the AS issuer the ID-JAG must name.")
    String audience;

    @Option(names = "--client-id", paramLabel = "ID", description = "Checklist: the client's id at the AS.")
    String clientId;

    @Option(names = "--resource", paramLabel = "URL", description = "Checklist: the AS's resource.")
    String resource;

    @Option(names = "--max-lifetime", paramLabel = "SECONDS", defaultValue = "600",
            description = "Checklist: the longest accepted ID-JAG lifetime (default 600).")
    long maxLifetime;

    @Override
    public Integer call() {
        CommandLine cl = spec.commandLine();
        JwtView view;
        try {
            view = JwtView.parse(TokenInput.read(input, "JWT", cl));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, "JWT: " + e.getMessage());
        }
        PrintWriter out = cl.getOut();
        boolean checklist = jwks != null || issuer != null || audience != null || clientId != null;
        List<IdJagChecklist.Result> results = checklist ? IdJagChecklist.check(view.jwt.serialize(),
                new IdJagChecklist.Expectations(jwks == null ? null : JwksInput.read(jwks, cl), issuer, audience,
                        clientId, resource, Duration.ofSeconds(maxLifetime), Duration.ofSeconds(60), Instant.now()))
                : List.of();
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("kind", view.kind());
            doc.put("header", view.header);
            doc.put("claims", view.claims);
            if (checklist) {
                doc.put("checklist", results.stream().map(IdJagChecklist.Result::toMap).toList());
            }
            out.println(Json.write(doc));
        } else {
            print(out, view, Instant.now());
            if (checklist) {
                out.println("AS checklist (PROTOCOL.md section 4)");
                results.forEach(r -> out.printf("  %-4s %2d %-52s %s%n", r.outcome().toUpperCase(java.util.Locale.ROOT),
                        r.rule(), r.name(), r.detail()));
            }
        }
        out.flush();
        return results.stream().anyMatch(r -> r.outcome().equals("fail")) ? Xaa.EXIT_FAILURE : 0;
    }

    static void print(PrintWriter out, JwtView view, Instant now) {
        out.println(view.kind() + " (signature not shown, not verified)");
        out.println("header");
        view.header.forEach((k, v) -> out.printf("  %-10s %s%n", k, v));
        out.println("claims");
        view.claims.forEach((k, v) -> {
            String shown = JwtView.isTimeClaim(k) ? JwtView.time(v, now) : String.valueOf(v);
            String explained = JwtView.CLAIMS.get(k);
            out.printf("  %-10s %s%s%n", k, shown == null ? v : shown, explained == null ? "" : "   # " + explained);
        });
    }
}
