package dev.xaa4j.mcp.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.client.McpSyncClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Many MCP clients sharing one provider start at once, from a cold cache. */
class ConcurrentFirstCallsTest {

    static final int CLIENTS = 64;

    @Test
    void whenSixtyFourClientsStartColdAtOnceThenOneTokenExchangeAndOneJwtBearerGrant() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(CLIENTS);
        try (World world = new World(); CrossAppAccessProvider provider = world.provider().build()) {
            List<McpSyncClient> clients = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                clients.add(world.client(provider));
            }
            CountDownLatch start = new CountDownLatch(1);
            List<Future<String>> results = new ArrayList<>();
            for (McpSyncClient client : clients) {
                results.add(threads.submit(() -> {
                    start.await();
                    client.initialize();
                    return World.text(client.callTool(World.call("whoami")));
                }));
            }
            start.countDown();
            for (Future<String> result : results) {
                assertThat(result.get(60, TimeUnit.SECONDS)).contains("sub=alice");
            }
            clients.forEach(McpSyncClient::close);

            assertThat(world.idp.tokenExchanges()).hasSize(1);
            assertThat(world.as.jwtBearerGrants()).hasSize(1);
            assertThat(world.mcp.seen).filteredOn(s -> s.path().startsWith("/.well-known/")).hasSize(1);
            assertThat(world.as.server.requests("/.well-known/oauth-authorization-server")).hasSize(1);
            assertThat(world.mcp.answered(401)).isBetween(1L, (long) CLIENTS);
        } finally {
            threads.shutdownNow();
        }
    }
}
