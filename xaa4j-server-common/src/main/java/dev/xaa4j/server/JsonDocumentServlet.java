package dev.xaa4j.server;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Serves a JSON document on {@code GET} (and {@code HEAD}): server metadata (RFC 8414, OIDC discovery) or a JWK set.
 * Other methods get 405. The supplier is called per request, so a rotated key set is served at once. Thread-safe when
 * the supplier is.
 */
public class JsonDocumentServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient Supplier<String> document;
    private final String cacheControl;

    /** Serves the document with {@code Cache-Control: no-cache}. */
    public JsonDocumentServlet(Supplier<String> document) {
        this(document, "no-cache");
    }

    public JsonDocumentServlet(Supplier<String> document, String cacheControl) {
        this.document = Objects.requireNonNull(document, "document");
        this.cacheControl = Objects.requireNonNull(cacheControl, "cacheControl");
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        byte[] bytes = document.get().getBytes(StandardCharsets.UTF_8);
        resp.setStatus(200);
        resp.setContentType("application/json;charset=UTF-8");
        resp.setHeader("Cache-Control", cacheControl);
        resp.setContentLength(bytes.length);
        resp.getOutputStream().write(bytes);
    }
}
