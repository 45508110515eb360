package dev.xaa4j.cli.demo;

import dev.xaa4j.as.AuthorizationServer;
import dev.xaa4j.as.GrantPolicy;
import dev.xaa4j.as.TrustedIssuers;
import dev.xaa4j.cli.servers.DemoMcpServer;
import dev.xaa4j.cli.servers.JettyRunner;
import dev.xaa4j.idp.ExchangePolicy;
import dev.xaa4j.idp.IdentityProvider;
import dev.xaa4j.idp.IdpClient;
import dev.xaa4j.idp.IdpUser;
import dev.xaa4j.idp.PolicyRule;
import dev.xaa4j.resource.JwtAccessTokenVerifier;
import dev.xaa4j.server.RegisteredClient;
import dev.xaa4j.server.SigningKeys;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The three servers of the demo on 127.0.0.1 ephemeral ports, in this JVM: an IdP ({@code xaa4j-idp}), an MCP
 * authorization server ({@code xaa4j-authorization-server}) that trusts it, and an MCP server (MCP Java SDK servlet
 * transport behind {@code xaa4j-resource-server}) that trusts the AS. The client's registrations at the IdP and at the AS
 * get fresh random secrets. Also used by tests and load runs that need the whole set. Closing stops all three.
 */
public final class DemoEnvironment implements AutoCloseable {

    /** The client's id at the IdP. */
    public static final String IDP_CLIENT_ID = "demo-agent";
    /** The client's id at the AS (the ID-JAG {@code client_id}). */
    public static final String AS_CLIENT_ID = "demo-agent-at-as";
    /** The redirect URI registered for the demo client's sign-in. */
    public static final String REDIRECT_URI = "http://127.0.0.1/callback";
    /** The MCP server's scopes; every request needs the first. */
    public static final List<String> SCOPES = List.of("mcp:read", "mcp:write");
    /** The users who can sign in. */
    public static final List<String> USERS = List.of("alice", "bob");

    private final JettyRunner idpServer;
    private final JettyRunner asServer;
    private final JettyRunner mcpServer;
    private final IdentityProvider idp;
    private final AuthorizationServer as;
    private final DemoMcpServer mcp;
    private final String idpClientSecret;
    private final String asClientSecret;

