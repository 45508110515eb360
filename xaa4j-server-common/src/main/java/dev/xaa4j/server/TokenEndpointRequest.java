package dev.xaa4j.server;

import dev.xaa4j.core.FormParameters;
import dev.xaa4j.core.OAuthError;
import dev.xaa4j.core.OAuthException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The syntax of a token endpoint request (RFC 6749 section 3.2): the form parameters, each present at most once, and the
 * {@code Authorization} header. Built by the servlet layer; read by grant handlers, which need no servlet types.
 *
 * <p>A parameter sent without a value is treated as omitted (RFC 6749 section 3.1). Immutable and thread-safe.
 * {@link #toString()} shows parameter names only.
 */
public final class TokenEndpointRequest {

    private final Map<String, String> parameters;
    private final String authorization;

    private TokenEndpointRequest(Map<String, String> parameters, String authorization) {
        this.parameters = parameters;
        this.authorization = authorization;
    }

    /**
     * Builds a request from decoded parameters.
     *
     * @throws OAuthException {@code invalid_request} naming the first parameter that appears more than once
     */
    public static TokenEndpointRequest of(Map<String, List<String>> parameters, String authorizationHeader) {
        Objects.requireNonNull(parameters, "parameters");
        Map<String, String> single = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> e : parameters.entrySet()) {
            if (e.getValue().size() > 1) {
                throw new OAuthException(OAuthError.invalidRequest("parameter '" + e.getKey() + "' is repeated"));
            }
            if (!e.getValue().isEmpty() && !e.getValue().get(0).isEmpty()) {
                single.put(e.getKey(), e.getValue().get(0));
            }
        }
        return new TokenEndpointRequest(Collections.unmodifiableMap(single), authorizationHeader);
    }

    /**
     * Parses an {@code application/x-www-form-urlencoded} body.
     *
     * @throws OAuthException {@code invalid_request} for a repeated parameter or a malformed encoding
     */
    public static TokenEndpointRequest parse(String formBody, String authorizationHeader) {
        return of(FormParameters.decode(formBody), authorizationHeader);
    }

    /** A parameter's value, or empty when absent. */
    public Optional<String> optional(String name) {
        return Optional.ofNullable(parameters.get(name));
    }

    /** A parameter's value, or {@code null} when absent. */
    public String get(String name) {
        return parameters.get(name);
    }

    /**
     * A required parameter's value.
     *
     * @throws OAuthException {@code invalid_request} naming the missing parameter
     */
    public String required(String name) {
        String value = parameters.get(name);
        if (value == null) {
            throw new OAuthException(OAuthError.invalidRequest("missing parameter '" + name + "'"));
        }
        return value;
    }

    /** Whether the parameter is present with a value. */
    public boolean has(String name) {
        return parameters.containsKey(name);
    }

    /** The names of the parameters present. */
    public Set<String> names() {
        return parameters.keySet();
    }

    /** The {@code Authorization} header, or {@code null}. */
    public String authorizationHeader() {
        return authorization;
    }

    /** Whether the request carries HTTP Basic credentials (then {@code invalid_client} is answered with 401 and a challenge). */
    public boolean usesBasicAuthentication() {
        return authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6);
    }

    @Override
    public String toString() {
        return "TokenEndpointRequest" + parameters.keySet() + (authorization != null ? " with Authorization" : "");
    }
}
