package dev.xaa4j.idp.internal;

import dev.xaa4j.core.IdJagClaims;
import dev.xaa4j.core.OAuthError;
import dev.xaa4j.core.OAuthException;
import dev.xaa4j.core.Scopes;
import dev.xaa4j.core.TokenType;
import dev.xaa4j.core.XaaIdentifiers;
import dev.xaa4j.idp.ExchangeContext;
import dev.xaa4j.idp.ExchangePolicy;
import dev.xaa4j.idp.IdpUser;
import dev.xaa4j.idp.PolicyRule;
import dev.xaa4j.server.AuthenticatedClient;
import dev.xaa4j.server.GrantHandler;
import dev.xaa4j.server.SigningKeys;
import dev.xaa4j.server.TokenEndpointRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The token exchange grant (RFC 8693 section 2) that issues ID-JAGs (draft-ietf-oauth-identity-assertion-authz-grant-04
 * section 4.3; PROTOCOL.md section 3).
 *
 * <p>Steps, each with its error: client authentication ({@code invalid_client}); syntax ({@code invalid_request}: a
 * missing {@code requested_token_type}, {@code subject_token}, {@code subject_token_type} or {@code audience}, an
 * {@code actor_token}, a {@code subject_token_type} other than {@code id_token} or {@code refresh_token} (SAML 2.0
 * assertions are not accepted), a {@code requested_token_type} other than {@code id-jag}); a {@code resource} that is not
 * an absolute URI without fragment ({@code invalid_target}); a malformed {@code scope} ({@code invalid_scope}); the subject
 * token ({@code invalid_grant}: see {@link IdTokens} and {@link RefreshTokens}; the user must be configured); the policy
 * table ({@code unauthorized_client} for a client without rules, {@code invalid_target} for a pair no rule allows,
 * {@code access_denied} for a user not allowed for the client); scope narrowing (granted = requested &cap; allowed, or the
 * allowed scopes when none were requested; {@code invalid_scope} when scopes were requested and none is allowed); the
 * {@link ExchangePolicy} hook. Thread-safe.
 */
public final class TokenExchangeGrant implements GrantHandler {

    private static final Logger LOG = LoggerFactory.getLogger(TokenExchangeGrant.class);

    private final ClientAuthentication clientAuthentication;
    private final IdTokens idTokens;
    private final RefreshTokens refreshTokens;
    private final Map<String, IdpUser> users;
    private final PolicyTable policyTable;
    private final ExchangePolicy policy;
    private final String issuer;
    private final SigningKeys keys;
    private final Clock clock;
    private final Duration idJagLifetime;

    public TokenExchangeGrant(ClientAuthentication clientAuthentication, IdTokens idTokens, RefreshTokens refreshTokens,
            Map<String, IdpUser> users, PolicyTable policyTable, ExchangePolicy policy, String issuer, SigningKeys keys,
            Clock clock, Duration idJagLifetime) {
        this.clientAuthentication = Objects.requireNonNull(clientAuthentication, "clientAuthentication");
        this.idTokens = Objects.requireNonNull(idTokens, "idTokens");
        this.refreshTokens = Objects.requireNonNull(refreshTokens, "refreshTokens");
        this.users = Map.copyOf(users);
        this.policyTable = Objects.requireNonNull(policyTable, "policyTable");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.idJagLifetime = Objects.requireNonNull(idJagLifetime, "idJagLifetime");
    }

    private record Subject(IdpUser user, Instant authTime, String acr) {
    }

