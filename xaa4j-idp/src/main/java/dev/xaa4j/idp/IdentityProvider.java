package dev.xaa4j.idp;

import dev.xaa4j.core.AuthorizationServerMetadata;
import dev.xaa4j.core.DiscoveryUris;
import dev.xaa4j.core.GrantType;
import dev.xaa4j.core.SecureTransport;
import dev.xaa4j.core.TokenType;
import dev.xaa4j.core.internal.Json;
import dev.xaa4j.idp.internal.AuthorizationCodeGrant;
import dev.xaa4j.idp.internal.AuthorizationCodes;
import dev.xaa4j.idp.internal.AuthorizationEndpointServlet;
import dev.xaa4j.idp.internal.AuthorizationRequest;
import dev.xaa4j.idp.internal.ClientAuthentication;
import dev.xaa4j.idp.internal.IdTokens;
import dev.xaa4j.idp.internal.PolicyTable;
import dev.xaa4j.idp.internal.Pkce;
import dev.xaa4j.idp.internal.RefreshTokenGrant;
import dev.xaa4j.idp.internal.RefreshTokens;
import dev.xaa4j.idp.internal.TokenExchangeGrant;
import dev.xaa4j.server.ClientAuthenticator;
import dev.xaa4j.server.ClientRegistry;
import dev.xaa4j.server.GrantHandler;
import dev.xaa4j.server.InMemoryReplayStore;
import dev.xaa4j.server.JsonDocumentServlet;
import dev.xaa4j.server.RegisteredClient;
import dev.xaa4j.server.ReplayStore;
import dev.xaa4j.server.SigningKeys;
import dev.xaa4j.server.TokenEndpointAuthMethod;
import dev.xaa4j.server.TokenEndpointServlet;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A reference identity provider for Enterprise-Managed Authorization (PROTOCOL.md sections 1, 3, 4, 6): users sign in through
 * an OpenID Connect authorization code flow with PKCE and get ID tokens (and refresh tokens); clients exchange those for
 * ID-JAGs (RFC 8693 token exchange, draft-ietf-oauth-identity-assertion-authz-grant-04 section 4.3) under a policy table of
 * {@link PolicyRule}s and an {@link ExchangePolicy} hook.
 *
 * <p>{@link #register(ServletContext)} mounts its endpoints, relative to the servlet context, which must be served at the
 * issuer URL (an issuer {@code https://idp.example} at the context root; {@code https://host/idp} at context path
 * {@code /idp}):
 * <table>
 * <caption>Endpoints</caption>
 * <tr><td>{@value #TOKEN_PATH}</td><td>token endpoint: token exchange (ID-JAGs), {@code authorization_code},
 *     {@code refresh_token}</td></tr>
 * <tr><td>{@value #AUTHORIZATION_PATH}</td><td>authorization endpoint with the sign-in page</td></tr>
 * <tr><td>{@value #JWKS_PATH}</td><td>the public signing keys (JWK set)</td></tr>
 * <tr><td>{@code /.well-known/openid-configuration}</td><td>OpenID Connect discovery</td></tr>
 * <tr><td>{@code /.well-known/oauth-authorization-server}</td><td>the same document at the RFC 8414 location (for an
 *     issuer without a path)</td></tr>
 * </table>
 *
 * <p>Decisions: client authentication is required at the token endpoint unless the client is registered as public; an
 * unusable subject token is {@code invalid_grant}; SAML 2.0 subject tokens are not accepted ({@code invalid_request});
 * refresh tokens are issued by the code flow only when {@code offline_access} was granted, and rotate on every refresh;
 * the access token of the code flow is opaque and accepted nowhere (there is no userinfo endpoint). Authorization codes and
 * refresh tokens live in this object's memory. Immutable configuration; thread-safe.
 *
 * <pre>{@code
 * IdentityProvider idp = IdentityProvider.builder("http://127.0.0.1:9000")
 *         .client(RegisteredClient.withSecret("mcp-client", secret), "http://127.0.0.1:8080/callback")
 *         .user(IdpUser.of("alice").withEmail("alice@example.com"))
 *         .allow(PolicyRule.parse("mcp-client=https://as.example,https://mcp.example/mcp,as-client,tools.read"))
 *         .build();
 * idp.register(servletContextHandler.getServletContext());   // before the server starts
 * String idToken = idp.issueIdToken("alice", "mcp-client");   // for tests and demos
 * }</pre>
 */
public final class IdentityProvider {

    /** The token endpoint's path. */
    public static final String TOKEN_PATH = "/token";
    /** The authorization endpoint's path. */
    public static final String AUTHORIZATION_PATH = "/authorize";
    /** The JWK set's path. */
    public static final String JWKS_PATH = "/jwks";
    /** The OpenID Connect discovery path. */
    public static final String OPENID_CONFIGURATION_PATH = DiscoveryUris.OPENID_CONFIGURATION;
    /** The RFC 8414 metadata path (for an issuer without a path component). */
    public static final String OAUTH_AUTHORIZATION_SERVER_PATH = DiscoveryUris.OAUTH_AUTHORIZATION_SERVER;

    /** Default ID-JAG lifetime: 300 s (PROTOCOL.md section 8, decision 7). */
    public static final Duration DEFAULT_ID_JAG_LIFETIME = Duration.ofSeconds(300);
    /** Default ID token lifetime: 1 hour. */
    public static final Duration DEFAULT_ID_TOKEN_LIFETIME = Duration.ofHours(1);
    /** Default lifetime announced for the code flow's opaque access token: 1 hour. */
    public static final Duration DEFAULT_ACCESS_TOKEN_LIFETIME = Duration.ofHours(1);
    /** Default refresh token lifetime: 8 hours (each rotation starts a new one). */
    public static final Duration DEFAULT_REFRESH_TOKEN_LIFETIME = Duration.ofHours(8);
    /** Default authorization code lifetime: 60 s. */
    public static final Duration DEFAULT_AUTHORIZATION_CODE_LIFETIME = Duration.ofSeconds(60);
    /** Default tolerated clock difference when validating ID tokens and client assertions: 60 s. */
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(60);
    /** How many live authorization codes, and separately refresh tokens, are kept at most. */
    public static final int MAX_OUTSTANDING_GRANTS = 100_000;

    private static final Set<String> PROGRAMMATIC_SCOPES = Collections.unmodifiableSet(
            new LinkedHashSet<>(List.of("openid", AuthorizationCodeGrant.OFFLINE_ACCESS)));

    private final String issuer;
    private final String base;
    private final SigningKeys keys;
    private final Map<String, IdpClient> clients;
    private final Map<String, IdpUser> users;
    private final Clock clock;
    private final IdTokens idTokens;
    private final RefreshTokens refreshTokens;
    private final AuthorizationCodes codes;
    private final Map<String, GrantHandler> grantHandlers;
    private final String metadataJson;

    private IdentityProvider(Builder b) {
        this.issuer = b.issuer;
        this.base = b.issuer.endsWith("/") ? b.issuer.substring(0, b.issuer.length() - 1) : b.issuer;
        this.keys = b.signingKeys != null ? b.signingKeys : SigningKeys.generate("ES256");
        this.clients = Collections.unmodifiableMap(new LinkedHashMap<>(b.clients));
        this.users = Collections.unmodifiableMap(new LinkedHashMap<>(b.users));
        this.clock = b.clock;
        PolicyTable table = new PolicyTable(b.rules, b.allowedUsers);
        ReplayStore replayStore = b.replayStore != null ? b.replayStore
                : new InMemoryReplayStore(clock, InMemoryReplayStore.DEFAULT_MAX_ENTRIES);
        ClientAuthentication authentication = new ClientAuthentication(
                new ClientAuthenticator(ClientRegistry.of(clients.values().stream().map(IdpClient::registration).toList()),
                        replayStore, clock, b.clockSkew),
                List.of(issuer, tokenEndpoint()));
        this.idTokens = new IdTokens(issuer, keys, clock, b.idTokenLifetime, b.clockSkew);
        this.refreshTokens = new RefreshTokens(clock, b.refreshTokenLifetime, MAX_OUTSTANDING_GRANTS);
        this.codes = new AuthorizationCodes(clock, b.authorizationCodeLifetime, MAX_OUTSTANDING_GRANTS);
        Map<String, GrantHandler> handlers = new LinkedHashMap<>();
        handlers.put(GrantType.AUTHORIZATION_CODE.value(), new AuthorizationCodeGrant(authentication, codes, idTokens,
                refreshTokens, users, b.accessTokenLifetime));
        handlers.put(GrantType.REFRESH_TOKEN.value(), new RefreshTokenGrant(authentication, idTokens, refreshTokens, users,
                b.accessTokenLifetime));
        handlers.put(GrantType.TOKEN_EXCHANGE.value(), new TokenExchangeGrant(authentication, idTokens, refreshTokens, users,
                table, b.policy, issuer, keys, clock, b.idJagLifetime));
        this.grantHandlers = Collections.unmodifiableMap(handlers);
        this.metadataJson = Json.write(buildMetadata());
    }

    /** Starts a builder for an IdP with this issuer identifier ({@code https}, or {@code http} on a loopback host). */
    public static Builder builder(String issuer) {
        return new Builder(issuer);
    }

    /** The issuer identifier ({@code iss} of everything this IdP signs). */
    public String issuer() {
        return issuer;
    }

    /** The token endpoint URL. */
    public String tokenEndpoint() {
        return base + TOKEN_PATH;
    }

    /** The authorization endpoint URL. */
    public String authorizationEndpoint() {
        return base + AUTHORIZATION_PATH;
    }

    /** The JWK set URL. */
    public String jwksUri() {
        return base + JWKS_PATH;
    }

    /** The signing keys (to publish elsewhere, or to rotate). */
    public SigningKeys signingKeys() {
        return keys;
    }

    /** The discovery document served at {@value #OPENID_CONFIGURATION_PATH} (JSON). */
    public String metadataJson() {
        return metadataJson;
    }

    /**
     * Registers the endpoints' servlets in a servlet context (before it starts), at the paths listed in the class comment.
     *
     * @throws IllegalStateException when a servlet name or path is already taken, or the context has started
     */
    public void register(ServletContext context) {
        Objects.requireNonNull(context, "context");
        add(context, "xaa4j-idp-token", new TokenEndpointServlet(grantHandlers), TOKEN_PATH);
        add(context, "xaa4j-idp-authorize", new AuthorizationEndpointServlet(issuer, authorizationEndpoint(), clients, users,
                codes, clock), AUTHORIZATION_PATH);
        add(context, "xaa4j-idp-jwks", new JsonDocumentServlet(keys::publicJwkSetJson), JWKS_PATH);
        add(context, "xaa4j-idp-metadata", new JsonDocumentServlet(() -> metadataJson), OPENID_CONFIGURATION_PATH,
                OAUTH_AUTHORIZATION_SERVER_PATH);
    }

    /**
     * Mints an ID token for a configured user and client, as if the user had just signed in (for tests and demos).
     *
     * @param subject  the user's {@code sub}
     * @param clientId the client's id at this IdP (the token's {@code aud})
     * @throws IllegalArgumentException when the user or the client is not configured
     */
    public String issueIdToken(String subject, String clientId) {
        return issueIdToken(subject, clientId, false).idToken();
    }

    /**
     * Mints an ID token, and optionally a refresh token bound to the same user and client (scopes {@code openid} and
     * {@code offline_access}), as if the user had just signed in (for tests and demos).
     *
     * @throws IllegalArgumentException when the user or the client is not configured
     */
    public IssuedIdToken issueIdToken(String subject, String clientId, boolean withRefreshToken) {
        IdpUser user = users.get(Objects.requireNonNull(subject, "subject"));
        if (user == null) {
            throw new IllegalArgumentException("unknown user: " + subject);
        }
        if (!clients.containsKey(Objects.requireNonNull(clientId, "clientId"))) {
            throw new IllegalArgumentException("unknown client: " + clientId);
        }
        Instant authTime = clock.instant();
        IdTokens.Issued idToken = idTokens.issue(user, clientId, authTime, null);
        String refreshToken = withRefreshToken
                ? refreshTokens.issue(new RefreshTokens.Grant(subject, clientId, PROGRAMMATIC_SCOPES, authTime))
                : null;
        return new IssuedIdToken(idToken.token(), refreshToken, idToken.expiresAt());
    }

    @Override
    public String toString() {
        return "IdentityProvider[issuer=" + issuer + ", clients=" + clients.keySet() + ", users=" + users.size() + "]";
    }

    private Map<String, Object> buildMetadata() {
        EnumSet<TokenEndpointAuthMethod> methods = EnumSet.noneOf(TokenEndpointAuthMethod.class);
        clients.values().forEach(c -> methods.addAll(c.registration().authMethods()));
        AuthorizationServerMetadata core = new AuthorizationServerMetadata(
                issuer,
                tokenEndpoint(),
                authorizationEndpoint(),
                jwksUri(),
                List.of(GrantType.AUTHORIZATION_CODE.value(), GrantType.REFRESH_TOKEN.value(), GrantType.TOKEN_EXCHANGE.value()),
                List.of(),
                methods.stream().map(TokenEndpointAuthMethod::value).toList(),
                List.copyOf(AuthorizationRequest.SUPPORTED_SCOPES),
                List.of(TokenType.ID_JAG.value()),
                true);
        Map<String, Object> map = core.toMap();
        map.put("response_types_supported", List.of("code"));
        map.put("response_modes_supported", List.of("query"));
        map.put("subject_types_supported", List.of("public"));
        map.put("id_token_signing_alg_values_supported", List.of(keys.algorithm()));
        map.put("code_challenge_methods_supported", List.of(Pkce.S256));
        map.put("claims_supported", List.of("iss", "sub", "aud", "exp", "iat", "auth_time", "nonce", "name", "email"));
        map.put("authorization_response_iss_parameter_supported", true);
        if (methods.contains(TokenEndpointAuthMethod.PRIVATE_KEY_JWT)) {
            map.put("token_endpoint_auth_signing_alg_values_supported", ClientAuthenticator.ASSERTION_ALGORITHMS);
        }
        return map;
    }

    private static void add(ServletContext context, String name, Servlet servlet, String... paths) {
        ServletRegistration.Dynamic registration = context.addServlet(name, servlet);
        if (registration == null) {
            throw new IllegalStateException("a servlet named " + name + " is already registered");
        }
        Set<String> conflicts = registration.addMapping(paths);
        if (!conflicts.isEmpty()) {
            throw new IllegalStateException("paths already mapped: " + conflicts);
        }
    }

    /**
     * Builder for {@link IdentityProvider}. Defaults: a fresh ES256 key, the system UTC clock, the {@code DEFAULT_*}
     * lifetimes, {@link ExchangePolicy#DEFAULT}, an {@link InMemoryReplayStore} for client assertion {@code jti}s.
     * Not thread-safe.
     */
    public static final class Builder {
        private final String issuer;
        private SigningKeys signingKeys;
        private final Map<String, IdpClient> clients = new LinkedHashMap<>();
        private final Map<String, IdpUser> users = new LinkedHashMap<>();
        private final List<PolicyRule> rules = new ArrayList<>();
        private final Map<String, Set<String>> allowedUsers = new LinkedHashMap<>();
        private Duration idJagLifetime = DEFAULT_ID_JAG_LIFETIME;
        private Duration idTokenLifetime = DEFAULT_ID_TOKEN_LIFETIME;
        private Duration accessTokenLifetime = DEFAULT_ACCESS_TOKEN_LIFETIME;
        private Duration refreshTokenLifetime = DEFAULT_REFRESH_TOKEN_LIFETIME;
        private Duration authorizationCodeLifetime = DEFAULT_AUTHORIZATION_CODE_LIFETIME;
        private Duration clockSkew = DEFAULT_CLOCK_SKEW;
        private Clock clock = Clock.systemUTC();
        private ExchangePolicy policy = ExchangePolicy.DEFAULT;
        private ReplayStore replayStore;

        private Builder(String issuer) {
            Objects.requireNonNull(issuer, "issuer");
            URI uri;
            try {
                uri = new URI(issuer);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("issuer is not a URL: " + issuer);
            }
            SecureTransport.require(uri, "IdP issuer");
            if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
                throw new IllegalArgumentException("issuer must not have a query or fragment");
            }
            this.issuer = issuer;
        }

        /** The signing keys (default: a fresh ES256 key). */
        public Builder signingKeys(SigningKeys keys) {
            this.signingKeys = Objects.requireNonNull(keys, "keys");
            return this;
        }

        /** Registers a client; a second client with the same id replaces the first. */
        public Builder client(IdpClient client) {
            Objects.requireNonNull(client, "client");
            clients.put(client.clientId(), client);
            return this;
        }

        /** Registers a client with these redirect URIs (none for a client that only exchanges tokens). */
        public Builder client(RegisteredClient registration, String... redirectUris) {
            return client(IdpClient.of(registration, redirectUris));
        }

        /** Adds a user; a second user with the same subject replaces the first. */
        public Builder user(IdpUser user) {
            Objects.requireNonNull(user, "user");
            users.put(user.subject(), user);
            return this;
        }

        /** Adds a row to the token exchange policy table; its client must be registered by {@link #build()}. */
        public Builder allow(PolicyRule rule) {
            rules.add(Objects.requireNonNull(rule, "rule"));
            return this;
        }

        /**
         * Restricts the users this client may obtain ID-JAGs for (others get {@code access_denied}); without this call
         * every configured user is allowed. Calls for one client add up.
         */
        public Builder allowUsers(String clientId, Collection<String> subjects) {
            allowedUsers.computeIfAbsent(Objects.requireNonNull(clientId, "clientId"), k -> new LinkedHashSet<>())
                    .addAll(List.copyOf(subjects));
            return this;
        }

        /** The policy hook, called after the table allowed an exchange (default {@link ExchangePolicy#DEFAULT}). */
        public Builder policy(ExchangePolicy hook) {
            this.policy = Objects.requireNonNull(hook, "hook");
            return this;
        }

        /** ID-JAG lifetime (default {@link #DEFAULT_ID_JAG_LIFETIME}). */
        public Builder idJagLifetime(Duration lifetime) {
            this.idJagLifetime = positive(lifetime, "idJagLifetime");
            return this;
        }

        /** ID token lifetime (default {@link #DEFAULT_ID_TOKEN_LIFETIME}). */
        public Builder idTokenLifetime(Duration lifetime) {
            this.idTokenLifetime = positive(lifetime, "idTokenLifetime");
            return this;
        }

        /** The code flow access token's announced lifetime (default {@link #DEFAULT_ACCESS_TOKEN_LIFETIME}). */
        public Builder accessTokenLifetime(Duration lifetime) {
            this.accessTokenLifetime = positive(lifetime, "accessTokenLifetime");
            return this;
        }

        /** Refresh token lifetime (default {@link #DEFAULT_REFRESH_TOKEN_LIFETIME}). */
        public Builder refreshTokenLifetime(Duration lifetime) {
            this.refreshTokenLifetime = positive(lifetime, "refreshTokenLifetime");
            return this;
        }

        /** Authorization code lifetime (default {@link #DEFAULT_AUTHORIZATION_CODE_LIFETIME}). */
        public Builder authorizationCodeLifetime(Duration lifetime) {
            this.authorizationCodeLifetime = positive(lifetime, "authorizationCodeLifetime");
            return this;
        }

        /** Tolerated clock difference (default {@link #DEFAULT_CLOCK_SKEW}). */
        public Builder clockSkew(Duration skew) {
            Objects.requireNonNull(skew, "skew");
            if (skew.isNegative()) {
                throw new IllegalArgumentException("clockSkew must not be negative");
            }
            this.clockSkew = skew;
            return this;
        }

        /** The clock for every time this IdP writes or checks (default: system UTC). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Where client assertion {@code jti}s are recorded (default: in memory, with this builder's clock). */
        public Builder replayStore(ReplayStore store) {
            this.replayStore = Objects.requireNonNull(store, "store");
            return this;
        }

        /**
         * Builds the IdP.
         *
         * @throws IllegalArgumentException when a rule or user list names an unregistered client or unknown user, or two
         *                                  rules share a client, audience and resource
         */
        public IdentityProvider build() {
            for (PolicyRule rule : rules) {
                if (!clients.containsKey(rule.clientId())) {
                    throw new IllegalArgumentException("policy rule for unregistered client: " + rule.clientId());
                }
            }
            allowedUsers.forEach((client, subjects) -> {
                if (!clients.containsKey(client)) {
                    throw new IllegalArgumentException("allowed users for unregistered client: " + client);
                }
                for (String subject : subjects) {
                    if (!users.containsKey(subject)) {
                        throw new IllegalArgumentException("allowed user is not configured: " + subject);
                    }
                }
            });
            return new IdentityProvider(this);
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException(name + " must be positive");
            }
            return d;
        }
    }
}
