package dev.xaa4j.cli;

import dev.xaa4j.core.internal.Json;
import java.io.PrintWriter;
import java.time.Instant;
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
        footer = {"  xaa decode @idjag.jwt", "  xaa decode env:ID_JAG --json", "  pbpaste | xaa decode -"})
final class DecodeCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "JWT",
            description = "The token: @FILE, env:NAME, - (stdin), or the value itself (visible in process lists).")
    String input;

    @Option(names = "--json", description = "Print {kind, header, claims} as JSON.")
    boolean json;

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
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("kind", view.kind());
            doc.put("header", view.header);
            doc.put("claims", view.claims);
            out.println(Json.write(doc));
        } else {
            print(out, view, Instant.now());
        }
        out.flush();
        return 0;
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
