package dev.xaa4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xaa4j.core.FormParameters;
import dev.xaa4j.core.GrantType;
import dev.xaa4j.core.XaaIdentifiers;
import dev.xaa4j.core.internal.Json;
import dev.xaa4j.redis.testing.RedisServerProcess;
import dev.xaa4j.server.ClientAuthenticator;
import dev.xaa4j.server.SigningKeys;
import dev.xaa4j.testing.IdJags;
import dev.xaa4j.testing.TestHttpServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code xaa as --replay-store redis://HOST:PORT}: two nodes of one issuer, run in-process on threads with the same
 * signing keys and one Redis, refuse an ID-JAG replayed from one node to the other; interrupting a node's thread stops it
 * and frees its port.
 */
@Timeout(60)
class AsCommandRedisTest {

    private static final String CLIENT = "agent-at-as";
    private static final String SECRET = "as-secret-4b1d9e0c2f7a";
    private static final String RESOURCE = "http://127.0.0.1:9/mcp";

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Thread> nodes = new ArrayList<>();
    private final List<RedisServerProcess> redis = new ArrayList<>();
    private TestHttpServer idp;

    @AfterEach
    void stop() throws Exception {
        for (Thread node : nodes) {
            node.interrupt();
            node.join(10_000);
        }
        if (idp != null) {
            idp.close();
        }
        for (RedisServerProcess process : redis) {
            process.close();
        }
    }

    @Test
    void whenTwoNodesShareRedisThenAnIdJagRedeemedAtOneIsRefusedAtTheOtherAndInterruptingStopsThem(@TempDir Path dir)
            throws Exception {
        String redisUri = RedisServerProcess.sharedOrStart(redis::add);
        SigningKeys idpKeys = SigningKeys.generate("ES256");
        idp = TestHttpServer.start();
        idp.route("GET", "/jwks", req -> TestHttpServer.Response.json(200, idpKeys.publicJwkSetJson()));
        Path keys = dir.resolve("as-keys.json");
        Files.writeString(keys, SigningKeys.generate("ES256").privateJwkSetJson());
        int portA = freePort();
        int portB = freePort();
        String issuer = "http://127.0.0.1:" + portA;
        StringWriter outA = startNode(portA, issuer, redisUri, keys);
        startNode(portB, issuer, redisUri, keys);
        awaitMetadata(portA);
        awaitMetadata(portB);

        String first = idJag(idpKeys, issuer);
        assertThat(grant(portA, first).statusCode()).isEqualTo(200);
        HttpResponse<String> replayAtB = grant(portB, first);
        String second = idJag(idpKeys, issuer);
        assertThat(grant(portB, second).statusCode()).isEqualTo(200);
        HttpResponse<String> replayAtA = grant(portA, second);

        for (HttpResponse<String> replay : List.of(replayAtB, replayAtA)) {
            assertThat(replay.statusCode()).isEqualTo(400);
            Map<String, Object> error = Json.parseObject(replay.body());
            assertThat(error).containsEntry("error", "invalid_grant");
            assertThat((String) error.get("error_description")).contains("already used");
        }
        assertThat(outA.toString()).contains("replay store:   redis").doesNotContain(SECRET);

        for (Thread node : nodes) {
            node.interrupt();
            node.join(10_000);
            assertThat(node.isAlive()).as("the node's thread ends when interrupted").isFalse();
        }
        for (int port : List.of(portA, portB)) {
            assertThat(listening(port)).as("port " + port + " is free again").isFalse();
        }
    }

    private StringWriter startNode(int port, String issuer, String redisUri, Path keys) {
        StringWriter out = new StringWriter();
        AtomicInteger exit = new AtomicInteger(-1);
        Thread node = new Thread(() -> exit.set(Xaa.commandLine()
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(new StringWriter(), true))
                .execute("as", "--port", Integer.toString(port), "--issuer", issuer,
                        "--trust", idp.baseUrl() + "=" + idp.url("/jwks"), "--client", CLIENT + ":" + SECRET,
                        "--resource", RESOURCE, "--scopes", "mcp:read", "--replay-store", redisUri,
                        "--signing-keys", keys.toString())), "xaa-as-" + port);
        node.setDaemon(true);
        node.start();
        nodes.add(node);
        return out;
    }

    private String idJag(SigningKeys idpKeys, String audience) {
        return idpKeys.sign(IdJags.claims(idp.baseUrl(), audience, CLIENT, RESOURCE, "mcp:read", Instant.now()).toClaimsSet(),
                XaaIdentifiers.ID_JAG_JWT_TYPE);
    }

    private HttpResponse<String> grant(int port, String assertion) throws IOException, InterruptedException {
        String body = FormParameters.encode(Map.of("grant_type", GrantType.JWT_BEARER.value(), "assertion", assertion));
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/token"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", ClientAuthenticator.basicHeader(CLIENT, SECRET))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private void awaitMetadata(int port) throws Exception {
        URI metadata = URI.create("http://127.0.0.1:" + port + "/.well-known/oauth-authorization-server");
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline)) {
            try {
                if (http.send(HttpRequest.newBuilder(metadata).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (ConnectException e) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        throw new AssertionError("xaa as did not start on port " + port);
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
