package dev.xaa4j.resource;

import dev.xaa4j.resource.internal.ScopeSets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The scopes one MCP message needs beyond the resource's global ones: the per-request hook of {@link BearerTokenFilter}
 * (RFC 6750 section 3.1 {@code insufficient_scope}).
 *
 * <p>The filter asks it for every JSON-RPC message of a POST; a token lacking any returned scope gets a 403 whose
 * {@code scope} lists what the request needs. Example: tool {@code delete_file} needs {@code files:write}:
 *
 * <pre>{@code
 * McpScopeRequirement requirement = McpScopeRequirement.forTools(Map.of("delete_file", Set.of("files:write")));
 * }</pre>
 *
 * Implementations must be thread-safe and fast: they run on every request thread, before the MCP server.
 */
@FunctionalInterface
public interface McpScopeRequirement {

    /**
     * The scopes this message needs.
     *
     * @return the scopes, empty when the global ones suffice; never {@code null}
     */
    Set<String> scopesFor(McpRequest request);

    /** No scopes beyond the global ones. */
    static McpScopeRequirement none() {
        return request -> Set.of();
    }

    /**
     * Scopes per tool name for {@code tools/call}; other messages and unlisted tools need nothing more.
     *
     * @throws IllegalArgumentException when a value is not a valid scope token (RFC 6749 section 3.3)
     */
    static McpScopeRequirement forTools(Map<String, ? extends Collection<String>> scopesByTool) {
        Objects.requireNonNull(scopesByTool, "scopesByTool");
        Map<String, Set<String>> copy = new LinkedHashMap<>();
        scopesByTool.forEach((tool, scopes) -> copy.put(Objects.requireNonNull(tool, "tool"), ScopeSets.validCopy(scopes)));
        return request -> McpRequest.TOOLS_CALL.equals(request.method()) && request.toolName() != null
                ? copy.getOrDefault(request.toolName(), Set.of())
                : Set.of();
    }

    /** The union of this requirement's scopes and another's. */
    default McpScopeRequirement and(McpScopeRequirement other) {
        Objects.requireNonNull(other, "other");
        return request -> {
            Set<String> union = new LinkedHashSet<>(scopesFor(request));
            union.addAll(other.scopesFor(request));
            return union;
        };
    }
}
