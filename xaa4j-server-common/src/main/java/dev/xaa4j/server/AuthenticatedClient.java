package dev.xaa4j.server;

import java.util.Objects;

/**
 * The outcome of client authentication at a token endpoint.
 *
 * @param clientId the authenticated client id
 * @param method   how it authenticated
 * @param client   its registration
 */
public record AuthenticatedClient(String clientId, TokenEndpointAuthMethod method, RegisteredClient client) {
    public AuthenticatedClient {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(client, "client");
    }
}
