package dev.xaa4j.client;

import dev.xaa4j.client.XaaClientException.Step;
import dev.xaa4j.client.internal.Arguments;
import dev.xaa4j.client.internal.TokenResponses;
import dev.xaa4j.core.AuthorizationServerMetadata;
import dev.xaa4j.core.GrantType;
import dev.xaa4j.core.Scopes;
import dev.xaa4j.core.TokenType;
import java.net.URI;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Requests at the IdP's token endpoint: token exchange of the user's identity assertion for an ID-JAG (RFC 8693 section
 * 2.1, ID-JAG draft section 4.3, PROTOCOL.md section 3), the SAML step 1a (assertion for an IdP refresh token, ID-JAG
 * draft section 4.5), and the refresh token grant for a new ID token (RFC 6749 section 6).
 *
 * <p>Token exchange sends {@code grant_type} token-exchange, {@code requested_token_type} id-jag, {@code audience} (the
 * resource authorization server's issuer), {@code resource} (the MCP server's RFC 9728 identifier; required unless
 * {@link Builder#allowOmittingResource()}), {@code scope} when there is one, {@code subject_token} and
 * {@code subject_token_type}, plus the client authentication. The answer must be 200 JSON with {@code access_token} (the
 * ID-JAG) and {@code issued_token_type} id-jag; {@code token_type} is not enforced (IdPs differ), {@code expires_in} is
 * optional, a {@code refresh_token} is ignored.
 *
 * <pre>{@code
 * TokenExchangeClient idp = TokenExchangeClient.fromIssuer("https://acme.idp.example",
 *                 ClientAuthentication.clientSecretBasic("agent", idpSecret))
 *         .build();                                    // fetches the IdP metadata
 * McpServerAuthorization target = McpAuthorizationDiscovery.builder().build().discover(mcpUrl);
 * IdJag idJag = idp.requestIdJag(SubjectToken.idToken(idToken), target);
 * }</pre>
 *
 * Immutable and thread-safe: build one per IdP registration and share it.
 */
public final class TokenExchangeClient {

    private static final String WHAT = "IdP token endpoint";
    private static final Pattern BASE64URL = Pattern.compile("[A-Za-z0-9_-]+={0,2}");
    private static final List<String> SAML_EXCHANGE_SCOPE = List.of("openid", "offline_access");

    private final TokenEndpoint endpoint;
    private final boolean resourceRequired;
    private final HttpOptions httpOptions;

    private TokenExchangeClient(TokenEndpoint endpoint, boolean resourceRequired, HttpOptions httpOptions) {
        this.endpoint = endpoint;
        this.resourceRequired = resourceRequired;
        this.httpOptions = httpOptions;
    }

    /**
     * A builder for the IdP token endpoint at this URL.
     *
     * @param tokenEndpoint  the IdP's {@code token_endpoint}; HTTPS unless loopback (checked on each request)
     * @param authentication the client's registration at the IdP
     */
    public static Builder builder(URI tokenEndpoint, ClientAuthentication authentication) {
        return new Builder(Objects.requireNonNull(tokenEndpoint, "tokenEndpoint"), null,
                Objects.requireNonNull(authentication, "authentication"));
    }

    /**
     * A builder for an IdP whose metadata is known ({@link IdentityProviderDiscovery}): its {@code token_endpoint}, and its
     * {@code issuer} as the audience of {@code private_key_jwt} assertions.
     *
     * @throws IllegalArgumentException when the metadata has no {@code token_endpoint}
     */
    public static Builder builder(AuthorizationServerMetadata idpMetadata, ClientAuthentication authentication) {
        Objects.requireNonNull(idpMetadata, "idpMetadata");
        if (idpMetadata.tokenEndpoint() == null) {
            throw new IllegalArgumentException("the IdP metadata has no token_endpoint");
        }
        return builder(URI.create(idpMetadata.tokenEndpoint()), authentication).issuer(idpMetadata.issuer());
    }

    /**
     * A builder that discovers the IdP from its issuer when {@link Builder#build()} runs
     * ({@link IdentityProviderDiscovery#discover(String)} with the builder's {@link HttpOptions}).
     */
    public static Builder fromIssuer(String issuer, ClientAuthentication authentication) {
        Objects.requireNonNull(issuer, "issuer");
        return new Builder(null, issuer, Objects.requireNonNull(authentication, "authentication"));
    }

    /**
     * Exchanges the user's identity assertion for an ID-JAG.
     *
     * @param subjectToken the ID token, SAML assertion or IdP refresh token
     * @param audience     the resource authorization server's issuer (from its validated metadata)
     * @param resource     the MCP server's resource identifier (the PRM {@code resource}); {@code null} only when the
     *                     client was built with {@link Builder#allowOmittingResource()}
     * @param scopes       scopes of the MCP server to ask for; empty for none
     * @throws TokenExchangeException       when the IdP refuses, the answer is not an ID-JAG, or the request fails;
     *                                      {@link XaaClientException#isSubjectTokenUnusable()} tells a rejected subject token
     * @throws IllegalArgumentException     for an empty audience, a missing resource, or an invalid scope value
     */
    public IdJag requestIdJag(SubjectToken subjectToken, String audience, String resource, Collection<String> scopes) {
        Objects.requireNonNull(subjectToken, "subjectToken");
        Arguments.requireText(audience, "audience");
        if (resource == null && resourceRequired) {
            throw new IllegalArgumentException("resource is required (PROTOCOL.md decision 1); "
                    + "build the client with allowOmittingResource() to send none");
        }
        if (resource != null) {
            Arguments.requireResourceIdentifier(resource);
        }
        Set<String> scope = Arguments.scopes(scopes);
        Map<String, String> params = new LinkedHashMap<>();
        params.put("grant_type", GrantType.TOKEN_EXCHANGE.value());
        params.put("requested_token_type", TokenType.ID_JAG.value());
        params.put("audience", audience);
        params.put("resource", resource);
        params.put("scope", Scopes.format(scope));
        params.put("subject_token", subjectToken.token());
        params.put("subject_token_type", subjectToken.type().value());
        return endpoint.post(params, Step.TOKEN_EXCHANGE, json -> {
            TokenResponses.requireIssuedTokenType(json, TokenType.ID_JAG.value(), Step.TOKEN_EXCHANGE, WHAT);
            return new IdJag(
                    TokenResponses.requiredString(json, "access_token", Step.TOKEN_EXCHANGE, WHAT),
                    TokenResponses.expiresIn(json, Step.TOKEN_EXCHANGE, WHAT),
                    TokenResponses.grantedScope(json, scope, Step.TOKEN_EXCHANGE, WHAT));
        });
    }

    /**
     * Exchanges the user's identity assertion for an ID-JAG for a discovered MCP server: {@code audience} = the
     * authorization server's issuer, {@code resource} = the PRM {@code resource}, scopes = {@link McpServerAuthorization#scopes()}.
     *
     * @throws TokenExchangeException as {@link #requestIdJag(SubjectToken, String, String, Collection)}
     */
    public IdJag requestIdJag(SubjectToken subjectToken, McpServerAuthorization target) {
        Objects.requireNonNull(target, "target");
        return requestIdJag(subjectToken, target.authorizationServerIssuer(), target.resource(), target.scopes());
    }

    /**
     * The SAML step 1a: exchanges a SAML 2.0 assertion for an IdP refresh token ({@code requested_token_type} refresh_token,
     * {@code subject_token_type} saml2, {@code scope=openid offline_access}). The answer must have {@code issued_token_type}
     * refresh_token; the refresh token is its {@code access_token} member (RFC 8693 section 2.2.1).
     *
     * @param base64UrlAssertion the SAML assertion, base64url-encoded
     * @throws TokenExchangeException   (step {@link Step#SAML_EXCHANGE}) when the IdP refuses or the answer is wrong
     * @throws IllegalArgumentException when the assertion is not base64url text (for example raw XML)
     */
    public IdpRefreshToken exchangeSamlAssertion(String base64UrlAssertion) {
        Arguments.requireText(base64UrlAssertion, "base64UrlAssertion");
        if (!BASE64URL.matcher(base64UrlAssertion).matches()) {
            throw new IllegalArgumentException("the SAML assertion must be base64url-encoded");
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put("grant_type", GrantType.TOKEN_EXCHANGE.value());
        params.put("requested_token_type", TokenType.REFRESH_TOKEN.value());
        params.put("scope", Scopes.format(SAML_EXCHANGE_SCOPE));
        params.put("subject_token", base64UrlAssertion);
        params.put("subject_token_type", TokenType.SAML2.value());
        return endpoint.post(params, Step.SAML_EXCHANGE, json -> {
            TokenResponses.requireIssuedTokenType(json, TokenType.REFRESH_TOKEN.value(), Step.SAML_EXCHANGE, WHAT);
            return new IdpRefreshToken(
                    TokenResponses.requiredString(json, "access_token", Step.SAML_EXCHANGE, WHAT),
                    TokenResponses.expiresIn(json, Step.SAML_EXCHANGE, WHAT),
                    TokenResponses.grantedScope(json, SAML_EXCHANGE_SCOPE, Step.SAML_EXCHANGE, WHAT));
        });
    }

    /**
     * The refresh token grant at the IdP (RFC 6749 section 6), to renew an expired ID token: sends {@code grant_type}
     * refresh_token, {@code refresh_token} and, when given, {@code scope} (for example {@code openid}; omitted, the IdP keeps
     * the original scope). The answer must carry an {@code id_token} (OpenID Connect Core section 12.2).
     *
     * @param scopes the scope to ask for, empty to send none
     * @throws IdTokenRefreshException when the IdP refuses ({@link XaaClientException#isSubjectTokenUnusable()}: sign the
     *                                 user in again) or the answer has no ID token
     */
    public RefreshedIdToken refreshIdToken(String refreshToken, Collection<String> scopes) {
        Arguments.requireText(refreshToken, "refreshToken");
        Set<String> scope = Arguments.scopes(scopes);
        Map<String, String> params = new LinkedHashMap<>();
        params.put("grant_type", GrantType.REFRESH_TOKEN.value());
        params.put("refresh_token", refreshToken);
        params.put("scope", Scopes.format(scope));
        return endpoint.post(params, Step.ID_TOKEN_REFRESH, json -> new RefreshedIdToken(
                TokenResponses.requiredString(json, "id_token", Step.ID_TOKEN_REFRESH, WHAT),
                emptyToNull(TokenResponses.optionalString(json, "refresh_token", Step.ID_TOKEN_REFRESH, WHAT)),
                TokenResponses.grantedScope(json, scope, Step.ID_TOKEN_REFRESH, WHAT)));
    }

    /** The IdP's token endpoint. */
    public URI tokenEndpoint() {
        return endpoint.uri();
    }

    /** The IdP's issuer, when known (from metadata or {@link Builder#issuer(String)}). */
    public Optional<String> issuer() {
        return Optional.ofNullable(endpoint.issuer());
    }

    /** The client's authentication at the IdP. */
    public ClientAuthentication clientAuthentication() {
        return endpoint.authentication();
    }

    /** Whether {@code resource} must be given to {@link #requestIdJag(SubjectToken, String, String, Collection)}. */
    public boolean resourceRequired() {
        return resourceRequired;
    }

    /** The network settings. */
    public HttpOptions httpOptions() {
        return httpOptions;
    }

    @Override
    public String toString() {
        return "TokenExchangeClient[" + endpoint.uri() + ", " + endpoint.authentication() + "]";
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    /** Builder for {@link TokenExchangeClient}. Not thread-safe. */
    public static final class Builder {
        private final URI tokenEndpoint;
        private final String discoverIssuer;
        private final ClientAuthentication authentication;
        private String issuer;
        private HttpOptions httpOptions = HttpOptions.defaults();
        private boolean resourceRequired = true;

        private Builder(URI tokenEndpoint, String discoverIssuer, ClientAuthentication authentication) {
            this.tokenEndpoint = tokenEndpoint;
            this.discoverIssuer = discoverIssuer;
            this.authentication = authentication;
        }

        /**
         * The IdP's issuer, used as the {@code aud} of {@code private_key_jwt} assertions; default: unknown (the token
         * endpoint URL is used). Set from the metadata by {@link #builder(AuthorizationServerMetadata, ClientAuthentication)}
         * and {@link #fromIssuer(String, ClientAuthentication)}.
         */
        public Builder issuer(String issuer) {
            this.issuer = issuer;
            return this;
        }

        /** Network settings; default {@link HttpOptions#defaults()}. */
        public Builder httpOptions(HttpOptions options) {
            this.httpOptions = Objects.requireNonNull(options, "options");
            return this;
        }

        /**
         * Lets {@link #requestIdJag(SubjectToken, String, String, Collection)} send no {@code resource} when given
         * {@code null}. By default {@code resource} is required (PROTOCOL.md decision 1); some IdPs ignore it.
         */
        public Builder allowOmittingResource() {
            this.resourceRequired = false;
            return this;
        }

        /**
         * Builds the client; with {@link #fromIssuer(String, ClientAuthentication)}, first fetches the IdP metadata.
         *
         * @throws DiscoveryException when IdP discovery fails
         */
        public TokenExchangeClient build() {
            URI endpoint = tokenEndpoint;
            String iss = issuer;
            if (discoverIssuer != null) {
                AuthorizationServerMetadata metadata = IdentityProviderDiscovery.create(httpOptions).discover(discoverIssuer);
                endpoint = URI.create(metadata.tokenEndpoint());
                iss = metadata.issuer();
            }
            return new TokenExchangeClient(new TokenEndpoint(endpoint, iss, authentication, httpOptions, WHAT),
                    resourceRequired, httpOptions);
        }
    }
}
