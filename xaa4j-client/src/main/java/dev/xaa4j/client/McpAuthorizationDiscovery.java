package dev.xaa4j.client;

import dev.xaa4j.client.XaaClientException.Reason;
import dev.xaa4j.client.XaaClientException.Step;
import dev.xaa4j.client.internal.HttpTransport;
import dev.xaa4j.client.internal.MetadataFetcher;
import dev.xaa4j.client.internal.Texts;
import dev.xaa4j.core.AuthorizationServerMetadata;
import dev.xaa4j.core.BearerChallenge;
import dev.xaa4j.core.DiscoveryUris;
import dev.xaa4j.core.GrantType;
import dev.xaa4j.core.InvalidMetadataException;
import dev.xaa4j.core.ProtectedResourceMetadata;
import dev.xaa4j.core.ResourceIdentifiers;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * MCP authorization discovery (PROTOCOL.md section 2 step 0; MCP authorization specification; RFC 9728, RFC 8414): from
 * an MCP server URL, and the {@code WWW-Authenticate} challenge of its 401 when there is one, to the authorization server
 * that issues its tokens.
 *
 * <ol>
 *   <li>Protected resource metadata, in order: the challenge's {@code resource_metadata} URL, the path-inserted
 *       well-known URL, the root well-known URL ({@link DiscoveryUris#protectedResourceMetadata(URI)}). A 4xx answer
 *       (typically 404) moves on to the next location; a 5xx, a redirect, a timeout or a network failure stops discovery.</li>
 *   <li>Its {@code resource} must identify the server ({@link ResourceIdentifiers#identifies(String, URI)}: same origin,
 *       the resource's path a segment-wise prefix of the server's), and {@code authorization_servers} must not be empty.</li>
 *   <li>The authorization server: the first listed, or the first listed that is in the allow-list
 *       ({@link Builder#allowedAuthorizationServers(Collection)}).</li>
 *   <li>Its metadata ({@link #discoverAuthorizationServer(String)}): the locations of
 *       {@link DiscoveryUris#authorizationServerMetadata(String)} in order, {@code issuer} equal character for character,
 *       a {@code token_endpoint}.</li>
 *   <li>The ID-JAG verdict ({@link IdJagSupport}); {@link IdJagSupport#NOT_ADVERTISED} fails discovery unless
 *       {@link Builder#allowUnadvertisedIdJagSupport()}.</li>
 *   <li>The scope to ask for: the challenge's {@code scope}, else the PRM {@code scopes_supported}, else none.</li>
 * </ol>
 *
 * <pre>{@code
 * McpAuthorizationDiscovery discovery = McpAuthorizationDiscovery.builder()
 *         .allowedAuthorizationServers(List.of("https://auth.chat.example/"))
 *         .build();
 * McpServerAuthorization target = discovery.discover(URI.create("https://mcp.chat.example/mcp"),
 *         BearerChallenge.parse(response.headers().allValues("WWW-Authenticate")).orElse(null));
 * }</pre>
 *
 * Immutable and thread-safe. Results are not cached.
 */
public final class McpAuthorizationDiscovery {

    private static final String PRM = "protected resource metadata";

    private final HttpOptions httpOptions;
    private final MetadataFetcher fetcher;
    private final List<String> allowedIssuers;
    private final boolean allowUnadvertisedIdJagSupport;

    private McpAuthorizationDiscovery(Builder b) {
        this.httpOptions = b.httpOptions;
        this.fetcher = new MetadataFetcher(new HttpTransport(b.httpOptions));
        this.allowedIssuers = b.allowedIssuers;
        this.allowUnadvertisedIdJagSupport = b.allowUnadvertisedIdJagSupport;
    }

    /** Starts a builder: default network settings, any authorization server, unadvertised ID-JAG support refused. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Discovers without a challenge (proactively, before the first request to the server).
     *
     * @throws DiscoveryException when a step fails; {@link XaaClientException#reason()} tells which rule
     */
    public McpServerAuthorization discover(URI serverUrl) {
        return discover(serverUrl, null);
    }

    /**
     * Discovers from the server URL and the {@code Bearer} challenge of its 401.
     *
     * @param serverUrl the MCP server URL the client calls
     * @param challenge the challenge, or {@code null}; its {@code resource_metadata} is tried first and its {@code scope}
     *                  wins over {@code scopes_supported}
     * @throws DiscoveryException when a step fails; {@link XaaClientException#reason()} tells which rule
     */
    public McpServerAuthorization discover(URI serverUrl, BearerChallenge challenge) {
        Objects.requireNonNull(serverUrl, "serverUrl");
        if (!serverUrl.isAbsolute() || serverUrl.getHost() == null) {
            throw new IllegalArgumentException("serverUrl must be an absolute URL");
        }
        MetadataFetcher.Found found = fetcher.fetchFirst(prmLocations(serverUrl, challenge), Step.DISCOVERY, PRM);
        ProtectedResourceMetadata prm;
        try {
            prm = ProtectedResourceMetadata.parse(found.body());
        } catch (InvalidMetadataException e) {
            throw fail(Reason.INVALID_METADATA, "the " + PRM + " at " + Texts.display(found.url()) + " is unusable: "
                    + e.getMessage(), e);
        }
        if (!ResourceIdentifiers.identifies(prm.resource(), serverUrl)) {
            throw fail(Reason.RESOURCE_MISMATCH, "the " + PRM + " at " + Texts.display(found.url()) + " is for resource "
                    + Texts.quoted(prm.resource()) + ", which does not identify " + Texts.display(serverUrl)
                    + " (RFC 9728 section 3.3)", null);
        }
        String issuer = chooseAuthorizationServer(prm, found.url());
        AuthorizationServerMetadata as;
        try {
            as = discoverAuthorizationServer(issuer);
        } catch (IllegalArgumentException e) {
            throw fail(Reason.INVALID_METADATA, "the " + PRM + " at " + Texts.display(found.url())
                    + " lists an authorization server that is not an issuer URL: " + Texts.quoted(issuer), e);
        }
        IdJagSupport support = verdict(as);
        if (!support.isAdvertised() && !allowUnadvertisedIdJagSupport) {
            throw fail(Reason.ID_JAG_NOT_SUPPORTED, "the authorization server " + Texts.quoted(issuer) + " advertises "
                    + "neither the ID-JAG grant profile (authorization_grant_profiles_supported) nor the JWT bearer grant "
                    + "(grant_types_supported" + (as.grantTypesPresent() ? "" : " is absent: RFC 8414 default")
                    + "), so it does not take ID-JAGs; allowUnadvertisedIdJagSupport() tries anyway", null);
        }
        return new McpServerAuthorization(serverUrl, found.url(), prm, as, support, scopes(challenge, prm));
    }

    /**
     * Fetches and validates an authorization server's metadata from its issuer: the locations of
     * {@link DiscoveryUris#authorizationServerMetadata(String)} in order (next on 4xx), {@code issuer} equal character for
     * character (RFC 8414 section 3.3), a {@code token_endpoint} that is an absolute https (or loopback) URL. Does not
     * judge ID-JAG support ({@link #idJagSupport(AuthorizationServerMetadata)} does).
     *
     * @throws DiscoveryException       when no usable document is found
     * @throws IllegalArgumentException when the issuer is not an http(s) URL without query and fragment
     */
    public AuthorizationServerMetadata discoverAuthorizationServer(String issuer) {
        Objects.requireNonNull(issuer, "issuer");
        return fetcher.serverMetadata(issuer, DiscoveryUris.authorizationServerMetadata(issuer), Step.DISCOVERY,
                "authorization server metadata");
    }

    /**
     * The ID-JAG verdict for an authorization server's metadata: the grant profile listed, else the JWT bearer grant
     * listed (with RFC 8414's default when {@code grant_types_supported} is absent), else not advertised.
     */
    public static IdJagSupport idJagSupport(AuthorizationServerMetadata metadata) {
        return verdict(Objects.requireNonNull(metadata, "metadata"));
    }

    /** The network settings. */
    public HttpOptions httpOptions() {
        return httpOptions;
    }

    private static IdJagSupport verdict(AuthorizationServerMetadata as) {
        if (as.advertisesIdJagProfile()) {
            return IdJagSupport.PROFILE_ADVERTISED;
        }
        if (as.supportsGrantType(GrantType.JWT_BEARER)) {
            return IdJagSupport.JWT_BEARER_ADVERTISED;
        }
        return IdJagSupport.NOT_ADVERTISED;
    }

    private static List<URI> prmLocations(URI serverUrl, BearerChallenge challenge) {
        Set<URI> out = new LinkedHashSet<>();
        if (challenge != null && challenge.resourceMetadata() != null) {
            URI header;
            try {
                header = new URI(challenge.resourceMetadata());
            } catch (URISyntaxException e) {
                header = null;
            }
            if (header == null || !header.isAbsolute() || header.getHost() == null) {
                throw fail(Reason.INVALID_METADATA, "the challenge's resource_metadata is not an absolute URL: "
                        + Texts.quoted(challenge.resourceMetadata()), null);
            }
            out.add(header);
        }
        out.addAll(DiscoveryUris.protectedResourceMetadata(serverUrl));
        return new ArrayList<>(out);
    }

    private String chooseAuthorizationServer(ProtectedResourceMetadata prm, URI source) {
        if (prm.authorizationServers().isEmpty()) {
            throw fail(Reason.NO_AUTHORIZATION_SERVER, "the " + PRM + " at " + Texts.display(source)
                    + " lists no authorization_servers", null);
        }
        if (allowedIssuers.isEmpty()) {
            return prm.authorizationServers().get(0);
        }
        for (String issuer : prm.authorizationServers()) {
            if (allowedIssuers.contains(issuer)) {
                return issuer;
            }
        }
        List<String> listed = prm.authorizationServers().stream().map(Texts::quoted).toList();
        throw fail(Reason.NO_AUTHORIZATION_SERVER, "none of the authorization servers " + listed + " listed by the " + PRM
                + " at " + Texts.display(source) + " is allowed", null);
    }

    private static Set<String> scopes(BearerChallenge challenge, ProtectedResourceMetadata prm) {
        if (challenge != null && !challenge.scopes().isEmpty()) {
            return challenge.scopes();
        }
        return new LinkedHashSet<>(prm.scopesSupported());
    }

    private static XaaClientException fail(Reason reason, String detail, Throwable cause) {
        return XaaClientException.of(Step.DISCOVERY, reason, detail, null, 0, cause);
    }

    /** Builder for {@link McpAuthorizationDiscovery}. Not thread-safe. */
    public static final class Builder {
        private HttpOptions httpOptions = HttpOptions.defaults();
        private List<String> allowedIssuers = List.of();
        private boolean allowUnadvertisedIdJagSupport;

        private Builder() {
        }

        /** Network settings; default {@link HttpOptions#defaults()}. */
        public Builder httpOptions(HttpOptions options) {
            this.httpOptions = Objects.requireNonNull(options, "options");
            return this;
        }

        /**
         * Pins the authorization servers this client may use (PROTOCOL.md section 7), compared with the PRM's
         * {@code authorization_servers} character for character; the first listed one that is allowed is chosen, and none
         * fails discovery. Default: empty, any (the first listed).
         */
        public Builder allowedAuthorizationServers(Collection<String> issuers) {
            this.allowedIssuers = List.copyOf(Objects.requireNonNull(issuers, "issuers"));
            return this;
        }

        /**
         * Accepts an authorization server that advertises neither the ID-JAG profile nor the JWT bearer grant (the result
         * says {@link IdJagSupport#NOT_ADVERTISED}), for servers with incomplete metadata. Default: such a server fails
         * discovery with {@link Reason#ID_JAG_NOT_SUPPORTED}, before the IdP is contacted.
         */
        public Builder allowUnadvertisedIdJagSupport() {
            this.allowUnadvertisedIdJagSupport = true;
            return this;
        }

        public McpAuthorizationDiscovery build() {
            return new McpAuthorizationDiscovery(this);
        }
    }
}
