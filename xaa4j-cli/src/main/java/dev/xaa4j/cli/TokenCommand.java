package dev.xaa4j.cli;

import dev.xaa4j.client.AccessToken;
import dev.xaa4j.client.JwtBearerClient;
import dev.xaa4j.client.McpAuthorizationDiscovery;
import dev.xaa4j.core.Scopes;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code xaa token}: the JWT bearer grant at the AS alone (ID-JAG -> access token), decoded and redacted. */
@Command(name = "token",
        mixinStandardHelpOptions = true,
        description = "Redeems an ID-JAG at an authorization server's token endpoint (RFC 7523 JWT bearer grant) and shows "
                + "the access token's header and claims (when it is a JWT), never the token itself. An ID-JAG is "
                + "single-use: a second try with the same one is refused by a correct AS.",
        footerHeading = "%nExample:%n",
        footer = {"  xaa token --as-issuer https://as.example.com --client-id agent --client-secret env:AS_SECRET \\",
                  "      --assertion @idjag.jwt --output access.jwt"})
final class TokenCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    static final class As {
        @Option(names = "--token-endpoint", paramLabel = "URL", description = "The AS token endpoint.")
        URI tokenEndpoint;

        @Option(names = "--as-issuer", paramLabel = "URL", description = "The AS issuer (its metadata gives the endpoint).")
        String issuer;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    As as;

    @Mixin
    ClientAuthOptions auth;

    @Option(names = "--assertion", paramLabel = "ID_JAG", required = true,
            description = "The ID-JAG: @FILE, env:NAME or - (stdin).")
    String assertion;

    @Option(names = "--scope", paramLabel = "SCOPES", description = "Space-separated scopes (a subset of the ID-JAG's).")
    String scope;

    @Option(names = "--resource", paramLabel = "URL", description = "The resource the token is for.")
    String resource;

    @Option(names = "--output", paramLabel = "FILE", description = "Write the access token to this file (mode 600).")
    Path output;

    @Option(names = "--json", description = "Print the decoded response as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        CommandLine cl = spec.commandLine();
        JwtBearerClient client = as.tokenEndpoint != null
                ? JwtBearerClient.builder(as.tokenEndpoint, auth.build(cl)).build()
                : JwtBearerClient.builder(McpAuthorizationDiscovery.builder().build().discoverAuthorizationServer(as.issuer),
                        auth.build(cl)).build();
        AccessToken token = client.requestAccessToken(TokenInput.read(assertion, "--assertion", cl), Scopes.parse(scope),
                resource);
        if (output != null) {
            ExchangeCommand.writeSecretFile(output, token.token());
        }
        ExchangeCommand.print(cl.getOut(), "Access token", "Bearer",
                token.token(), token.expiresIn() == null ? null : token.expiresIn().getSeconds(), token.scope(), output,
                json);
        return 0;
    }
}
