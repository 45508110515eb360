package dev.xaa4j.cli;

import dev.xaa4j.cli.demo.BrowserlessSignIn;
import dev.xaa4j.cli.demo.DemoEnvironment;
import dev.xaa4j.cli.demo.StepRecorder;
import dev.xaa4j.client.ClientAuthentication;
import dev.xaa4j.client.HttpOptions;
import dev.xaa4j.client.IdJag;
import dev.xaa4j.client.IdJagRequest;
import dev.xaa4j.client.IdJagSource;
import dev.xaa4j.client.ObservingHttpClient;
import dev.xaa4j.client.SubjectTokenSource;
import dev.xaa4j.client.TokenExchangeClient;
import dev.xaa4j.core.Scopes;
import dev.xaa4j.core.internal.Json;
import dev.xaa4j.mcp.client.CrossAppAccessProvider;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.PrintWriter;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code xaa demo}: the whole Enterprise-Managed Authorization flow on this machine, step by step. */
@Command(name = "demo",
        mixinStandardHelpOptions = true,
        description = "Starts an IdP, an MCP authorization server and an MCP server on 127.0.0.1 (ephemeral ports, in "
                + "this process), signs a demo user in at the IdP, connects an MCP client through Cross-App Access "
                + "(token exchange for an ID-JAG, JWT bearer grant for an access token), lists the tools and calls two. "
                + "Each step is printed as it happens with its HTTP status and time, with the decoded header and claims "
                + "of the ID token, the ID-JAG and the access token (never a signature or a whole token).",
        footerHeading = "%nExamples:%n",
        footer = {"  xaa demo", "  xaa demo --user bob --scope 'mcp:read mcp:write'", "  xaa demo --json | jq .summary",
                  "  xaa demo --keep-running"})
