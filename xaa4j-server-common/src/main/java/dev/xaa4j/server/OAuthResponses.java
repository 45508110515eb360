package dev.xaa4j.server;

import dev.xaa4j.core.OAuthError;
import dev.xaa4j.core.internal.Json;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The one place that writes token endpoint responses: RFC 6749 section 5.1 successes and section 5.2 errors, as JSON with
 * {@code Cache-Control: no-store}. Thread-safe (stateless).
 */
public final class OAuthResponses {

    /** The realm of the Basic challenge sent with {@code invalid_client}. */
    public static final String BASIC_REALM = "xaa4j";

    private OAuthResponses() {
    }

    /** Writes a JSON success body with status 200. */
    public static void writeSuccess(HttpServletResponse response, Map<String, ?> body) throws IOException {
        writeJson(response, 200, Json.write(body));
    }

    /**
     * Writes an error. {@code invalid_client} after HTTP Basic is answered with 401 (RFC 6749 section 5.2); every 401
     * carries {@code WWW-Authenticate: Basic} (RFC 7235 section 3.1 requires a challenge, and it names the scheme this
     * endpoint takes in a header).
     */
    public static void writeError(HttpServletResponse response, OAuthError error, boolean basicUsed) throws IOException {
        int status = error.httpStatus();
        if (OAuthError.INVALID_CLIENT.equals(error.code()) && basicUsed) {
            status = 401;
        }
        if (status == 401) {
            response.setHeader("WWW-Authenticate", "Basic realm=\"" + BASIC_REALM + "\", charset=\"UTF-8\"");
        }
        if (status == 405) {
            response.setHeader("Allow", "POST");
        }
        writeJson(response, status, error.toJson());
    }

    /** Writes a JSON body with {@code Cache-Control: no-store} and {@code Pragma: no-cache}. */
    public static void writeJson(HttpServletResponse response, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Pragma", "no-cache");
        response.setContentType("application/json;charset=UTF-8");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
