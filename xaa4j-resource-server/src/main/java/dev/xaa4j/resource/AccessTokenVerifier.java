package dev.xaa4j.resource;

/**
 * Checks an access token presented to the MCP server and tells who it stands for (RFC 6750 section 2.1 tokens, RFC 9068
 * for the JWT format).
 *
 * <p>{@link JwtAccessTokenVerifier} verifies RFC 9068 JWT access tokens locally; an implementation may instead call an
 * RFC 7662 introspection endpoint. Implementations must be thread-safe: {@link BearerTokenFilter} calls one instance from
 * every request thread. They must never log the token or put it in an exception message.
 */
@FunctionalInterface
public interface AccessTokenVerifier {

    /**
     * Verifies a token.
     *
     * @param token the token as sent after {@code Bearer }
     * @return the principal the token stands for
     * @throws InvalidAccessTokenException when the token is not acceptable, or could not be checked
     */
    AccessTokenPrincipal verify(String token);
}
