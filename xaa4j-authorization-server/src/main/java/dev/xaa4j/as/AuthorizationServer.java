package dev.xaa4j.as;

import com.nimbusds.jose.JWSAlgorithm;
import dev.xaa4j.as.internal.IssuerKeys;
import dev.xaa4j.core.AuthorizationServerMetadata;
import dev.xaa4j.core.DiscoveryUris;
import dev.xaa4j.core.GrantType;
import dev.xaa4j.core.SecureTransport;
import dev.xaa4j.core.XaaIdentifiers;
import dev.xaa4j.core.internal.Json;
import dev.xaa4j.server.ClientAuthenticator;
import dev.xaa4j.server.ClientRegistry;
import dev.xaa4j.server.GrantHandler;
import dev.xaa4j.server.JsonDocumentServlet;
import dev.xaa4j.server.RegisteredClient;
import dev.xaa4j.server.ReplayStore;
import dev.xaa4j.server.SigningKeys;
import dev.xaa4j.server.TokenEndpointAuthMethod;
import dev.xaa4j.server.TokenEndpointServlet;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.http.HttpServlet;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A resource authorization server that redeems ID-JAGs for access tokens (PROTOCOL.md sections 4 to 8): the
 * {@link IdJagGrantHandler} at the token endpoint, RFC 8414 metadata and the JWK set of its signing keys, as servlets for any
 * Servlet 6.1 container.
 *
 * <p>Endpoints, for an issuer {@code https://as.example.com[/path]} (mounted in a servlet context at the root of the host):
 * <table>
 *   <caption>endpoints</caption>
 *   <tr><th>path</th><th>what</th></tr>
 *   <tr><td>{@code [/path]/token}</td><td>token endpoint ({@code POST}, JWT bearer grant only)</td></tr>
 *   <tr><td>{@code [/path]/jwks}</td><td>the public JWK set ({@code jwks_uri}): the active key and up to two previous
 *       ones</td></tr>
 *   <tr><td>{@code /.well-known/oauth-authorization-server[/path]}</td><td>RFC 8414 metadata (the well-known segment is
 *       inserted before the issuer path, RFC 8414 section 3.1)</td></tr>
 * </table>
 * The metadata lists {@code grant_types_supported: [jwt-bearer]}, {@code authorization_grant_profiles_supported: [id-jag]},
 * {@code token_endpoint_auth_methods_supported}, {@code scopes_supported} (the union of the resources' scopes),
 * {@code jwks_uri} and an empty {@code response_types_supported} (required by RFC 8414; this server has no authorization
 * endpoint). It never lists the trusted IdPs. Immutable and thread-safe; {@link SigningKeys#rotate()} on
 * {@link #signingKeys()} takes effect at once.
 *
 * <pre>{@code
 * AuthorizationServer as = AuthorizationServer.builder("https://as.example.com", SigningKeys.generate("ES256"),
 *                 TrustedIssuers.builder().jwksUri("https://idp.example.com", URI.create("https://idp.example.com/jwks")).build())
 *         .client(RegisteredClient.withSecret("mcp-client", secret))
 *         .resource("https://mcp.example.com/mcp", List.of("tools.read", "tools.write"))
 *         .build();
 * as.register(servletContext);   // in a ServletContainerInitializer, or before an embedded server starts
 * // or, with Jetty's own API: as.servlets().forEach((path, servlet) -> jettyContext.addServlet(servlet, path));
 * }</pre>
 */
public final class AuthorizationServer {

    /** The token endpoint path, after the issuer's path. */
    public static final String TOKEN_PATH = "/token";
    /** The JWK set path, after the issuer's path. */
    public static final String JWKS_PATH = "/jwks";

    private final String issuer;
    private final String issuerPath;
    private final String tokenEndpoint;
    private final String jwksUri;
    private final String metadataPath;
    private final SigningKeys signingKeys;
    private final IdJagValidator validator;
    private final IdJagGrantHandler grantHandler;
    private final AuthorizationServerMetadata metadata;
    private final String metadataJson;

    private AuthorizationServer(Builder b) {
        this.issuer = b.issuer;
        URI issuerUri = URI.create(b.issuer);
        String path = issuerUri.getPath() == null ? "" : issuerUri.getPath();
        this.issuerPath = stripTrailingSlashes(path);
        String base = stripTrailingSlashes(b.issuer);
        this.tokenEndpoint = base + TOKEN_PATH;
        this.jwksUri = base + JWKS_PATH;
        this.metadataPath = DiscoveryUris.authorizationServerMetadata(b.issuer).get(0).getPath();
        this.signingKeys = b.signingKeys;
        this.validator = b.validator.build();
        ClientRegistry clients = b.clientRegistry != null ? b.clientRegistry : ClientRegistry.of(b.clients);
        ClientAuthenticator authenticator = new ClientAuthenticator(clients, validator.replayStore(), validator.clock(),
                validator.clockSkew());
        AccessTokenIssuer tokens = new AccessTokenIssuer(b.issuer, b.signingKeys, b.accessTokenLifetime, validator.clock());
        this.grantHandler = new IdJagGrantHandler(validator, authenticator, tokens, List.of(b.issuer, tokenEndpoint));
        Set<TokenEndpointAuthMethod> methods = b.authMethods != null ? b.authMethods : authMethods(b);
        Set<String> scopes = new LinkedHashSet<>();
        validator.resources().values().forEach(scopes::addAll);
        this.metadata = new AuthorizationServerMetadata(
                b.issuer,
                tokenEndpoint,
                null,
                jwksUri,
                List.of(GrantType.JWT_BEARER.value()),
                List.of(XaaIdentifiers.ID_JAG_GRANT_PROFILE),
                methods.stream().map(TokenEndpointAuthMethod::value).toList(),
                List.copyOf(scopes),
                List.of(),
                true);
        Map<String, Object> document = metadata.toMap();
        document.put("response_types_supported", List.of());
        if (methods.contains(TokenEndpointAuthMethod.PRIVATE_KEY_JWT)) {
            document.put("token_endpoint_auth_signing_alg_values_supported",
                    IssuerKeys.ASYMMETRIC.stream().map(JWSAlgorithm::getName).toList());
        }
        this.metadataJson = Json.write(document);
    }

    private static Set<TokenEndpointAuthMethod> authMethods(Builder b) {
        Set<TokenEndpointAuthMethod> methods = EnumSet.noneOf(TokenEndpointAuthMethod.class);
        b.clients.forEach(c -> methods.addAll(c.authMethods()));
        if (methods.isEmpty()) {
            methods.add(TokenEndpointAuthMethod.CLIENT_SECRET_BASIC);
        }
        return methods;
    }

    /**
     * Starts a builder.
     *
     * @param issuer         this server's issuer identifier: an https URL (http only for loopback hosts) without query or
     *                       fragment; ID-JAGs must name it, exactly, in {@code aud}
     * @param signingKeys    the keys that sign access tokens
     * @param trustedIssuers the IdPs whose ID-JAGs are accepted
     */
    public static Builder builder(String issuer, SigningKeys signingKeys, TrustedIssuers trustedIssuers) {
        return new Builder(issuer, signingKeys, trustedIssuers);
    }

    /** This server's issuer identifier. */
    public String issuer() {
        return issuer;
    }

    /** The token endpoint URL: the issuer followed by {@value #TOKEN_PATH}. */
    public String tokenEndpoint() {
        return tokenEndpoint;
    }

    /** The JWK set URL: the issuer followed by {@value #JWKS_PATH}. */
    public String jwksUri() {
        return jwksUri;
    }

    /** The servlet path of the token endpoint, for example {@code /token} or {@code /tenant-1/token}. */
    public String tokenPath() {
        return issuerPath + TOKEN_PATH;
    }

    /** The servlet path of the JWK set. */
    public String jwksPath() {
        return issuerPath + JWKS_PATH;
    }

    /** The servlet path of the metadata, {@code /.well-known/oauth-authorization-server} followed by the issuer's path. */
    public String metadataPath() {
        return metadataPath;
    }

    /** The JWT bearer grant handler, for a {@link TokenEndpointServlet} of one's own. */
    public GrantHandler grantHandler() {
        return grantHandler;
    }

    /** The ID-JAG validator (servlet-free). */
    public IdJagValidator validator() {
        return validator;
    }

    /** The signing keys (call {@link SigningKeys#rotate()} to rotate). */
    public SigningKeys signingKeys() {
        return signingKeys;
    }

    /** The RFC 8414 metadata. */
    public AuthorizationServerMetadata metadata() {
        return metadata;
    }

    /** The metadata document as served. */
    public String metadataJson() {
        return metadataJson;
    }

    /** The public JWK set as served now. */
    public String jwksJson() {
        return signingKeys.publicJwkSetJson();
    }

    /**
     * New servlet instances by servlet path ({@link #tokenPath()}, {@link #jwksPath()}, {@link #metadataPath()}), for
     * containers configured through their own API, for example Jetty's {@code ServletContextHandler.addServlet}.
     */
    public Map<String, HttpServlet> servlets() {
        Map<String, HttpServlet> servlets = new LinkedHashMap<>();
        servlets.put(tokenPath(), new TokenEndpointServlet(Map.of(GrantType.JWT_BEARER.value(), grantHandler)));
        servlets.put(jwksPath(), new JsonDocumentServlet(signingKeys::publicJwkSetJson));
        servlets.put(metadataPath, new JsonDocumentServlet(() -> metadataJson));
        return servlets;
    }

    /**
     * Registers the token endpoint, JWK set and metadata servlets in a servlet context (Servlet 6.1 dynamic registration:
     * call it from a {@code ServletContainerInitializer} or a declared {@code ServletContextListener}). The context must
     * be at the root of the host ({@code ""} context path), since the metadata path starts there.
     *
     * @throws IllegalStateException when the context is not at the root, or a servlet name or path is already taken
     */
    public void register(ServletContext context) {
        Objects.requireNonNull(context, "context");
        if (!context.getContextPath().isEmpty()) {
            throw new IllegalStateException("the authorization server must be registered in a context at the root of the "
                    + "host; its metadata path is " + metadataPath);
        }
        servlets().forEach((path, servlet) -> {
            String name = "xaa4j-authorization-server " + path;
            ServletRegistration.Dynamic registration = context.addServlet(name, servlet);
            if (registration == null) {
                throw new IllegalStateException("a servlet named '" + name + "' is already registered");
            }
            if (!registration.addMapping(path).isEmpty()) {
                throw new IllegalStateException("the path " + path + " is already mapped to another servlet");
            }
        });
    }

    @Override
    public String toString() {
        return "AuthorizationServer[issuer=" + issuer + ", resources=" + validator.resources().keySet() + "]";
    }

    private static String stripTrailingSlashes(String s) {
        String out = s;
        while (out.endsWith("/")) {
            out = out.substring(0, out.length() - 1);
        }
        return out;
    }

    /**
     * Builder for {@link AuthorizationServer}; not thread-safe. Required: the arguments of {@link #builder}, at least one
     * {@link #resource} and at least one {@link #client} (or a {@link #clients} registry). Every setter documents its
     * default.
     */
    public static final class Builder {

        private final String issuer;
        private final SigningKeys signingKeys;
        private final IdJagValidator.Builder validator;
        private final List<RegisteredClient> clients = new ArrayList<>();
        private ClientRegistry clientRegistry;
        private Set<TokenEndpointAuthMethod> authMethods;
        private Duration accessTokenLifetime = AccessTokenIssuer.DEFAULT_LIFETIME;

        private Builder(String issuer, SigningKeys signingKeys, TrustedIssuers trustedIssuers) {
            Objects.requireNonNull(issuer, "issuer");
            DiscoveryUris.authorizationServerMetadata(issuer);
            SecureTransport.require(URI.create(issuer), "authorization server issuer");
            this.issuer = issuer;
            this.signingKeys = Objects.requireNonNull(signingKeys, "signingKeys");
            this.validator = IdJagValidator.builder(issuer, trustedIssuers);
        }

        /** Registers a client (its id, authentication methods and credentials at this server). */
        public Builder client(RegisteredClient client) {
            if (clientRegistry != null) {
                throw new IllegalStateException("clients(...) was already set");
            }
            clients.add(Objects.requireNonNull(client, "client"));
            return this;
        }

        /**
         * Uses a client registry of one's own instead of {@link #client} (for example a database). Then the metadata's
         * {@code token_endpoint_auth_methods_supported} is {@link #tokenEndpointAuthMethods}, {@code client_secret_basic}
         * by default.
         */
        public Builder clients(ClientRegistry registry) {
            if (!clients.isEmpty()) {
                throw new IllegalStateException("client(...) was already used");
            }
            this.clientRegistry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /**
         * The {@code token_endpoint_auth_methods_supported} to publish; default the union of the registered clients'
         * methods ({@code client_secret_basic} when unknown).
         */
        public Builder tokenEndpointAuthMethods(Set<TokenEndpointAuthMethod> methods) {
            Objects.requireNonNull(methods, "methods");
            if (methods.isEmpty()) {
                throw new IllegalArgumentException("methods must not be empty");
            }
            this.authMethods = EnumSet.copyOf(methods);
            return this;
        }

        /** Adds a protected resource and its known scopes; see {@link IdJagValidator.Builder#resource}. */
        public Builder resource(String resource, Collection<String> scopes) {
            validator.resource(resource, scopes);
            return this;
        }

        /** See {@link IdJagValidator.Builder#replayStore}; the store also records client assertion {@code jti}s. */
        public Builder replayStore(ReplayStore store) {
            validator.replayStore(store);
            return this;
        }

        /** The access token lifetime; default 900 s. */
        public Builder accessTokenLifetime(Duration lifetime) {
            Objects.requireNonNull(lifetime, "lifetime");
            if (lifetime.toSeconds() < 1) {
                throw new IllegalArgumentException("accessTokenLifetime must be at least one second");
            }
            this.accessTokenLifetime = lifetime;
            return this;
        }

        /** See {@link IdJagValidator.Builder#maxLifetime}; default 600 s. */
        public Builder maxIdJagLifetime(Duration lifetime) {
            validator.maxLifetime(lifetime);
            return this;
        }

        /** See {@link IdJagValidator.Builder#clockSkew}; default 60 s (also used for client assertions). */
        public Builder clockSkew(Duration skew) {
            validator.clockSkew(skew);
            return this;
        }

        /**
         * The JWS algorithms accepted on ID-JAGs; see {@link IdJagValidator.Builder#algorithms}; default
         * {@link IdJagValidator#DEFAULT_ALGORITHMS} (every asymmetric one; {@code none} and HMAC are refused).
         */
        public Builder algorithms(Set<String> names) {
            validator.algorithms(names);
            return this;
        }

        /** See {@link IdJagValidator.Builder#maxAssertionBytes}; default 16 KiB. */
        public Builder maxAssertionBytes(int bytes) {
            validator.maxAssertionBytes(bytes);
            return this;
        }

        /** The clock for every time check and token; default {@link Clock#systemUTC()}. */
        public Builder clock(Clock clock) {
            validator.clock(clock);
            return this;
        }

        /** See {@link IdJagValidator.Builder#policy}; default {@link GrantPolicy#DEFAULT}. */
        public Builder policy(GrantPolicy policy) {
            validator.policy(policy);
            return this;
        }

        /** See {@link IdJagValidator.Builder#subjectMapper}. */
        public Builder subjectMapper(SubjectMapper mapper) {
            validator.subjectMapper(mapper);
            return this;
        }

        /** See {@link IdJagValidator.Builder#clientPermission}; default every registered client. */
        public Builder clientPermission(Predicate<dev.xaa4j.server.AuthenticatedClient> permission) {
            validator.clientPermission(permission);
            return this;
        }

        /**
         * Builds the server.
         *
         * @throws IllegalStateException when no resource or no client was configured
         */
        public AuthorizationServer build() {
            if (clients.isEmpty() && clientRegistry == null) {
                throw new IllegalStateException("at least one client is required");
            }
            return new AuthorizationServer(this);
        }
    }
}
