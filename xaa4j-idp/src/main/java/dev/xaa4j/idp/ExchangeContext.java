package dev.xaa4j.idp;

import dev.xaa4j.core.TokenType;
import dev.xaa4j.server.AuthenticatedClient;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * What an {@link ExchangePolicy} sees of a token exchange that the policy table has allowed (RFC 8693 section 2.1;
 * PROTOCOL.md section 3, "IdP processing"): who asks, for whom, for which audience, resource and scopes.
 * Immutable and thread-safe; it holds no token.
 *
 * @param client           the authenticated client
 * @param user             the user the subject token identifies
 * @param subjectTokenType the kind of subject token presented ({@code id_token} or {@code refresh_token})
 * @param audience         the requested audience (the resource AS issuer)
 * @param resource         the requested resource, or {@code null} when none was sent
 * @param requestedScopes  the scopes requested (empty when none)
 * @param grantedScopes    the scopes the ID-JAG will carry, after narrowing by the rule
 * @param rule             the policy table row that allowed the request
 */
public record ExchangeContext(
        AuthenticatedClient client,
        IdpUser user,
        TokenType subjectTokenType,
        String audience,
        String resource,
        Set<String> requestedScopes,
        Set<String> grantedScopes,
        PolicyRule rule) {

    public ExchangeContext {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(subjectTokenType, "subjectTokenType");
        Objects.requireNonNull(audience, "audience");
        Objects.requireNonNull(rule, "rule");
        requestedScopes = Collections.unmodifiableSet(new LinkedHashSet<>(requestedScopes));
        grantedScopes = Collections.unmodifiableSet(new LinkedHashSet<>(grantedScopes));
    }

    /** The authenticated client's id at this IdP. */
    public String clientId() {
        return client.clientId();
    }
}
