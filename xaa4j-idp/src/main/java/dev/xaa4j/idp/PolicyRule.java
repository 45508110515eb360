package dev.xaa4j.idp;

import dev.xaa4j.core.Scopes;
import dev.xaa4j.idp.internal.ResourceIndicators;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * One row of the IdP's token exchange policy table (PROTOCOL.md section 3, "IdP processing"): client {@code clientId} may
 * get ID-JAGs for the resource authorization server {@code audience} and the resource {@code resource}, carrying
 * {@code clientIdAtAudience} as the ID-JAG {@code client_id} claim (draft-ietf-oauth-identity-assertion-authz-grant-04
 * section 3) and at most the scopes {@code scopes}.
 *
 * <p>Matching: {@code audience} exactly, character for character (PROTOCOL.md section 8, decision 5); {@code resource} with
 * {@link dev.xaa4j.core.ResourceIdentifiers#same}. A rule with a {@code resource} allows only requests for that resource;
 * a rule without one ({@code null}) allows only requests that send no {@code resource} (so a table whose rules all name a
 * resource requires one). An empty {@code scopes} allows no scope at all. Immutable and thread-safe.
 *
 * <pre>{@code
 * PolicyRule rule = new PolicyRule("mcp-client", "https://as.example", "https://mcp.example/mcp", "as-client-42",
 *         Set.of("tools.read", "tools.call"));
 * PolicyRule same = PolicyRule.parse("mcp-client=https://as.example,https://mcp.example/mcp,as-client-42,tools.read tools.call");
 * }</pre>
 *
 * @param clientId           the client's id at this IdP
 * @param audience           the resource AS issuer (the {@code audience} parameter, the ID-JAG {@code aud})
 * @param resource           the resource identifier (the {@code resource} parameter and claim), or {@code null}
 * @param clientIdAtAudience the client's id at the resource AS (the ID-JAG {@code client_id})
 * @param scopes             the scopes this client may get for this pair
 */
public record PolicyRule(String clientId, String audience, String resource, String clientIdAtAudience, Set<String> scopes) {

    public PolicyRule {
        requireText(clientId, "clientId");
        requireText(audience, "audience");
        requireText(clientIdAtAudience, "clientIdAtAudience");
        if (resource != null && !ResourceIndicators.isValid(resource)) {
            throw new IllegalArgumentException("resource must be an absolute URI without a fragment: " + resource);
        }
        Objects.requireNonNull(scopes, "scopes");
        for (String scope : scopes) {
            if (!Scopes.isValidToken(scope)) {
                throw new IllegalArgumentException("not a valid scope token: " + scope);
            }
        }
        scopes = Collections.unmodifiableSet(new LinkedHashSet<>(scopes));
    }

    /**
     * Parses {@code CLIENT=AUDIENCE,RESOURCE[,CLIENT_ID_AT_AUDIENCE[,SCOPES]]}, the form of the CLI's {@code --allow}:
     * an empty {@code RESOURCE} means none, {@code CLIENT_ID_AT_AUDIENCE} defaults to {@code CLIENT}, {@code SCOPES} is
     * space-separated and defaults to none.
     *
     * @throws IllegalArgumentException when the text does not have that form
     */
    public static PolicyRule parse(String text) {
        Objects.requireNonNull(text, "text");
        int eq = text.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("expected CLIENT=AUDIENCE,RESOURCE[,CLIENT_ID_AT_AUDIENCE[,SCOPES]]");
        }
        String client = text.substring(0, eq);
        String[] parts = text.substring(eq + 1).split(",", -1);
        if (parts.length < 2 || parts.length > 4) {
            throw new IllegalArgumentException("expected CLIENT=AUDIENCE,RESOURCE[,CLIENT_ID_AT_AUDIENCE[,SCOPES]]");
        }
        String resource = parts[1].isEmpty() ? null : parts[1];
        String atAudience = parts.length >= 3 && !parts[2].isEmpty() ? parts[2] : client;
        Set<String> scopes = parts.length == 4 ? Scopes.parse(parts[3]) : Set.of();
        return new PolicyRule(client, parts[0], resource, atAudience, scopes);
    }

    private static void requireText(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