    @Override
    public Map<String, Object> handle(TokenEndpointRequest request) {
        AuthenticatedClient client = clientAuthentication.authenticate(request);
        if (request.has("actor_token") || request.has("actor_token_type")) {
            throw invalidRequest("actor_token is not supported (this IdP does not issue delegation tokens)");
        }
        String requestedType = request.required("requested_token_type");
        String subjectToken = request.required("subject_token");
        TokenType subjectType = subjectTokenType(request.required("subject_token_type"));
        if (!TokenType.ID_JAG.value().equals(requestedType)) {
            throw invalidRequest(TokenType.REFRESH_TOKEN.value().equals(requestedType)
                    ? "requested_token_type refresh_token is issued only for a saml2 subject_token, which this IdP does not accept"
                    : "unsupported requested_token_type: this IdP issues " + TokenType.ID_JAG.value());
        }
        String audience = request.required("audience");
        String resource = request.get("resource");
        if (resource != null && !ResourceIndicators.isValid(resource)) {
            throw new OAuthException(OAuthError.invalidTarget("resource must be an absolute URI without a fragment"));
        }
        Set<String> requestedScopes = Scopes.parse(request.get("scope"));
        if (!requestedScopes.stream().allMatch(Scopes::isValidToken)) {
            throw new OAuthException(OAuthError.invalidScope("scope is malformed"));
        }

        Subject subject = subjectType == TokenType.ID_TOKEN
                ? fromIdToken(subjectToken, client.clientId())
                : fromRefreshToken(subjectToken, client.clientId());

        if (!policyTable.hasRules(client.clientId())) {
            throw deny(OAuthError.unauthorizedClient("this client may not obtain ID-JAGs"), client);
        }
        PolicyRule rule = policyTable.find(client.clientId(), audience, resource)
                .orElseThrow(() -> deny(OAuthError.invalidTarget(
                        "no policy allows this client an ID-JAG for this audience and resource"), client));
        if (!policyTable.userAllowed(client.clientId(), subject.user().subject())) {
            throw deny(OAuthError.accessDenied("this user may not obtain ID-JAGs through this client"), client);
        }
        Set<String> granted = grantedScopes(requestedScopes, rule.scopes());
        if (!requestedScopes.isEmpty() && granted.isEmpty()) {
            throw deny(OAuthError.invalidScope("none of the requested scopes is allowed for this audience and resource"),
                    client);
        }
        try {
            policy.check(new ExchangeContext(client, subject.user(), subjectType, audience, resource, requestedScopes,
                    granted, rule));
        } catch (OAuthException e) {
            LOG.info("token exchange denied by policy for client {}: {}", client.clientId(), e.error().code());
            throw e;
        }
        return issue(subject, rule, granted);
    }

    private Map<String, Object> issue(Subject subject, PolicyRule rule, Set<String> granted) {
        Instant now = clock.instant();
        IdJagClaims claims = IdJagClaims.builder()
                .issuer(issuer)
                .subject(subject.user().subject())
                .audience(rule.audience())
                .clientId(rule.clientIdAtAudience())
                .jwtId(RandomTokens.newToken())
                .issuedAt(now)
                .expiresAt(now.plus(idJagLifetime))
                .resource(rule.resource())
                .scope(granted)
                .authTime(subject.authTime())
                .acr(subject.acr())
                .email(subject.user().email())
                .build();
        String idJag = keys.sign(claims.toClaimsSet(), XaaIdentifiers.ID_JAG_JWT_TYPE);
        LOG.debug("issued an ID-JAG: {}", claims);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", idJag);
        body.put("issued_token_type", TokenType.ID_JAG.value());
        body.put("token_type", XaaIdentifiers.TOKEN_TYPE_NOT_APPLICABLE);
        body.put("expires_in", idJagLifetime.toSeconds());
        if (!granted.isEmpty()) {
            body.put("scope", Scopes.format(granted));
        }
        return body;
    }

    private static TokenType subjectTokenType(String value) {
        TokenType type = TokenType.fromValue(value).orElse(null);
        if (type == TokenType.ID_TOKEN || type == TokenType.REFRESH_TOKEN) {
            return type;
        }
        throw invalidRequest(type == TokenType.SAML2
                ? "unsupported subject_token_type: this IdP does not accept SAML 2.0 assertions"
                : "unsupported subject_token_type: this IdP accepts id_token and refresh_token");
    }

    private Subject fromIdToken(String token, String clientId) {
        IdTokens.Verified verified = idTokens.verify(token, clientId);
        return new Subject(user(verified.subject()), verified.authTime(), verified.acr());
    }

    private Subject fromRefreshToken(String token, String clientId) {
        RefreshTokens.Grant grant = refreshTokens.find(token);
        if (grant == null) {
            throw new OAuthException(OAuthError.invalidGrant("subject_token is not a valid refresh token of this IdP"));
        }
        if (!grant.clientId().equals(clientId)) {
            throw new OAuthException(OAuthError.invalidGrant("subject_token was issued to another client"));
        }
        return new Subject(user(grant.subject()), grant.authTime(), null);
    }

    private IdpUser user(String subject) {
        IdpUser user = users.get(subject);
        if (user == null) {
            throw new OAuthException(OAuthError.invalidGrant("subject_token names a user this IdP does not know"));
        }
        return user;
    }

    private static Set<String> grantedScopes(Set<String> requested, Set<String> allowed) {
        if (requested.isEmpty()) {
            return allowed;
        }
        Set<String> granted = new LinkedHashSet<>(requested);
        granted.retainAll(allowed);
        return granted;
    }

    private static OAuthException deny(OAuthError error, AuthenticatedClient client) {
        LOG.info("token exchange refused for client {}: {}", client.clientId(), error.code());
        return new OAuthException(error);
    }

    private static OAuthException invalidRequest(String description) {
        return new OAuthException(OAuthError.invalidRequest(description));
    }
}
