package dev.xaa4j.cli;

import dev.xaa4j.cli.servers.DemoMcpServer;
import dev.xaa4j.cli.servers.JettyRunner;
import dev.xaa4j.client.McpAuthorizationDiscovery;
import dev.xaa4j.core.AuthorizationServerMetadata;
import dev.xaa4j.resource.JwtAccessTokenVerifier;
import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code xaa mcp-server}: an MCP server protected by an authorization server, with demo tools. */
@Command(name = "mcp-server",
        mixinStandardHelpOptions = true,
        description = "Runs an MCP server (MCP Java SDK, Streamable HTTP at /mcp) that accepts only access tokens of "
                + "one authorization server, with the tools whoami, echo and time. Binds 127.0.0.1 and runs until killed. "
                + "The AS's JWKS is found through its metadata at start (so start the AS first), or given with --jwks.",
        footerHeading = "%nExample:%n",
        footer = "  xaa mcp-server --port 9300 --as http://127.0.0.1:9200 --scopes mcp:read,mcp:write")
final class McpServerCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--port", description = "Port on 127.0.0.1 (default: 0, an ephemeral port).")
    Integer port;

    @Option(names = "--resource", paramLabel = "URL",
            description = "The resource identifier, published in the metadata and required in tokens' aud "
                    + "(default: http://127.0.0.1:PORT/mcp).")
    String resource;

    @Option(names = "--as", paramLabel = "ISSUER", description = "The issuer of the authorization server (required).")
    String asIssuer;

    @Option(names = "--jwks", paramLabel = "URL", description = "The AS's JWKS URL (default: its metadata's jwks_uri).")
    String jwks;

    @Option(names = "--scopes", paramLabel = "s1,s2", split = ",",
            description = "Scopes listed in scopes_supported; every request needs the first one.")
    List<String> scopes;

    @Option(names = "--config", paramLabel = "FILE",
            description = "JSON file with the same options (port, resource, as, jwks, scopes); flags win.")
    Path config;

    @Override
    public Integer call() throws Exception {
        CommandLine cl = spec.commandLine();
        ConfigFile file = ConfigFile.read(config, cl);
        int listenPort = file.integer("port", port) == null ? 0 : file.integer("port", port);
        String issuer = file.string("as", asIssuer);
        if (issuer == null) {
            throw new CommandLine.ParameterException(cl, "--as ISSUER is required");
        }
        List<String> scopeList = file.strings("scopes", scopes).stream()
                .flatMap(s -> Arrays.stream(s.split(","))).filter(s -> !s.isBlank()).toList();
        String jwksUrl = file.string("jwks", jwks);
        if (jwksUrl == null) {
            AuthorizationServerMetadata as = McpAuthorizationDiscovery.builder().build().discoverAuthorizationServer(issuer);
            if (as.jwksUri() == null) {
                throw new IllegalStateException("the authorization server's metadata has no jwks_uri; give --jwks");
            }
            jwksUrl = as.jwksUri();
        }
        JettyRunner jetty = JettyRunner.bind(listenPort, "mcp-server");
        String resourceId = file.string("resource", resource);
        String res = resourceId != null ? resourceId : jetty.baseUrl() + DemoMcpServer.MCP_PATH;
        JwtAccessTokenVerifier verifier = JwtAccessTokenVerifier.builder(issuer, res, URI.create(jwksUrl)).build();
        jetty.start(context -> DemoMcpServer.mount(context, res, issuer, scopeList,
                scopeList.isEmpty() ? List.of() : List.of(scopeList.get(0)), verifier));
        var out = cl.getOut();
        out.println("xaa mcp-server listening on " + jetty.baseUrl());
        out.println("  MCP endpoint:                " + jetty.baseUrl() + DemoMcpServer.MCP_PATH);
        out.println("  resource:                    " + res);
        out.println("  protected resource metadata: " + jetty.baseUrl() + "/.well-known/oauth-protected-resource"
                + DemoMcpServer.MCP_PATH);
        out.println("  authorization server:        " + issuer);
        out.println("xaa mcp-server ready");
        out.flush();
        jetty.join();
        return 0;
    }
}
