package dev.xaa4j.client;

import static dev.xaa4j.client.Fixtures.AUDIENCE;
import static dev.xaa4j.client.Fixtures.CLIENT_SECRET;
import static dev.xaa4j.client.Fixtures.ID_JAG;
import static dev.xaa4j.client.Fixtures.ID_TOKEN;
import static dev.xaa4j.client.Fixtures.RESOURCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.sun.net.httpserver.HttpServer;
import dev.xaa4j.client.XaaClientException.Reason;
import dev.xaa4j.testing.TestHttpServer;
import dev.xaa4j.testing.TestHttpServer.RecordedRequest;
import dev.xaa4j.testing.TestHttpServer.Response;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The transport rules every request obeys (PROTOCOL.md sections 7 and 8.10), seen through the public clients. */
class TransportRulesTest {

    private TestHttpServer server;

    @BeforeEach
    void start() {
        server = TestHttpServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void whenEndpointIsHttpToANonLoopbackHostThenRefusedBeforeAnyConnectionOrLookup() throws Exception {
        // Every connection of this HTTP client goes to the recording "proxy", which also resolves names: a request that
        // left the client would be recorded there. The unresolvable .invalid name also fails any DNS lookup.
        try (TestHttpServer proxy = TestHttpServer.start()) {
            HttpClient viaProxy = HttpClient.newBuilder()
                    .proxy(ProxySelector.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), proxy.port())))
                    .build();
            HttpOptions options = HttpOptions.builder().httpClient(viaProxy).build();
            JwtBearerClient client = JwtBearerClient.builder(URI.create("http://as.xaa4j-test.invalid/token"),
                    ClientAuthentication.clientSecretBasic("agent", CLIENT_SECRET)).httpOptions(options).build();

            assertThatExceptionOfType(JwtBearerException.class)
                    .isThrownBy(() -> client.requestAccessToken(ID_JAG, List.of(), null))
                    .satisfies(e -> {
                        assertThat(e.reason()).isEqualTo(Reason.INSECURE_URL);
                        assertThat(e.httpStatus()).isEmpty();
                        assertThat(e.getMessage()).contains("must use https", "http://as.xaa4j-test.invalid")
                                .doesNotContain(ID_JAG, CLIENT_SECRET);
                    });
            assertThat(proxy.requests()).isEmpty();