    private DemoEnvironment(Options options) {
        idpClientSecret = randomSecret();
        asClientSecret = randomSecret();
        idpServer = JettyRunner.bind(options.idpPort, "demo-idp");
        asServer = JettyRunner.bind(options.asPort, "demo-as");
        mcpServer = JettyRunner.bind(options.mcpPort, "demo-mcp");
        String resource = mcpServer.baseUrl() + DemoMcpServer.MCP_PATH;
        try {
            IdentityProvider.Builder idpBuilder = IdentityProvider.builder(idpServer.baseUrl())
                    .client(IdpClient.of(RegisteredClient.withSecret(IDP_CLIENT_ID, idpClientSecret), REDIRECT_URI))
                    .allow(new PolicyRule(IDP_CLIENT_ID, asServer.baseUrl(), resource, AS_CLIENT_ID,
                            new java.util.LinkedHashSet<>(SCOPES)));
            if (options.exchangePolicy != null) {
                idpBuilder.policy(options.exchangePolicy);
            }
            USERS.forEach(u -> idpBuilder.user(IdpUser.of(u).withEmail(u + "@example.com")
                    .withName(Character.toUpperCase(u.charAt(0)) + u.substring(1))));
            idp = idpBuilder.build();
            idpServer.start(idp::register);

            AuthorizationServer.Builder asBuilder = AuthorizationServer.builder(asServer.baseUrl(),
                            SigningKeys.generate("ES256"),
                            TrustedIssuers.builder().jwksUri(idp.issuer(), URI.create(idp.jwksUri())).build())
                    .client(RegisteredClient.withSecret(AS_CLIENT_ID, asClientSecret))
                    .resource(resource, SCOPES);
            if (options.accessTokenLifetime != null) {
                asBuilder.accessTokenLifetime(options.accessTokenLifetime);
            }
            if (options.grantPolicy != null) {
                asBuilder.policy(options.grantPolicy);
            }
            as = asBuilder.build();
            asServer.start(as::register);

            JwtAccessTokenVerifier verifier = JwtAccessTokenVerifier.builder(as.issuer(), resource,
                    URI.create(as.jwksUri())).build();
            DemoMcpServer[] holder = new DemoMcpServer[1];
            mcpServer.start(context -> holder[0] = DemoMcpServer.mount(context, resource, as.issuer(), SCOPES,
                    options.requiredScopes, verifier));
            mcp = holder[0];
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Starts the three servers with the defaults (ephemeral ports, 900 s access tokens). */
    public static DemoEnvironment start() {
        return start(new Options());
    }

    /** Starts the three servers. */
    public static DemoEnvironment start(Options options) {
        return new DemoEnvironment(Objects.requireNonNull(options, "options"));
    }

    /** Settings of {@link #start(Options)}; ports 0 pick ephemeral ports. */
    public static final class Options {
        int idpPort;
        int asPort;
        int mcpPort;
        Duration accessTokenLifetime;
        List<String> requiredScopes = List.of(SCOPES.get(0));
        ExchangePolicy exchangePolicy;
        GrantPolicy grantPolicy;

        /** The access token lifetime (default 900 s); short lifetimes let tests cross expiry. */
        public Options accessTokenLifetime(Duration lifetime) {
            this.accessTokenLifetime = lifetime;
            return this;
        }

        /** The scopes every MCP request needs, named in the server's challenge (default {@code mcp:read}). */
        public Options requiredScopes(List<String> scopes) {
            this.requiredScopes = List.copyOf(scopes);
            return this;
        }

        /**
         * The IdP's policy hook on token exchange (default {@link ExchangePolicy#DEFAULT}); it sees every exchange the
         * policy table allowed, so it can also count them.
         */
        public Options exchangePolicy(ExchangePolicy policy) {
            this.exchangePolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * The AS's policy hook on JWT bearer grants (default {@link GrantPolicy#DEFAULT}); it sees every first use of an
         * ID-JAG that passed the checklist, so it can also count grants.
         */
        public Options grantPolicy(GrantPolicy policy) {
            this.grantPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** Fixed ports instead of ephemeral ones. */
        public Options ports(int idp, int authorizationServer, int mcp) {
            this.idpPort = idp;
            this.asPort = authorizationServer;
            this.mcpPort = mcp;
            return this;
        }
    }

    public IdentityProvider idp() {
        return idp;
    }

    public AuthorizationServer authorizationServer() {
        return as;
    }

    /** The MCP server URL (also its resource identifier). */
    public String mcpUrl() {
        return mcpServer.baseUrl() + DemoMcpServer.MCP_PATH;
    }

    public String idpUrl() {
        return idpServer.baseUrl();
    }

    public String asUrl() {
        return asServer.baseUrl();
    }

    /** The client's secret at the IdP (a secret: never print it). */
    public String idpClientSecret() {
        return idpClientSecret;
    }

    /** The client's secret at the AS (a secret: never print it). */
    public String asClientSecret() {
        return asClientSecret;
    }

    /**
     * The {@code MCP_CONFORMANCE_CONTEXT} members for this environment and an ID token of the demo client (contains
     * secrets: never print it), for {@code xaa conformance-client} and {@code xaa load}: a new map the caller may change.
     */
    public Map<String, Object> conformanceContext(String idToken) {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("client_id", AS_CLIENT_ID);
        context.put("client_secret", asClientSecret);
        context.put("idp_client_id", IDP_CLIENT_ID);
        context.put("idp_client_secret", idpClientSecret);
        context.put("idp_id_token", Objects.requireNonNull(idToken, "idToken"));
        context.put("idp_issuer", idpUrl());
        context.put("idp_token_endpoint", idp.tokenEndpoint());
        return context;
    }

    @Override
    public void close() {
        if (mcp != null) {
            mcp.close();
        }
        mcpServer.close();
        asServer.close();
        idpServer.close();
    }

    @Override
    public String toString() {
        return "DemoEnvironment[idp=" + idpUrl() + ", as=" + asUrl() + ", mcp=" + mcpUrl() + "]";
    }

    private static String randomSecret() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
