package dev.xaa4j.client;

import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * An {@link HttpClient} that tells a {@link Listener} about every exchange it carries: method, URL, status and the time
 * until the response headers arrived (or the failure). For metrics, step-by-step traces ({@code xaa demo}) and counting
 * round trips ({@code xaa load}), around the clients of this library ({@link HttpOptions.Builder#httpClient}) and around
 * the MCP Java SDK's transport ({@link #wrapping(HttpClient.Builder, Listener)} for its {@code clientBuilder}).
 *
 * <p>The listener sees no request or response headers and no bodies, so no token or secret reaches it; it is called once
 * per exchange, on the thread that completes it, and its exceptions are ignored. Thread-safe when the listener is.
 *
 * <pre>{@code
 * ObservingHttpClient.Listener log = e -> System.err.println(e.method() + " " + e.uri() + " -> " + e.status());
 * HttpOptions options = HttpOptions.builder()
 *         .httpClient(ObservingHttpClient.wrap(HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build(), log))
 *         .build();
 * }</pre>
 */
public final class ObservingHttpClient extends HttpClient {

    /** Receives one call per exchange. */
    @FunctionalInterface
    public interface Listener {
        void onExchange(Exchange exchange);
    }

    /**
     * One exchange.
     *
     * @param method   the request method
     * @param uri      the request URL
     * @param status   the response status, or -1 when no response arrived
     * @param duration from sending to the response headers (or to the failure)
     * @param failure  the failure's type and message when no response arrived, else {@code null}
     */
    public record Exchange(String method, URI uri, int status, Duration duration, String failure) {
    }

    private final HttpClient delegate;
    private final Listener listener;

    private ObservingHttpClient(HttpClient delegate, Listener listener) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** Wraps a client. */
    public static ObservingHttpClient wrap(HttpClient delegate, Listener listener) {
        return new ObservingHttpClient(delegate, listener);
    }

    /**
     * A builder whose {@code build()} wraps the client that {@code delegate} builds; every other method configures
     * {@code delegate}. For APIs that take a builder, like the MCP SDK's {@code HttpClientStreamableHttpTransport}.
     */
    public static HttpClient.Builder wrapping(HttpClient.Builder delegate, Listener listener) {
        Objects.requireNonNull(delegate, "delegate");
        Objects.requireNonNull(listener, "listener");
        return new HttpClient.Builder() {
            @Override public Builder cookieHandler(CookieHandler h) { delegate.cookieHandler(h); return this; }
            @Override public Builder connectTimeout(Duration d) { delegate.connectTimeout(d); return this; }
            @Override public Builder sslContext(SSLContext c) { delegate.sslContext(c); return this; }
            @Override public Builder sslParameters(SSLParameters p) { delegate.sslParameters(p); return this; }
            @Override public Builder executor(Executor e) { delegate.executor(e); return this; }
            @Override public Builder followRedirects(Redirect r) { delegate.followRedirects(r); return this; }
            @Override public Builder version(Version v) { delegate.version(v); return this; }
            @Override public Builder priority(int p) { delegate.priority(p); return this; }
            @Override public Builder proxy(ProxySelector p) { delegate.proxy(p); return this; }
            @Override public Builder authenticator(Authenticator a) { delegate.authenticator(a); return this; }
            @Override public HttpClient build() { return wrap(delegate.build(), listener); }
        };
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        Observation o = new Observation(request);
        try {
            HttpResponse<T> response = delegate.send(request, o.wrap(handler));
            o.response(response.statusCode());
            return response;
        } catch (IOException | InterruptedException | RuntimeException e) {
            o.failure(e);
            throw e;
        }
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        Observation o = new Observation(request);
        return delegate.sendAsync(request, o.wrap(handler)).whenComplete((response, error) -> {
            if (error != null) {
                o.failure(error);
            } else {
                o.response(response.statusCode());
            }
        });
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler,
            HttpResponse.PushPromiseHandler<T> pushPromiseHandler) {
        Observation o = new Observation(request);
        return delegate.sendAsync(request, o.wrap(handler), pushPromiseHandler).whenComplete((response, error) -> {
            if (error != null) {
                o.failure(error);
            } else {
                o.response(response.statusCode());
            }
        });
    }

    /** Reports one exchange once: when the response headers arrive, or when it fails before that. */
    private final class Observation {
        private final HttpRequest request;
        private final long start = System.nanoTime();
        private final AtomicBoolean reported = new AtomicBoolean();

        Observation(HttpRequest request) {
            this.request = request;
        }

        <T> HttpResponse.BodyHandler<T> wrap(HttpResponse.BodyHandler<T> handler) {
            return info -> {
                response(info.statusCode());
                return handler.apply(info);
            };
        }

        void response(int status) {
            report(status, null);
        }

        void failure(Throwable error) {
            Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                    ? error.getCause() : error;
            report(-1, cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
        }

        private void report(int status, String failure) {
            if (!reported.compareAndSet(false, true)) {
                return;
            }
            try {
                listener.onExchange(new Exchange(request.method(), request.uri(), status,
                        Duration.ofNanos(System.nanoTime() - start), failure));
            } catch (RuntimeException ignored) {
                // a listener never breaks a request
            }
        }
    }

    @Override public Optional<CookieHandler> cookieHandler() { return delegate.cookieHandler(); }
    @Override public Optional<Duration> connectTimeout() { return delegate.connectTimeout(); }
    @Override public Redirect followRedirects() { return delegate.followRedirects(); }
    @Override public Optional<ProxySelector> proxy() { return delegate.proxy(); }
    @Override public SSLContext sslContext() { return delegate.sslContext(); }
    @Override public SSLParameters sslParameters() { return delegate.sslParameters(); }
    @Override public Optional<Authenticator> authenticator() { return delegate.authenticator(); }
    @Override public Version version() { return delegate.version(); }
    @Override public Optional<Executor> executor() { return delegate.executor(); }

    @Override
    public String toString() {
        return "ObservingHttpClient[" + delegate + "]";
    }
}
