package dev.xaa4j.server;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.xaa4j.core.FormParameters;
import dev.xaa4j.core.OAuthError;
import dev.xaa4j.core.OAuthException;
import dev.xaa4j.core.XaaIdentifiers;
import dev.xaa4j.core.internal.CompactJose;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Authenticates the client of a token endpoint request (RFC 6749 section 2.3; RFC 7523 sections 2.2 and 3 for
 * {@code private_key_jwt}).
 *
 * <p>Rules: exactly one method per request (Basic header, {@code client_secret} in the body, or
 * {@code client_assertion}; more than one is {@code invalid_request}); Basic credentials are form-urldecoded after
 * base64 (RFC 6749 section 2.3.1); a {@code client_id} in the body must equal the authenticated id; the method must be
 * one the client is registered for; a request with only {@code client_id} is accepted only for clients configured as
 * public. A client assertion must be a compact JWS of base64url parts, signed with an asymmetric algorithm by one of the
 * client's keys, have {@code iss} = {@code sub} = the client id, an {@code aud} naming this server (one of the accepted
 * audiences), an {@code exp} in the future (with skew) and at most {@link #MAX_ASSERTION_LIFETIME} away, and a
 * {@code jti} not used before (recorded in the {@link ReplayStore}). Every failure is {@code invalid_client} (401),
 * except syntax errors ({@code invalid_request}); descriptions never contain a credential. Thread-safe.
 */
public final class ClientAuthenticator {

    /** The longest a client assertion may be valid. */
    public static final Duration MAX_ASSERTION_LIFETIME = Duration.ofMinutes(5);

    /**
     * The asymmetric JWS algorithms accepted for client assertions, in a stable order: what servers publish as
     * {@code token_endpoint_auth_signing_alg_values_supported}, and the one list of asymmetric algorithms xaa4j's servers
     * share. Never {@code none}, never HMAC.
     */
    public static final List<String> ASSERTION_ALGORITHMS = List.of(
            "ES256", "ES384", "ES512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512");

    private static final Set<JWSAlgorithm> ALLOWED = ASSERTION_ALGORITHMS.stream().map(JWSAlgorithm::parse)
            .collect(java.util.stream.Collectors.toUnmodifiableSet());

    private final ClientRegistry clients;
    private final ReplayStore replayStore;
    private final Clock clock;
    private final Duration clockSkew;

    /**
     * @param clients     the registered clients
     * @param replayStore where client assertion {@code jti}s are recorded
     * @param clock       the clock for assertion times
     * @param clockSkew   tolerated clock difference (60 s is usual)
     */
    public ClientAuthenticator(ClientRegistry clients, ReplayStore replayStore, Clock clock, Duration clockSkew) {
        this.clients = Objects.requireNonNull(clients, "clients");
        this.replayStore = Objects.requireNonNull(replayStore, "replayStore");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.clockSkew = Objects.requireNonNull(clockSkew, "clockSkew");
    }

    /**
     * Authenticates the request's client.
     *
     * @param request            the token endpoint request
     * @param assertionAudiences the values a client assertion's {@code aud} may name (this server's issuer, its token
     *                           endpoint URL)
     * @throws OAuthException {@code invalid_client} or {@code invalid_request}
     */
    public AuthenticatedClient authenticate(TokenEndpointRequest request, Collection<String> assertionAudiences) {
        String authorization = request.authorizationHeader();
        boolean basic = authorization != null;
        boolean post = request.has("client_secret");
        boolean jwt = request.has("client_assertion") || request.has("client_assertion_type");
        if ((basic ? 1 : 0) + (post ? 1 : 0) + (jwt ? 1 : 0) > 1) {
            throw new OAuthException(OAuthError.invalidRequest("more than one client authentication method was used"));
        }
        String bodyClientId = request.get("client_id");
        if (basic) {
            return basic(authorization, bodyClientId);
        }
        if (post) {
            RegisteredClient client = registered(bodyClientId, TokenEndpointAuthMethod.CLIENT_SECRET_POST);
            if (!client.secretMatches(request.get("client_secret"))) {
                throw invalidClient("client authentication failed");
            }
            return new AuthenticatedClient(client.clientId(), TokenEndpointAuthMethod.CLIENT_SECRET_POST, client);
        }
        if (jwt) {
            return privateKeyJwt(request, bodyClientId, assertionAudiences);
        }
        if (bodyClientId == null) {
            throw invalidClient("client authentication is required");
        }
        RegisteredClient client = clients.find(bodyClientId).orElseThrow(() -> invalidClient("client authentication failed"));
        if (!client.isPublic()) {
            throw invalidClient("client authentication is required for this client");
        }
        return new AuthenticatedClient(client.clientId(), TokenEndpointAuthMethod.NONE, client);
    }

    private AuthenticatedClient basic(String authorization, String bodyClientId) {
        if (!authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            throw invalidClient("unsupported Authorization scheme");
        }
        String id;
        String secret;
        try {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                throw invalidClient("malformed Basic credentials");
            }
            id = URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
            secret = URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalidClient("malformed Basic credentials");
        }
        if (bodyClientId != null && !bodyClientId.equals(id)) {
            throw invalidClient("client_id does not match the authenticated client");
        }
        RegisteredClient client = registered(id, TokenEndpointAuthMethod.CLIENT_SECRET_BASIC);
        if (!client.secretMatches(secret)) {
            throw invalidClient("client authentication failed");
        }
        return new AuthenticatedClient(client.clientId(), TokenEndpointAuthMethod.CLIENT_SECRET_BASIC, client);
    }

    private AuthenticatedClient privateKeyJwt(TokenEndpointRequest request, String bodyClientId,
            Collection<String> audiences) {
        if (!XaaIdentifiers.CLIENT_ASSERTION_TYPE_JWT_BEARER.equals(request.get("client_assertion_type"))) {
            throw new OAuthException(OAuthError.invalidRequest("client_assertion_type must be "
                    + XaaIdentifiers.CLIENT_ASSERTION_TYPE_JWT_BEARER));
        }
        String assertion = request.required("client_assertion");
        if (!CompactJose.hasBase64UrlParts(assertion)) {
            throw invalidClient("client_assertion is not a signed JWT");
        }
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(assertion);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw invalidClient("client_assertion is not a signed JWT");
        }
        String clientId = claims.getIssuer();
        if (clientId == null || !clientId.equals(claims.getSubject())) {
            throw invalidClient("client_assertion iss and sub must both be the client_id");
        }
        if (bodyClientId != null && !bodyClientId.equals(clientId)) {
            throw invalidClient("client_id does not match the client_assertion");
        }
        RegisteredClient client = registered(clientId, TokenEndpointAuthMethod.PRIVATE_KEY_JWT);
        if (!ALLOWED.contains(jwt.getHeader().getAlgorithm())) {
            throw invalidClient("client_assertion algorithm is not allowed");
        }
        if (!verifies(jwt, client)) {
            throw invalidClient("client_assertion signature is invalid");
        }
        List<String> aud = claims.getAudience();
        if (aud.stream().noneMatch(audiences::contains)) {
            throw invalidClient("client_assertion aud does not name this server");
        }
        Instant now = clock.instant();
        Date exp = claims.getExpirationTime();
        if (exp == null || !exp.toInstant().plus(clockSkew).isAfter(now)) {
            throw invalidClient("client_assertion is expired or has no exp");
        }
        if (exp.toInstant().isAfter(now.plus(MAX_ASSERTION_LIFETIME).plus(clockSkew))) {
            throw invalidClient("client_assertion lifetime is too long");
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && nbf.toInstant().minus(clockSkew).isAfter(now)) {
            throw invalidClient("client_assertion is not yet valid");
        }
        String jti = claims.getJWTID();
        if (jti == null || jti.isEmpty()) {
            throw invalidClient("client_assertion has no jti");
        }
        if (!replayStore.markUsed("client-assertion|" + clientId + "|" + jti, exp.toInstant().plus(clockSkew))) {
            throw invalidClient("client_assertion was already used");
        }
        return new AuthenticatedClient(clientId, TokenEndpointAuthMethod.PRIVATE_KEY_JWT, client);
    }

    private static boolean verifies(SignedJWT jwt, RegisteredClient client) {
        String kid = jwt.getHeader().getKeyID();
        DefaultJWSVerifierFactory factory = new DefaultJWSVerifierFactory();
        for (JWK jwk : client.publicKeys().getKeys()) {
            if (kid != null && !kid.equals(jwk.getKeyID())) {
                continue;
            }
            if (!(jwk instanceof AsymmetricJWK asymmetric)) {
                continue;
            }
            try {
                Key key = asymmetric.toPublicKey();
                JWSVerifier verifier = factory.createJWSVerifier(jwt.getHeader(), key);
                if (jwt.verify(verifier)) {
                    return true;
                }
            } catch (JOSEException | RuntimeException e) {
                // a key of another type or curve: try the next one
            }
        }
        return false;
    }

    private RegisteredClient registered(String clientId, TokenEndpointAuthMethod method) {
        if (clientId == null) {
            throw invalidClient("client authentication failed");
        }
        RegisteredClient client = clients.find(clientId).orElseThrow(() -> invalidClient("client authentication failed"));
        if (!client.authMethods().contains(method)) {
            throw invalidClient("client is not registered for " + method.value());
        }
        return client;
    }

    private static OAuthException invalidClient(String description) {
        return new OAuthException(OAuthError.invalidClient(description));
    }

    /** Builds an HTTP Basic header value the way RFC 6749 section 2.3.1 requires (for tests and clients). */
    public static String basicHeader(String clientId, String secret) {
        String pair = FormParameters.encode(clientId) + ":" + FormParameters.encode(secret);
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }
}
