package dev.xaa4j.cli;

import dev.xaa4j.as.AuthorizationServer;
import dev.xaa4j.as.TrustedIssuers;
import dev.xaa4j.cli.servers.JettyRunner;
import dev.xaa4j.redis.RedisReplayStore;
import dev.xaa4j.server.SigningKeys;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code xaa as}: an authorization server that redeems ID-JAGs for access tokens. */
@Command(name = "as",
        mixinStandardHelpOptions = true,
        description = "Runs an MCP authorization server that redeems ID-JAGs of trusted IdPs (JWT bearer grant, "
                + "RFC 7523) for RFC 9068 access tokens, after the whole ID-JAG checklist. Binds 127.0.0.1 and runs until "
                + "killed.",
        footerHeading = "%nExample:%n",
        footer = {"  xaa as --port 9200 --trust http://127.0.0.1:9100=http://127.0.0.1:9100/jwks \\",
                  "      --client agent-at-as:env:AS_SECRET --resource http://127.0.0.1:9300/mcp --scopes mcp:read,mcp:write",
                  "",
                  "--trust ISSUER=JWKS_URL trusts an IdP with its JWKS; --trust ISSUER finds the JWKS through the IdP's",
                  "metadata. --client ID:SECRET (SECRET may be env:NAME or @FILE) or ID:public."})
final class AsCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--port", description = "Port on 127.0.0.1 (default: 0, an ephemeral port).")
    Integer port;

    @Option(names = "--issuer", paramLabel = "URL", description = "The issuer (default: http://127.0.0.1:PORT).")
    String issuer;

    @Option(names = "--trust", paramLabel = "ISSUER[=JWKS_URL]", description = "A trusted IdP (repeatable).")
    List<String> trust;

    @Option(names = "--client", paramLabel = "ID:SECRET", description = "A client (repeatable): ID:SECRET or ID:public.")
    List<String> clients;

    @Option(names = "--resource", paramLabel = "URL", description = "A protected resource (repeatable).")
    List<String> resources;

    @Option(names = "--scopes", paramLabel = "s1,s2", split = ",", description = "The resources' scopes.")
    List<String> scopes;

    @Option(names = "--access-token-lifetime", paramLabel = "SECONDS", description = "Access token lifetime (default 900).")
    Integer accessTokenLifetime;

    @Option(names = "--replay-store", paramLabel = "URI",
            description = "memory (default) or redis://HOST:PORT to share ID-JAG replay detection between AS nodes.")
    String replayStore;

    @Option(names = "--signing-keys", paramLabel = "FILE",
            description = "A private JWK set (active key first) to sign with; several nodes of one issuer share it "
                    + "(default: a fresh ES256 key).")
    String signingKeys;

    @Option(names = "--config", paramLabel = "FILE",
            description = "JSON file with the same options (port, issuer, trust, client, resource, scopes, "
                    + "access-token-lifetime, replay-store, signing-keys); flags win.")
    Path config;

    @Override
    public Integer call() throws Exception {
        CommandLine cl = spec.commandLine();
        ConfigFile file = ConfigFile.read(config, cl);
        Integer p = file.integer("port", port);
        JettyRunner jetty = JettyRunner.bind(p == null ? 0 : p, "as");
        RedisReplayStore redis = null;
        // Whatever ends the command (a failure while starting, an interrupt while serving), the port and Redis are released.
        try {
            String iss = file.string("issuer", issuer);
            String asIssuer = iss != null ? iss : jetty.baseUrl();

            List<String> trusted = file.strings("trust", trust);
            if (trusted.isEmpty()) {
                throw new CommandLine.ParameterException(cl, "at least one --trust ISSUER[=JWKS_URL] is required");
            }
            TrustedIssuers.Builder trustBuilder = TrustedIssuers.builder();
            for (String t : trusted) {
                int eq = t.indexOf('=');
                if (eq < 0) {
                    trustBuilder.discovered(t);
                } else {
                    trustBuilder.jwksUri(t.substring(0, eq), URI.create(t.substring(eq + 1)));
                }
            }
            String keysSpec = file.string("signing-keys", signingKeys);
            SigningKeys keys = keysSpec == null ? SigningKeys.generate("ES256")
                    : SigningKeys.fromJwkSet(TokenInput.read(keysSpec.startsWith("@") || keysSpec.startsWith("env:")
                            ? keysSpec : "@" + keysSpec, "--signing-keys", cl));
            AuthorizationServer.Builder builder = AuthorizationServer.builder(asIssuer, keys, trustBuilder.build());
            for (String c : file.strings("client", clients)) {
                builder.client(IdpCommand.parseClient(c, cl));
            }
            List<String> scopeList = file.strings("scopes", scopes).stream()
                    .flatMap(s -> Arrays.stream(s.split(","))).filter(s -> !s.isBlank()).toList();
            List<String> resourceList = file.strings("resource", resources);
            if (resourceList.isEmpty()) {
                throw new CommandLine.ParameterException(cl, "at least one --resource URL is required");
            }
            resourceList.forEach(r -> builder.resource(r, scopeList));
            Integer lifetime = file.integer("access-token-lifetime", accessTokenLifetime);
            if (lifetime != null) {
                builder.accessTokenLifetime(Duration.ofSeconds(lifetime));
            }
            String store = file.string("replay-store", replayStore);
            if (store != null && store.startsWith("redis")) {
                redis = RedisReplayStore.connect(store);
                builder.replayStore(redis);
            } else if (store != null && !store.equals("memory")) {
                throw new CommandLine.ParameterException(cl, "--replay-store must be memory or redis://HOST:PORT");
            }
            AuthorizationServer as = builder.build();
            jetty.start(as::register);
            PrintWriter out = cl.getOut();
            out.println("xaa as listening on " + jetty.baseUrl());
            out.println("  issuer:         " + as.issuer());
            out.println("  metadata:       " + jetty.baseUrl() + as.metadataPath());
            out.println("  token endpoint: " + as.tokenEndpoint());
            out.println("  jwks:           " + as.jwksUri());
            out.println("  resources:      " + String.join(", ", resourceList));
            out.println("  replay store:   " + (redis != null ? "redis" : "memory"));
            out.println("xaa as ready");
            out.flush();
            jetty.join();
        } finally {
            jetty.close();
            if (redis != null) {
                redis.close();
            }
        }
        return 0;
    }
}
