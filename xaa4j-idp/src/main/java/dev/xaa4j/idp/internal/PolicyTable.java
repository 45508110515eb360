package dev.xaa4j.idp.internal;

import dev.xaa4j.core.ResourceIdentifiers;
import dev.xaa4j.idp.PolicyRule;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The token exchange policy table: {@link PolicyRule}s by client, and the optional list of users each client may obtain
 * ID-JAGs for. Immutable and thread-safe.
 */
public final class PolicyTable {

    private final Map<String, List<PolicyRule>> rulesByClient;
    private final Map<String, Set<String>> usersByClient;

    /**
     * @param rules          the rules; two rules for one client, audience and resource are refused
     * @param usersByClient  for each client listed, the subjects it may get ID-JAGs for; clients not listed: every user
     * @throws IllegalArgumentException for duplicate rules
     */
    public PolicyTable(Collection<PolicyRule> rules, Map<String, Set<String>> usersByClient) {
        Map<String, List<PolicyRule>> map = new LinkedHashMap<>();
        for (PolicyRule rule : rules) {
            List<PolicyRule> list = map.computeIfAbsent(rule.clientId(), k -> new ArrayList<>());
            for (PolicyRule other : list) {
                if (other.audience().equals(rule.audience()) && sameResource(other.resource(), rule.resource())) {
                    throw new IllegalArgumentException("two policy rules for client " + rule.clientId() + ", audience "
                            + rule.audience() + " and resource " + rule.resource());
                }
            }
            list.add(rule);
        }
        map.replaceAll((k, v) -> List.copyOf(v));
        this.rulesByClient = Map.copyOf(map);
        Map<String, Set<String>> users = new LinkedHashMap<>();
        usersByClient.forEach((client, subjects) -> users.put(client, Set.copyOf(subjects)));
        this.usersByClient = Map.copyOf(users);
    }

    /** Whether any rule names this client. */
    public boolean hasRules(String clientId) {
        return rulesByClient.containsKey(clientId);
    }

    /** The rule that allows this client an ID-JAG for this audience and resource ({@code null}: none sent). */
    public Optional<PolicyRule> find(String clientId, String audience, String resource) {
        for (PolicyRule rule : rulesByClient.getOrDefault(clientId, List.of())) {
            if (rule.audience().equals(audience) && sameResource(rule.resource(), resource)) {
                return Optional.of(rule);
            }
        }
        return Optional.empty();
    }

    /** Whether this client may get ID-JAGs for this user. */
    public boolean userAllowed(String clientId, String subject) {
        Set<String> allowed = usersByClient.get(clientId);
        return allowed == null || allowed.contains(subject);
    }

    private static boolean sameResource(String a, String b) {
        return a == null ? b == null : ResourceIdentifiers.same(a, b);
    }
}
