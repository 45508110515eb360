package dev.xaa4j.resource;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xaa4j.core.ProtectedResourceMetadata;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The servlet mounted by hand at {@code /.well-known/oauth-protected-resource/*}, as its Javadoc shows. */
class ProtectedResourceMetadataServletTest {

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    static JettyServer jetty;
    static ProtectedResourceMetadata metadata;

    @BeforeAll
    static void start() {
        jetty = JettyServer.open();
        metadata = ProtectedResourceMetadata.of(jetty.baseUrl() + "/public/mcp", List.of("https://as.example.com"),
                List.of("mcp:read", "mcp:write"));
        jetty.start(context -> context.addServlet("prm", new ProtectedResourceMetadataServlet(metadata))
                .addMapping("/.well-known/oauth-protected-resource/*"));
    }

    @AfterAll
    static void stop() throws Exception {
        jetty.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/.well-known/oauth-protected-resource/public/mcp", "/.well-known/oauth-protected-resource"})
    void whenGetAtEitherLocationThenMetadataAsJson(String path) throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(jetty.url(path)).GET());

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(ProtectedResourceMetadata.parse(r.body())).isEqualTo(metadata);
        assertThat(r.body()).contains("\"bearer_methods_supported\":[\"header\"]");
    }

    @Test
    void whenHeadThenHeadersWithoutBody() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(jetty.url("/.well-known/oauth-protected-resource"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "/.well-known/oauth-protected-resource/other",
        "/.well-known/oauth-protected-resource/public",
        "/.well-known/oauth-protected-resource/public/mcp/more",
        "/.well-known/oauth-protected-resource/"})
    void whenOtherPathUnderMappingThen404(String path) throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(jetty.url(path)).GET());

        assertThat(r.statusCode()).isEqualTo(404);
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "DELETE"})
    void whenNotGetThen405WithAllow(String method) throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(jetty.url("/.well-known/oauth-protected-resource/public/mcp"))
                .method(method, HttpRequest.BodyPublishers.ofString("{}")));

        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(r.headers().firstValue("Allow")).hasValue("GET, HEAD");
    }

    static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
