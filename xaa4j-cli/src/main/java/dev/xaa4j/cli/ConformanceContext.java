package dev.xaa4j.cli;

import dev.xaa4j.client.ClientAuthentication;
import dev.xaa4j.client.TokenExchangeClient;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.TypeRef;
import java.io.IOException;
import java.net.URI;
import java.util.Map;

/**
 * What {@code MCP_CONFORMANCE_CONTEXT} says (PROTOCOL.md section 9): the client's registration at the authorization
 * server ({@code client_id}, {@code client_secret}, used with {@code client_secret_basic}), at the IdP
 * ({@code idp_client_id}, and {@code idp_client_secret} when the IdP client is confidential), the user's ID token
 * ({@code idp_id_token}) and the IdP ({@code idp_token_endpoint}, optionally {@code idp_issuer}). Unknown keys are
 * ignored. Read by {@code xaa conformance-client} and {@code xaa load}.
 *
 * <p>Immutable; its {@code toString()} shows no token or secret.
 *
 * @param idpTokenEndpoint     the IdP's token endpoint
 * @param idpIssuer            the IdP's issuer, or {@code null}
 * @param idpAuthentication    the client at the IdP: {@code client_secret_basic} with {@code idp_client_secret}, else a
 *                             public client ({@code client_id} in the body, which the conformance IdP expects)
 * @param idToken              the user's ID token (a secret)
 * @param clientAuthentication the client at the authorization server, {@code client_secret_basic}
 */
record ConformanceContext(URI idpTokenEndpoint, String idpIssuer, ClientAuthentication idpAuthentication, String idToken,
                          ClientAuthentication clientAuthentication) {

    /** The environment variable that holds the context. */
    static final String VARIABLE = "MCP_CONFORMANCE_CONTEXT";

    /**
     * Reads the context from the environment.
     *
     * @param whenUnset what the error says after "MCP_CONFORMANCE_CONTEXT is not set: " when the variable is unset
     * @throws IllegalArgumentException when the variable is unset, not a JSON object, or lacks a key (the message names
     *                                  it, never a value)
     */
    static ConformanceContext read(Map<String, String> environment, String whenUnset) {
        String json = environment.get(VARIABLE);
        if (json == null || json.isBlank()) {
            throw new IllegalArgumentException(VARIABLE + " is not set: " + whenUnset);
        }
        Map<String, Object> context;
        try {
            context = McpJsonDefaults.getMapper().readValue(json, new TypeRef<Map<String, Object>>() {
            });
            if (context == null) {
                throw new IOException("null");
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(VARIABLE + " is not a JSON object");
        }
        return of(context);
    }

    /**
     * Reads a parsed context.
     *
     * @throws IllegalArgumentException naming the key that is missing or not a string
     */
    static ConformanceContext of(Map<String, Object> json) {
        String idpClientId = required(json, "idp_client_id");
        String idpSecret = optional(json, "idp_client_secret");
        String tokenEndpoint = required(json, "idp_token_endpoint");
        URI endpoint;
        try {
            endpoint = URI.create(tokenEndpoint);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(VARIABLE + ": 'idp_token_endpoint' is not a URL");
        }
        return new ConformanceContext(endpoint, optional(json, "idp_issuer"),
                idpSecret == null ? ClientAuthentication.none(idpClientId)
                        : ClientAuthentication.clientSecretBasic(idpClientId, idpSecret),
                required(json, "idp_id_token"),
                ClientAuthentication.clientSecretBasic(required(json, "client_id"), required(json, "client_secret")));
    }

    /** A token exchange client for the context's IdP (its token endpoint, issuer and client authentication). */
    TokenExchangeClient.Builder identityProvider() {
        return TokenExchangeClient.builder(idpTokenEndpoint, idpAuthentication).issuer(idpIssuer);
    }

    @Override
    public String toString() {
        return "ConformanceContext[idp=" + idpTokenEndpoint + ", " + idpAuthentication + ", " + clientAuthentication + "]";
    }

    private static String required(Map<String, Object> context, String key) {
        String value = optional(context, key);
        if (value == null) {
            throw new IllegalArgumentException(VARIABLE + " has no '" + key + "'");
        }
        return value;
    }

    private static String optional(Map<String, Object> context, String key) {
        Object value = context.get(key);
        if (value != null && !(value instanceof String)) {
            throw new IllegalArgumentException(VARIABLE + ": '" + key + "' is not a string");
        }
        return value == null || ((String) value).isEmpty() ? null : (String) value;
    }
}
