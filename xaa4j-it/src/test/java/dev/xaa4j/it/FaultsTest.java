package dev.xaa4j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.xaa4j.client.ClientAuthentication;
import dev.xaa4j.client.DiscoveryException;
import dev.xaa4j.client.IdJag;
import dev.xaa4j.client.JwtBearerClient;
import dev.xaa4j.client.JwtBearerException;
import dev.xaa4j.client.SubjectToken;
import dev.xaa4j.client.TokenExchangeClient;
import dev.xaa4j.client.TokenExchangeException;
import dev.xaa4j.client.XaaClientException.Reason;
import dev.xaa4j.mcp.client.CrossAppAccessProvider;
import io.modelcontextprotocol.client.McpSyncClient;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Neighbours failing (PROTOCOL.md section 7; DESIGN.md, scale): the IdP, the authorization server or the MCP server down
 * or restarted, seen by the MCP SDK client through the provider. Failures are typed and name the step; nothing is sent
 * past the failed step; once the server is back, the same client and provider work again without being rebuilt.
 */
@Timeout(60)
class FaultsTest {

    @Test
    void whenTheIdpIsDownThenACachedTokenKeepsWorkingAndANewOneFailsAsATokenExchangeErrorUntilItIsBack() {
        try (ThreeServers servers = new ThreeServers();
             CrossAppAccessProvider warm = servers.provider(servers.idToken()).build();
             McpSyncClient warmClient = servers.mcpClient(warm);
             CrossAppAccessProvider cold = servers.provider(servers.idToken()).build();
             McpSyncClient coldClient = servers.mcpClient(cold)) {
            warmClient.initialize();
            int grants = servers.asNode.requests("/token").size();

            servers.idpNode.stop();

            assertThat(ThreeServers.text(warmClient.callTool(ThreeServers.whoami()))).contains("user=alice");
            Throwable thrown = catchThrowable(coldClient::initialize);
            TokenExchangeException e = Causes.find(thrown, TokenExchangeException.class);
            assertThat(e.reason()).isEqualTo(Reason.NETWORK);
            assertThat(e.getMessage()).startsWith("token exchange failed: cannot reach the IdP token endpoint");
            assertThat(servers.asNode.requests("/token")).as("nothing goes to the AS without an ID-JAG").hasSize(grants);

            servers.idpNode.restart();

            assertThat(ThreeServers.text(coldClient.callTool(ThreeServers.whoami()))).contains("user=alice");
        }
    }

    @Test
    void whenTheAuthorizationServerIsDownThenDiscoveryFailsBeforeTheIdpIsAskedAndRecoversWhenItIsBack() {
        try (ThreeServers servers = new ThreeServers();
             CrossAppAccessProvider provider = servers.provider(servers.idToken()).build();
             McpSyncClient client = servers.mcpClient(provider)) {
            servers.asNode.stop();

            Throwable thrown = catchThrowable(client::initialize);
            DiscoveryException e = Causes.find(thrown, DiscoveryException.class);
            assertThat(e.reason()).isEqualTo(Reason.NETWORK);
            assertThat(e.getMessage()).contains("authorization server metadata");
            assertThat(servers.idpNode.requests("/token")).as("the ID token stays home").isEmpty();

            servers.asNode.restart();

            assertThat(ThreeServers.text(client.callTool(ThreeServers.whoami()))).contains("user=alice");
        }
    }

