package dev.xaa4j.client;

import dev.xaa4j.client.XaaClientException.Reason;
import dev.xaa4j.client.XaaClientException.Step;
import dev.xaa4j.client.internal.Arguments;
import dev.xaa4j.client.internal.Texts;
import dev.xaa4j.client.internal.TokenResponses;
import dev.xaa4j.core.AuthorizationServerMetadata;
import dev.xaa4j.core.GrantType;
import dev.xaa4j.core.Scopes;
import dev.xaa4j.core.XaaIdentifiers;
import java.net.URI;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The JWT bearer grant at the resource authorization server: an ID-JAG for an access token to the MCP server (RFC 7523
 * section 2.1, ID-JAG draft section 4.4, PROTOCOL.md section 5).
 *
 * <p>Sends {@code grant_type} jwt-bearer, {@code assertion} (the ID-JAG as received), {@code scope} and
 * {@code resource} when given, plus the client's authentication <em>at the authorization server</em> (usually
 * {@code client_secret_basic}). The answer must be 200 JSON with {@code access_token} and {@code token_type} Bearer
 * (compared case-insensitively; DPoP and other types are refused); {@code expires_in} is optional; a {@code refresh_token}
 * is ignored.
 *
 * <pre>{@code
 * McpServerAuthorization target = discovery.discover(mcpUrl);
 * JwtBearerClient as = JwtBearerClient.builder(target.authorizationServer(),
 *         ClientAuthentication.clientSecretBasic(asClientId, asSecret)).build();
 * AccessToken token = as.requestAccessToken(idJag);
 * request.header("Authorization", token.authorizationHeaderValue());
 * }</pre>
 *
 * Immutable and thread-safe: build one per authorization server registration and share it.
 */
public final class JwtBearerClient {

    private static final String WHAT = "authorization server token endpoint";

    private final TokenEndpoint endpoint;
    private final HttpOptions httpOptions;

    private JwtBearerClient(TokenEndpoint endpoint, HttpOptions httpOptions) {
        this.endpoint = endpoint;
        this.httpOptions = httpOptions;
    }

    /**
     * A builder for the authorization server's token endpoint at this URL.
     *
     * @param tokenEndpoint  the {@code token_endpoint}; HTTPS unless loopback (checked on each request)
     * @param authentication the client's registration at the authorization server
     */
    public static Builder builder(URI tokenEndpoint, ClientAuthentication authentication) {
        return new Builder(Objects.requireNonNull(tokenEndpoint, "tokenEndpoint"),
                Objects.requireNonNull(authentication, "authentication"));
    }

    /**
     * A builder from the authorization server's validated metadata ({@link McpServerAuthorization#authorizationServer()}):
     * its {@code token_endpoint}, and its {@code issuer} as the audience of {@code private_key_jwt} assertions.
     *
     * @throws IllegalArgumentException when the metadata has no {@code token_endpoint}
     */
    public static Builder builder(AuthorizationServerMetadata metadata, ClientAuthentication authentication) {
        Objects.requireNonNull(metadata, "metadata");
        if (metadata.tokenEndpoint() == null) {
            throw new IllegalArgumentException("the authorization server metadata has no token_endpoint");
        }
        return builder(URI.create(metadata.tokenEndpoint()), authentication).issuer(metadata.issuer());
    }

    /**
     * Redeems an ID-JAG for an access token, without {@code scope} or {@code resource} (the authorization server grants
     * what the ID-JAG carries).
     *
     * @throws JwtBearerException when the server refuses, the answer is not a bearer token, or the request fails
     */
    public AccessToken requestAccessToken(IdJag idJag) {
        Objects.requireNonNull(idJag, "idJag");
        return requestAccessToken(idJag.token(), List.of(), null);
    }

    /**
     * Redeems an ID-JAG for an access token.
     *
     * @param assertion the ID-JAG, exactly as the IdP returned it
     * @param scopes    scopes to ask for, empty for none (the server intersects them with the ID-JAG's)
     * @param resource  the {@code resource} parameter (RFC 8707), or {@code null} to send none
     * @throws JwtBearerException       when the server refuses, the answer is not a bearer token, or the request fails
     * @throws IllegalArgumentException for an empty assertion, an invalid scope value or resource
     */
    public AccessToken requestAccessToken(String assertion, Collection<String> scopes, String resource) {
        Arguments.requireText(assertion, "assertion");
        Set<String> scope = Arguments.scopes(scopes);
        if (resource != null) {
            Arguments.requireResourceIdentifier(resource);
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put("grant_type", GrantType.JWT_BEARER.value());
        params.put("assertion", assertion);
        params.put("scope", Scopes.format(scope));
        params.put("resource", resource);
        return endpoint.post(params, Step.JWT_BEARER, json -> accessToken(json, scope));
    }

    private static AccessToken accessToken(Map<String, Object> json, Set<String> scope) {
        String token = TokenResponses.requiredString(json, "access_token", Step.JWT_BEARER, WHAT);
        Object tokenType = json.get("token_type");
        if (!(tokenType instanceof String type) || !XaaIdentifiers.TOKEN_TYPE_BEARER.equalsIgnoreCase(type)) {
            String got = tokenType == null ? "absent" : tokenType instanceof String s ? Texts.quoted(s) : "not a string";
            throw XaaClientException.of(Step.JWT_BEARER, Reason.UNEXPECTED_TOKEN_TYPE, "the " + WHAT + " answered token_type "
                    + got + ", expected Bearer (RFC 6750; sender-constrained tokens such as DPoP are not supported)",
                    null, 200, null);
        }
        return new AccessToken(token, TokenResponses.expiresIn(json, Step.JWT_BEARER, WHAT),
                TokenResponses.grantedScope(json, scope, Step.JWT_BEARER, WHAT));
    }

    /** The authorization server's token endpoint. */
    public URI tokenEndpoint() {
        return endpoint.uri();
    }

    /** The authorization server's issuer, when known. */
    public Optional<String> issuer() {
        return Optional.ofNullable(endpoint.issuer());
    }

    /** The client's authentication at the authorization server. */
    public ClientAuthentication clientAuthentication() {
        return endpoint.authentication();
    }

    /** The network settings. */
    public HttpOptions httpOptions() {
        return httpOptions;
    }

    @Override
    public String toString() {
        return "JwtBearerClient[" + endpoint.uri() + ", " + endpoint.authentication() + "]";
    }

    /** Builder for {@link JwtBearerClient}. Not thread-safe. */
    public static final class Builder {
        private final URI tokenEndpoint;
        private final ClientAuthentication authentication;
        private String issuer;
        private HttpOptions httpOptions = HttpOptions.defaults();

        private Builder(URI tokenEndpoint, ClientAuthentication authentication) {
            this.tokenEndpoint = tokenEndpoint;
            this.authentication = authentication;
        }

        /**
         * The authorization server's issuer, the {@code aud} of {@code private_key_jwt} assertions; default: unknown (the
         * token endpoint URL is used).
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

        public JwtBearerClient build() {
            return new JwtBearerClient(new TokenEndpoint(tokenEndpoint, issuer, authentication, httpOptions, WHAT), httpOptions);
        }
    }
}
