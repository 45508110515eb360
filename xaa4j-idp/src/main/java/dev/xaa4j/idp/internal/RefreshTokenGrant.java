package dev.xaa4j.idp.internal;

import dev.xaa4j.core.OAuthError;
import dev.xaa4j.core.OAuthException;
import dev.xaa4j.core.Scopes;
import dev.xaa4j.idp.IdpUser;
import dev.xaa4j.server.AuthenticatedClient;
import dev.xaa4j.server.GrantHandler;
import dev.xaa4j.server.TokenEndpointRequest;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The refresh token grant (RFC 6749 section 6) for ID tokens: a new ID token (OpenID Connect Core 1.0 section 12.2) with
 * the original {@code auth_time}, an opaque access token, and a rotated refresh token; the presented one stops working.
 *
 * <p>Rules: client authentication ({@code invalid_client}); {@code refresh_token} present ({@code invalid_request}); the
 * token known and unexpired and issued to the authenticated client ({@code invalid_grant}); a {@code scope}, if sent, within
 * the originally granted scopes ({@code invalid_scope}; the rotated token keeps the original scopes); the user still
 * configured ({@code invalid_grant}). Thread-safe; of two concurrent uses of one token, one wins.
 */
public final class RefreshTokenGrant implements GrantHandler {

    private final ClientAuthentication clientAuthentication;
    private final IdTokens idTokens;
    private final RefreshTokens refreshTokens;
    private final Map<String, IdpUser> users;
    private final Duration accessTokenLifetime;

    public RefreshTokenGrant(ClientAuthentication clientAuthentication, IdTokens idTokens, RefreshTokens refreshTokens,
            Map<String, IdpUser> users, Duration accessTokenLifetime) {
        this.clientAuthentication = Objects.requireNonNull(clientAuthentication, "clientAuthentication");
        this.idTokens = Objects.requireNonNull(idTokens, "idTokens");
        this.refreshTokens = Objects.requireNonNull(refreshTokens, "refreshTokens");
        this.users = Map.copyOf(users);
        this.accessTokenLifetime = Objects.requireNonNull(accessTokenLifetime, "accessTokenLifetime");
    }

    @Override
    public Map<String, Object> handle(TokenEndpointRequest request) {
        AuthenticatedClient client = clientAuthentication.authenticate(request);
        String token = request.required("refresh_token");
        RefreshTokens.Grant grant = refreshTokens.find(token);
        if (grant == null) {
            throw invalidGrant("refresh_token is unknown, expired or revoked");
        }
        if (!grant.clientId().equals(client.clientId())) {
            throw invalidGrant("refresh_token was issued to another client");
        }
        Set<String> scopes = grant.scopes();
        if (request.has("scope")) {
            scopes = Scopes.parse(request.get("scope"));
            if (!grant.scopes().containsAll(scopes)) {
                throw new OAuthException(OAuthError.invalidScope("scope exceeds the scope originally granted"));
            }
        }
        IdpUser user = users.get(grant.subject());
        if (user == null) {
            throw invalidGrant("the user is no longer configured");
        }
        if (refreshTokens.take(token) == null) {
            throw invalidGrant("refresh_token is unknown, expired or revoked");
        }
        String rotated = refreshTokens.issue(grant);
        IdTokens.Issued idToken = idTokens.issue(user, client.clientId(), grant.authTime(), null);
        return OidcTokenResponse.of(idToken.token(), accessTokenLifetime, rotated, scopes);
    }

    private static OAuthException invalidGrant(String description) {
        return new OAuthException(OAuthError.invalidGrant(description));
    }
}
