package dev.xaa4j.resource;

import dev.xaa4j.core.BearerChallenge;
import dev.xaa4j.core.OAuthError;
import dev.xaa4j.core.Scopes;
import dev.xaa4j.resource.internal.BearerCredentials;
import dev.xaa4j.resource.internal.BufferedBodyRequest;
import dev.xaa4j.resource.internal.ErrorResponses;
import dev.xaa4j.resource.internal.JsonRpcMessages;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A servlet filter that admits only requests with a valid access token for this MCP server, in front of the MCP SDK's
 * {@code HttpServletStreamableServerTransportProvider} (RFC 6750 sections 2.1 and 3, RFC 9728 section 5.1, MCP
 * authorization).
 *
 * <ul>
 *   <li>The token is read from the {@code Authorization: Bearer} header only; a token in the query or a form body is
 *       not looked at.</li>
 *   <li>No bearer credentials (also another scheme such as Basic): 401 with
 *       {@code WWW-Authenticate: Bearer resource_metadata="<metadata URL>"[, scope="<required scopes>"]}, no error
 *       code (RFC 6750 section 3.1).</li>
 *   <li>Malformed credentials ({@code Bearer} without a token, two tokens, two headers), or a token the
 *       {@link AccessTokenVerifier} rejects: 401 with {@code error="invalid_token"} and an {@code error_description}
 *       that names the rule, never the token. When the authorization server's keys cannot be fetched: 503.</li>
 *   <li>A POST whose JSON-RPC messages need scopes the token lacks (the {@linkplain ResourceServerConfig#requiredScopes()
 *       global scopes} plus those of the {@link McpScopeRequirement}, which sees each message's method and tool name):
 *       403 with {@code error="insufficient_scope"} and {@code scope} listing every scope the request needs. To ask the
 *       hook, the filter reads the body, at most {@link ResourceServerConfig#maxRequestBodyBytes()} (more: 413; not a
 *       JSON object or array: 400), and hands the servlet a request that replays it.</li>
 *   <li>Otherwise the {@link AccessTokenPrincipal} is stored in the request attribute {@link #PRINCIPAL_ATTRIBUTE} and
 *       the request continues.</li>
 * </ul>
 *
 * <p>Register it with async support (the MCP servlet streams over server-sent events); {@link ProtectedMcpServlets} does.
 * Thread-safe: one instance serves all requests.
 */
public final class BearerTokenFilter implements Filter {

    /** The request attribute that holds the {@link AccessTokenPrincipal} of an admitted request. */
    public static final String PRINCIPAL_ATTRIBUTE = "dev.xaa4j.resource.AccessTokenPrincipal";

    private static final Logger LOG = LoggerFactory.getLogger(BearerTokenFilter.class);

    private final ResourceServerConfig config;
    private final String resourceMetadata;

    /** A filter for the resource this configuration describes. */
    public BearerTokenFilter(ResourceServerConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.resourceMetadata = config.resourceMetadataUrl().toString();
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)) {
            throw new ServletException("BearerTokenFilter protects HTTP requests only");
        }
        BearerCredentials credentials = BearerCredentials.read(request.getHeaders("Authorization"));
        if (credentials.absent()) {
            ErrorResponses.challenge(response, 401,
                    BearerChallenge.of(resourceMetadata, Scopes.format(config.requiredScopes())));
            return;
        }
        if (credentials.problem() != null) {
            invalidToken(response, credentials.problem());
            return;
        }
        AccessTokenPrincipal principal;
        try {
            principal = config.verifier().verify(credentials.token());
        } catch (InvalidAccessTokenException e) {
            if (e.error().httpStatus() == 401) {
                invalidToken(response, e.error().description());
            } else {
                LOG.warn("access token could not be checked: {}", e.getMessage());
                ErrorResponses.error(response, e.error());
            }
            return;
        }

        Set<String> required = new LinkedHashSet<>(config.requiredScopes());
        HttpServletRequest forward = request;
        if (config.scopeRequirement() != null && "POST".equals(request.getMethod())) {
            byte[] body = readBody(request);
            if (body == null) {
                ErrorResponses.error(response, OAuthError.invalidRequest(
                        "the request body exceeds " + config.maxRequestBodyBytes() + " bytes").withHttpStatus(413));
                return;
            }
            List<McpRequest> messages =
                    JsonRpcMessages.requests(new String(body, BufferedBodyRequest.charset(request)));
            if (messages == null) {
                ErrorResponses.error(response, OAuthError.invalidRequest("the request body is not a JSON-RPC message"));
                return;
            }
            for (McpRequest message : messages) {
                required.addAll(config.scopeRequirement().scopesFor(message));
            }
            forward = new BufferedBodyRequest(request, body);
        }
        if (!principal.hasScopes(required)) {
            ErrorResponses.challenge(response, 403, new BearerChallenge(resourceMetadata, Scopes.format(required),
                    OAuthError.INSUFFICIENT_SCOPE, "the access token lacks a scope this request needs", null, null));
            return;
        }
        forward.setAttribute(PRINCIPAL_ATTRIBUTE, principal);
        chain.doFilter(forward, response);
    }

    private void invalidToken(HttpServletResponse response, String description) throws IOException {
        ErrorResponses.challenge(response, 401,
                new BearerChallenge(resourceMetadata, null, OAuthError.INVALID_TOKEN, description, null, null));
    }

    /** The body, or {@code null} when it is longer than the bound. */
    private byte[] readBody(HttpServletRequest request) throws IOException {
        int max = config.maxRequestBodyBytes();
        if (request.getContentLengthLong() > max) {
            return null;
        }
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes((int) Math.min((long) max + 1, Integer.MAX_VALUE - 8));
            return body.length > max ? null : body;
        }
    }
}
