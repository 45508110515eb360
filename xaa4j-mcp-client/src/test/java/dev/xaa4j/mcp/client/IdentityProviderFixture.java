package dev.xaa4j.mcp.client;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.xaa4j.core.GrantType;
import dev.xaa4j.core.IdJagClaims;
import dev.xaa4j.core.OAuthError;
import dev.xaa4j.core.Scopes;
import dev.xaa4j.core.TokenType;
import dev.xaa4j.core.XaaIdentifiers;
import dev.xaa4j.testing.TestHttpServer;
import dev.xaa4j.testing.TestHttpServer.RecordedRequest;
import dev.xaa4j.testing.TestHttpServer.Response;
import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
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
 * Test fixture: an IdP on 127.0.0.1 that signs ID tokens and, by token exchange (RFC 8693), ID-JAGs under a small
 * policy: it authenticates the client ({@code client_secret_basic}), verifies the ID token it issued (signature,
 * audience = the authenticated client, expiry), issues ID-JAGs only for authorization servers it knows (with the client's
 * id there) and grants the requested scopes intersected with {@link #grantableScopes}. Every request is recorded.
 */
final class IdentityProviderFixture implements AutoCloseable {

    static final String CLIENT_ID = "agent-at-idp";
    static final String CLIENT_SECRET = "IDP-CLIENT-SECRET-9f2c41";

    final TestHttpServer server = TestHttpServer.start();
    final ECKey key = OAuthFixtures.newKey("idp-1");
    private final Clock clock;
    /** Authorization server issuer to the client's id there. */
    private final Map<String, String> trustedAuthorizationServers = new ConcurrentHashMap<>();
    /** The scopes policy lets the IdP grant; {@code null}: whatever is asked. */
    volatile Set<String> grantableScopes;

    IdentityProviderFixture(Clock clock) {
        this.clock = clock;
        server.route("GET", "/.well-known/openid-configuration", request -> OAuthFixtures.json(metadata()));
        server.route("POST", "/token", this::token);
    }

    String issuer() {
        return server.baseUrl();
    }

    URI tokenEndpoint() {
        return server.url("/token");
    }

    /** The IdP issues ID-JAGs for this authorization server, naming the client by this id there. */
    void trust(String authorizationServerIssuer, String clientIdThere) {
        trustedAuthorizationServers.put(authorizationServerIssuer, clientIdThere);
    }

    /** An ID token for this user, for this IdP's client, valid for an hour. */
    String idToken(String subject) {
        Instant now = clock.instant();
        return OAuthFixtures.sign(key, null, new JWTClaimsSet.Builder()
                .issuer(issuer())
                .subject(subject)
                .audience(CLIENT_ID)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(3600)))
                .build());
    }

    /** The token exchange requests for ID-JAGs received. */
    List<RecordedRequest> tokenExchanges() {
        return server.requests("/token").stream()
                .filter(r -> TokenType.ID_JAG.value().equals(r.form().getOrDefault("requested_token_type", List.of("")).get(0)))
                .toList();
    }

    @Override
    public void close() {
        server.close();
    }

    private Map<String, Object> metadata() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("issuer", issuer());
        m.put("token_endpoint", tokenEndpoint().toString());
        m.put("jwks_uri", issuer() + "/jwks");
        m.put("grant_types_supported", List.of(GrantType.TOKEN_EXCHANGE.value()));
        m.put("identity_chaining_requested_token_types_supported", List.of(TokenType.ID_JAG.value()));
        return m;
    }

    private Response token(RecordedRequest request) throws ParseException, JOSEException {
        if (OAuthFixtures.basicClient(request, Map.of(CLIENT_ID, CLIENT_SECRET)) == null) {
            return OAuthFixtures.invalidClient();
        }
        if (!GrantType.TOKEN_EXCHANGE.value().equals(request.formParam("grant_type"))
                || !TokenType.ID_JAG.value().equals(request.formParam("requested_token_type"))
                || !TokenType.ID_TOKEN.value().equals(request.formParam("subject_token_type"))) {
            return OAuthFixtures.error(400, OAuthError.UNSUPPORTED_GRANT_TYPE, "this IdP only exchanges ID tokens for ID-JAGs");
        }
        String audience = request.formParam("audience");
        String resource = request.formParam("resource");
        String clientIdAtServer = audience == null ? null : trustedAuthorizationServers.get(audience);
        if (clientIdAtServer == null || resource == null) {
            return OAuthFixtures.error(400, OAuthError.INVALID_TARGET, "no ID-JAGs for this audience or resource");
        }
        SignedJWT idToken = SignedJWT.parse(request.formParam("subject_token"));
        JWTClaimsSet claims = idToken.getJWTClaimsSet();
        Instant now = clock.instant();
        if (!idToken.verify(new ECDSAVerifier(key.toECPublicKey())) || !issuer().equals(claims.getIssuer())
                || !claims.getAudience().equals(List.of(CLIENT_ID)) || !now.isBefore(claims.getExpirationTime().toInstant())) {
            return OAuthFixtures.error(400, OAuthError.INVALID_GRANT, "the subject token is not a valid ID token");
        }
        Set<String> granted = new LinkedHashSet<>(Scopes.parse(request.formParam("scope")));
        Set<String> policy = grantableScopes;
        if (policy != null) {
            granted.retainAll(policy);
        }
        String idJag = OAuthFixtures.sign(key, XaaIdentifiers.ID_JAG_JWT_TYPE, IdJagClaims.builder()
                .issuer(issuer())
                .subject(claims.getSubject())
                .audience(audience)
                .clientId(clientIdAtServer)
                .jwtId(UUID.randomUUID().toString())
                .issuedAt(now)
                .expiresAt(now.plusSeconds(300))
                .resource(resource)
                .scope(granted)
                .build()
                .toClaimsSet());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", idJag);
        body.put("issued_token_type", TokenType.ID_JAG.value());
        body.put("token_type", XaaIdentifiers.TOKEN_TYPE_NOT_APPLICABLE);
        body.put("expires_in", 300);
        if (!granted.isEmpty()) {
            body.put("scope", Scopes.format(granted));
        }
        return OAuthFixtures.json(body);
    }
}
