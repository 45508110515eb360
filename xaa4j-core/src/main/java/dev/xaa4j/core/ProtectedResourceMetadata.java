package dev.xaa4j.core;

import dev.xaa4j.core.internal.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * OAuth 2.0 Protected Resource Metadata (RFC 9728 section 2), the document an MCP server publishes at
 * {@code /.well-known/oauth-protected-resource[/path]}.
 *
 * <p>Only the members MCP uses are kept; unknown members are ignored when parsing. Immutable and thread-safe.
 *
 * @param resource                the resource identifier (required)
 * @param authorizationServers    issuer identifiers of the authorization servers (may be empty in the document; the
 *                                client rejects that)
 * @param scopesSupported         scopes the resource understands, empty when absent
 * @param bearerMethodsSupported  how a bearer token may be sent, empty when absent
 * @param jwksUri                 {@code jwks_uri}, or {@code null}
 * @param resourceName            {@code resource_name}, or {@code null}
 * @param resourceDocumentation   {@code resource_documentation}, or {@code null}
 */
public record ProtectedResourceMetadata(
        String resource,
        List<String> authorizationServers,
        List<String> scopesSupported,
        List<String> bearerMethodsSupported,
        String jwksUri,
        String resourceName,
        String resourceDocumentation) {

    public ProtectedResourceMetadata {
        Objects.requireNonNull(resource, "resource");
        authorizationServers = authorizationServers == null ? List.of() : List.copyOf(authorizationServers);
        scopesSupported = scopesSupported == null ? List.of() : List.copyOf(scopesSupported);
        bearerMethodsSupported = bearerMethodsSupported == null ? List.of() : List.copyOf(bearerMethodsSupported);
    }

    /** Metadata for an MCP server: the resource, its authorization servers and scopes, {@code bearer_methods_supported: ["header"]}. */
    public static ProtectedResourceMetadata of(String resource, List<String> authorizationServers, List<String> scopes) {
        return new ProtectedResourceMetadata(resource, authorizationServers, scopes, List.of("header"), null, null, null);
    }

    /**
     * Parses a metadata document.
     *
     * @throws InvalidMetadataException when the body is not a JSON object, {@code resource} is missing, or a member has the
     *                                  wrong type (the message names the member)
     */
    public static ProtectedResourceMetadata parse(String json) {
        try {
            Map<String, Object> map = Json.parseObject(json);
            String resource = Json.optString(map, "resource");
            if (resource == null || resource.isEmpty()) {
                throw new InvalidMetadataException("protected resource metadata has no 'resource'");
            }
            return new ProtectedResourceMetadata(
                    resource,
                    Json.optStringList(map, "authorization_servers"),
                    Json.optStringList(map, "scopes_supported"),
                    Json.optStringList(map, "bearer_methods_supported"),
                    Json.optString(map, "jwks_uri"),
                    Json.optString(map, "resource_name"),
                    Json.optString(map, "resource_documentation"));
        } catch (IllegalArgumentException e) {
            throw new InvalidMetadataException("protected resource metadata: " + e.getMessage());
        }
    }

    /** Serializes the document; absent members are left out. */
    public String toJson() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("resource", resource);
        map.put("authorization_servers", authorizationServers);
        if (!scopesSupported.isEmpty()) {
            map.put("scopes_supported", scopesSupported);
        }
        if (!bearerMethodsSupported.isEmpty()) {
            map.put("bearer_methods_supported", bearerMethodsSupported);
        }
        putIfPresent(map, "jwks_uri", jwksUri);
        putIfPresent(map, "resource_name", resourceName);
        putIfPresent(map, "resource_documentation", resourceDocumentation);
        return Json.write(map);
    }

    private static void putIfPresent(Map<String, Object> map, String name, String value) {
        if (value != null) {
            map.put(name, value);
        }
    }
}
