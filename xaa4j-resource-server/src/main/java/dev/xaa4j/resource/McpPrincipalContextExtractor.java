package dev.xaa4j.resource;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpTransportContextExtractor;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Objects;
import java.util.Optional;

/**
 * Hands the {@link AccessTokenPrincipal} that {@link BearerTokenFilter} admitted to MCP tool handlers, through the MCP Java
 * SDK's {@link McpTransportContext} (MCP authorization: the server acts for the token's user and client).
 *
 * <pre>{@code
 * HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder()
 *         .mcpEndpoint("/mcp")
 *         .contextExtractor(new McpPrincipalContextExtractor())
 *         .build();
 * McpServer.sync(transport).toolCall(tool, (exchange, call) -> {
 *     AccessTokenPrincipal user = McpPrincipalContextExtractor.principal(exchange.transportContext()).orElseThrow();
 *     ...
 * });
 * }</pre>
 *
 * Needs {@code io.modelcontextprotocol.sdk:mcp} on the class path (an optional dependency of this module). Immutable and
 * thread-safe.
 */
public final class McpPrincipalContextExtractor implements McpTransportContextExtractor<HttpServletRequest> {

    /** The {@link McpTransportContext} key under which the {@link AccessTokenPrincipal} is stored. */
    public static final String PRINCIPAL_KEY = BearerTokenFilter.PRINCIPAL_ATTRIBUTE;

    private final McpTransportContextExtractor<HttpServletRequest> delegate;

    /** An extractor whose context holds only the principal. */
    public McpPrincipalContextExtractor() {
        this(request -> McpTransportContext.EMPTY);
    }

    /** An extractor that adds the principal to the context another extractor builds. */
    public McpPrincipalContextExtractor(McpTransportContextExtractor<HttpServletRequest> delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public McpTransportContext extract(HttpServletRequest request) {
        McpTransportContext base = delegate.extract(request);
        if (base == null) {
            base = McpTransportContext.EMPTY;
        }
        if (request.getAttribute(BearerTokenFilter.PRINCIPAL_ATTRIBUTE) instanceof AccessTokenPrincipal principal) {
            return new WithPrincipal(principal, base);
        }
        return base;
    }

    /**
     * The principal of the request a tool handler serves.
     *
     * @param context the handler's {@code exchange.transportContext()}
     * @return the principal, or empty when the request did not pass {@link BearerTokenFilter} or the transport was not
     *         built with this extractor
     */
    public static Optional<AccessTokenPrincipal> principal(McpTransportContext context) {
        if (context != null && context.get(PRINCIPAL_KEY) instanceof AccessTokenPrincipal principal) {
            return Optional.of(principal);
        }
        return Optional.empty();
    }

    private record WithPrincipal(AccessTokenPrincipal principal, McpTransportContext base) implements McpTransportContext {
        @Override
        public Object get(String key) {
            return PRINCIPAL_KEY.equals(key) ? principal : base.get(key);
        }
    }
}
