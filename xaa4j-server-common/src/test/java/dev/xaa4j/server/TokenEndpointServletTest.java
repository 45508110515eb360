package dev.xaa4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xaa4j.core.OAuthError;
import dev.xaa4j.core.OAuthException;
import dev.xaa4j.core.internal.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TokenEndpointServletTest {

    private static Server server;
    private static URI token;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final List<TokenEndpointRequest> SEEN = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        GrantHandler ok = request -> {
            SEEN.add(request);
            return Map.of("access_token", "issued", "token_type", "Bearer");
        };
        GrantHandler denies = request -> {
            throw new OAuthException(OAuthError.invalidGrant("the assertion failed rule 5"));
        };
        GrantHandler clientFails = request -> {
            throw new OAuthException(OAuthError.invalidClient("client authentication failed"));
        };
        GrantHandler breaks = request -> {
            throw new IllegalStateException("secret-value-in-message");
        };
        context.addServlet(new ServletHolder(new TokenEndpointServlet(Map.of(
                "ok", ok, "denies", denies, "client", clientFails, "breaks", breaks))), "/token");
        server.setHandler(context);
        server.start();
        token = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/token");
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
    }

    @BeforeEach
    void clear() {
        SEEN.clear();
    }

    private static HttpResponse<String> post(String body, String contentType, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(token).POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> form(String body) throws Exception {
        return post(body, "application/x-www-form-urlencoded", null);
    }

    private static String error(HttpResponse<String> response) {
        return (String) Json.parseObject(response.body()).get("error");
    }

    @Test
    void whenGrantHandledThenJsonWithNoStore() throws Exception {
        HttpResponse<String> r = form("grant_type=ok&scope=a+b");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
        assertThat(Json.parseObject(r.body())).containsEntry("access_token", "issued");
        assertThat(SEEN).singleElement().satisfies(req -> assertThat(req.get("scope")).isEqualTo("a b"));
    }

    @Test
    void whenGetThenInvalidRequestWith405() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(token).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(r.headers().firstValue("Allow")).hasValue("POST");
        assertThat(error(r)).isEqualTo("invalid_request");
    }

    @Test
    void whenJsonBodyThenInvalidRequest() throws Exception {
        HttpResponse<String> r = post("{\"grant_type\":\"ok\"}", "application/json", null);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(error(r)).isEqualTo("invalid_request");
        assertThat(SEEN).isEmpty();
    }

    @Test
    void whenBodyOver64KiBThenInvalidRequestWithoutCallingTheHandler() throws Exception {
        HttpResponse<String> r = form("grant_type=ok&x=" + "a".repeat(64 * 1024));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(error(r)).isEqualTo("invalid_request");
        assertThat(SEEN).isEmpty();
    }

    @Test
    void whenParameterRepeatedThenInvalidRequestNamingIt() throws Exception {
        HttpResponse<String> r = form("grant_type=ok&assertion=a&assertion=b");
        assertThat(error(r)).isEqualTo("invalid_request");
        assertThat(r.body()).contains("assertion").doesNotContain("=a");
        assertThat(SEEN).isEmpty();
    }

    @Test
    void whenGrantTypeMissingThenInvalidRequest() throws Exception {
        assertThat(error(form("scope=x"))).isEqualTo("invalid_request");
    }

    @Test
    void whenGrantTypeUnknownThenUnsupportedGrantType() throws Exception {
        HttpResponse<String> r = form("grant_type=password");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(error(r)).isEqualTo("unsupported_grant_type");
    }

    @Test
    void whenHandlerRejectsThenItsErrorIsWritten() throws Exception {
        HttpResponse<String> r = form("grant_type=denies");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(Json.parseObject(r.body())).containsEntry("error", "invalid_grant")
                .containsEntry("error_description", "the assertion failed rule 5");
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
    }

    @Test
    void whenInvalidClientAfterBasicThen401WithBasicChallenge() throws Exception {
        HttpResponse<String> r = post("grant_type=client", "application/x-www-form-urlencoded", "Basic YTpi");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow()).startsWith("Basic realm=");
        assertThat(error(r)).isEqualTo("invalid_client");
    }

    @Test
    void whenInvalidClientWithoutBasicThen401StillCarriesAChallenge() throws Exception {
        HttpResponse<String> r = form("grant_type=client&client_id=a&client_secret=b");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow()).startsWith("Basic realm=");
    }

    @Test
    void whenHandlerFailsUnexpectedlyThenServerErrorWithoutItsMessage() throws Exception {
        HttpResponse<String> r = form("grant_type=breaks");
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(error(r)).isEqualTo("server_error");
        assertThat(r.body()).doesNotContain("secret-value-in-message");
    }
}
