package dev.xaa4j.cli;

import dev.xaa4j.cli.servers.JettyRunner;
import dev.xaa4j.idp.IdentityProvider;
import dev.xaa4j.idp.IdpClient;
import dev.xaa4j.idp.IdpUser;
import dev.xaa4j.idp.IssuedIdToken;
import dev.xaa4j.idp.PolicyRule;
import dev.xaa4j.server.RegisteredClient;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code xaa idp}: a reference IdP that signs users in and issues ID-JAGs under a policy table. */
@Command(name = "idp",
        mixinStandardHelpOptions = true,
        description = "Runs an identity provider: OpenID Connect sign-in (authorization code + PKCE, a page listing the "
                + "configured users), ID tokens, and RFC 8693 token exchange that issues ID-JAGs under a policy table. "
                + "Binds 127.0.0.1 and runs until killed.",
        footerHeading = "%nExample:%n",
        footer = {"  xaa idp --port 9100 --client agent:env:AGENT_SECRET --user alice \\",
                  "      --allow 'agent=http://127.0.0.1:9200,http://127.0.0.1:9300/mcp,agent-at-as,mcp:read mcp:write' \\",
                  "      --id-token-dir ./tokens",
                  "",
                  "--client ID:SECRET registers a confidential client (client_secret_basic or _post); the SECRET may be",
                  "env:NAME or @FILE. --client ID:public registers a public client (no authentication)."})
final class IdpCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--port", description = "Port on 127.0.0.1 (default: 0, an ephemeral port).")
    Integer port;

    @Option(names = "--issuer", paramLabel = "URL", description = "The issuer (default: http://127.0.0.1:PORT).")
    String issuer;

    @Option(names = "--client", paramLabel = "ID:SECRET", description = "A client (repeatable): ID:SECRET or ID:public.")
    List<String> clients;

    @Option(names = "--redirect-uri", paramLabel = "CLIENT=URI",
            description = "A redirect URI for a client's sign-in (repeatable).")
    List<String> redirectUris;

    @Option(names = "--user", paramLabel = "NAME", description = "A user who can sign in (repeatable).")
    List<String> users;

    @Option(names = "--allow", paramLabel = "CLIENT=AUDIENCE,RESOURCE[,CLIENT_ID_AT_AUDIENCE[,SCOPES]]",
            description = "A policy rule (repeatable): CLIENT may get ID-JAGs for AUDIENCE (an AS issuer) and RESOURCE "
                    + "(an MCP server), carrying client_id CLIENT_ID_AT_AUDIENCE (default CLIENT) and at most the "
                    + "space-separated SCOPES.")
    List<String> allow;

    @Option(names = "--id-jag-lifetime", paramLabel = "SECONDS", description = "ID-JAG lifetime (default 300).")
    Integer idJagLifetime;

    @Option(names = "--id-token-dir", paramLabel = "DIR",
            description = "At start, write an ID token (and refresh token) for every user and confidential client "
                    + "into DIR/<user>.<client>.id_token (mode 600), for 'xaa exchange --subject-token @FILE'.")
    Path idTokenDir;

    @Option(names = "--config", paramLabel = "FILE",
            description = "JSON file with the same options (port, issuer, client, redirect-uri, user, allow, "
                    + "id-jag-lifetime, id-token-dir); flags win.")
    Path config;

    @Override
    public Integer call() throws Exception {
        CommandLine cl = spec.commandLine();
        ConfigFile file = ConfigFile.read(config, cl);
        Integer p = file.integer("port", port);
        JettyRunner jetty = JettyRunner.bind(p == null ? 0 : p, "idp");
        String iss = file.string("issuer", issuer);
        IdentityProvider.Builder builder = IdentityProvider.builder(iss != null ? iss : jetty.baseUrl());
        Map<String, List<String>> redirects = new LinkedHashMap<>();
        for (String r : file.strings("redirect-uri", redirectUris)) {
            int eq = r.indexOf('=');
            if (eq <= 0) {
                throw new CommandLine.ParameterException(cl, "--redirect-uri must be CLIENT=URI");
            }
            redirects.computeIfAbsent(r.substring(0, eq), k -> new ArrayList<>()).add(r.substring(eq + 1));
        }
        List<String> confidential = new ArrayList<>();
        for (String c : file.strings("client", clients)) {
            RegisteredClient client = parseClient(c, cl);
            if (!client.isPublic()) {
                confidential.add(client.clientId());
            }
            builder.client(IdpClient.of(client, redirects.getOrDefault(client.clientId(), List.of()).toArray(String[]::new)));
        }
        List<String> userNames = file.strings("user", users);
        userNames.forEach(u -> builder.user(IdpUser.of(u).withEmail(u + "@example.com")));
        try {
            for (String rule : file.strings("allow", allow)) {
                builder.allow(PolicyRule.parse(rule));
            }
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, "--allow: " + e.getMessage());
        }
        Integer lifetime = file.integer("id-jag-lifetime", idJagLifetime);
        if (lifetime != null) {
            builder.idJagLifetime(Duration.ofSeconds(lifetime));
        }
        IdentityProvider idp = builder.build();
        jetty.start(idp::register);
        PrintWriter out = cl.getOut();
        out.println("xaa idp listening on " + jetty.baseUrl());
        out.println("  issuer:            " + idp.issuer());
        out.println("  discovery:         " + jetty.baseUrl() + IdentityProvider.OPENID_CONFIGURATION_PATH);
        out.println("  token endpoint:    " + idp.tokenEndpoint());
        out.println("  sign-in:           " + idp.authorizationEndpoint());
        out.println("  users:             " + String.join(", ", userNames));
        String dir = file.string("id-token-dir", idTokenDir == null ? null : idTokenDir.toString());
        if (dir != null) {
            Files.createDirectories(Path.of(dir));
            for (String u : userNames) {
                for (String c : confidential) {
                    IssuedIdToken issued = idp.issueIdToken(u, c, true);
                    Path f = Path.of(dir, u + "." + c + ".id_token");
                    ExchangeCommand.writeSecretFile(f, issued.idToken());
                    if (issued.refreshToken() != null) {
                        ExchangeCommand.writeSecretFile(Path.of(dir, u + "." + c + ".refresh_token"), issued.refreshToken());
                    }
                    out.println("  ID token written:  " + f);
                }
            }
        }
        out.println("xaa idp ready");
        out.flush();
        jetty.join();
        return 0;
    }

    /** {@code ID:SECRET} (SECRET may be env:NAME or @FILE) or {@code ID:public}. */
    static RegisteredClient parseClient(String text, CommandLine cl) {
        int colon = text.indexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new CommandLine.ParameterException(cl, "--client must be ID:SECRET or ID:public");
        }
        String id = text.substring(0, colon);
        String rest = text.substring(colon + 1);
        if (rest.equals("public")) {
            return RegisteredClient.publicClient(id);
        }
        return RegisteredClient.withSecret(id, TokenInput.read(rest, "--client " + id, cl));
    }
}
