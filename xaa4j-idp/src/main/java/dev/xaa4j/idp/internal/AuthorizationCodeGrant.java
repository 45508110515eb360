package dev.xaa4j.idp.internal;

import dev.xaa4j.core.OAuthError;
import dev.xaa4j.core.OAuthException;
import dev.xaa4j.idp.IdpUser;
import dev.xaa4j.server.AuthenticatedClient;
import dev.xaa4j.server.GrantHandler;
import dev.xaa4j.server.TokenEndpointRequest;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The authorization code grant (RFC 6749 section 4.1.3, OpenID Connect Core 1.0 section 3.1.3, RFC 7636 section 4.5):
 * redeems a code for an ID token, an opaque access token and, when {@code offline_access} was granted, a refresh token.
 *
 * <p>Rules, each {@code invalid_grant} unless noted: client authentication ({@code invalid_client}); {@code code},
 * {@code redirect_uri} and {@code code_verifier} present ({@code invalid_request}); the code known, unexpired and not
 * redeemed before (a second redemption also revokes the refresh token issued on the first); issued to the authenticated
 * client; {@code redirect_uri} equal to the authorization request's; {@code code_verifier} well-formed
 * ({@code invalid_request}) and matching the S256 challenge; the user still configured. Thread-safe.
 */
public final class AuthorizationCodeGrant implements GrantHandler {

    private static final Logger LOG = LoggerFactory.getLogger(AuthorizationCodeGrant.class);

    /** The scope value that asks for a refresh token (OpenID Connect Core 1.0 section 11). */
    public static final String OFFLINE_ACCESS = "offline_access";

    private final ClientAuthentication clientAuthentication;
    private final AuthorizationCodes codes;
    private final IdTokens idTokens;
    private final RefreshTokens refreshTokens;
    private final Map<String, IdpUser> users;
    private final Duration accessTokenLifetime;

    public AuthorizationCodeGrant(ClientAuthentication clientAuthentication, AuthorizationCodes codes, IdTokens idTokens,
            RefreshTokens refreshTokens, Map<String, IdpUser> users, Duration accessTokenLifetime) {
        this.clientAuthentication = Objects.requireNonNull(clientAuthentication, "clientAuthentication");
        this.codes = Objects.requireNonNull(codes, "codes");
        this.idTokens = Objects.requireNonNull(idTokens, "idTokens");
        this.refreshTokens = Objects.requireNonNull(refreshTokens, "refreshTokens");
        this.users = Map.copyOf(users);
        this.accessTokenLifetime = Objects.requireNonNull(accessTokenLifetime, "accessTokenLifetime");
    }

    @Override
    public Map<String, Object> handle(TokenEndpointRequest request) {
        AuthenticatedClient client = clientAuthentication.authenticate(request);
        String code = request.required("code");
        String redirectUri = request.required("redirect_uri");
        String verifier = request.required("code_verifier");
        if (!Pkce.isValidVerifier(verifier)) {
            throw new OAuthException(OAuthError.invalidRequest("code_verifier must be 43 to 128 unreserved characters"));
        }
        AuthorizationCodes.Redemption redemption = codes.redeem(code, refreshTokens::revokeByDigest);
        if (redemption.reused()) {
            LOG.warn("an authorization code was redeemed twice (client {}); its refresh token is revoked", client.clientId());
            throw invalidGrant("code was already used");
        }
        AuthorizationCodes.Pending pending = redemption.pending();
        if (pending == null) {
            throw invalidGrant("code is unknown or expired");
        }
        if (!pending.clientId().equals(client.clientId())) {
            throw invalidGrant("code was issued to another client");
        }
        if (!pending.redirectUri().equals(redirectUri)) {
            throw invalidGrant("redirect_uri does not match the authorization request");
        }
        if (!Pkce.matches(verifier, pending.codeChallenge())) {
            throw invalidGrant("code_verifier does not match the code_challenge");
        }
        IdpUser user = users.get(pending.subject());
        if (user == null) {
            throw invalidGrant("the user is no longer configured");
        }
        String refreshToken = null;
        if (pending.scopes().contains(OFFLINE_ACCESS)) {
            refreshToken = refreshTokens.issue(new RefreshTokens.Grant(user.subject(), client.clientId(), pending.scopes(),
                    pending.authTime()));
            codes.recordRefreshToken(code, refreshToken);
        }
        IdTokens.Issued idToken = idTokens.issue(user, client.clientId(), pending.authTime(), pending.nonce());
        return OidcTokenResponse.of(idToken.token(), accessTokenLifetime, refreshToken, pending.scopes());
    }

    private static OAuthException invalidGrant(String description) {
        return new OAuthException(OAuthError.invalidGrant(description));
    }
}
