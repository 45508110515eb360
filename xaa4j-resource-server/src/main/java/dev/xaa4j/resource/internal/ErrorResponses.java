package dev.xaa4j.resource.internal;

import dev.xaa4j.core.BearerChallenge;
import dev.xaa4j.core.OAuthError;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The one place that writes the resource server's error responses: RFC 6750 section 3 challenges (401, 403) and plain
 * OAuth errors (413, 503). Not public API.
 */
public final class ErrorResponses {

    private ErrorResponses() {
    }

    /**
     * Writes a challenge: the status, {@code WWW-Authenticate} from {@link BearerChallenge#toHeaderValue()}, and, when the
     * challenge has an error code, the RFC 6749 section 5.2 style JSON body.
     */
    public static void challenge(HttpServletResponse response, int status, BearerChallenge challenge) throws IOException {
        response.setHeader("WWW-Authenticate", challenge.toHeaderValue());
        if (challenge.error() == null) {
            writeStatus(response, status, null);
        } else {
            writeStatus(response, status, new OAuthError(challenge.error(), challenge.errorDescription(), null, status));
        }
    }

    /** Writes an OAuth error without a challenge, with the error's HTTP status. */
    public static void error(HttpServletResponse response, OAuthError error) throws IOException {
        writeStatus(response, error.httpStatus(), error);
    }

    private static void writeStatus(HttpServletResponse response, int status, OAuthError body) throws IOException {
        response.setStatus(status);
        response.setHeader("Cache-Control", "no-store");
        if (body == null) {
            response.setContentLength(0);
            return;
        }
        byte[] bytes = body.toJson().getBytes(StandardCharsets.UTF_8);
        response.setContentType("application/json");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