final class DemoCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--user", paramLabel = "NAME", defaultValue = "alice",
            description = "Who signs in: alice (default) or bob.")
    String user;

    @Option(names = "--scope", paramLabel = "SCOPES", defaultValue = "mcp:read",
            description = "The scopes the MCP server asks for in its challenge (default mcp:read; the IdP allows "
                    + "mcp:read and mcp:write).")
    String scope;

    @Option(names = "--json", description = "Print one JSON object with every step instead of text.")
    boolean json;

    @Option(names = "--keep-running",
            description = "Leave the servers up afterwards, print their URLs and a ready-to-paste xaa command for each.")
    boolean keepRunning;

    @Override
    public Integer call() throws Exception {
        CommandLine cl = spec.commandLine();
        PrintWriter out = cl.getOut();
        if (!DemoEnvironment.USERS.contains(user)) {
            throw new CommandLine.ParameterException(cl, "--user must be one of " + DemoEnvironment.USERS);
        }
        List<String> requested = new ArrayList<>(Scopes.parse(scope));
        if (requested.isEmpty()) {
            throw new CommandLine.ParameterException(cl, "--scope must name at least one scope");
        }
        StepRecorder steps = new StepRecorder(out, json);
        DemoEnvironment env = DemoEnvironment.start(new DemoEnvironment.Options().requiredScopes(requested));
        boolean ok = false;
        try {
            steps.servers(env);
            HttpClient observed = ObservingHttpClient.wrap(HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER).build(),
                    steps::exchange);

            steps.phase("sign-in", "Sign in: the host application's SSO (OpenID Connect code flow with PKCE) as " + user);
            BrowserlessSignIn.Tokens tokens = new BrowserlessSignIn(observed).signIn(env.idp().authorizationEndpoint(),
                    env.idp().tokenEndpoint(), DemoEnvironment.IDP_CLIENT_ID, env.idpClientSecret(),
                    DemoEnvironment.REDIRECT_URI, user);
            steps.token("ID token", tokens.idToken());

            steps.phase("connect", "Connect the MCP client (CrossAppAccessProvider on the MCP Java SDK) and initialize");
            HttpOptions http = HttpOptions.builder().httpClient(observed).build();
            TokenExchangeClient idp = TokenExchangeClient.fromIssuer(env.idpUrl(),
                            ClientAuthentication.clientSecretBasic(DemoEnvironment.IDP_CLIENT_ID, env.idpClientSecret()))
                    .httpOptions(http).build();
            IdJagSource idJags = decoding(IdJagSource.tokenExchange(idp,
                    SubjectTokenSource.refreshing(idp, tokens.idToken(), tokens.refreshToken())), steps);
            AtomicReference<String> lastAccessToken = new AtomicReference<>();
            try (CrossAppAccessProvider xaa = CrossAppAccessProvider.builder()
                            .idJagSource(idJags)
                            .authorizationServerClient(DemoEnvironment.AS_CLIENT_ID, env.asClientSecret())
                            .httpOptions(http)
                            .build();
                    McpSyncClient client = McpClient.sync(xaa.transportBuilder(env.mcpUrl())
                                    .clientBuilder(ObservingHttpClient.wrapping(HttpClient.newBuilder(), steps::exchange))
                                    .addHttpRequestCustomizer((builder, method, uri, body, context) ->
                                            builder.copy().build().headers().firstValue("Authorization")
                                                    .filter(v -> v.startsWith("Bearer "))
                                                    .map(v -> v.substring(7))
                                                    .filter(t -> !t.equals(lastAccessToken.getAndSet(t)))
                                                    .ifPresent(t -> steps.token("access token", t)))
                                    .build())
                            .capabilities(CrossAppAccessProvider.clientCapabilities())
                            .requestTimeout(Duration.ofSeconds(30))
                            .initializationTimeout(Duration.ofSeconds(30))
                            .build()) {
                McpSchema.InitializeResult init = client.initialize();
                steps.result("initialize", init.serverInfo().name() + " " + init.serverInfo().version());

                steps.phase("tools/list", "List the tools");
                List<String> names = client.listTools().tools().stream().map(McpSchema.Tool::name).toList();
                steps.result("tools/list", String.join(", ", names));

                steps.phase("tools/call whoami", "Call whoami: who does the MCP server think is calling?");
                steps.result("whoami", text(client.callTool(McpSchema.CallToolRequest.builder("whoami").build())));

                String greeting = "Hello from " + user + " through Cross-App Access";
                steps.phase("tools/call echo", "Call echo");
                steps.result("echo", text(client.callTool(McpSchema.CallToolRequest.builder("echo")
                        .arguments(Map.of("text", greeting)).build())));
            }
            ok = true;
            steps.summary(user, true, null);
            if (keepRunning) {
                keepRunning(out, env, tokens);
            }
            return 0;
        } catch (RuntimeException e) {
            steps.summary(user, false, Xaa.describe(e));
            return Xaa.EXIT_FAILURE;
        } finally {
            if (!ok || !keepRunning) {
                env.close();
            }
        }
    }

    /** The ID-JAG source the README shows, with each fresh ID-JAG's header and claims printed. */
    private static IdJagSource decoding(IdJagSource delegate, StepRecorder steps) {
        return new IdJagSource() {
            @Override
            public IdJag get(IdJagRequest request) {
                IdJag idJag = delegate.get(request);
                steps.token("ID-JAG", idJag.token());
                return idJag;
            }

            @Override
            public String idpIssuer() {
                return delegate.idpIssuer();
            }

            @Override
            public String subjectKey() {
                return delegate.subjectKey();
            }
        };
    }

    private static String text(McpSchema.CallToolResult result) {
        if (Boolean.TRUE.equals(result.isError())) {
            throw new IllegalStateException("the tool answered an error");
        }
        return result.content().stream().filter(c -> c instanceof McpSchema.TextContent)
                .map(c -> ((McpSchema.TextContent) c).text()).findFirst().orElse("");
    }

    private void keepRunning(PrintWriter out, DemoEnvironment env, BrowserlessSignIn.Tokens tokens) throws Exception {
        Path dir = Files.createTempDirectory("xaa-demo-");
        Path idToken = dir.resolve(user + ".id_token");
        Path idpSecret = dir.resolve("idp-client-secret");
        Path asSecret = dir.resolve("as-client-secret");
        ExchangeCommand.writeSecretFile(idToken, tokens.idToken());
        ExchangeCommand.writeSecretFile(idpSecret, env.idpClientSecret());
        ExchangeCommand.writeSecretFile(asSecret, env.asClientSecret());
        Path context = dir.resolve("conformance-context.json");
        ExchangeCommand.writeSecretFile(context, Json.write(env.conformanceContext(tokens.idToken())));
        Path idJag = dir.resolve("idjag");
        out.println();
        out.println("The servers keep running (Ctrl-C stops them). Secrets and the ID token are in " + dir
                + " (mode 600). Try:");
        out.println("  xaa discover " + env.mcpUrl());
        out.println("  xaa exchange --idp-issuer " + env.idpUrl() + " --client-id " + DemoEnvironment.IDP_CLIENT_ID
                + " --client-secret @" + idpSecret + " --subject-token @" + idToken + " --audience " + env.asUrl()
                + " --resource " + env.mcpUrl() + " --scope '" + scope + "' --output " + idJag);
        out.println("  xaa decode @" + idJag);
        out.println("  xaa token --as-issuer " + env.asUrl() + " --client-id " + DemoEnvironment.AS_CLIENT_ID
                + " --client-secret @" + asSecret + " --assertion @" + idJag);
        out.println("  xaa call " + env.mcpUrl() + " whoami --idp-issuer " + env.idpUrl() + " --idp-client-id "
                + DemoEnvironment.IDP_CLIENT_ID + " --idp-client-secret @" + idpSecret + " --subject-token @" + idToken
                + " --client-id " + DemoEnvironment.AS_CLIENT_ID + " --client-secret @" + asSecret);
        out.println("  MCP_CONFORMANCE_CONTEXT=\"$(cat " + context + ")\" xaa load " + env.mcpUrl()
                + " --sessions 16 --calls 20 --interval-ms 100 --concurrency 2 --share-auth");
        out.println("xaa demo ready");
        out.flush();
        Thread.currentThread().join();
    }
}
