package dev.xaa4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xaa4j.as.AuthorizationServer;
import dev.xaa4j.as.TrustedIssuers;
import dev.xaa4j.core.internal.Json;
import dev.xaa4j.redis.RedisReplayStore;
import dev.xaa4j.redis.testing.RedisServerProcess;
import dev.xaa4j.server.RegisteredClient;
import dev.xaa4j.server.SigningKeys;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Several authorization server nodes of one issuer behind a load balancer (DESIGN.md, scale): two real servers on Jetty
 * with the same issuer and signing keys, each with its own {@link RedisReplayStore} connection to one Redis, share replay
 * detection; and when Redis goes away, grants fail closed and come back with it. Uses the Redis of
 * {@code XAA4J_REDIS_URL} when set, else a {@code redis-server} of its own.
 */
@Timeout(60)
class RedisAuthorizationServerNodesTest {

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final String secret = "as-secret-" + Long.toHexString(System.nanoTime());
    private final JettyNode nodeA = JettyNode.bind();
    private final JettyNode nodeB = JettyNode.bind();
    /** The issuer both nodes serve, as the load balancer's URL would be. */
    private final String issuer = nodeA.baseUrl();
    private final GrantClient client = new GrantClient(issuer, secret, Clock.systemUTC());
    private final String sharedKeys = SigningKeys.generate("ES256").privateJwkSetJson();

    @AfterEach
    void stop() throws Exception {
        nodeA.close();
        nodeB.close();
        for (AutoCloseable resource : resources) {
            resource.close();
        }
    }

    private void startNodes(String redisUri, Duration timeout) {
        for (JettyNode node : List.of(nodeA, nodeB)) {
            RedisReplayStore store = RedisReplayStore.connect(redisUri, RedisReplayStore.DEFAULT_PREFIX, timeout,
                    Clock.systemUTC());
            resources.add(store);
            AuthorizationServer as = AuthorizationServer.builder(issuer, SigningKeys.fromJwkSet(sharedKeys),
                            TrustedIssuers.builder().jwkSet(GrantClient.IDP_ISSUER, client.idpKeys.publicJwkSet()).build())
                    .client(RegisteredClient.withSecret(GrantClient.CLIENT, secret))
                    .resource(GrantClient.RESOURCE, List.of("mcp:read"))
                    .replayStore(store)
                    .build();
            node.start(as::register);
        }
    }

    @Test
    void whenAnIdJagRedeemedAtOneNodeIsReplayedAtTheOtherThenItIsRefused() throws Exception {
        startNodes(RedisServerProcess.sharedOrStart(resources::add), RedisReplayStore.DEFAULT_TIMEOUT);
        String idJag = client.idJag();

        HttpResponse<String> first = client.grant(nodeA.baseUrl(), idJag);
        HttpResponse<String> replay = client.grant(nodeB.baseUrl(), idJag);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(replay.statusCode()).isEqualTo(400);
        assertThat(Json.parseObject(replay.body())).containsEntry("error", "invalid_grant")
                .containsEntry("error_description", "ID-JAG was already used (jti)");
    }

    @Test
    void whenOneIdJagIsSubmittedHundredTimesAtOnceOverBothNodesThenExactlyOneSucceeds() throws Exception {
        startNodes(RedisServerProcess.sharedOrStart(resources::add), RedisReplayStore.DEFAULT_TIMEOUT);
        String idJag = client.idJag();

        List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            sent.add(client.grantAsync((i % 2 == 0 ? nodeA : nodeB).baseUrl(), idJag));
        }
        Map<Integer, Long> byStatus = sent.stream().map(CompletableFuture::join)
                .collect(Collectors.groupingBy(HttpResponse::statusCode, Collectors.counting()));

        assertThat(byStatus).containsExactlyInAnyOrderEntriesOf(Map.of(200, 1L, 400, 99L));
        assertThat(nodeA.requests("/token")).as("both nodes took their share").hasSize(50);
        assertThat(nodeB.requests("/token")).hasSize(50);
    }

    @Test
    void whenRedisIsDownThenGrantsFailClosedWithAServerErrorAndRecoverWhenItReturns() throws Exception {
        RedisServerProcess redis = RedisServerProcess.start();
        resources.add(redis);
        startNodes(redis.uri(), Duration.ofMillis(500));
        assertThat(client.grant(nodeA.baseUrl(), client.idJag()).statusCode()).isEqualTo(200);

        redis.stop();
        String duringOutage = client.idJag();
        for (JettyNode node : List.of(nodeA, nodeB)) {
            HttpResponse<String> refused = client.grant(node.baseUrl(), duringOutage);
            assertThat(refused.statusCode()).isEqualTo(500);
            assertThat(Json.parseObject(refused.body())).containsEntry("error", "server_error")
                    .containsEntry("error_description", "the replay store is unavailable").doesNotContainKey("access_token");
        }

        redis.restart();
        assertThat(onceRedisAnswers(nodeB, duringOutage))
                .as("the ID-JAG refused during the outage was never redeemed: it is accepted now").isEqualTo(200);
        assertThat(onceRedisAnswers(nodeA, duringOutage)).as("and only once").isEqualTo(400);
    }

    /** The status of the grant at the node once its Redis connection is back (500 until then, for up to 20 s). */
    private int onceRedisAnswers(JettyNode node, String idJag) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(20);
        int status = client.grant(node.baseUrl(), idJag).statusCode();
        while (status == 500 && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
            status = client.grant(node.baseUrl(), idJag).statusCode();
        }
        return status;
    }
}
