package dev.xaa4j.resource;

import dev.xaa4j.core.DiscoveryUris;
import dev.xaa4j.core.ProtectedResourceMetadata;
import dev.xaa4j.resource.internal.ScopeSets;
import java.net.URI;
import java.util.Collection;
import java.util.Objects;
import java.util.Set;

/**
 * How one MCP server is protected: its RFC 9728 metadata, the verifier of its access tokens, the scopes every request
 * needs and the per-message scope hook. Read by {@link BearerTokenFilter} and {@link ProtectedMcpServlets}.
 *
 * <pre>{@code
 * ResourceServerConfig config = ResourceServerConfig
 *         .builder(ProtectedResourceMetadata.of("https://mcp.example.com/mcp", List.of(asIssuer), List.of("mcp:tools")),
 *                  verifier)
 *         .requiredScopes(Set.of("mcp:tools"))
 *         .scopeRequirement(McpScopeRequirement.forTools(Map.of("delete_file", Set.of("files:write"))))
 *         .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class ResourceServerConfig {

    /** The default bound of a request body the filter reads for the scope hook: 4 MiB. */
    public static final int DEFAULT_MAX_REQUEST_BODY_BYTES = 4 * 1024 * 1024;

    private final ProtectedResourceMetadata metadata;
    private final AccessTokenVerifier verifier;
    private final URI resourceMetadataUrl;
    private final Set<String> requiredScopes;
    private final McpScopeRequirement scopeRequirement;
    private final int maxRequestBodyBytes;

    private ResourceServerConfig(Builder b) {
        this.metadata = b.metadata;
        this.verifier = b.verifier;
        this.resourceMetadataUrl = b.resourceMetadataUrl != null
                ? b.resourceMetadataUrl
                : DiscoveryUris.protectedResourceMetadata(URI.create(metadata.resource())).get(0);
        this.requiredScopes = b.requiredScopes;
        this.scopeRequirement = b.scopeRequirement;
        this.maxRequestBodyBytes = b.maxRequestBodyBytes;
    }

    /**
     * A builder for a resource with this metadata whose tokens this verifier checks.
     *
     * @param metadata the document served at the well-known location; its {@code resource} must be an absolute URL
     * @throws IllegalArgumentException when {@code resource} is not an absolute http(s) URL
     */
    public static Builder builder(ProtectedResourceMetadata metadata, AccessTokenVerifier verifier) {
        return new Builder(metadata, verifier);
    }

    /** The protected resource metadata. */
    public ProtectedResourceMetadata metadata() {
        return metadata;
    }

    /** The access token verifier. */
    public AccessTokenVerifier verifier() {
        return verifier;
    }

    /** The metadata URL sent as {@code resource_metadata} in challenges: by default the path-inserted well-known URL. */
    public URI resourceMetadataUrl() {
        return resourceMetadataUrl;
    }

    /** The scopes every request needs (unmodifiable, in configured order, possibly empty). */
    public Set<String> requiredScopes() {
        return requiredScopes;
    }

    /** The per-message scope hook, or {@code null} when there is none (the request body is then not read). */
    public McpScopeRequirement scopeRequirement() {
        return scopeRequirement;
    }

    /** The largest POST body read for the scope hook; larger bodies get 413. */
    public int maxRequestBodyBytes() {
        return maxRequestBodyBytes;
    }

    /** Configures a {@link ResourceServerConfig}. Not thread-safe. */
    public static final class Builder {
        private final ProtectedResourceMetadata metadata;
        private final AccessTokenVerifier verifier;
        private URI resourceMetadataUrl;
        private Set<String> requiredScopes = Set.of();
        private McpScopeRequirement scopeRequirement;
        private int maxRequestBodyBytes = DEFAULT_MAX_REQUEST_BODY_BYTES;

        private Builder(ProtectedResourceMetadata metadata, AccessTokenVerifier verifier) {
            this.metadata = Objects.requireNonNull(metadata, "metadata");
            this.verifier = Objects.requireNonNull(verifier, "verifier");
            requireHttpUrl(URI.create(metadata.resource()), "metadata resource");
        }

        /**
         * The {@code resource_metadata} URL of challenges. Default: the path-inserted well-known URL of the resource
         * ({@code https://h/mcp} -> {@code https://h/.well-known/oauth-protected-resource/mcp}, RFC 9728 section 3.1).
         */
        public Builder resourceMetadataUrl(URI url) {
            this.resourceMetadataUrl = requireHttpUrl(Objects.requireNonNull(url, "url"), "resource metadata URL");
            return this;
        }

        /**
         * Scopes every request needs; also sent as {@code scope} in the 401 challenge. Default none.
         *
         * @throws IllegalArgumentException when a value is not a valid scope token
         */
        public Builder requiredScopes(Collection<String> scopes) {
            this.requiredScopes = ScopeSets.validCopy(scopes);
            return this;
        }

        /** The per-message scope hook. Default none (the filter then does not read request bodies). */
        public Builder scopeRequirement(McpScopeRequirement requirement) {
            this.scopeRequirement = Objects.requireNonNull(requirement, "requirement");
            return this;
        }

        /** The largest POST body the filter reads for the scope hook. Default {@link #DEFAULT_MAX_REQUEST_BODY_BYTES}. */
        public Builder maxRequestBodyBytes(int bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("bytes must be positive");
            }
            this.maxRequestBodyBytes = bytes;
            return this;
        }

        public ResourceServerConfig build() {
            return new ResourceServerConfig(this);
        }

        private static URI requireHttpUrl(URI url, String what) {
            String scheme = url.getScheme();
            if (!url.isAbsolute() || url.getHost() == null
                    || !("https".equalsIgnoreCase(scheme) || "http".equalsIgnoreCase(scheme))) {
                throw new IllegalArgumentException(what + " must be an absolute http(s) URL");
            }
            return url;
        }
    }
}
