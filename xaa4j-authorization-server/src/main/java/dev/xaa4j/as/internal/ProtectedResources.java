package dev.xaa4j.as.internal;

import dev.xaa4j.core.ResourceIdentifiers;
import dev.xaa4j.core.Scopes;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The resources (RFC 8707 / RFC 9728 resource identifiers) an authorization server issues tokens for, each with its known
 * scopes. Lookups compare with {@link ResourceIdentifiers#same(String, String)} and return the configured spelling.
 *
 * <p>Not part of the public API. Immutable and thread-safe.
 */
public final class ProtectedResources {

    private final Map<String, Set<String>> scopes;

    private ProtectedResources(Map<String, Set<String>> scopes) {
        this.scopes = scopes;
    }

    /**
     * @param resourceScopes resource identifier -> its scopes, in order
     * @throws IllegalArgumentException when a resource is not an absolute URI without fragment, two identify the same
     *                                  resource, or a scope is not a valid scope token
     */
    public static ProtectedResources of(Map<String, ? extends Collection<String>> resourceScopes) {
        Map<String, Set<String>> copy = new LinkedHashMap<>();
        resourceScopes.forEach((resource, resourceScopeList) -> {
            checkResource(resource);
            for (String existing : copy.keySet()) {
                if (ResourceIdentifiers.same(existing, resource)) {
                    throw new IllegalArgumentException("resource configured twice: " + resource);
                }
            }
            Set<String> set = new LinkedHashSet<>();
            for (String scope : Objects.requireNonNull(resourceScopeList, "scopes")) {
                if (!Scopes.isValidToken(scope)) {
                    throw new IllegalArgumentException("not a valid scope token: '" + scope + "'");
                }
                set.add(scope);
            }
            copy.put(resource, Collections.unmodifiableSet(set));
        });
        return new ProtectedResources(Collections.unmodifiableMap(copy));
    }

    private static void checkResource(String resource) {
        Objects.requireNonNull(resource, "resource");
        try {
            URI uri = new URI(resource);
            if (!uri.isAbsolute() || uri.getRawFragment() != null || uri.getHost() == null) {
                throw new IllegalArgumentException("a resource must be an absolute URL without fragment: " + resource);
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("a resource must be a URL: " + resource);
        }
    }

    /** The configured resource that is the same as {@code resource}, or empty. */
    public Optional<String> find(String resource) {
        if (resource == null) {
            return Optional.empty();
        }
        return scopes.keySet().stream().filter(r -> ResourceIdentifiers.same(r, resource)).findFirst();
    }

    /** The number of resources. */
    public int size() {
        return scopes.size();
    }

    /** The only resource, when there is exactly one. */
    public Optional<String> only() {
        return scopes.size() == 1 ? Optional.of(scopes.keySet().iterator().next()) : Optional.empty();
    }

    /** The known scopes of a configured resource (as returned by {@link #find}). */
    public Set<String> scopes(String configuredResource) {
        Set<String> set = scopes.get(configuredResource);
        if (set == null) {
            throw new IllegalArgumentException("not a configured resource");
        }
        return set;
    }

    /** Every resource with its scopes, in configuration order. */
    public Map<String, Set<String>> asMap() {
        return scopes;
    }

    /** The union of every resource's scopes, in configuration order. */
    public Set<String> allScopes() {
        Set<String> all = new LinkedHashSet<>();
        scopes.values().forEach(all::addAll);
        return Collections.unmodifiableSet(all);
    }
}
