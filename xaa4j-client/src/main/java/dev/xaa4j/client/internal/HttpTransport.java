package dev.xaa4j.client.internal;

import dev.xaa4j.client.HttpOptions;
import dev.xaa4j.client.XaaClientException;
import dev.xaa4j.client.XaaClientException.Reason;
import dev.xaa4j.client.XaaClientException.Step;
import dev.xaa4j.core.FormParameters;
import dev.xaa4j.core.InsecureEndpointException;
import dev.xaa4j.core.SecureTransport;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where the client talks HTTP. Every request: HTTPS unless loopback (checked before any connection),
 * {@code Accept: application/json}, the request timeout over the whole exchange (body included), the body read up to
 * the bound and no further, and redirects reported as errors, never followed. Form bodies are
 * {@code application/x-www-form-urlencoded}.
 *
 * <p>Failures become {@link XaaClientException}s of the given step. Logs (debug) the method, the URL without query, the
 * status and the time taken; never a header or a body. Not part of the public API. Thread-safe.
 */
public final class HttpTransport {

    private static final Logger LOG = LoggerFactory.getLogger(HttpTransport.class);

    private final HttpOptions options;

    public HttpTransport(HttpOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * GETs a JSON document.
     *
     * @param what names the endpoint in errors, for example "protected resource metadata"
     */
    public HttpResult get(URI uri, Step step, String what) {
        return send(uri, HttpRequest.newBuilder().GET(), step, what);
    }

    /**
     * POSTs a form (parameters in order; {@code null} values left out) with extra headers.
     *
     * @param what names the endpoint in errors, for example "IdP token endpoint"
     */
    public HttpResult postForm(URI uri, Map<String, String> form, Map<String, String> headers, Step step, String what) {
        HttpRequest.Builder builder = HttpRequest.newBuilder()
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(FormParameters.encode(form), StandardCharsets.UTF_8));
        headers.forEach(builder::header);
        return send(uri, builder, step, what);
    }

    private HttpResult send(URI uri, HttpRequest.Builder builder, Step step, String what) {
        try {
            SecureTransport.require(uri, what);
        } catch (InsecureEndpointException e) {
            throw XaaClientException.of(step, Reason.INSECURE_URL, e.getMessage(), null, 0, e);
        }
        HttpRequest request = builder.uri(uri)
                .timeout(options.requestTimeout())
                .header("Accept", "application/json")
                .build();
        String shown = Texts.display(uri);
        long start = System.nanoTime();
        CompletableFuture<HttpResponse<byte[]>> future =
                options.httpClient().sendAsync(request, BoundedBodySubscriber.handler(options.maxResponseBytes()));
        HttpResponse<byte[]> response;
        try {
            response = future.get(options.requestTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw timeout(step, what, shown, e);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw XaaClientException.of(step, Reason.INTERRUPTED, "interrupted while waiting for the " + what + " at "
                    + shown, null, 0, e);
        } catch (ExecutionException e) {
            throw failure(step, what, shown, e.getCause() == null ? e : e.getCause());
        }
        int status = response.statusCode();
        LOG.debug("{}: {} {} -> {} ({} ms)", step.label(), request.method(), shown, status,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        if (status >= 300 && status < 400) {
            throw XaaClientException.of(step, Reason.REDIRECT, "the " + what + " at " + shown + " answered HTTP " + status
                    + " (a redirect); redirects are never followed", null, status, null);
        }
        return new HttpResult(uri, status, response.headers().firstValue("content-type").orElse(null),
                new String(response.body(), StandardCharsets.UTF_8));
    }

    private XaaClientException failure(Step step, String what, String shown, Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof BoundedBodySubscriber.BodyTooLargeException) {
                return XaaClientException.of(step, Reason.BODY_TOO_LARGE, "the " + what + " at " + shown
                        + " sent a body larger than " + options.maxResponseBytes() + " bytes", null, 0, t);
            }
            if (t instanceof HttpConnectTimeoutException) {
                return XaaClientException.of(step, Reason.TIMEOUT, "cannot connect to the " + what + " at " + shown
                        + " within the connect timeout", null, 0, t);
            }
            if (t instanceof HttpTimeoutException) {
                return timeout(step, what, shown, t);
            }
        }
        String kind = cause instanceof IOException ? cause.getClass().getSimpleName() : "unexpected " + cause.getClass().getName();
        return XaaClientException.of(step, Reason.NETWORK, "cannot reach the " + what + " at " + shown + " (" + kind + ")",
                null, 0, cause);
    }

    private XaaClientException timeout(Step step, String what, String shown, Throwable cause) {
        return XaaClientException.of(step, Reason.TIMEOUT, "no complete answer from the " + what + " at " + shown + " within "
                + options.requestTimeout(), null, 0, cause);
    }
}
