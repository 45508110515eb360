package dev.xaa4j.resource;

import java.util.Objects;

/**
 * One JSON-RPC message of an MCP POST as {@link BearerTokenFilter} sees it, for a {@link McpScopeRequirement} to decide
 * which scopes it needs (MCP base protocol, JSON-RPC 2.0 requests and notifications).
 *
 * @param method   the JSON-RPC {@code method}, for example {@code initialize}, {@code tools/list}, {@code tools/call}
 * @param toolName for {@code tools/call}, the {@code params.name} of the tool; otherwise {@code null}
 */
public record McpRequest(String method, String toolName) {

    /** The JSON-RPC method that calls a tool. */
    public static final String TOOLS_CALL = "tools/call";

    public McpRequest {
        Objects.requireNonNull(method, "method");
    }

    /** Whether this calls the named tool. */
    public boolean isToolCall(String name) {
        return TOOLS_CALL.equals(method) && Objects.equals(toolName, name);
    }
}
