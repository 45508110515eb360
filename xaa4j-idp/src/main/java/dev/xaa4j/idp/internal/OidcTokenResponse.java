package dev.xaa4j.idp.internal;

import dev.xaa4j.core.Scopes;
import dev.xaa4j.core.XaaIdentifiers;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The token response of the authorization code and refresh token grants (RFC 6749 section 5.1, OpenID Connect Core 1.0
 * section 3.1.3.3). The {@code access_token} is an opaque random value that this IdP neither stores nor accepts anywhere
 * (it has no userinfo endpoint); it is there because the response requires one. Stateless.
 */
public final class OidcTokenResponse {

    private OidcTokenResponse() {
    }

    /**
     * The response members.
     *
     * @param refreshToken the refresh token to return, or {@code null}
     */
    public static Map<String, Object> of(String idToken, Duration accessTokenLifetime, String refreshToken,
            Set<String> scopes) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", RandomTokens.newToken());
        body.put("token_type", XaaIdentifiers.TOKEN_TYPE_BEARER);
        body.put("expires_in", accessTokenLifetime.toSeconds());
        body.put("id_token", idToken);
        if (refreshToken != null) {
            body.put("refresh_token", refreshToken);
        }
        if (!scopes.isEmpty()) {
            body.put("scope", Scopes.format(scopes));
        }
        return body;
    }
}
