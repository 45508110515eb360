package dev.xaa4j.mcp.client;

import dev.xaa4j.client.AccessToken;
import dev.xaa4j.client.ClientAuthentication;
import dev.xaa4j.client.HttpOptions;
import dev.xaa4j.client.IdJag;
import dev.xaa4j.client.IdJagRequest;
import dev.xaa4j.client.IdJagSource;
import dev.xaa4j.client.JwtBearerClient;
import dev.xaa4j.client.McpAuthorizationDiscovery;
import dev.xaa4j.client.McpServerAuthorization;
import dev.xaa4j.client.SubjectTokenSource;
import dev.xaa4j.client.TokenBroker;
import dev.xaa4j.client.TokenExchangeClient;
import dev.xaa4j.client.TokenKey;
import dev.xaa4j.client.internal.Texts;
import dev.xaa4j.core.BearerChallenge;
import dev.xaa4j.core.SecureTransport;
import dev.xaa4j.core.XaaIdentifiers;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.HttpRequestSnapshot;
import io.modelcontextprotocol.client.transport.customizer.McpHttpClientTransportAuthorizationErrorHandler;
import io.modelcontextprotocol.client.transport.customizer.McpSyncHttpClientRequestCustomizer;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enterprise-Managed Authorization (Cross-App Access) for the MCP Java SDK's {@link HttpClientStreamableHttpTransport}:
 * the client finds the MCP server's authorization server, exchanges the user's identity assertion at the IdP for an
 * ID-JAG, redeems it for an access token and sends that token on every request (PROTOCOL.md section 2; MCP extension
 * {@code io.modelcontextprotocol/enterprise-managed-authorization}).
 *
 * <pre>{@code
 * CrossAppAccessProvider xaa = CrossAppAccessProvider.builder()
 *         .identityProvider(idp, SubjectTokenSource.staticIdToken(idToken))
 *         .authorizationServerClient("mcp-agent", asClientSecret)
 *         .build();
 * McpSyncClient client = McpClient.sync(xaa.transport("https://mcp.example.com/mcp"))
 *         .capabilities(CrossAppAccessProvider.clientCapabilities())
 *         .build();
 * }</pre>
 *
 * <p>It plugs into the transport through two hooks, which {@link #transport(String)} registers:
 * <ul>
 *   <li>the {@linkplain #requestCustomizer() request customizer} puts {@code Authorization: Bearer} with the cached token
 *       of the server on every request (POST, GET, DELETE); it does no I/O and never blocks, so it is safe on the
 *       SDK's non-blocking threads; a token due for renewal is renewed in the background;</li>
 *   <li>the {@linkplain #authorizationErrorHandler() authorization error handler} runs on a 401 or 403 (on Reactor's
 *       bounded-elastic scheduler, where blocking is fine). On 401 it reads the {@code WWW-Authenticate} challenge,
 *       discovers the server's authorization server (once per server, again when the challenge names other metadata),
 *       drops the rejected token (only if it is still the cached one) and gets a fresh one; on
 *       {@code 403 insufficient_scope} it gets a token for the union of the scopes held and challenged; then the SDK
 *       replays the request. After {@link #MAX_AUTHORIZATION_ATTEMPTS} attempts for one request (for its 401s, and
 *       again for the 403 step-ups that follow them; {@link #MAX_CHAIN_ATTEMPTS} in all) it fails the request with
 *       {@link McpAuthorizationException}.</li>
 * </ul>
 *
 * <p>Tokens come from a {@link TokenBroker}: one token exchange and one JWT bearer grant however many requests wait for
 * a token, renewal before expiry, and a fresh ID-JAG for every access token. The ID token (or other subject token) goes
 * only to the IdP's token endpoint, the ID-JAG only to the authorization server that discovery validated, the access
 * token only to the MCP server it was issued for; with an {@linkplain Builder#allowedAuthorizationServers(Collection)
 * allow-list}, an authorization server outside it is refused during discovery, before anything is sent to it or to the
 * IdP.
 *
 * <p>Immutable configuration, thread-safe: one provider serves any number of transports and servers for one user (one
 * {@link IdJagSource}); several providers may share a {@link TokenBroker}.
 */
public final class CrossAppAccessProvider implements AutoCloseable {

    /** Authorization attempts (fresh tokens) for one request before it fails with {@link McpAuthorizationException}. */
    public static final int MAX_AUTHORIZATION_ATTEMPTS = 3;

    /**
     * Authorization attempts for one request across 401s and 403s: {@link #MAX_AUTHORIZATION_ATTEMPTS} for each kind, so
     * that a server alternating them cannot make the provider fetch tokens without end.
     */
    public static final int MAX_CHAIN_ATTEMPTS = 2 * MAX_AUTHORIZATION_ATTEMPTS;

    private static final Logger LOG = LoggerFactory.getLogger(CrossAppAccessProvider.class);
    private static final String AUTHORIZATION = "Authorization";
    private static final int LEDGER_SIZE = 64;

    private final IdJagSource idJags;
    private final String idpIssuer;
    private final String subjectKey;
    private final ClientAuthentication defaultClient;
    private final Map<String, ClientAuthentication> clients;
    private final HttpOptions httpOptions;
    private final McpAuthorizationDiscovery discovery;
    private final TokenBroker broker;
    private final boolean ownsBroker;
    private final Map<URI, ServerState> servers = new ConcurrentHashMap<>();
    private final McpSyncHttpClientRequestCustomizer requestCustomizer = this::customize;
    private final McpHttpClientTransportAuthorizationErrorHandler errorHandler = new ErrorHandler();

    private CrossAppAccessProvider(Builder b) {
        this.idJags = b.idJags;
        this.idpIssuer = b.idJags.idpIssuer() != null ? b.idJags.idpIssuer() : "id-jag-callback";
        this.subjectKey = b.idJags.subjectKey() != null ? b.idJags.subjectKey() : "provider:" + UUID.randomUUID();
        this.defaultClient = b.defaultClient;
        this.clients = Map.copyOf(b.clients);
        this.httpOptions = b.httpOptions;
        Set<String> allowed = new LinkedHashSet<>(); // empty: any
        if (defaultClient == null) {
            allowed.addAll(clients.keySet());
        } else if (!b.allowed.isEmpty()) {
            allowed.addAll(b.allowed);
            allowed.addAll(clients.keySet());
        }
        this.discovery = McpAuthorizationDiscovery.builder()
                .httpOptions(httpOptions)
                .allowedAuthorizationServers(allowed)
                .build();
        this.ownsBroker = b.broker == null;
        this.broker = b.broker != null ? b.broker : TokenBroker.builder()
                .clock(b.clock != null ? b.clock : Clock.systemUTC())
                .refreshMargin(b.refreshMargin != null ? b.refreshMargin : TokenBroker.DEFAULT_REFRESH_MARGIN)
                .build();
    }

    /** Starts a builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A transport for the MCP server at this URL with the provider's request customizer and authorization error handler,
     * for {@code McpClient.sync(...)} or {@code McpClient.async(...)}.
     *
     * @param mcpUrl the MCP endpoint, for example {@code https://mcp.example.com/mcp}; https, or http to a loopback host
     * @throws IllegalArgumentException for a URL that is not absolute http(s)
     * @throws dev.xaa4j.core.InsecureEndpointException for http to a host that is not loopback
     */
    public HttpClientStreamableHttpTransport transport(String mcpUrl) {
        return transportBuilder(mcpUrl).build();
    }

    /**
     * A transport builder for the MCP server at this URL, with the provider's hooks registered, for more options. Add
     * request customizers with {@code addHttpRequestCustomizer}: the deprecated {@code httpRequestCustomizer} replaces
     * the provider's.
     *
     * @throws IllegalArgumentException for a URL that is not absolute http(s)
     * @throws dev.xaa4j.core.InsecureEndpointException for http to a host that is not loopback
     */
    public HttpClientStreamableHttpTransport.Builder transportBuilder(String mcpUrl) {
        URI uri = mcpUri(mcpUrl);
        server(uri);
        String endpoint = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        return HttpClientStreamableHttpTransport.builder(uri.getScheme() + "://" + uri.getRawAuthority())
                .endpoint(endpoint)
                .addHttpRequestCustomizer(requestCustomizer)
                .authorizationErrorHandler(errorHandler);
    }

    /**
     * Authorizes ahead of the first request (discovery without a challenge, then a token), so that even
     * {@code initialize} carries a token. Optional: without it, the first request's 401 starts the same steps. Blocks.
     *
     * @throws dev.xaa4j.client.XaaClientException when discovery or a token request fails
     */
    public void authorize(String mcpUrl) {
        ServerState server = server(mcpUri(mcpUrl));
        Target target = server.target(null);
        authorizeServer(server, target, target.authorization().scopes(), null, 0, Chain.NONE);
    }

    /**
     * The request customizer: attaches the server's cached token ({@code Authorization: Bearer}); no I/O, never blocks.
     * Register it with {@code addHttpRequestCustomizer}, together with {@link #authorizationErrorHandler()}.
     */
    public McpSyncHttpClientRequestCustomizer requestCustomizer() {
        return requestCustomizer;
    }

    /**
     * The authorization error handler for 401 and 403 answers: discovery, a fresh token, replay; its
     * {@code maxRetries()} leaves the bound to {@link #MAX_AUTHORIZATION_ATTEMPTS}.
     */
    public McpHttpClientTransportAuthorizationErrorHandler authorizationErrorHandler() {
        return errorHandler;
    }

    /** The token broker (the provider's own, or the shared one it was built with). */
    public TokenBroker tokenBroker() {
        return broker;
    }

    /**
     * Client capabilities that declare the extension ({@code "extensions": {"io.modelcontextprotocol/enterprise-managed-authorization": {}}},
     * for protocol 2025-11-25). The declaration is informational: servers learn nothing they need from it.
     */
    public static McpSchema.ClientCapabilities clientCapabilities() {
        return clientCapabilities(McpSchema.ClientCapabilities.builder().build());
    }

    /** These capabilities with the extension declared besides their own extensions. */
    public static McpSchema.ClientCapabilities clientCapabilities(McpSchema.ClientCapabilities base) {
        Objects.requireNonNull(base, "base");
        Map<String, Map<String, Object>> extensions = new LinkedHashMap<>();
        if (base.extensions() != null) {
            extensions.putAll(base.extensions());
        }
        extensions.put(XaaIdentifiers.MCP_EXTENSION_ID, Map.of());
        return new McpSchema.ClientCapabilities(base.experimental(), base.roots(), base.sampling(), base.elicitation(),
                extensions);
    }

    /** Stops the renewal threads of the provider's own broker; a shared broker is left to its owner. */
    @Override
    public void close() {
        if (ownsBroker) {
            broker.close();
        }
    }

    @Override
    public String toString() {
        return "CrossAppAccessProvider[" + idJags + ", servers=" + servers.size() + "]";
    }

    private static URI mcpUri(String mcpUrl) {
        Objects.requireNonNull(mcpUrl, "mcpUrl");
        URI uri = URI.create(mcpUrl);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))
                || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("the MCP server URL must be an absolute http(s) URL without a fragment");
        }
        SecureTransport.require(uri, "MCP server");
        return uri;
    }

    private ServerState server(URI uri) {
        return servers.computeIfAbsent(uri, ServerState::new);
    }

    private void customize(HttpRequest.Builder builder, String method, URI uri, String body, McpTransportContext context) {
        ServerState server = servers.get(uri);
        TokenKey key = server == null ? null : server.key;
        if (key != null) {
            broker.cached(key).ifPresent(token -> builder.setHeader(AUTHORIZATION, token.authorizationHeaderValue()));
        }
    }

    /** The 401/403 handler, on a thread where blocking is allowed. */
    private boolean authorizeAfter(HttpRequestSnapshot request, HttpResponse.ResponseInfo response) {
        ServerState server = server(request.requestUri());
        int status = response.statusCode();
        BearerChallenge challenge = BearerChallenge.parse(response.headers().allValues("WWW-Authenticate")).orElse(null);
        String rejected = bearerToken(request.headers());
        Chain behind = server.chainBehind(rejected, status);
        int attempts = behind.attempts();
        boolean stepUp = status == 403;
        if (stepUp && (challenge == null || !challenge.isInsufficientScope() || challenge.scopes().isEmpty())) {
            throw new McpAuthorizationException(McpAuthorizationException.Reason.FORBIDDEN, server.url, status, attempts,
                    "the MCP server at " + Texts.display(server.url) + " refused the request with HTTP 403"
                            + describe(challenge) + "; it names no insufficient scope, so a new token would not help");
        }
        if (attempts >= MAX_AUTHORIZATION_ATTEMPTS) {
            throw giveUp(server, status, challenge, attempts);
        }
        if (behind.total() >= MAX_CHAIN_ATTEMPTS) {
            throw giveUp(server, status, challenge, behind.total());
        }
        LOG.debug("{} {} answered {}: authorizing (attempt {} of {})", request.method(), Texts.display(server.url), status,
                attempts + 1, MAX_AUTHORIZATION_ATTEMPTS);
        Target target = server.target(challenge);
        Set<String> scopes = stepUp || !challenge(challenge).isEmpty()
                ? challenge.scopes()
                : Set.copyOf(target.authorization().protectedResourceMetadata().scopesSupported());
        authorizeServer(server, target, scopes, rejected, status, behind);
        return true;
    }

    /**
     * Gets a token for the server with these scopes plus the ones its current key holds, drops the rejected token (for a
     * 403, only from the new key: it stays good for the old scopes), and makes the new key the server's.
     *
     * @param status the status that asked for it (401, 403), or 0 when authorizing ahead
     * @param behind the attempts of the request chain so far
     */
    private void authorizeServer(ServerState server, Target target, Set<String> scopes, String rejected, int status,
                                 Chain behind) {
        McpServerAuthorization authorization = target.authorization();
        TokenKey held = server.key;
        Set<String> union = new LinkedHashSet<>();
        if (held != null && held.resource().equals(authorization.resource())
                && held.authorizationServerIssuer().equals(authorization.authorizationServerIssuer())) {
            union.addAll(held.scopes());
        }
        union.addAll(scopes);
        TokenKey key = new TokenKey(idpIssuer, subjectKey, authorization.authorizationServerIssuer(),
                authorization.resource(), union);
        if (rejected != null) {
            broker.invalidate(key, rejected);
            if (status == 401 && held != null && !held.equals(key)) {
                broker.invalidate(held, rejected);
            }
        }
        AccessToken token = broker.token(key, () -> fetch(authorization, key));
        server.record(token.token(), new Chain(behind.attempts() + 1, status, behind.total() + 1));
        server.use(key);
    }

    /** A fresh ID-JAG, then the JWT bearer grant at the authorization server with the client's registration there. */
    private AccessToken fetch(McpServerAuthorization authorization, TokenKey key) {
        ClientAuthentication client = clients.getOrDefault(key.authorizationServerIssuer(), defaultClient);
        IdJag idJag = idJags.get(new IdJagRequest(key.authorizationServerIssuer(), key.resource(), key.scopes()));
        return JwtBearerClient.builder(authorization.authorizationServer(), client)
                .httpOptions(httpOptions)
                .build()
                .requestAccessToken(idJag.token(), key.scopes(), null);
    }

    private McpAuthorizationException giveUp(ServerState server, int status, BearerChallenge challenge, int attempts) {
        TokenKey key = server.key;
        String asked = key == null ? "[]" : key.scopes().toString();
        if (status == 403) {
            return new McpAuthorizationException(McpAuthorizationException.Reason.STEP_UP_LOOP, server.url, status, attempts,
                    "the MCP server at " + Texts.display(server.url) + " still answers 403 insufficient_scope"
                            + describe(challenge) + " after " + attempts + " authorization attempts asking for " + asked
                            + "; the IdP or the authorization server does not grant these scopes");
        }
        return new McpAuthorizationException(McpAuthorizationException.Reason.REJECTED_FRESH_TOKEN, server.url, status,
                attempts, "the MCP server at " + Texts.display(server.url) + " rejected " + attempts
                        + " fresh access tokens in a row (HTTP " + status + describe(challenge) + "); it does not accept the "
                        + "tokens of " + (key == null ? "its authorization server" : Texts.quoted(key.authorizationServerIssuer()))
                        + " for this resource");
    }

    private static Set<String> challenge(BearerChallenge challenge) {
        return challenge == null ? Set.of() : challenge.scopes();
    }

    private static String describe(BearerChallenge challenge) {
        if (challenge == null) {
            return ", no Bearer challenge";
        }
        StringBuilder sb = new StringBuilder();
        if (challenge.error() != null) {
            sb.append(", error=").append(Texts.quoted(challenge.error()));
        }
        if (challenge.errorDescription() != null) {
            sb.append(", error_description=").append(Texts.quoted(challenge.errorDescription()));
        }
        if (challenge.scope() != null) {
            sb.append(", scope=").append(Texts.quoted(challenge.scope()));
        }
        return sb.toString();
    }

    /** The bearer token a request carried, or {@code null}. */
    private static String bearerToken(HttpHeaders headers) {
        String value = headers.firstValue(AUTHORIZATION).orElse(null);
        if (value == null || value.length() < 7 || !value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = value.substring(7).trim();
        return token.isEmpty() ? null : token;
    }

    /** What discovery found for a server, and the challenge's {@code resource_metadata} it started from. */
    private record Target(McpServerAuthorization authorization, String resourceMetadata) {

        /** Whether a challenge names other metadata than the one this target came from. */
        boolean isStaleFor(String hint) {
            return hint != null && !hint.equals(resourceMetadata)
                    && !hint.equals(authorization.protectedResourceMetadataUrl().toString());
        }
    }

    /** One MCP server: what discovery found, the key of its current token, and the attempts behind recent tokens. */
    private final class ServerState {
        final URI url;
        volatile Target target;
        volatile TokenKey key;
        /** Token to the attempts of the request chain that obtained it; guarded by itself. */
        private final Map<String, Chain> ledger = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Chain> eldest) {
                return size() > LEDGER_SIZE;
            }
        };

        ServerState(URI url) {
            this.url = url;
        }

        /** Discovery, once per server (and again when the challenge names other metadata); single flight. */
        Target target(BearerChallenge challenge) {
            String hint = challenge == null ? null : challenge.resourceMetadata();
            synchronized (this) {
                Target t = target;
                if (t == null || t.isStaleFor(hint)) {
                    t = new Target(discovery.discover(url, challenge), hint);
                    target = t;
                    LOG.debug("{}: resource {}, authorization server {}", Texts.display(url), t.authorization().resource(),
                            t.authorization().authorizationServerIssuer());
                }
                return t;
            }
        }

        /**
         * The chain behind a token the server refused with this status: the one that obtained it, none for no token or one
         * obtained elsewhere (a background renewal, {@link #authorize(String)}). A 403 to a token that a 401 chain obtained
         * starts counting step-up attempts afresh (the server accepted the token as valid, so that earlier request may have
         * succeeded), but the chain's total goes on: a server alternating 401 and 403 still meets
         * {@link #MAX_CHAIN_ATTEMPTS}.
         */
        Chain chainBehind(String rejected, int status) {
            if (rejected == null) {
                return Chain.NONE;
            }
            Chain chain;
            synchronized (ledger) {
                chain = ledger.get(rejected);
            }
            if (chain == null) {
                return Chain.NONE;
            }
            return chain.status() == 401 && status == 403 ? new Chain(0, status, chain.total()) : chain;
        }

        /**
         * Makes the key the one whose token the customizer attaches, unless a concurrent handler already chose one for the
         * same authorization server and resource with at least these scopes (a step-up is never undone by a race).
         */
        synchronized void use(TokenKey newKey) {
            TokenKey current = key;
            if (current == null || !current.resource().equals(newKey.resource())
                    || !current.authorizationServerIssuer().equals(newKey.authorizationServerIssuer())
                    || !current.scopes().containsAll(newKey.scopes())) {
                key = newKey;
            }
        }

        void record(String token, Chain chain) {
            synchronized (ledger) {
                Chain old = ledger.get(token);
                if (old == null || old.total() < chain.total()) {
                    ledger.put(token, chain);
                }
            }
        }
    }

    /**
     * The authorization attempts of a request chain since the status that asked for the last one (401 or 403), that
     * status, and all the chain's attempts.
     */
    private record Chain(int attempts, int status, int total) {
        static final Chain NONE = new Chain(0, 0, 0);
    }

    /** Bridges the SDK's handler to {@link #authorizeAfter}: blocking work on the bounded-elastic scheduler, our own bound. */
    private final class ErrorHandler implements McpHttpClientTransportAuthorizationErrorHandler {
        private final McpHttpClientTransportAuthorizationErrorHandler sync =
                McpHttpClientTransportAuthorizationErrorHandler.fromSync((request, response, context) -> authorizeAfter(request, response));

        @Override
        public Publisher<Boolean> handle(HttpRequestSnapshot request, HttpResponse.ResponseInfo response,
                                         McpTransportContext context) {
            return sync.handle(request, response, context);
        }

        /** One more than our bound for a whole chain, so that the handler, not the SDK, ends the loop with a typed error. */
        @Override
        public int maxRetries() {
            return MAX_CHAIN_ATTEMPTS + 1;
        }
    }

    /** Builder for {@link CrossAppAccessProvider}. Not thread-safe. */
    public static final class Builder {
        private IdJagSource idJags;
        private ClientAuthentication defaultClient;
        private final Map<String, ClientAuthentication> clients = new LinkedHashMap<>();
        private List<String> allowed = List.of();
        private HttpOptions httpOptions = HttpOptions.defaults();
        private Clock clock;
        private Duration refreshMargin;
        private TokenBroker broker;

        private Builder() {
        }

        /**
         * The user's IdP: token exchange there ({@link IdJagSource#tokenExchange(TokenExchangeClient, SubjectTokenSource)})
         * with the subject tokens of {@code subjectTokens}. Either this or {@link #idJagSource(IdJagSource)} is required.
         */
        public Builder identityProvider(TokenExchangeClient idp, SubjectTokenSource subjectTokens) {
            return idJagSource(IdJagSource.tokenExchange(idp, subjectTokens));
        }

        /** Where ID-JAGs come from, for example a callback of the application. */
        public Builder idJagSource(IdJagSource source) {
            this.idJags = Objects.requireNonNull(source, "source");
            return this;
        }

        /** The client's registration at the authorization servers, with {@code client_secret_basic}. */
        public Builder authorizationServerClient(String clientId, String clientSecret) {
            return authorizationServerClient(ClientAuthentication.clientSecretBasic(clientId, clientSecret));
        }

        /**
         * The client's registration at the authorization servers (any method), used with every authorization server
         * that has no registration of its own; with {@link #allowedAuthorizationServers(Collection)}, only with those.
         */
        public Builder authorizationServerClient(ClientAuthentication authentication) {
            this.defaultClient = Objects.requireNonNull(authentication, "authentication");
            return this;
        }

        /**
         * The client's registration at one authorization server, by its issuer (compared character for character); that
         * server is then allowed even when it is not in {@link #allowedAuthorizationServers(Collection)}.
         */
        public Builder authorizationServerClient(String issuer, ClientAuthentication authentication) {
            clients.put(Objects.requireNonNull(issuer, "issuer"), Objects.requireNonNull(authentication, "authentication"));
            return this;
        }

        /**
         * Pins the authorization servers the registration of {@link #authorizationServerClient(ClientAuthentication)} may
         * be used with (PROTOCOL.md section 7), compared with the protected resource metadata's
         * {@code authorization_servers} character for character. An MCP server whose metadata lists none of them fails
         * discovery, before any request to the authorization server or the IdP. Default: empty, any authorization
         * server (when there is a default registration; without one, only those with a registration of their own).
         */
        public Builder allowedAuthorizationServers(Collection<String> issuers) {
            this.allowed = List.copyOf(Objects.requireNonNull(issuers, "issuers"));
            return this;
        }

        /** Network settings for discovery and the JWT bearer grant; default {@link HttpOptions#defaults()}. */
        public Builder httpOptions(HttpOptions options) {
            this.httpOptions = Objects.requireNonNull(options, "options");
            return this;
        }

        /** The clock of the provider's own token broker; default {@link Clock#systemUTC()}. Not with a shared broker. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * How long before expiry the provider's own broker renews a token; default
         * {@link TokenBroker#DEFAULT_REFRESH_MARGIN}. Not with a shared broker.
         */
        public Builder refreshMargin(Duration margin) {
            this.refreshMargin = Objects.requireNonNull(margin, "margin");
            return this;
        }

        /** A token broker shared with other providers; default: one of the provider's own. */
        public Builder tokenBroker(TokenBroker broker) {
            this.broker = Objects.requireNonNull(broker, "broker");
            return this;
        }

        /**
         * @throws IllegalStateException without an IdP or ID-JAG source, without any authorization server registration,
         *                               or with a clock or refresh margin besides a shared broker
         */
        public CrossAppAccessProvider build() {
            if (idJags == null) {
                throw new IllegalStateException("set identityProvider(...) or idJagSource(...)");
            }
            if (defaultClient == null && clients.isEmpty()) {
                throw new IllegalStateException("set authorizationServerClient(...): the client's registration at the "
                        + "authorization server");
            }
            if (broker != null && (clock != null || refreshMargin != null)) {
                throw new IllegalStateException("clock and refreshMargin configure the provider's own broker; "
                        + "configure the shared broker instead");
            }
            return new CrossAppAccessProvider(this);
        }
    }
}
