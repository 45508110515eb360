package dev.xaa4j.idp.internal;

import dev.xaa4j.server.AuthenticatedClient;
import dev.xaa4j.server.ClientAuthenticator;
import dev.xaa4j.server.TokenEndpointRequest;
import java.util.List;
import java.util.Objects;

/**
 * Client authentication at this IdP's token endpoint: a {@link ClientAuthenticator} and the audiences a client assertion
 * may name (the issuer and the token endpoint URL). Public clients pass only when registered as public. Thread-safe.
 */
public final class ClientAuthentication {

    private final ClientAuthenticator authenticator;
    private final List<String> assertionAudiences;

    public ClientAuthentication(ClientAuthenticator authenticator, List<String> assertionAudiences) {
        this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
        this.assertionAudiences = List.copyOf(assertionAudiences);
    }

    /**
     * Authenticates the request's client.
     *
     * @throws dev.xaa4j.core.OAuthException {@code invalid_client} or {@code invalid_request}
     */
    public AuthenticatedClient authenticate(TokenEndpointRequest request) {
        return authenticator.authenticate(request, assertionAudiences);
    }
}