            // Control: a request this client does send is seen by the proxy.
            viaProxy.send(HttpRequest.newBuilder(URI.create("http://as.xaa4j-test.invalid/probe")).build(),
                    HttpResponse.BodyHandlers.discarding());
            assertThat(proxy.requests()).extracting(RecordedRequest::path).containsExactly("/probe");
        }
    }

    @Test
    void whenIdpEndpointIsPlainHttpThenTokenExchangeIsRefusedAndTheSubjectTokenIsNotSent() {
        TokenExchangeClient client = TokenExchangeClient.builder(URI.create("http://example.com/token"),
                ClientAuthentication.none("agent")).build();

        assertThatExceptionOfType(TokenExchangeException.class)
                .isThrownBy(() -> client.requestIdJag(SubjectToken.idToken(ID_TOKEN), AUDIENCE, RESOURCE, List.of()))
                .satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.INSECURE_URL))
                .withMessageContaining("https");
    }

    @Test
    void whenServerRedirectsThenRedirectIsAnErrorAndTheTargetIsNeverContacted() {
        try (TestHttpServer target = TestHttpServer.start()) {
            target.json("/token", 200, Fixtures.bearerResponse());
            server.route("POST", "/token", r -> Response.status(302).header("Location", target.url("/token").toString()));
            JwtBearerClient client = Fixtures.jwtBearer(server, ClientAuthentication.clientSecretPost("agent", CLIENT_SECRET));

            assertThatExceptionOfType(JwtBearerException.class)
                    .isThrownBy(() -> client.requestAccessToken(ID_JAG, List.of(), null))
                    .satisfies(e -> {
                        assertThat(e.reason()).isEqualTo(Reason.REDIRECT);
                        assertThat(e.httpStatus()).hasValue(302);
                        assertThat(e.getMessage()).contains("JWT bearer grant failed", "302", "never followed");
                    });
            assertThat(target.requests()).isEmpty();
        }
    }

    @Test
    void whenInjectedHttpClientFollowsRedirectsThenOptionsRefuseIt() {
        HttpClient following = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();

        assertThatIllegalArgumentException().isThrownBy(() -> HttpOptions.builder().httpClient(following))
                .withMessageContaining("redirect");
    }

    @Test
    void whenServerIsSlowerThanTheTimeoutThenTimeoutError() {
        server.route("POST", "/token", r -> Response.json(200, Fixtures.bearerResponse()).delayed(Duration.ofSeconds(3)));
        HttpOptions impatient = HttpOptions.builder().requestTimeout(Duration.ofMillis(200)).build();
        JwtBearerClient client = JwtBearerClient.builder(server.url("/token"), ClientAuthentication.none("agent"))
                .httpOptions(impatient).build();

        assertThatExceptionOfType(JwtBearerException.class)
                .isThrownBy(() -> client.requestAccessToken(ID_JAG, List.of(), null))
                .satisfies(e -> {
                    assertThat(e.reason()).isEqualTo(Reason.TIMEOUT);
                    assertThat(e.getMessage()).contains("PT0.2S");
                });
    }

    @Test
    void whenBodyStallsAfterTheHeadersThenTheRequestTimeoutStillApplies() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        HttpServer stalling = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        stalling.createContext("/token", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                exchange.sendResponseHeaders(200, 0);
                exchange.getResponseBody().write("{\"access_token\":".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                exchange.getResponseBody().flush();
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        stalling.start();
        try {
            JwtBearerClient client = JwtBearerClient.builder(
                    URI.create("http://127.0.0.1:" + stalling.getAddress().getPort() + "/token"),
                    ClientAuthentication.none("agent"))
                    .httpOptions(HttpOptions.builder().requestTimeout(Duration.ofMillis(300)).build()).build();

            assertThatExceptionOfType(JwtBearerException.class)
                    .isThrownBy(() -> client.requestAccessToken(ID_JAG, List.of(), null))
                    .satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.TIMEOUT));
        } finally {
            release.countDown();
            stalling.stop(0);
        }
    }

    @Test
    void whenBodyIsLargerThanTheBoundThenBodyTooLarge() {
        String big = "{\"access_token\":\"" + "x".repeat(2000) + "\",\"token_type\":\"Bearer\"}";
        server.json("/token", 200, big);
        HttpOptions small = HttpOptions.builder().maxResponseBytes(1024).build();
        JwtBearerClient client = JwtBearerClient.builder(server.url("/token"), ClientAuthentication.none("agent"))
                .httpOptions(small).build();

        assertThatExceptionOfType(JwtBearerException.class)
                .isThrownBy(() -> client.requestAccessToken(ID_JAG, List.of(), null))
                .satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.BODY_TOO_LARGE))
                .withMessageContaining("1024 bytes");
    }

    @Test
    void whenBodyFitsTheBoundExactlyThenItIsRead() {
        String body = "{\"access_token\":\"abc\",\"token_type\":\"Bearer\"}";
        server.json("/token", 200, body);
        HttpOptions exact = HttpOptions.builder().maxResponseBytes(body.length()).build();
        JwtBearerClient client = JwtBearerClient.builder(server.url("/token"), ClientAuthentication.none("agent"))
                .httpOptions(exact).build();

        assertThat(client.requestAccessToken(ID_JAG, List.of(), null).token()).isEqualTo("abc");
    }

    @Test
    void whenEndlessBodyWithoutContentLengthThenBodyTooLargeAndReadingStops() throws Exception {
        long cap = 256L * 1024 * 1024;
        AtomicLong written = new AtomicLong();
        CountDownLatch serverDone = new CountDownLatch(1);
        HttpServer endless = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        endless.createContext("/token", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, 0);
                OutputStream out = exchange.getResponseBody();
                byte[] chunk = new byte[16 * 1024];
                java.util.Arrays.fill(chunk, (byte) ' ');
                while (written.get() < cap) {
                    out.write(chunk);
                    written.addAndGet(chunk.length);
                }
            } catch (IOException expected) {
                // the client hung up
            } finally {
                serverDone.countDown();
            }
        });
        endless.start();
        try {
            HttpOptions small = HttpOptions.builder().maxResponseBytes(64 * 1024).build();
            JwtBearerClient client = JwtBearerClient.builder(
                    URI.create("http://127.0.0.1:" + endless.getAddress().getPort() + "/token"),
                    ClientAuthentication.none("agent")).httpOptions(small).build();

            assertThatExceptionOfType(JwtBearerException.class)
                    .isThrownBy(() -> client.requestAccessToken(ID_JAG, List.of(), null))
                    .satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.BODY_TOO_LARGE));
            assertThat(serverDone.await(10, TimeUnit.SECONDS)).as("the server stopped writing").isTrue();
            assertThat(written.get()).as("bytes the server managed to write").isLessThan(cap);
        } finally {
            endless.stop(0);
        }
    }

    @Test
    void whenNothingListensThenNetworkError() throws IOException {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        JwtBearerClient client = JwtBearerClient.builder(URI.create("http://127.0.0.1:" + port + "/token"),
                ClientAuthentication.none("agent")).httpOptions(Fixtures.FAST).build();

        assertThatExceptionOfType(JwtBearerException.class)
                .isThrownBy(() -> client.requestAccessToken(ID_JAG, List.of(), null))
                .satisfies(e -> {
                    assertThat(e.reason()).isEqualTo(Reason.NETWORK);
                    assertThat(e.getCause()).isNotNull();
                });
    }

    @Test
    void whenOptionsAreDefaultThenTheProtocolDefaultsHold() {
        HttpOptions defaults = HttpOptions.defaults();

        assertThat(defaults.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(defaults.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(defaults.maxResponseBytes()).isEqualTo(1024 * 1024);
        assertThat(defaults.httpClient().followRedirects()).isEqualTo(HttpClient.Redirect.NEVER);
        assertThat(defaults.httpClient().connectTimeout()).hasValue(Duration.ofSeconds(10));
        assertThat(HttpOptions.defaults()).isSameAs(defaults);
    }

    @Test
    void whenOptionsAreInvalidThenIllegalArgument() {
        assertThatIllegalArgumentException().isThrownBy(() -> HttpOptions.builder().requestTimeout(Duration.ZERO));
        assertThatIllegalArgumentException().isThrownBy(() -> HttpOptions.builder().connectTimeout(Duration.ofSeconds(-1)));
        assertThatIllegalArgumentException().isThrownBy(() -> HttpOptions.builder().maxResponseBytes(0));
    }

    @Test
    void whenNewBuilderThenSettingsAndInjectedClientAreKept() {
        HttpClient injected = HttpClient.newHttpClient();
        HttpOptions options = HttpOptions.builder().httpClient(injected).requestTimeout(Duration.ofSeconds(3))
                .maxResponseBytes(10).build();

        HttpOptions copy = options.newBuilder().build();

        assertThat(copy.httpClient()).isSameAs(injected);
        assertThat(copy.requestTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(copy.maxResponseBytes()).isEqualTo(10);
    }
}
