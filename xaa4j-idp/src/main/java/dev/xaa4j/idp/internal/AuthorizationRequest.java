package dev.xaa4j.idp.internal;

import dev.xaa4j.core.OAuthError;
import dev.xaa4j.core.Scopes;
import dev.xaa4j.idp.IdpClient;
import dev.xaa4j.server.TokenEndpointRequest;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A validated OpenID Connect authentication request (OpenID Connect Core 1.0 section 3.1.2.1; RFC 6749 section 4.1.1;
 * RFC 7636 section 4.3), as the authorization endpoint receives it on {@code GET} and again, from the login form's hidden
 * fields, on {@code POST}.
 *
 * <p>Checked in this order: {@code client_id} registered and {@code redirect_uri} one of its registered URIs, exactly
 * (otherwise the user sees an error page and is never redirected); then, answered by redirect: {@code request} and
 * {@code request_uri} not supported, {@code response_type} {@code code}, {@code response_mode} absent or {@code query},
 * {@code scope} containing {@code openid}, {@code code_challenge} present and well-formed with
 * {@code code_challenge_method} {@code S256} ({@code plain}, and the method's absence, which means plain, are refused),
 * {@code state} and {@code nonce} at most {@value #MAX_VALUE_LENGTH} characters, {@code prompt} not {@code none} (there
 * are no sessions to sign in silently). Scope values other than {@link #SUPPORTED_SCOPES} are ignored.
 *
 * @param client        the registered client
 * @param redirectUri   the registered redirect URI used
 * @param scopes        the granted scopes (the supported ones among those requested)
 * @param state         {@code state}, or {@code null}
 * @param nonce         {@code nonce}, or {@code null}
 * @param codeChallenge the S256 {@code code_challenge}
 */
public record AuthorizationRequest(IdpClient client, String redirectUri, Set<String> scopes, String state, String nonce,
        String codeChallenge) {

    /** The scope values this IdP knows. */
    public static final Set<String> SUPPORTED_SCOPES = Collections.unmodifiableSet(
            new LinkedHashSet<>(List.of("openid", "profile", "email", AuthorizationCodeGrant.OFFLINE_ACCESS)));

    static final int MAX_VALUE_LENGTH = 1024;

    /** A request that cannot be answered by redirect: the user sees {@code message}. */
    public static final class NotRedirectable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotRedirectable(String message) {
            super(message, null, false, false);
        }
    }

    /** A request answered with an error redirect to a registered {@code redirect_uri} (RFC 6749 section 4.1.2.1). */
    public static final class Redirectable extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient OAuthError error;
        private final String redirectUri;
        private final String state;

        Redirectable(OAuthError error, String redirectUri, String state) {
            super(error.toString(), null, false, false);
            this.error = error;
            this.redirectUri = redirectUri;
            this.state = state;
        }

        public OAuthError error() {
            return error;
        }

        public String redirectUri() {
            return redirectUri;
        }

        public String state() {
            return state;
        }
    }

    /**
     * Validates the parameters.
     *
     * @throws NotRedirectable for an unknown client or redirect URI
     * @throws Redirectable    for any other error
     */
    public static AuthorizationRequest parse(TokenEndpointRequest p, Map<String, IdpClient> clients) {
        String clientId = p.get("client_id");
        if (clientId == null) {
            throw new NotRedirectable("The request has no client_id.");
        }
        IdpClient client = clients.get(clientId);
        if (client == null) {
            throw new NotRedirectable("The client_id is not registered at this identity provider.");
        }
        String redirectUri = p.get("redirect_uri");
        if (redirectUri == null) {
            throw new NotRedirectable("The request has no redirect_uri.");
        }
        if (!client.hasRedirectUri(redirectUri)) {
            throw new NotRedirectable("The redirect_uri is not registered for this client.");
        }
        String state = p.get("state");
        if (state != null && state.length() > MAX_VALUE_LENGTH) {
            throw new Redirectable(OAuthError.invalidRequest("state is too long"), redirectUri, null);
        }
        if (p.has("request")) {
            throw new Redirectable(OAuthError.of("request_not_supported", "request objects are not supported"),
                    redirectUri, state);
        }
        if (p.has("request_uri")) {
            throw new Redirectable(OAuthError.of("request_uri_not_supported", "request_uri is not supported"),
                    redirectUri, state);
        }
        String responseType = p.get("response_type");
        if (responseType == null) {
            throw new Redirectable(OAuthError.invalidRequest("missing parameter 'response_type'"), redirectUri, state);
        }
        if (!"code".equals(responseType)) {
            throw new Redirectable(OAuthError.of("unsupported_response_type", "response_type must be code"),
                    redirectUri, state);
        }
        String responseMode = p.get("response_mode");
        if (responseMode != null && !"query".equals(responseMode)) {
            throw new Redirectable(OAuthError.invalidRequest("response_mode must be query"), redirectUri, state);
        }
        Set<String> requested = Scopes.parse(p.get("scope"));
        if (!requested.stream().allMatch(Scopes::isValidToken)) {
            throw new Redirectable(OAuthError.invalidScope("scope is malformed"), redirectUri, state);
        }
        if (!requested.contains("openid")) {
            throw new Redirectable(OAuthError.invalidScope("scope must contain openid"), redirectUri, state);
        }
        String challenge = p.get("code_challenge");
        if (challenge == null) {
            throw new Redirectable(OAuthError.invalidRequest("code_challenge is required (PKCE, S256)"), redirectUri, state);
        }
        if (!Pkce.S256.equals(p.get("code_challenge_method"))) {
            throw new Redirectable(OAuthError.invalidRequest("code_challenge_method must be S256"), redirectUri, state);
        }
        if (!Pkce.isValidChallenge(challenge)) {
            throw new Redirectable(OAuthError.invalidRequest("code_challenge is not an S256 challenge"), redirectUri, state);
        }
        String nonce = p.get("nonce");
        if (nonce != null && nonce.length() > MAX_VALUE_LENGTH) {
            throw new Redirectable(OAuthError.invalidRequest("nonce is too long"), redirectUri, state);
        }
        if ("none".equals(p.get("prompt"))) {
            throw new Redirectable(OAuthError.of("login_required", "this identity provider keeps no sessions"),
                    redirectUri, state);
        }
        Set<String> granted = new LinkedHashSet<>(requested);
        granted.retainAll(SUPPORTED_SCOPES);
        return new AuthorizationRequest(client, redirectUri, Collections.unmodifiableSet(granted), state, nonce, challenge);
    }

    /** The parameters that reproduce this request, for the login form's hidden fields. */
    public Map<String, String> toParameters() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("client_id", client.clientId());
        out.put("redirect_uri", redirectUri);
        out.put("response_type", "code");
        out.put("scope", Scopes.format(scopes));
        if (state != null) {
            out.put("state", state);
        }
        if (nonce != null) {
            out.put("nonce", nonce);
        }
        out.put("code_challenge", codeChallenge);
        out.put("code_challenge_method", Pkce.S256);
        return out;
    }
}
