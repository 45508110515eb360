package dev.xaa4j.client;

import dev.xaa4j.client.internal.Arguments;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * What an ID-JAG is needed for: the {@code audience}, {@code resource} and {@code scope} of a token exchange (RFC 8693
 * section 2.1, ID-JAG draft section 4.3, PROTOCOL.md section 3). The argument of {@link IdJagSource#get(IdJagRequest)}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param authorizationServerIssuer the resource authorization server's issuer, from its validated metadata
 * @param resource                  the MCP server's resource identifier (its protected resource metadata {@code resource})
 * @param scopes                    the scopes of the MCP server to ask for, empty for none
 */
public record IdJagRequest(String authorizationServerIssuer, String resource, Set<String> scopes) {

    /** @throws IllegalArgumentException for an empty issuer or resource, or an invalid scope value */
    public IdJagRequest {
        Arguments.requireText(authorizationServerIssuer, "authorizationServerIssuer");
        Arguments.requireText(resource, "resource");
        scopes = Collections.unmodifiableSet(new LinkedHashSet<>(Arguments.scopes(Objects.requireNonNull(scopes, "scopes"))));
    }
}
