package dev.xaa4j.client.internal;

import java.net.URI;
import java.util.Objects;

/**
 * A response that arrived completely, within the bounds: status (never 3xx), {@code Content-Type} and the body as UTF-8
 * text. Not part of the public API. Immutable.
 *
 * @param uri         the URL that was requested
 * @param status      the HTTP status
 * @param contentType the {@code Content-Type} header, or {@code null}
 * @param body        the body (empty when there was none)
 */
public record HttpResult(URI uri, int status, String contentType, String body) {

    public HttpResult {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(body, "body");
    }

    /** Shows the URL, status and content type, never the body (it may hold a token). */
    @Override
    public String toString() {
        return "HttpResult[" + Texts.display(uri) + " -> " + status + ", " + contentType + ", " + body.length() + " chars]";
    }
}
