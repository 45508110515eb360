package dev.xaa4j.mcp.client;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.xaa4j.core.GrantType;
import dev.xaa4j.core.IdJagClaims;
import dev.xaa4j.core.OAuthError;
import dev.xaa4j.core.OAuthException;
import dev.xaa4j.core.Scopes;
import dev.xaa4j.core.XaaIdentifiers;
import dev.xaa4j.testing.TestHttpServer;
import dev.xaa4j.testing.TestHttpServer.RecordedRequest;
import dev.xaa4j.testing.TestHttpServer.Response;
import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Test fixture: an MCP authorization server on 127.0.0.1 that takes ID-JAGs (RFC 7523 JWT bearer grant) and issues RFC 9068
 * access tokens signed with its own key (published at {@code /jwks}). It checks what the ID-JAG draft asks of an
 * authorization server: {@code client_secret_basic}, {@code typ}, the IdP's signature, {@code iss}, {@code aud} = this
 * issuer, {@code exp}, a {@code jti} never seen before, {@code client_id} = the authenticated client, a known
 * {@code resource}. The granted scope is the ID-JAG's, narrowed to the request's {@code scope} when sent. Every request
 * is recorded.
 */
final class AuthorizationServerFixture implements AutoCloseable {

    static final String CLIENT_ID = "mcp-agent";
    static final String CLIENT_SECRET = "AS-CLIENT-SECRET-77b0e1";

    final TestHttpServer server = TestHttpServer.start();
    final ECKey key = OAuthFixtures.newKey("as-1");
    private final Clock clock;
    private final IdentityProviderFixture idp;
    private final Set<String> resources = ConcurrentHashMap.newKeySet();
    private final Set<String> seenJwtIds = ConcurrentHashMap.newKeySet();
    private final Map<String, String> clients = new ConcurrentHashMap<>(Map.of(CLIENT_ID, CLIENT_SECRET));
    /** The lifetime of access tokens. */
    volatile Duration accessTokenLifetime = Duration.ofSeconds(300);
    /** Whether the token response carries {@code expires_in}. */
    volatile boolean sendExpiresIn = true;

    AuthorizationServerFixture(Clock clock, IdentityProviderFixture idp) {
        this.clock = clock;
        this.idp = idp;
        server.route("GET", "/.well-known/oauth-authorization-server", request -> OAuthFixtures.json(metadata()));
        server.route("GET", "/jwks", request -> Response.json(200, new JWKSet(key.toPublicJWK()).toString()));
        server.route("POST", "/token", this::token);
        idp.trust(issuer(), CLIENT_ID);
    }

    String issuer() {
        return server.baseUrl();
    }

    URI jwksUri() {
        return server.url("/jwks");
    }

    void addResource(String resource) {
        resources.add(resource);
    }

    void addClient(String clientId, String secret) {
        clients.put(clientId, secret);
    }

    /** The JWT bearer grant requests received. */
    List<RecordedRequest> jwtBearerGrants() {
        return server.requests("/token");
    }

    @Override
    public void close() {
        server.close();
    }

    private Map<String, Object> metadata() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("issuer", issuer());
        m.put("token_endpoint", server.url("/token").toString());
        m.put("jwks_uri", jwksUri().toString());
        m.put("grant_types_supported", List.of(GrantType.JWT_BEARER.value()));
        m.put("authorization_grant_profiles_supported", List.of(XaaIdentifiers.ID_JAG_GRANT_PROFILE));
        m.put("token_endpoint_auth_methods_supported", List.of("client_secret_basic"));
        return m;
    }

    private Response token(RecordedRequest request) throws ParseException, JOSEException {
        String client = OAuthFixtures.basicClient(request, clients);
        if (client == null) {
            return OAuthFixtures.invalidClient();
        }
        if (!GrantType.JWT_BEARER.value().equals(request.formParam("grant_type"))) {
            return OAuthFixtures.error(400, OAuthError.UNSUPPORTED_GRANT_TYPE, "only the JWT bearer grant");
        }
        SignedJWT assertion = SignedJWT.parse(request.formParam("assertion"));
        Instant now = clock.instant();
        IdJagClaims claims;
        try {
            claims = IdJagClaims.parse(assertion.getJWTClaimsSet());
        } catch (OAuthException e) {
            return OAuthFixtures.error(400, OAuthError.INVALID_GRANT, e.getMessage());
        }
        String problem = null;
        if (!new JOSEObjectType(XaaIdentifiers.ID_JAG_JWT_TYPE).equals(assertion.getHeader().getType())) {
            problem = "typ";
        } else if (!assertion.verify(new ECDSAVerifier(idp.key.toECPublicKey())) || !idp.issuer().equals(claims.issuer())) {
            problem = "signature or issuer";
        } else if (!claims.audience().equals(List.of(issuer()))) {
            problem = "aud";
        } else if (!now.isBefore(claims.expiresAt())) {
            problem = "exp";
        } else if (!seenJwtIds.add(claims.jwtId())) {
            problem = "jti replayed";
        } else if (!claims.clientId().equals(client)) {
            problem = "client_id";
        } else if (claims.resource().size() != 1 || !resources.contains(claims.resource().get(0))) {
            problem = "resource";
        }
        if (problem != null) {
            return OAuthFixtures.error(400, OAuthError.INVALID_GRANT, "the ID-JAG is not acceptable: " + problem);
        }
        Set<String> granted = new LinkedHashSet<>(claims.scope());
        String requested = request.formParam("scope");
        if (requested != null) {
            granted.retainAll(Scopes.parse(requested));
        }
        Duration lifetime = accessTokenLifetime;
        String accessToken = OAuthFixtures.sign(key, XaaIdentifiers.ACCESS_TOKEN_JWT_TYPE, new JWTClaimsSet.Builder()
                .issuer(issuer())
                .audience(claims.resource().get(0))
                .subject(claims.subject())
                .claim("client_id", client)
                .claim("scope", Scopes.format(granted))
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(lifetime)))
                .jwtID(UUID.randomUUID().toString())
                .build());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", accessToken);
        body.put("token_type", "Bearer");
        if (sendExpiresIn) {
            body.put("expires_in", lifetime.toSeconds());
        }
        body.put("scope", granted.isEmpty() ? "" : Scopes.format(granted));
        return OAuthFixtures.json(body);
    }
}
