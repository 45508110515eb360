package dev.xaa4j.server;

import dev.xaa4j.core.OAuthError;
import dev.xaa4j.core.OAuthException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A token endpoint (RFC 6749 section 3.2) that dispatches on {@code grant_type} to {@link GrantHandler}s.
 *
 * <p>Request syntax: {@code POST} only (405 otherwise), an {@code application/x-www-form-urlencoded} body of at most
 * {@link #DEFAULT_MAX_BODY_BYTES} (refused without parsing when larger), each parameter at most once, query parameters
 * ignored. A missing {@code grant_type} is {@code invalid_request}, an unknown one {@code unsupported_grant_type}.
 * Unexpected failures become {@code server_error} and are logged by exception type only. Mountable in any Servlet 6.1
 * container; thread-safe.
 *
 * <pre>{@code
 * context.addServlet(new ServletHolder(new TokenEndpointServlet(Map.of(
 *         GrantType.JWT_BEARER.value(), idJagGrantHandler))), "/token");
 * }</pre>
 */
public class TokenEndpointServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(TokenEndpointServlet.class);

    /** The largest request body read: 64 KiB. */
    public static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024;

    /** Oversized bodies up to this size are read and discarded before the error is sent; larger ones are refused at once. */
    static final long DRAIN_LIMIT_BYTES = 4L * 1024 * 1024;

    private final transient Map<String, GrantHandler> handlers;
    private final int maxBodyBytes;

    /** A token endpoint for these grant types (keys are {@code grant_type} values). */
    public TokenEndpointServlet(Map<String, GrantHandler> handlers) {
        this(handlers, DEFAULT_MAX_BODY_BYTES);
    }

    public TokenEndpointServlet(Map<String, GrantHandler> handlers, int maxBodyBytes) {
        Objects.requireNonNull(handlers, "handlers");
        if (maxBodyBytes < 1024) {
            throw new IllegalArgumentException("maxBodyBytes must be at least 1024");
        }
        this.handlers = Map.copyOf(new LinkedHashMap<>(handlers));
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        boolean basic = false;
        try {
            if (!"POST".equals(req.getMethod())) {
                throw new OAuthException(new OAuthError(OAuthError.INVALID_REQUEST, "the token endpoint takes POST only", null, 405));
            }
            TokenEndpointRequest request = readRequest(req, maxBodyBytes);
            basic = request.usesBasicAuthentication();
            String grantType = request.required("grant_type");
            GrantHandler handler = handlers.get(grantType);
            if (handler == null) {
                throw new OAuthException(OAuthError.unsupportedGrantType("grant_type is not supported by this endpoint"));
            }
            OAuthResponses.writeSuccess(resp, handler.handle(request));
        } catch (OAuthException e) {
            OAuthResponses.writeError(resp, e.error(), basic || usesBasic(req));
        } catch (RuntimeException e) {
            LOG.error("token endpoint failed unexpectedly: {}", e.getClass().getName());
            OAuthResponses.writeError(resp, OAuthError.serverError("internal error"), false);
        }
    }

    private static boolean usesBasic(HttpServletRequest req) {
        String auth = req.getHeader("Authorization");
        return auth != null && auth.regionMatches(true, 0, "Basic ", 0, 6);
    }

    /**
     * Reads and parses a token endpoint request: form content type, at most {@code maxBodyBytes} (a larger body is
     * discarded unparsed, up to 4 MiB, so that the client can read the error), each parameter once.
     *
     * @throws OAuthException {@code invalid_request} for a wrong content type, an oversized body or a syntax error
     */
    public static TokenEndpointRequest readRequest(HttpServletRequest req, int maxBodyBytes) throws IOException {
        String contentType = req.getContentType();
        if (contentType == null
                || !contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            throw new OAuthException(OAuthError.invalidRequest("the body must be application/x-www-form-urlencoded"));
        }
        String tooLarge = "request body larger than " + maxBodyBytes + " bytes";
        if (req.getContentLengthLong() > DRAIN_LIMIT_BYTES) {
            throw new OAuthException(OAuthError.invalidRequest(tooLarge));
        }
        byte[] body;
        try (InputStream in = req.getInputStream()) {
            body = in.readNBytes(maxBodyBytes + 1);
            if (body.length > maxBodyBytes) {
                // Discard (never parse) the rest, so the client reads the error instead of a reset connection.
                in.skipNBytes(Math.max(0, Math.min(req.getContentLengthLong(), DRAIN_LIMIT_BYTES) - body.length));
                throw new OAuthException(OAuthError.invalidRequest(tooLarge));
            }
        } catch (java.io.EOFException e) {
            throw new OAuthException(OAuthError.invalidRequest(tooLarge));
        }
        return TokenEndpointRequest.parse(new String(body, StandardCharsets.UTF_8), req.getHeader("Authorization"));
    }
}
