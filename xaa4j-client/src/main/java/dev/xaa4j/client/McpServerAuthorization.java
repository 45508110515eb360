package dev.xaa4j.client;

import dev.xaa4j.core.AuthorizationServerMetadata;
import dev.xaa4j.core.ProtectedResourceMetadata;
import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * What MCP discovery learned about a server (PROTOCOL.md section 2 step 0): its validated protected resource metadata
 * (RFC 9728), the chosen authorization server's validated metadata (RFC 8414), whether that server takes ID-JAGs, and the
 * scope to ask for. Produced by {@link McpAuthorizationDiscovery}; the inputs of token exchange
 * ({@link TokenExchangeClient#requestIdJag(SubjectToken, McpServerAuthorization)}) and of the JWT bearer grant
 * ({@link JwtBearerClient#builder(AuthorizationServerMetadata, ClientAuthentication)}).
 *
 * <p>Immutable and thread-safe; contains no secret.
 *
 * @param serverUrl                    the MCP server URL discovery started from
 * @param protectedResourceMetadataUrl where the protected resource metadata was found
 * @param protectedResourceMetadata    the protected resource metadata; its {@code resource} identifies {@code serverUrl}
 * @param authorizationServer          the chosen authorization server's metadata; its {@code issuer} is exactly the one
 *                                     listed in {@code authorization_servers} and it has a {@code token_endpoint}
 * @param idJagSupport                 the verdict on ID-JAG support
 * @param scopes                       the scope to request: the 401 challenge's {@code scope}, else the PRM
 *                                     {@code scopes_supported}, else empty
 */
public record McpServerAuthorization(
        URI serverUrl,
        URI protectedResourceMetadataUrl,
        ProtectedResourceMetadata protectedResourceMetadata,
        AuthorizationServerMetadata authorizationServer,
        IdJagSupport idJagSupport,
        Set<String> scopes) {

    public McpServerAuthorization {
        Objects.requireNonNull(serverUrl, "serverUrl");
        Objects.requireNonNull(protectedResourceMetadataUrl, "protectedResourceMetadataUrl");
        Objects.requireNonNull(protectedResourceMetadata, "protectedResourceMetadata");
        Objects.requireNonNull(authorizationServer, "authorizationServer");
        Objects.requireNonNull(idJagSupport, "idJagSupport");
        scopes = scopes == null ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(scopes));
    }

    /** The MCP server's resource identifier (PRM {@code resource}): the {@code resource} of token exchange. */
    public String resource() {
        return protectedResourceMetadata.resource();
    }

    /** The authorization server's issuer: the {@code audience} of token exchange. */
    public String authorizationServerIssuer() {
        return authorizationServer.issuer();
    }

    /** The authorization server's token endpoint. */
    public URI tokenEndpoint() {
        return URI.create(authorizationServer.tokenEndpoint());
    }
}
