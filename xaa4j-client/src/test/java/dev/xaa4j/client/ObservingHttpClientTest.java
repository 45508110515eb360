package dev.xaa4j.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.xaa4j.testing.TestHttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ObservingHttpClientTest {

    private TestHttpServer server;
    private final List<ObservingHttpClient.Exchange> seen = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        server = TestHttpServer.start();
        server.json("/ok", 200, "{}");
        server.json("/denied", 401, "{\"error\":\"invalid_token\"}");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void whenSyncAndAsyncExchangesThenEachReportedOnceWithStatus() throws Exception {
        HttpClient client = ObservingHttpClient.wrap(HttpClient.newHttpClient(), seen::add);
        client.send(HttpRequest.newBuilder(server.url("/ok")).GET().build(), HttpResponse.BodyHandlers.ofString());
        client.sendAsync(HttpRequest.newBuilder(server.url("/denied")).POST(HttpRequest.BodyPublishers.ofString("x"))
                .build(), HttpResponse.BodyHandlers.ofString()).get();
        assertThat(seen).extracting(ObservingHttpClient.Exchange::method, e -> e.uri().getPath(),
                        ObservingHttpClient.Exchange::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("GET", "/ok", 200),
                        org.assertj.core.groups.Tuple.tuple("POST", "/denied", 401));
        assertThat(seen).allSatisfy(e -> {
            assertThat(e.duration()).isPositive();
            assertThat(e.failure()).isNull();
        });
    }

    @Test
    void whenNoServerListensThenFailureReportedWithoutStatus() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        HttpClient client = ObservingHttpClient.wrap(HttpClient.newHttpClient(), seen::add);
        assertThatExceptionOfType(IOException.class).isThrownBy(() -> client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
                HttpResponse.BodyHandlers.discarding()));
        assertThat(seen).singleElement().satisfies(e -> {
            assertThat(e.status()).isEqualTo(-1);
            assertThat(e.failure()).isNotBlank();
        });
    }

    @Test
    void whenBuiltThroughWrappingBuilderThenSettingsApplyAndExchangesAreSeen() throws Exception {
        HttpClient client = ObservingHttpClient.wrapping(HttpClient.newBuilder(), seen::add)
                .connectTimeout(Duration.ofSeconds(3)).followRedirects(HttpClient.Redirect.NEVER).build();
        assertThat(client).isInstanceOf(ObservingHttpClient.class);
        assertThat(client.connectTimeout()).hasValue(Duration.ofSeconds(3));
        assertThat(client.followRedirects()).isEqualTo(HttpClient.Redirect.NEVER);
        client.send(HttpRequest.newBuilder(server.url("/ok")).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(seen).hasSize(1);
    }

    @Test
    void whenListenerThrowsThenRequestStillSucceeds() throws Exception {
        HttpClient client = ObservingHttpClient.wrap(HttpClient.newHttpClient(), e -> {
            throw new IllegalStateException("listener bug");
        });
        assertThat(client.send(HttpRequest.newBuilder(server.url("/ok")).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode()).isEqualTo(200);
    }

    @Test
    void whenUsedUnderTheLibraryClientsThenTheirRequestsAreSeen() {
        server.json("/.well-known/oauth-authorization-server", 200,
                "{\"issuer\":\"" + server.baseUrl() + "\",\"token_endpoint\":\"" + server.baseUrl() + "/token\"}");
        HttpOptions options = HttpOptions.builder().httpClient(ObservingHttpClient.wrap(
                HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build(), seen::add)).build();
        McpAuthorizationDiscovery.builder().httpOptions(options).build().discoverAuthorizationServer(server.baseUrl());
        assertThat(seen).singleElement().satisfies(e -> {
            assertThat(e.uri().getPath()).isEqualTo("/.well-known/oauth-authorization-server");
            assertThat(e.status()).isEqualTo(200);
        });
    }
}