    @Test
    void whenTheIdpJwksIsDownThenCachedKeysWorkUntilTheirTtlAndAnUnknownKidFailsClosed() throws Exception {
        Duration ttl = Duration.ofSeconds(3);
        ThreeServers.Options options = ThreeServers.Options.defaults().trust(b -> b.cacheTimeToLive(ttl)
                .minRefetchInterval(Duration.ofMillis(100)).connectTimeout(Duration.ofSeconds(1))
                .requestTimeout(Duration.ofSeconds(1)));
        try (ThreeServers servers = new ThreeServers(options)) {
            TokenExchangeClient idp = servers.tokenExchange();
            JwtBearerClient as = JwtBearerClient.builder(URI.create(servers.as.tokenEndpoint()),
                    ClientAuthentication.clientSecretBasic(ThreeServers.AS_CLIENT, servers.asSecret))
                    .httpOptions(ThreeServers.FAST).build();
            SubjectToken idToken = SubjectToken.idToken(servers.idToken());
            Supplier<IdJag> idJag = () -> idp.requestIdJag(idToken, servers.as.issuer(), servers.resource, List.of("mcp:read"));
            as.requestAccessToken(idJag.get()); // the AS fetches and caches the IdP's keys
            Instant cached = Instant.now();
            IdJag withinTtl = idJag.get();
            IdJag afterTtl = idJag.get();
            servers.idp.signingKeys().rotate();
            IdJag newKid = idJag.get();

            servers.idpNode.stop();

            assertThat(as.requestAccessToken(withinTtl).token()).as("the cached keys verify").isNotEmpty();
            assertThat(Duration.between(cached, Instant.now())).as("still within the TTL").isLessThan(ttl);
            assertServerError(as, newKid);
            Thread.sleep(Duration.between(Instant.now(), cached.plus(ttl).plusMillis(300)).toMillis());
            assertServerError(as, afterTtl);

            servers.idpNode.restart();

            assertThat(as.requestAccessToken(afterTtl).token()).isNotEmpty();
            assertThat(as.requestAccessToken(newKid).token()).isNotEmpty();
        }
    }

    /** The grant is refused (not accepted with unchecked keys): a server error, because the keys cannot be fetched. */
    private static void assertServerError(JwtBearerClient as, IdJag idJag) {
        JwtBearerException e = catchThrowableOfType(JwtBearerException.class, () -> as.requestAccessToken(idJag));
        assertThat(e.reason()).isEqualTo(Reason.OAUTH_ERROR);
        assertThat(e.httpStatus()).hasValue(500);
        assertThat(e.oauthError().orElseThrow().code()).isEqualTo("server_error");
        assertThat(e.oauthError().orElseThrow().description()).contains("keys of the ID-JAG issuer could not be retrieved");
    }

    @Test
    void whenEveryServerIsRestartedUnderTrafficThenTheSameClientRecovers() throws Exception {
        ThreeServers.Options shortTokens = ThreeServers.Options.defaults()
                .authorizationServer(b -> b.accessTokenLifetime(Duration.ofSeconds(2)));
        try (ThreeServers servers = new ThreeServers(shortTokens);
             CrossAppAccessProvider provider = servers.provider(servers.idToken())
                     .refreshMargin(Duration.ofMillis(500)).build();
             McpSyncClient client = servers.mcpClient(provider)) {
            client.initialize();
            List<Boolean> outcomes = new CopyOnWriteArrayList<>();
            AtomicBoolean running = new AtomicBoolean(true);
            Thread traffic = new Thread(() -> {
                while (running.get()) {
                    outcomes.add(succeeds(() -> client.callTool(ThreeServers.whoami())));
                    pause(50);
                }
            }, "traffic");
            traffic.start();

            pause(500);
            int before = outcomes.size();
            for (JettyNode node : List.of(servers.mcpNode, servers.asNode, servers.idpNode)) {
                node.stop();
                pause(200);
                node.restart();
                pause(500);
            }
            int afterRestarts = outcomes.size();
            int exchangesAfterRestarts = servers.idpNode.requests("/token").size();
            // Past the access token lifetime (a renewal through the restarted IdP and AS), and 20 calls at least.
            long lifetimeOver = System.nanoTime() + Duration.ofMillis(2500).toNanos();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while ((System.nanoTime() < lifetimeOver || outcomes.size() - afterRestarts < 20) && System.nanoTime() < deadline) {
                pause(50);
            }
            running.set(false);
            traffic.join(10_000);

            assertThat(outcomes.subList(0, before)).as("calls before the restarts").isNotEmpty().containsOnly(true);
            List<Boolean> last = outcomes.subList(outcomes.size() - 10, outcomes.size());
            assertThat(last).as("the last calls, after every restart").containsOnly(true);
            assertThat(outcomes.subList(afterRestarts, outcomes.size())).as("calls after the restarts")
                    .hasSizeGreaterThanOrEqualTo(20);
            assertThat(servers.idpNode.requests("/token").size()).as("token exchanges after the IdP restart")
                    .isGreaterThan(exchangesAfterRestarts);
        }
    }

    private static boolean succeeds(Runnable call) {
        try {
            call.run();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
