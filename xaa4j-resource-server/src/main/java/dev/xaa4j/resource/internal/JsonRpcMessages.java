package dev.xaa4j.resource.internal;

import com.nimbusds.jose.util.JSONArrayUtils;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.xaa4j.resource.McpRequest;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds the JSON-RPC requests and notifications in an MCP POST body: one message, or a batch (an array, as protocol
 * 2025-03-26 allowed). Not public API.
 */
public final class JsonRpcMessages {

    private JsonRpcMessages() {
    }

    /**
     * The messages that have a {@code method}, in order (responses have none).
     *
     * @return the requests, or {@code null} when the body is not a JSON object or array: the caller then rejects the
     *         request rather than let the MCP server read it differently
     */
    public static List<McpRequest> requests(String body) {
        String trimmed = body.strip();
        List<McpRequest> out = new ArrayList<>();
        try {
            if (trimmed.startsWith("[")) {
                for (Object item : JSONArrayUtils.parse(trimmed)) {
                    if (item instanceof Map<?, ?> message) {
                        add(message, out);
                    }
                }
            } else if (trimmed.startsWith("{")) {
                add(JSONObjectUtils.parse(trimmed), out);
            } else {
                return null;
            }
        } catch (ParseException | RuntimeException | StackOverflowError e) {
            return null;
        }
        return out;
    }

    private static void add(Map<?, ?> message, List<McpRequest> out) {
        if (!(message.get("method") instanceof String method)) {
            return;
        }
        String toolName = null;
        if (McpRequest.TOOLS_CALL.equals(method) && message.get("params") instanceof Map<?, ?> params
                && params.get("name") instanceof String name) {
            toolName = name;
        }
        out.add(new McpRequest(method, toolName));
    }
}
