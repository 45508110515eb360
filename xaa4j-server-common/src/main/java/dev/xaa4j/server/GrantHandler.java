package dev.xaa4j.server;

import java.util.Map;

/**
 * Handles one grant type at a token endpoint: applies the rules and returns the success response members, or throws one
 * {@link dev.xaa4j.core.OAuthException}.
 *
 * <p>Implementations must be thread-safe; they receive the parsed request and never touch servlet types.
 */
@FunctionalInterface
public interface GrantHandler {

    /**
     * Processes the request.
     *
     * @return the JSON members of the RFC 6749 section 5.1 (or RFC 8693 section 2.2.1) success response
     * @throws dev.xaa4j.core.OAuthException the error to answer
     */
    Map<String, Object> handle(TokenEndpointRequest request);
}
