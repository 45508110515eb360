package dev.xaa4j.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TestHttpServerTest {

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final TestHttpServer server = TestHttpServer.start();

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return client.send(request.timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void whenStartedThenListensOnLoopbackOnly() {
        assertThat(server.baseUrl()).isEqualTo("http://127.0.0.1:" + server.port());
        assertThat(server.url("/x")).isEqualTo(URI.create("http://127.0.0.1:" + server.port() + "/x"));
    }

    @Test
    void whenRoutedThenScriptedResponseAndRequestRecorded() throws Exception {
        server.route("POST", "/token", req -> TestHttpServer.Response.json(200, "{\"ok\":true}")
                .header("Cache-Control", "no-store").header("WWW-Authenticate", "Basic").header("WWW-Authenticate", "Bearer"));

        HttpResponse<String> response = send(HttpRequest.newBuilder(server.url("/token?a=1"))
                .header("Authorization", "Basic abc")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=x&scope=a+b")));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"ok\":true}");
        assertThat(response.headers().firstValue("content-type")).contains("application/json");
        assertThat(response.headers().allValues("www-authenticate")).containsExactly("Basic", "Bearer");
        TestHttpServer.RecordedRequest recorded = server.requests("/token").get(0);
        assertThat(recorded.method()).isEqualTo("POST");
        assertThat(recorded.path()).isEqualTo("/token");
        assertThat(recorded.query()).isEqualTo("a=1");
        assertThat(recorded.header("AUTHORIZATION")).isEqualTo("Basic abc");
        assertThat(recorded.form()).containsExactly(Map.entry("grant_type", List.of("x")), Map.entry("scope", List.of("a b")));
        assertThat(recorded.formParam("scope")).isEqualTo("a b");
        assertThat(recorded.formParam("absent")).isNull();
    }

    @Test
    void whenFormParameterRepeatedThenFormParamFails() throws Exception {
        server.json("/token", 200, "{}");

        send(HttpRequest.newBuilder(server.url("/token")).POST(HttpRequest.BodyPublishers.ofString("scope=a&scope=b")));

        assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> server.requests("/token").get(0).formParam("scope"));
    }

    @Test
    void whenMethodDoesNotMatchOrPathUnroutedThen404() throws Exception {
        server.route("POST", "/token", req -> TestHttpServer.Response.status(200));

        assertThat(send(HttpRequest.newBuilder(server.url("/token")).GET()).statusCode()).isEqualTo(404);
        assertThat(send(HttpRequest.newBuilder(server.url("/other")).GET()).statusCode()).isEqualTo(404);
        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void whenHandlerThrowsThen500WithoutTheExceptionMessage() throws Exception {
        server.route("*", "/boom", req -> {
            throw new IllegalStateException("secret detail");
        });

        HttpResponse<String> response = send(HttpRequest.newBuilder(server.url("/boom")).GET());

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).contains("IllegalStateException").doesNotContain("secret detail");
    }

    @Test
    void whenResponseDelayedThenAClientWithAShortTimeoutGivesUp() {
        server.route("GET", "/slow", req -> TestHttpServer.Response.status(200).delayed(Duration.ofSeconds(5)));

        assertThatExceptionOfType(HttpTimeoutException.class).isThrownBy(() -> client.send(
                HttpRequest.newBuilder(server.url("/slow")).timeout(Duration.ofMillis(200)).GET().build(),
                HttpResponse.BodyHandlers.ofString()));
    }

    @Test
    void whenResponseTruncatedThenTheClientSeesTheConnectionEndBeforeTheAnnouncedLength() {
        server.route("GET", "/cut", req -> TestHttpServer.Response.json(200, "{\"access_token\":\"abcdef\"}").truncatedAfter(5));

        assertThatExceptionOfType(java.io.IOException.class).isThrownBy(() -> send(HttpRequest.newBuilder(server.url("/cut"))
                .GET())).withMessageContaining("fixed content-length: 25, bytes received: 5");
    }

    @Test
    void whenRequestsClearedThenNoneRecorded() throws Exception {
        send(HttpRequest.newBuilder(server.url("/a")).GET());

        server.clearRequests();

        assertThat(server.requests()).isEmpty();
    }
}
