package dev.xaa4j.as;

import dev.xaa4j.core.GrantType;
import dev.xaa4j.core.OAuthError;
import dev.xaa4j.core.OAuthException;
import dev.xaa4j.core.Scopes;
import dev.xaa4j.core.XaaIdentifiers;
import dev.xaa4j.server.AuthenticatedClient;
import dev.xaa4j.server.ClientAuthenticator;
import dev.xaa4j.server.GrantHandler;
import dev.xaa4j.server.ReplayStoreException;
import dev.xaa4j.server.TokenEndpointRequest;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JWT bearer grant ({@code grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer}, RFC 7523 section 2.1) carrying an
 * ID-JAG (PROTOCOL.md section 5): request syntax, client authentication, then the {@link IdJagValidator}, then an RFC 9068
 * access token.
 *
 * <p>Steps: {@code assertion} is required, {@code scope} (optional) must be well-formed scope tokens
 * ({@code invalid_scope}), {@code resource} is optional (RFC 8707); every parameter at most once (the
 * {@link TokenEndpointRequest} checks that). The client authenticates with its registration at this server
 * ({@link ClientAuthenticator}: {@code invalid_client}, 401 with {@code WWW-Authenticate: Basic} when Basic was used);
 * a client assertion's {@code aud} may be this server's issuer or its token endpoint URL. The success response is
 * RFC 6749 section 5.1: {@code access_token}, {@code token_type: Bearer}, {@code expires_in}, and {@code scope} when any
 * was granted; never a refresh token. Servlet-free and thread-safe; mount it in a
 * {@link dev.xaa4j.server.TokenEndpointServlet} under {@link GrantType#JWT_BEARER}.
 */
public final class IdJagGrantHandler implements GrantHandler {

    private static final Logger LOG = LoggerFactory.getLogger(IdJagGrantHandler.class);

    private final IdJagValidator validator;
    private final ClientAuthenticator clientAuthenticator;
    private final AccessTokenIssuer accessTokenIssuer;
    private final List<String> clientAssertionAudiences;

    /**
     * @param validator                the ID-JAG checklist
     * @param clientAuthenticator      authenticates clients against this server's registrations
     * @param accessTokenIssuer        issues the access tokens
     * @param clientAssertionAudiences what a {@code private_key_jwt} client assertion's {@code aud} may name (this server's
     *                                 issuer and token endpoint URL)
     */
    public IdJagGrantHandler(IdJagValidator validator, ClientAuthenticator clientAuthenticator,
            AccessTokenIssuer accessTokenIssuer, Collection<String> clientAssertionAudiences) {
        this.validator = Objects.requireNonNull(validator, "validator");
        this.clientAuthenticator = Objects.requireNonNull(clientAuthenticator, "clientAuthenticator");
        this.accessTokenIssuer = Objects.requireNonNull(accessTokenIssuer, "accessTokenIssuer");
        this.clientAssertionAudiences = List.copyOf(clientAssertionAudiences);
        if (this.clientAssertionAudiences.isEmpty()) {
            throw new IllegalArgumentException("clientAssertionAudiences must not be empty");
        }
    }

    @Override
    public Map<String, Object> handle(TokenEndpointRequest request) {
        String assertion = request.required("assertion");
        Set<String> scope = requestedScope(request.get("scope"));
        String resource = request.get("resource");
        AuthenticatedClient client;
        try {
            client = clientAuthenticator.authenticate(request, clientAssertionAudiences);
        } catch (ReplayStoreException e) {
            LOG.error("replay store failed during client authentication; request refused");
            throw new OAuthException(OAuthError.serverError("the replay store is unavailable"), e);
        }
        GrantContext grant;
        try {
            grant = validator.validate(new IdJagGrantRequest(assertion, client, scope, resource));
        } catch (OAuthException e) {
            LOG.debug("ID-JAG grant refused for client {}: {}", client.clientId(), e.error());
            throw e;
        }
        AccessTokenIssuer.AccessToken token = accessTokenIssuer.issue(grant);
        LOG.debug("access token issued to client {} for {}", client.clientId(), token.audience());
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("access_token", token.value());
        response.put("token_type", XaaIdentifiers.TOKEN_TYPE_BEARER);
        response.put("expires_in", token.expiresIn());
        if (!token.scope().isEmpty()) {
            response.put("scope", Scopes.format(token.scope()));
        }
        return response;
    }

    private static Set<String> requestedScope(String scope) {
        if (scope == null) {
            return null;
        }
        Set<String> values = Scopes.parse(scope);
        if (values.isEmpty() || !values.stream().allMatch(Scopes::isValidToken)) {
            throw new OAuthException(OAuthError.invalidScope("scope parameter is malformed"));
        }
        return values;
    }
}
