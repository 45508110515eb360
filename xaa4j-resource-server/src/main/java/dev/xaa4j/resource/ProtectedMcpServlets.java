package dev.xaa4j.resource;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;

/**
 * Protects an MCP server in a servlet container in one call: mounts the {@link ProtectedResourceMetadataServlet}, the MCP
 * servlet, and a {@link BearerTokenFilter} in front of it (MCP authorization, RFC 9728, RFC 6750).
 *
 * <p>Uses only the Servlet API ({@link ServletContext}), so it works in any Jakarta Servlet 6 container. Call it while
 * the context is being initialised: before an embedded server starts, or from a {@code ServletContextListener}. On
 * embedded Jetty 12.1 ee11:
 *
 * <pre>{@code
 * HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder()
 *         .mcpEndpoint("/mcp")                                     // the same path as below
 *         .contextExtractor(new McpPrincipalContextExtractor())    // tools see the caller
 *         .build();
 * McpSyncServer mcp = McpServer.sync(transport).serverInfo("files", "1.0").toolCall(tool, handler).build();
 *
 * ResourceServerConfig config = ResourceServerConfig.builder(
 *                 ProtectedResourceMetadata.of("https://mcp.example.com/mcp", List.of(asIssuer), List.of("files:read")),
 *                 JwtAccessTokenVerifier.builder(asIssuer, "https://mcp.example.com/mcp", asJwksUri).build())
 *         .requiredScopes(Set.of("files:read"))
 *         .build();
 *
 * ServletContextHandler context = new ServletContextHandler("/");
 * ProtectedMcpServlets.mount(context.getServletContext(), "/mcp", transport, config);
 * server.setHandler(context);
 * server.start();
 * }</pre>
 *
 * <p>The metadata is served at its path-inserted location and, unless another servlet of the context already serves it,
 * at the root location {@code /.well-known/oauth-protected-resource}. Mount in the root context: MCP clients look for the
 * metadata at the host's root. Thread-safe (stateless).
 */
public final class ProtectedMcpServlets {

    private ProtectedMcpServlets() {
    }

    /**
     * Mounts the metadata servlet, the MCP servlet at {@code mcpPath} (async supported) and the bearer token filter in
     * front of the MCP servlet.
     *
     * @param context    the servlet context, still being initialised
     * @param mcpPath    the MCP endpoint's path in the context, for example {@code /mcp}; for the MCP SDK's transport it
     *                   must equal its {@code mcpEndpoint}
     * @param mcpServlet the MCP servlet, typically the SDK's {@code HttpServletStreamableServerTransportProvider}
     * @param config     the protection
     * @throws IllegalStateException when a servlet or filter of the same name is registered already, or the MCP path is
     *                               mapped to another servlet
     */
    public static void mount(ServletContext context, String mcpPath, Servlet mcpServlet, ResourceServerConfig config) {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(mcpPath, "mcpPath");
        Objects.requireNonNull(mcpServlet, "mcpServlet");
        Objects.requireNonNull(config, "config");
        if (!mcpPath.startsWith("/") || mcpPath.contains("*")) {
            throw new IllegalArgumentException("mcpPath must be an exact path starting with '/'");
        }

        List<String> metadataPaths = ProtectedResourceMetadataServlet.pathsOf(config.metadata());
        ServletRegistration.Dynamic metadata = register(context, "xaa4j-protected-resource-metadata " + mcpPath,
                new ProtectedResourceMetadataServlet(config.metadata()));
        for (int i = 0; i < metadataPaths.size(); i++) {
            String path = metadataPaths.get(i);
            boolean sharedRoot = metadataPaths.size() > 1 && i == metadataPaths.size() - 1;
            if (sharedRoot && isMapped(context, path)) {
                continue; // another protected MCP server of this context serves the root location
            }
            if (!metadata.addMapping(path).isEmpty()) {
                throw new IllegalStateException("the path " + path + " is already mapped to another servlet");
            }
        }

        String mcpName = "xaa4j-mcp " + mcpPath;
        ServletRegistration.Dynamic mcp = register(context, mcpName, mcpServlet);
        mcp.setAsyncSupported(true);
        if (!mcp.addMapping(mcpPath).isEmpty()) {
            throw new IllegalStateException("the path " + mcpPath + " is already mapped to another servlet");
        }

        FilterRegistration.Dynamic filter = context.addFilter("xaa4j-bearer-token " + mcpPath, new BearerTokenFilter(config));
        if (filter == null) {
            throw new IllegalStateException("a bearer token filter is already registered for " + mcpPath);
        }
        filter.setAsyncSupported(true);
        filter.addMappingForServletNames(EnumSet.of(DispatcherType.REQUEST), false, mcpName);
    }

    private static ServletRegistration.Dynamic register(ServletContext context, String name, Servlet servlet) {
        ServletRegistration.Dynamic registration = context.addServlet(name, servlet);
        if (registration == null) {
            throw new IllegalStateException("a servlet named '" + name + "' is already registered");
        }
        return registration;
    }

    private static boolean isMapped(ServletContext context, String path) {
        return context.getServletRegistrations().values().stream().anyMatch(r -> r.getMappings().contains(path));
    }
}
