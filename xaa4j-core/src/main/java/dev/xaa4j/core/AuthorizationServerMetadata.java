package dev.xaa4j.core;

import dev.xaa4j.core.internal.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Authorization server metadata (RFC 8414 section 2, and the OpenID Connect Discovery document, which shares its members),
 * with the members Enterprise-Managed Authorization reads.
 *
 * <p>Lists are empty when the member is absent; {@link #grantTypesSupportedOrDefault()} applies RFC 8414's default.
 * Unknown members are ignored. Immutable and thread-safe.
 *
 * @param issuer                                        {@code issuer} (required)
 * @param tokenEndpoint                                 {@code token_endpoint}, or {@code null}
 * @param authorizationEndpoint                         {@code authorization_endpoint}, or {@code null}
 * @param jwksUri                                       {@code jwks_uri}, or {@code null}
 * @param grantTypesSupported                           {@code grant_types_supported} as sent (empty when absent)
 * @param authorizationGrantProfilesSupported           {@code authorization_grant_profiles_supported}
 * @param tokenEndpointAuthMethodsSupported             {@code token_endpoint_auth_methods_supported}
 * @param scopesSupported                               {@code scopes_supported}
 * @param identityChainingRequestedTokenTypesSupported  {@code identity_chaining_requested_token_types_supported} (IdPs)
 * @param grantTypesPresent                             whether {@code grant_types_supported} was present at all (always
 *                                                      {@code true} when {@code grantTypesSupported} is not empty)
 */
public record AuthorizationServerMetadata(
        String issuer,
        String tokenEndpoint,
        String authorizationEndpoint,
        String jwksUri,
        List<String> grantTypesSupported,
        List<String> authorizationGrantProfilesSupported,
        List<String> tokenEndpointAuthMethodsSupported,
        List<String> scopesSupported,
        List<String> identityChainingRequestedTokenTypesSupported,
        boolean grantTypesPresent) {

    public AuthorizationServerMetadata {
        Objects.requireNonNull(issuer, "issuer");
        grantTypesSupported = copy(grantTypesSupported);
        grantTypesPresent = grantTypesPresent || !grantTypesSupported.isEmpty();
        authorizationGrantProfilesSupported = copy(authorizationGrantProfilesSupported);
        tokenEndpointAuthMethodsSupported = copy(tokenEndpointAuthMethodsSupported);
        scopesSupported = copy(scopesSupported);
        identityChainingRequestedTokenTypesSupported = copy(identityChainingRequestedTokenTypesSupported);
    }

    private static List<String> copy(List<String> list) {
        return list == null ? List.of() : List.copyOf(list);
    }

    /**
     * The grant types, with RFC 8414's default ({@code authorization_code}, {@code implicit}) when the member is absent.
     */
    public List<String> grantTypesSupportedOrDefault() {
        return grantTypesPresent ? grantTypesSupported : List.of("authorization_code", "implicit");
    }

    /** Whether the metadata lists the ID-JAG grant profile. */
    public boolean advertisesIdJagProfile() {
        return authorizationGrantProfilesSupported.contains(XaaIdentifiers.ID_JAG_GRANT_PROFILE);
    }

    /** Whether the metadata (with RFC 8414's default applied) lists the given grant type. */
    public boolean supportsGrantType(GrantType grantType) {
        return grantTypesSupportedOrDefault().contains(grantType.value());
    }

    /**
     * Parses a metadata document.
     *
     * @throws InvalidMetadataException when the body is not a JSON object, {@code issuer} is missing, or a member has the
     *                                  wrong type (the message names the member)
     */
    public static AuthorizationServerMetadata parse(String json) {
        try {
            Map<String, Object> map = Json.parseObject(json);
            String issuer = Json.optString(map, "issuer");
            if (issuer == null || issuer.isEmpty()) {
                throw new InvalidMetadataException("authorization server metadata has no 'issuer'");
            }
            return new AuthorizationServerMetadata(
                    issuer,
                    Json.optString(map, "token_endpoint"),
                    Json.optString(map, "authorization_endpoint"),
                    Json.optString(map, "jwks_uri"),
                    Json.optStringList(map, "grant_types_supported"),
                    Json.optStringList(map, "authorization_grant_profiles_supported"),
                    Json.optStringList(map, "token_endpoint_auth_methods_supported"),
                    Json.optStringList(map, "scopes_supported"),
                    Json.optStringList(map, "identity_chaining_requested_token_types_supported"),
                    map.get("grant_types_supported") != null);
        } catch (IllegalArgumentException e) {
            throw new InvalidMetadataException("authorization server metadata: " + e.getMessage());
        }
    }

    /** Serializes the document; empty lists and absent members are left out (except a present {@code grant_types_supported}). */
    public String toJson() {
        return Json.write(toMap());
    }

    /** The document as a mutable map, for servers that add members of their own before serializing. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("issuer", issuer);
        putIfPresent(map, "authorization_endpoint", authorizationEndpoint);
        putIfPresent(map, "token_endpoint", tokenEndpoint);
        putIfPresent(map, "jwks_uri", jwksUri);
        if (grantTypesPresent) {
            map.put("grant_types_supported", grantTypesSupported);
        }
        putIfNotEmpty(map, "authorization_grant_profiles_supported", authorizationGrantProfilesSupported);
        putIfNotEmpty(map, "token_endpoint_auth_methods_supported", tokenEndpointAuthMethodsSupported);
        putIfNotEmpty(map, "scopes_supported", scopesSupported);
        putIfNotEmpty(map, "identity_chaining_requested_token_types_supported", identityChainingRequestedTokenTypesSupported);
        return map;
    }

    private static void putIfPresent(Map<String, Object> map, String name, String value) {
        if (value != null) {
            map.put(name, value);
        }
    }

    private static void putIfNotEmpty(Map<String, Object> map, String name, List<String> value) {
        if (!value.isEmpty()) {
            map.put(name, value);
        }
    }
}
