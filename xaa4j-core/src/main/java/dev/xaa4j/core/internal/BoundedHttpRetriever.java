package dev.xaa4j.core.internal;

import com.nimbusds.jose.util.Resource;
import com.nimbusds.jose.util.ResourceRetriever;
import dev.xaa4j.core.SecureTransport;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * Fetches JSON documents for the server roles (an IdP's or an AS's JWK set, metadata) with the JDK HTTP client: HTTPS (or HTTP to loopback)
 * only, no redirects followed, a connect and a whole-request timeout, a bounded body, status 200 only.
 *
 * <p>Not part of the public API. Thread-safe.
 */
public final class BoundedHttpRetriever implements ResourceRetriever {

    private final HttpClient client;
    private final Duration requestTimeout;
    private final int maxBytes;

    public BoundedHttpRetriever(Duration connectTimeout, Duration requestTimeout, int maxBytes) {
        this.client = HttpClient.newBuilder()
                .connectTimeout(Objects.requireNonNull(connectTimeout, "connectTimeout"))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
        this.maxBytes = maxBytes;
    }

    @Override
    public Resource retrieveResource(URL url) throws IOException {
        URI uri;
        try {
            uri = url.toURI();
        } catch (URISyntaxException e) {
            throw new IOException("not a URI");
        }
        return new Resource(fetch(uri), "application/json");
    }

    /**
     * GETs a document.
     *
     * @throws IOException on a transport failure, a status other than 200, a redirect, or a body over the limit; the
     *                     message names the status or the limit, never the body
     */
    public String fetch(URI uri) throws IOException {
        if (!SecureTransport.isAllowed(uri)) {
            throw new IOException("refusing to fetch over plain http from a non-loopback host: " + uri.getHost());
        }
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(requestTimeout)
                .header("Accept", "application/json")
                .GET()
                .build();
        HttpResponse<InputStream> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        }
        try (InputStream in = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException("HTTP status " + response.statusCode() + " from " + uri.getHost());
            }
            byte[] body = in.readNBytes(maxBytes + 1);
            if (body.length > maxBytes) {
                throw new IOException("document larger than " + maxBytes + " bytes from " + uri.getHost());
            }
            return new String(body, StandardCharsets.UTF_8);
        }
    }
}
