package dev.xaa4j.as;

import dev.xaa4j.core.FormParameters;
import dev.xaa4j.core.GrantType;
import dev.xaa4j.core.internal.Json;
import dev.xaa4j.server.ClientAuthenticator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * An {@link AuthorizationServer} on Jetty 12.1 ee11 at 127.0.0.1 and an ephemeral port, mounted through
 * {@link AuthorizationServer#register} from a servlet container initializer, and a JDK HTTP client to call it.
 *
 * <p>Every error reply is checked: its body must not contain the assertion that was sent, nor any run of 16 of its
 * characters.
 */
final class AsTestServer implements AutoCloseable {

    static final String SECRET = "client-secret-1";

    final Server jetty;
    final AuthorizationServer as;
    final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final String baseUrl;
    private final String issuerPath;

    private AsTestServer(Server jetty, AuthorizationServer as, String baseUrl, String issuerPath) {
        this.jetty = jetty;
        this.as = as;
        this.baseUrl = baseUrl;
        this.issuerPath = issuerPath;
    }

    /**
     * Starts Jetty; the factory gets the issuer ({@code http://127.0.0.1:PORT} followed by {@code issuerPath}).
     */
    static AsTestServer start(String issuerPath, Function<String, AuthorizationServer> factory) {
        return start(issuerPath, factory, true);
    }

    /**
     * Starts Jetty; with {@code register} false the servlets are added with Jetty's own API from
     * {@link AuthorizationServer#servlets()} instead of {@link AuthorizationServer#register}.
     */
    static AsTestServer start(String issuerPath, Function<String, AuthorizationServer> factory, boolean register) {
        Server jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        try {
            connector.open();
            String baseUrl = "http://127.0.0.1:" + connector.getLocalPort();
            AuthorizationServer as = factory.apply(baseUrl + issuerPath);
            ServletContextHandler context = new ServletContextHandler("/");
            if (register) {
                context.addServletContainerInitializer((classes, servletContext) -> as.register(servletContext));
            } else {
                as.servlets().forEach((path, servlet) -> context.addServlet(servlet, path));
            }
            jetty.setHandler(context);
            jetty.start();
            return new AsTestServer(jetty, as, baseUrl, issuerPath);
        } catch (Exception e) {
            try {
                jetty.stop();
            } catch (Exception ignored) {
                // already failing
            }
            throw new IllegalStateException("cannot start the test authorization server", e);
        }
    }

    static AsTestServer start(Function<String, AuthorizationServer> factory) {
        return start("", factory);
    }

    String url(String path) {
        return baseUrl + path;
    }

    /** A JWT bearer grant with this assertion, authenticated with Basic as the standard client, plus extra parameters. */
    Reply grant(String assertion, String... extraNameValues) {
        return grantAs(ClientAuthenticator.basicHeader(IdJagFixture.CLIENT_ID, SECRET), assertion, extraNameValues);
    }

    /** A JWT bearer grant with this Authorization header (or none when null). */
    Reply grantAs(String authorization, String assertion, String... extraNameValues) {
        List<String> form = new ArrayList<>(List.of("grant_type", GrantType.JWT_BEARER.value(), "assertion", assertion));
        form.addAll(List.of(extraNameValues));
        return post(AuthorizationServer.TOKEN_PATH, form(form.toArray(String[]::new)), authorization, assertion);
    }

    /** A form body from name/value pairs, in order (repeats allowed). */
    static String form(String... nameValues) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < nameValues.length; i += 2) {
            if (sb.length() > 0) {
                sb.append('&');
            }
            sb.append(FormParameters.encode(nameValues[i])).append('=').append(FormParameters.encode(nameValues[i + 1]));
        }
        return sb.toString();
    }

    /** POSTs a form to a path of the issuer; {@code secrets} must not appear in an error body. */
    Reply post(String path, String body, String authorization, String... secrets) {
        return send(postRequest(path, body, authorization), secrets);
    }

    HttpRequest postRequest(String path, String body, String authorization) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(issuerPath + path)))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return b.build();
    }

    /** GETs an absolute path of the host. */
    Reply get(String absolutePath) {
        return send(HttpRequest.newBuilder(URI.create(url(absolutePath))).timeout(Duration.ofSeconds(10)).GET().build());
    }

    Reply send(HttpRequest request, String... secrets) {
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            return checked(new Reply(r.statusCode(), r.headers(), r.body()), secrets);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    CompletableFuture<Reply> sendAsync(HttpRequest request, String... secrets) {
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .thenApply(r -> checked(new Reply(r.statusCode(), r.headers(), r.body()), secrets));
    }

    /** Fails when an error body contains a secret that was sent, or any run of {@value #RUN} characters of it. */
    static Reply checked(Reply reply, String... secrets) {
        if (reply.status() != 200) {
            for (String secret : secrets) {
                assertNoRunOf(secret, reply.body());
            }
        }
        return reply;
    }

    /** The length of the shortest run of a secret that must not appear: 16 characters, or the whole of a shorter secret. */
    static final int RUN = 16;

    /** Fails when {@code text} contains a run of {@value #RUN} characters of {@code secret} (its whole, when shorter). */
    static void assertNoRunOf(String secret, String text) {
        if (secret == null || secret.isEmpty()) {
            return;
        }
        int run = Math.min(RUN, secret.length());
        for (int i = 0; i + run <= text.length(); i++) {
            if (secret.contains(text.substring(i, i + run))) {
                throw new AssertionError("the reply echoes " + run + " characters of a secret, at offset " + i);
            }
        }
    }

    @Override
    public void close() {
        try {
            jetty.stop();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** An HTTP reply. */
    record Reply(int status, HttpHeaders headers, String body) {

        Map<String, Object> json() {
            return Json.parseObject(body);
        }

        String error() {
            return (String) json().get("error");
        }

        String description() {
            return (String) json().get("error_description");
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        @Override
        public String toString() {
            return "Reply[" + status + " " + body + "]";
        }
    }
}
