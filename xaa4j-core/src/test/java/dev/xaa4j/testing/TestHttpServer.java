package dev.xaa4j.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.xaa4j.core.FormParameters;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A real HTTP server on 127.0.0.1 (the JDK's {@code com.sun.net.httpserver}) for tests: scripted responses per method and
 * path, and a record of every request it received (method, path, query, headers, body), so a test can assert exactly what
 * the server got.
 *
 * <pre>{@code
 * try (TestHttpServer server = TestHttpServer.start()) {
 *     server.route("POST", "/token", req -> TestHttpServer.Response.json(200, "{\"access_token\":\"x\"}"));
 *     ... call server.url("/token") ...
 *     assertThat(server.requests("/token")).hasSize(1);
 * }
 * }</pre>
 *
 * Unrouted requests get 404. Handlers run on a pool of their own, so a slow response does not block others.
 */
public final class TestHttpServer implements AutoCloseable {

    /** Answers one request. */
    @FunctionalInterface
    public interface Handler {
        Response handle(RecordedRequest request) throws Exception;
    }

    /**
     * A scripted response.
     *
     * @param truncateAfter when not negative, the response announces the whole body's length but sends only this many bytes
     *                      of it, then closes the connection
     */
    public record Response(int status, Map<String, List<String>> headers, byte[] body, Duration delay, int truncateAfter) {

        /** A response sent whole. */
        public Response(int status, Map<String, List<String>> headers, byte[] body, Duration delay) {
            this(status, headers, body, delay, -1);
        }

        public static Response status(int status) {
            return new Response(status, Map.of(), new byte[0], Duration.ZERO);
        }

        public static Response json(int status, String json) {
            return text(status, "application/json", json);
        }

        public static Response text(int status, String contentType, String body) {
            return new Response(status, Map.of("Content-Type", List.of(contentType)),
                    body.getBytes(StandardCharsets.UTF_8), Duration.ZERO);
        }

        /** Returns a copy with one more header value. */
        public Response header(String name, String value) {
            Map<String, List<String>> copy = new LinkedHashMap<>(headers);
            List<String> values = new ArrayList<>(copy.getOrDefault(name, List.of()));
            values.add(value);
            copy.put(name, values);
            return new Response(status, copy, body, delay, truncateAfter);
        }

        /** Returns a copy that waits before answering. */
        public Response delayed(Duration wait) {
            return new Response(status, headers, body, wait, truncateAfter);
        }

        /** Returns a copy that announces the whole body but sends only its first {@code bytes}, then hangs up. */
        public Response truncatedAfter(int bytes) {
            if (bytes < 0 || bytes >= body.length) {
                throw new IllegalArgumentException("bytes must be between 0 and the body length - 1");
            }
            return new Response(status, headers, body, delay, bytes);
        }
    }

    /** A request as the server received it. Header names are lower-cased. */
    public record RecordedRequest(String method, String path, String query, Map<String, List<String>> headers, String body) {

        /** The first value of a header, or {@code null}. */
        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        /** The body decoded as a form. */
        public Map<String, List<String>> form() {
            return FormParameters.decode(body);
        }

        /** The only value of a form parameter, or {@code null}; fails when it appears more than once. */
        public String formParam(String name) {
            List<String> values = form().get(name);
            if (values == null) {
                return null;
            }
            if (values.size() != 1) {
                throw new AssertionError("form parameter " + name + " appears " + values.size() + " times");
            }
            return values.get(0);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, Handler> routes = new ConcurrentHashMap<>();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();

    private TestHttpServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Starts a server on 127.0.0.1 and an ephemeral port. */
    public static TestHttpServer start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
            ExecutorService executor = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "test-http-server");
                t.setDaemon(true);
                return t;
            });
            TestHttpServer test = new TestHttpServer(server, executor);
            server.createContext("/", test::handle);
            server.setExecutor(executor);
            server.start();
            return test;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start test server", e);
        }
    }

    /** {@code http://127.0.0.1:PORT}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The base URL followed by a path (which starts with {@code /}, or is empty). */
    public URI url(String path) {
        return URI.create(baseUrl() + path);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Routes requests with this method ({@code *} for any) and exact path (no query) to a handler. */
    public TestHttpServer route(String method, String path, Handler handler) {
        routes.put(method.toUpperCase(Locale.ROOT) + " " + path, Objects.requireNonNull(handler));
        return this;
    }

    /** Answers every method on a path with this JSON. */
    public TestHttpServer json(String path, int status, String json) {
        return route("*", path, req -> Response.json(status, json));
    }

    /** Every request received, in order. */
    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    /** The requests received on one path. */
    public List<RecordedRequest> requests(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    /** Forgets the recorded requests. */
    public void clearRequests() {
        requests.clear();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            Map<String, List<String>> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
            URI uri = exchange.getRequestURI();
            RecordedRequest request = new RecordedRequest(exchange.getRequestMethod(), uri.getRawPath(), uri.getRawQuery(),
                    Collections.unmodifiableMap(headers), body);
            requests.add(request);
            Handler handler = routes.get(request.method().toUpperCase(Locale.ROOT) + " " + request.path());
            if (handler == null) {
                handler = routes.get("* " + request.path());
            }
            Response response;
            try {
                response = handler == null ? Response.status(404) : handler.handle(request);
            } catch (Exception e) {
                response = Response.text(500, "text/plain", "handler failed: " + e.getClass().getSimpleName());
            }
            if (!response.delay().isZero()) {
                try {
                    Thread.sleep(response.delay().toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            response.headers().forEach((k, v) -> exchange.getResponseHeaders().put(k, v));
            byte[] bytes = response.body();
            exchange.sendResponseHeaders(response.status(), bytes.length == 0 ? -1 : bytes.length);
            if (response.truncateAfter() >= 0) {
                OutputStream out = exchange.getResponseBody();
                out.write(bytes, 0, response.truncateAfter());
                out.flush();
                // A handler that fails makes the JDK server close the connection, before the announced length.
                throw new IOException("response truncated on purpose");
            } else if (bytes.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }
}
