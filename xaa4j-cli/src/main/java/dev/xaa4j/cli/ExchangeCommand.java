package dev.xaa4j.cli;

import dev.xaa4j.client.IdJag;
import dev.xaa4j.client.SubjectToken;
import dev.xaa4j.client.TokenExchangeClient;
import dev.xaa4j.core.Scopes;
import dev.xaa4j.core.TokenType;
import dev.xaa4j.core.internal.Json;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code xaa exchange}: the token exchange at the IdP alone (subject token -> ID-JAG), decoded and redacted. */
@Command(name = "exchange",
        mixinStandardHelpOptions = true,
        description = "Exchanges a subject token (an ID token, a SAML assertion or an IdP refresh token) for an ID-JAG at "
                + "an IdP's token endpoint (RFC 8693) and shows the response: the ID-JAG's header and claims, never the "
                + "token itself. --output saves the ID-JAG (file mode 600) for 'xaa token --assertion @FILE'.",
        footerHeading = "%nExample:%n",
        footer = {"  xaa exchange --idp-issuer https://idp.example.com --client-id agent --client-secret env:IDP_SECRET \\",
                  "      --subject-token @id_token.jwt --audience https://as.example.com --resource https://mcp.example.com/mcp \\",
                  "      --scope 'files:read' --output idjag.jwt"})
final class ExchangeCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    static final class Idp {
        @Option(names = "--idp-token-endpoint", paramLabel = "URL", description = "The IdP token endpoint.")
        URI tokenEndpoint;

        @Option(names = "--idp-issuer", paramLabel = "URL", description = "The IdP issuer (its metadata gives the endpoint).")
        String issuer;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Idp idp;

    @Mixin
    ClientAuthOptions auth;

    @Option(names = "--subject-token", paramLabel = "TOKEN", required = true,
            description = "The subject token: @FILE, env:NAME or - (stdin).")
    String subjectToken;

    @Option(names = "--subject-token-type", paramLabel = "TYPE", defaultValue = "id_token",
            description = "id_token (default), saml2 or refresh_token.")
    String subjectTokenType;

    @Option(names = "--audience", paramLabel = "ISSUER", required = true, description = "The resource AS issuer.")
    String audience;

    @Option(names = "--resource", paramLabel = "URL", description = "The MCP server's resource identifier.")
    String resource;

    @Option(names = "--no-resource", description = "Send no resource parameter (some IdPs refuse it).")
    boolean noResource;

    @Option(names = "--scope", paramLabel = "SCOPES", description = "Space-separated scopes of the MCP server.")
    String scope;

    @Option(names = "--output", paramLabel = "FILE", description = "Write the ID-JAG to this file (mode 600).")
    Path output;

    @Option(names = "--json", description = "Print the decoded response as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        CommandLine cl = spec.commandLine();
        if (resource == null && !noResource) {
            throw new CommandLine.ParameterException(cl, "--resource URL is required (or --no-resource)");
        }
        TokenExchangeClient.Builder builder = idp.tokenEndpoint != null
                ? TokenExchangeClient.builder(idp.tokenEndpoint, auth.build(cl))
                : TokenExchangeClient.fromIssuer(idp.issuer, auth.build(cl));
        if (noResource) {
            builder.allowOmittingResource();
        }
        String token = TokenInput.read(subjectToken, "--subject-token", cl);
        SubjectToken subject = switch (subjectTokenType) {
            case "id_token" -> SubjectToken.idToken(token);
            case "saml2" -> SubjectToken.saml2(token);
            case "refresh_token" -> SubjectToken.refreshToken(token);
            default -> throw new CommandLine.ParameterException(cl, "--subject-token-type must be id_token, saml2 or "
                    + "refresh_token");
        };
        IdJag idJag = builder.build().requestIdJag(subject, audience, noResource ? null : resource, Scopes.parse(scope));
        if (output != null) {
            writeSecretFile(output, idJag.token());
        }
        print(cl.getOut(), "ID-JAG", TokenType.ID_JAG.value(), idJag.token(), idJag.expiresIn() == null ? null
                : idJag.expiresIn().getSeconds(), idJag.scope(), output, json);
        return 0;
    }

    /** Prints a token response, decoded, without the token. Shared with {@code xaa token}. */
    static void print(PrintWriter out, String what, String tokenType, String token, Long expiresIn,
            java.util.Set<String> scope, Path savedTo, boolean json) {
        JwtView view = null;
        try {
            view = JwtView.parse(token);
        } catch (IllegalArgumentException e) {
            // an opaque token: nothing to decode
        }
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("token_type", tokenType);
            doc.put("expires_in", expiresIn);
            doc.put("scope", new ArrayList<>(scope));
            if (view != null) {
                doc.put("header", view.header);
                doc.put("claims", view.claims);
            }
            if (savedTo != null) {
                doc.put("saved_to", savedTo.toString());
            }
            out.println(Json.write(doc));
        } else {
            out.println(what + " received (" + tokenType + "), expires_in " + (expiresIn == null ? "(not given)"
                    : expiresIn + " s") + ", scope " + (scope.isEmpty() ? "(none)" : String.join(" ", scope)));
            if (view != null) {
                DecodeCommand.print(out, view, Instant.now());
            } else {
                out.println("(opaque token: nothing to decode)");
            }
            out.println(savedTo != null ? "saved to " + savedTo : "(the token itself is not shown; --output FILE saves it)");
        }
        out.flush();
    }

    static void writeSecretFile(Path path, String value) throws java.io.IOException {
        Files.deleteIfExists(path);
        try {
            Files.createFile(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(path);
        }
        Files.writeString(path, value + "\n", StandardCharsets.UTF_8);
    }
}
