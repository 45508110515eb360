package dev.xaa4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xaa4j.as.AuthorizationServer;
import dev.xaa4j.as.IdJagValidator;
import dev.xaa4j.as.TrustedIssuers;
import dev.xaa4j.server.InMemoryReplayStore;
import dev.xaa4j.server.RegisteredClient;
import dev.xaa4j.server.SigningKeys;
import dev.xaa4j.testing.MutableClock;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The grant load harness (not a timed test): {@value #CLIENTS} concurrent clients each redeem
 * {@code xaa4j.load.grants} fresh ID-JAGs (each signed by the test IdP's key) at a real authorization server on Jetty over
 * HTTP keep-alive. Every grant must succeed, the clients must reuse their connections, and the in-memory replay store
 * must stay bounded.
 *
 * <p>Time is simulated: every grant moves the shared clock one second on, a steady rate of one grant per second. The
 * replay store keeps a {@code jti} until {@code exp} plus the clock skew (300 + 60 s), so at that rate it never holds more
 * than about 360 live identifiers, plus those of grants in flight. Its capacity is set to that bound: a store that did not
 * purge expired identifiers would fill up and fail grants (it refuses instead of forgetting).
 *
 * <p>{@code mvn verify} runs 25 grants per client. The full run, 32 clients x 2,000 grants:
 * {@code mvn -B -pl xaa4j-it -am verify -Dtest=GrantLoadHarnessTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dxaa4j.load.grants=2000}; it prints the grants per second.
 */
@Timeout(1800)
class GrantLoadHarnessTest {

    private static final int CLIENTS = 32;
    private static final Duration SIMULATED_INTERVAL = Duration.ofSeconds(1);
    private static final long LIVE_SECONDS = 300 + IdJagValidator.DEFAULT_CLOCK_SKEW.toSeconds();
    /** Live identifiers at one grant per simulated second, plus one per client in flight (whose clock may lag). */
    private static final int BOUND = (int) (LIVE_SECONDS / SIMULATED_INTERVAL.toSeconds()) + 2 * CLIENTS;

    @Test
    void whenThirtyTwoClientsRedeemFreshIdJagsOverKeepAliveThenNoErrorAndTheReplayStoreStaysBounded() throws Exception {
        int grantsPerClient = Integer.getInteger("xaa4j.load.grants", 25);
        MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        InMemoryReplayStore store = new InMemoryReplayStore(clock, BOUND);
        String secret = "as-secret-" + Long.toHexString(System.nanoTime());
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try (JettyNode node = JettyNode.bind()) {
            GrantClient grants = new GrantClient(node.baseUrl(), secret, clock);
            AuthorizationServer as = AuthorizationServer.builder(node.baseUrl(), SigningKeys.generate("ES256"),
                            TrustedIssuers.builder().jwkSet(GrantClient.IDP_ISSUER, grants.idpKeys.publicJwkSet()).build())
                    .client(RegisteredClient.withSecret(GrantClient.CLIENT, secret))
                    .resource(GrantClient.RESOURCE, List.of("mcp:read"))
                    .replayStore(store)
                    .clock(clock)
                    .build();
            node.start(as::register);
            AtomicInteger errors = new AtomicInteger();
            AtomicInteger largestStore = new AtomicInteger();
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                running.add(clients.submit(() -> {
                    go.await();
                    for (int i = 0; i < grantsPerClient; i++) {
                        HttpResponse<String> reply = grants.grant(node.baseUrl(), grants.idJag());
                        clock.advance(SIMULATED_INTERVAL);
                        if (reply.statusCode() != 200 || !reply.body().contains("\"access_token\"")) {
                            errors.incrementAndGet();
                        }
                        largestStore.accumulateAndGet(store.size(), Math::max);
                    }
                    return null;
                }));
            }
            long start = System.nanoTime();
            go.countDown();
            for (Future<?> client : running) {
                client.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            int total = CLIENTS * grantsPerClient;
            System.out.printf("grant load: %d clients x %d grants = %d grants in %.1f s, %.0f grants/s, %d errors, "
                            + "%d connections, replay store at most %d entries (bound %d)%n", CLIENTS, grantsPerClient, total,
                    seconds, total / seconds, errors.get(), node.connectionsAccepted(), largestStore.get(), BOUND);

            assertThat(errors.get()).as("failed grants").isZero();
            assertThat(node.requests(AuthorizationServer.TOKEN_PATH)).hasSize(total);
            assertThat(node.connectionsAccepted()).as("connections: kept alive, not one per grant")
                    .isLessThanOrEqualTo(2L * CLIENTS);
            // the store's capacity check and its insert are not one step: each client may pass it once before the purge
            assertThat(largestStore.get()).isLessThanOrEqualTo(BOUND + CLIENTS);
            if (total > BOUND) {
                assertThat(store.size()).as("expired identifiers were purged").isLessThan(total);
            }
        } finally {
            clients.shutdownNow();
            clients.awaitTermination(10, TimeUnit.SECONDS);
        }
    }
}
