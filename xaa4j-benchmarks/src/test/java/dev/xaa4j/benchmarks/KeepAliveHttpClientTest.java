package dev.xaa4j.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class KeepAliveHttpClientTest {

    private final List<String> received = new CopyOnWriteArrayList<>();
    private LoopbackJetty jetty;
    private KeepAliveHttpClient client;

    @BeforeEach
    void start() {
        jetty = LoopbackJetty.bind("test").start(ctx -> {
            ctx.addServlet("echo", new HttpServlet() {
                @Override
                protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                    String body = new String(req.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                    received.add(req.getHeader("Authorization") + " " + req.getContentType() + " " + body);
                    byte[] out = ("echo:" + body).getBytes(StandardCharsets.US_ASCII);
                    resp.setStatus(201);
                    resp.setContentLength(out.length);
                    resp.getOutputStream().write(out);
                }
            }).addMapping("/echo");
            ctx.addServlet("chunked", new HttpServlet() {
                @Override
                protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                    req.getInputStream().readAllBytes();
                    resp.getOutputStream().write("first-".getBytes(StandardCharsets.US_ASCII));
                    resp.flushBuffer();
                    resp.getOutputStream().write("second".getBytes(StandardCharsets.US_ASCII));
                }
            }).addMapping("/chunked");
            ctx.addServlet("close", new HttpServlet() {
                @Override
                protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                    req.getInputStream().readAllBytes();
                    resp.setHeader("Connection", "close");
                    resp.getOutputStream().write("bye".getBytes(StandardCharsets.US_ASCII));
                }
            }).addMapping("/close");
        });
        client = new KeepAliveHttpClient(URI.create(jetty.baseUrl()));
    }

    @AfterEach
    void stop() {
        client.close();
        jetty.close();
    }

    @Test
    void whenServerKeepsConnectionOpenThenOneConnectionCarriesEveryRequest() throws IOException {
        for (int i = 0; i < 5; i++) {
            assertThat(client.postForm("/echo", "Basic abc", "a=" + i)).isEqualTo(201);
            assertThat(new String(client.lastBody(), StandardCharsets.US_ASCII)).isEqualTo("echo:a=" + i);
        }
        assertThat(client.connects()).isEqualTo(1);
        assertThat(received).containsExactly(
                "Basic abc application/x-www-form-urlencoded a=0", "Basic abc application/x-www-form-urlencoded a=1",
                "Basic abc application/x-www-form-urlencoded a=2", "Basic abc application/x-www-form-urlencoded a=3",
                "Basic abc application/x-www-form-urlencoded a=4");
    }

    @Test
    void whenResponseIsChunkedThenWholeBodyIsReadAndConnectionReused() throws IOException {
        assertThat(client.postForm("/chunked", "Basic abc", "x=1")).isEqualTo(200);
        assertThat(new String(client.lastBody(), StandardCharsets.US_ASCII)).isEqualTo("first-second");
        assertThat(client.postForm("/echo", "Basic abc", "x=2")).isEqualTo(201);
        assertThat(client.connects()).isEqualTo(1);
    }

    @Test
    void whenServerClosesConnectionThenNextRequestReconnects() throws IOException {
        for (int i = 0; i < 3; i++) {
            assertThat(client.postForm("/close", "Basic abc", "x=" + i)).isEqualTo(200);
            assertThat(new String(client.lastBody(), StandardCharsets.US_ASCII)).isEqualTo("bye");
        }
        assertThat(client.connects()).isEqualTo(3);
    }
}
