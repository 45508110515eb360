package dev.xaa4j.resource;

import dev.xaa4j.resource.internal.ImmutableJson;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The caller an MCP server sees after a verified RFC 9068 JWT access token (RFC 9068 section 2.2): who the user is, which
 * client acts for them, and what the token grants.
 *
 * <p>{@link BearerTokenFilter} stores it in the request attribute {@link BearerTokenFilter#PRINCIPAL_ATTRIBUTE};
 * {@link McpPrincipalContextExtractor} hands it to MCP tool handlers. It never holds the token itself. Immutable and
 * thread-safe: the scope set and the claims map (with nested lists and objects) are unmodifiable copies.
 *
 * @param subject   {@code sub}, the user as the authorization server names them
 * @param clientId  {@code client_id}, the MCP client the token was issued to
 * @param scopes    the values of {@code scope}, empty when absent
 * @param issuer    {@code iss}, the authorization server
 * @param expiresAt {@code exp}
 * @param jwtId     {@code jti}, or {@code null}
 * @param claims    every claim of the token as JSON values (strings, numbers, booleans, lists, maps); times as seconds
 */
public record AccessTokenPrincipal(
        String subject,
        String clientId,
        Set<String> scopes,
        String issuer,
        Instant expiresAt,
        String jwtId,
        Map<String, Object> claims) {

    public AccessTokenPrincipal {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(expiresAt, "expiresAt");
        scopes = scopes == null ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(scopes));
        claims = claims == null ? Map.of() : ImmutableJson.copyOf(claims);
    }

    /** Whether the token grants every one of these scopes. */
    public boolean hasScopes(Set<String> required) {
        return scopes.containsAll(required);
    }
}
