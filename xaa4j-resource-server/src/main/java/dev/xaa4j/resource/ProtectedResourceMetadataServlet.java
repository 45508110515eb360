package dev.xaa4j.resource;

import dev.xaa4j.core.DiscoveryUris;
import dev.xaa4j.core.ProtectedResourceMetadata;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * Serves an MCP server's OAuth 2.0 Protected Resource Metadata (RFC 9728 section 3) as JSON at both locations MCP clients
 * try: the path-inserted one ({@code /.well-known/oauth-protected-resource/mcp} for the resource
 * {@code https://h/mcp}) and the root ({@code /.well-known/oauth-protected-resource}).
 *
 * <p>Mount it in the root context (clients look for well-known URLs at the host's root; paths are compared within the
 * servlet context), either with {@link ProtectedMcpServlets#mount}, or by hand:
 *
 * <pre>{@code
 * ServletRegistration.Dynamic prm = servletContext.addServlet("prm", new ProtectedResourceMetadataServlet(metadata));
 * prm.addMapping("/.well-known/oauth-protected-resource/*");   // also matches the root location
 * }</pre>
 *
 * GET and HEAD answer 200 with {@code Content-Type: application/json}; other methods 405 with {@code Allow: GET, HEAD};
 * other paths under the mapping 404. No authentication: the metadata is public. Immutable and thread-safe.
 */
public final class ProtectedResourceMetadataServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final byte[] json;
    private final List<String> paths;

    /** A servlet for this metadata document. */
    public ProtectedResourceMetadataServlet(ProtectedResourceMetadata metadata) {
        Objects.requireNonNull(metadata, "metadata");
        this.json = metadata.toJson().getBytes(StandardCharsets.UTF_8);
        this.paths = pathsOf(metadata);
    }

    /**
     * The paths at which the metadata is served: the path-inserted location when the resource has a path, then the root
     * location.
     */
    public static List<String> pathsOf(ProtectedResourceMetadata metadata) {
        return DiscoveryUris.protectedResourceMetadata(URI.create(metadata.resource())).stream()
                .map(URI::getRawPath)
                .toList();
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (!paths.contains(path)) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        String method = request.getMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            response.setHeader("Allow", "GET, HEAD");
            response.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
            return;
        }
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType("application/json");
        response.setContentLength(json.length);
        if (method.equals("GET")) {
            response.getOutputStream().write(json);
        }
    }
}
