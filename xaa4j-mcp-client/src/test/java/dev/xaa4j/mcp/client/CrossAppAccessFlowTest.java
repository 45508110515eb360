package dev.xaa4j.mcp.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.xaa4j.client.ClientAuthentication;
import dev.xaa4j.client.DiscoveryException;
import dev.xaa4j.client.IdJagRequest;
import dev.xaa4j.client.IdJagSource;
import dev.xaa4j.client.SubjectToken;
import dev.xaa4j.client.SubjectTokenSource;
import dev.xaa4j.client.TokenBroker;
import dev.xaa4j.client.TokenExchangeClient;
import dev.xaa4j.client.XaaClientException;
import dev.xaa4j.mcp.client.McpServerFixture.Seen;
import dev.xaa4j.testing.TestHttpServer;
import dev.xaa4j.testing.TestHttpServer.RecordedRequest;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Full flows: the SDK's client through the provider against the IdP, authorization server and MCP server fixtures. */
class CrossAppAccessFlowTest {

    World world;

    @BeforeEach
    void start() {
        world = new World();
    }

    @AfterEach
    void stop() {
        world.close();
    }

    @Test
    void whenFirstCallHasNoTokenThenProviderDiscoversGetsOneTokenAndReplays() {
        try (CrossAppAccessProvider provider = world.provider().build(); McpSyncClient client = world.client(provider)) {
            client.initialize();
            assertThat(World.text(client.callTool(World.call("whoami"))))
                    .contains("sub=alice", "client_id=mcp-agent", "scopes=[mcp:read]");
        }

        List<Seen> requests = world.mcp.mcpRequests();
        assertThat(requests.get(0).header("authorization")).isNull();
        assertThat(requests.get(0).status()).isEqualTo(401);
        assertThat(requests.get(1).header("authorization")).startsWith("Bearer ");
        assertThat(requests.get(1).body()).isEqualTo(requests.get(0).body()).contains("\"initialize\"");
        assertThat(requests.get(1).status()).isEqualTo(200);
        assertThat(world.mcp.answered(401)).isEqualTo(1);
        assertThat(world.mcp.seen).filteredOn(s -> s.path().startsWith("/.well-known/oauth-protected-resource"))
                .extracting(Seen::path).containsExactly("/.well-known/oauth-protected-resource/mcp");
        assertThat(world.as.server.requests("/.well-known/oauth-authorization-server")).hasSize(1);

        RecordedRequest exchange = single(world.idp.tokenExchanges());
        assertThat(exchange.formParam("audience")).isEqualTo(world.as.issuer());
        assertThat(exchange.formParam("resource")).isEqualTo(world.mcp.resource);
        assertThat(exchange.formParam("scope")).isEqualTo("mcp:read");
        assertThat(exchange.formParam("subject_token")).isEqualTo(world.idToken);
        RecordedRequest grant = single(world.as.jwtBearerGrants());
        assertThat(grant.header("Authorization")).startsWith("Basic ");
        assertThat(grant.formParam("scope")).isEqualTo("mcp:read");
    }

    @Test
    void whenTheServerRevokesTheTokenThenOneFreshTokenAndTheRequestIsReplayed() {
        try (CrossAppAccessProvider provider = world.provider().build(); McpSyncClient client = world.client(provider)) {
            client.initialize();
            client.callTool(World.call("whoami"));
            String first = lastAuthorization();
            world.mcp.revoke(first.substring("Bearer ".length()));
            int before401 = (int) world.mcp.answered(401);

            assertThat(World.text(client.callTool(World.call("whoami")))).contains("sub=alice");

            assertThat(world.mcp.answered(401) - before401).isEqualTo(1);
            assertThat(lastAuthorization()).isNotEqualTo(first);
        }
        assertThat(world.idp.tokenExchanges()).hasSize(2);
        assertThat(world.as.jwtBearerGrants()).hasSize(2);
    }

    @Test
    void whenAToolNeedsMoreScopeThenTheProviderAsksForTheUnionOfScopesAndReplays() {
        try (CrossAppAccessProvider provider = world.provider().build(); McpSyncClient client = world.client(provider)) {
            client.initialize();
            assertThat(World.text(client.callTool(World.call("whoami")))).contains("scopes=[mcp:read]");

            assertThat(World.text(client.callTool(World.call("admin_tool")))).isEqualTo("admin done");

            assertThat(World.text(client.callTool(World.call("whoami")))).contains("scopes=[admin, mcp:read]");
        }
        assertThat(world.mcp.answered(403)).isEqualTo(1);
        assertThat(world.idp.tokenExchanges()).extracting(r -> r.formParam("scope"))
                .containsExactly("mcp:read", "mcp:read admin");
        assertThat(world.as.jwtBearerGrants()).extracting(r -> r.formParam("scope"))
                .containsExactly("mcp:read", "mcp:read admin");
    }

    @Test
    void whenTheIdpNeverGrantsTheChallengedScopeThenStepUpStopsAtTheBoundWithATypedError() {
        world.idp.grantableScopes = Set.of("mcp:read");
        try (CrossAppAccessProvider provider = world.provider().build(); McpSyncClient client = world.client(provider)) {
            client.initialize();

            Throwable thrown = catchThrowable(() -> client.callTool(World.call("admin_tool")));

            McpAuthorizationException e = cause(thrown, McpAuthorizationException.class);
            assertThat(e.reason()).isEqualTo(McpAuthorizationException.Reason.STEP_UP_LOOP);
            assertThat(e.httpStatus()).isEqualTo(403);
            assertThat(e.attempts()).isEqualTo(CrossAppAccessProvider.MAX_AUTHORIZATION_ATTEMPTS);
            assertThat(e.getMessage()).contains("403 insufficient_scope", "[mcp:read, admin]")
                    .doesNotContain(world.idToken);
        }
        assertThat(world.mcp.answered(403)).isEqualTo(1 + CrossAppAccessProvider.MAX_AUTHORIZATION_ATTEMPTS);
        assertThat(world.idp.tokenExchanges()).extracting(r -> r.formParam("scope"))
                .containsExactly("mcp:read", "mcp:read admin", "mcp:read admin", "mcp:read admin");
    }

    @Test
    void whenTheServerRejectsEveryFreshTokenThenTheRequestFailsAtTheBoundWithATypedError() {
        world.mcp.rejectAll = true;
        try (CrossAppAccessProvider provider = world.provider().build(); McpSyncClient client = world.client(provider)) {
            Throwable thrown = catchThrowable(client::initialize);

            McpAuthorizationException e = cause(thrown, McpAuthorizationException.class);
            assertThat(e.reason()).isEqualTo(McpAuthorizationException.Reason.REJECTED_FRESH_TOKEN);
            assertThat(e.httpStatus()).isEqualTo(401);
            assertThat(e.serverUrl()).hasToString(world.mcp.resource);
            assertThat(e.getMessage()).contains("rejected 3 fresh access tokens", "invalid_token");
        }
        assertThat(world.mcp.answered(401)).isEqualTo(1 + CrossAppAccessProvider.MAX_AUTHORIZATION_ATTEMPTS);
        assertThat(world.idp.tokenExchanges()).hasSize(CrossAppAccessProvider.MAX_AUTHORIZATION_ATTEMPTS);
        assertThat(world.as.jwtBearerGrants()).hasSize(CrossAppAccessProvider.MAX_AUTHORIZATION_ATTEMPTS);
    }

    @Test
    void whenTheAuthorizationServerIsNotAllowedThenNothingIsSentToItOrToTheIdp() {
        CrossAppAccessProvider.Builder builder = world.provider()
                .allowedAuthorizationServers(List.of("https://as.other.example"));
        try (CrossAppAccessProvider provider = builder.build(); McpSyncClient client = world.client(provider)) {
            Throwable thrown = catchThrowable(client::initialize);

            DiscoveryException e = cause(thrown, DiscoveryException.class);
            assertThat(e.reason()).isEqualTo(XaaClientException.Reason.NO_AUTHORIZATION_SERVER);
        }
        assertThat(world.as.server.requests()).isEmpty();
        assertThat(world.idp.server.requests()).isEmpty();
        assertThat(world.mcp.mcpRequests()).allMatch(s -> s.header("authorization") == null);
    }

    @Test
    void whenTokensExpireUnderSteadyTrafficThenRenewalAheadMeansTheServerNeverAnswers401() throws Exception {
        ExecutorService renewals = Executors.newSingleThreadExecutor();
        try (TokenBroker broker = TokenBroker.builder().clock(world.clock).executor(renewals).build();
             CrossAppAccessProvider provider = world.provider().tokenBroker(broker).build();
             McpSyncClient client = world.client(provider)) {
            provider.authorize(world.mcp.resource);
            client.initialize();
            for (int elapsed = 50; elapsed <= 1200; elapsed += 50) { // four lifetimes of 300 s, a call every 50 s
                world.clock.advance(Duration.ofSeconds(50));
                assertThat(World.text(client.callTool(World.call("whoami")))).contains("sub=alice");
                renewals.submit(() -> { }).get(10, TimeUnit.SECONDS); // a renewal this call started ends before time moves
            }
        } finally {
            renewals.shutdownNow();
        }
        assertThat(world.mcp.answered(401)).isZero();
        // t=0, then renewals at t=250, 500, 750, 1000 (60 s before each expiry, at the first call past that point)
        assertThat(world.as.jwtBearerGrants()).hasSize(5);
        assertThat(world.idp.tokenExchanges()).hasSize(5);
        assertThat(world.as.jwtBearerGrants()).extracting(r -> r.formParam("assertion")).doesNotHaveDuplicates();
    }

    @Test
    void whenTheFlowRunsThenEachCredentialReachesOnlyTheServerItIsFor() {
        try (CrossAppAccessProvider provider = world.provider().build(); McpSyncClient client = world.client(provider)) {
            client.initialize();
            client.callTool(World.call("whoami"));
            client.callTool(World.call("admin_tool"));
        }
        List<String> idpSaw = world.idp.server.requests().stream().map(CrossAppAccessFlowTest::everything).toList();
        List<String> asSaw = world.as.server.requests().stream().map(CrossAppAccessFlowTest::everything).toList();
        List<String> mcpSaw = world.mcp.seen.stream().map(s -> s.headers() + " " + s.body()).toList();
        List<String> idJags = world.as.jwtBearerGrants().stream().map(r -> r.formParam("assertion")).toList();
        List<String> accessTokens = world.mcp.mcpRequests().stream().map(s -> s.header("authorization"))
                .filter(Objects::nonNull).map(h -> h.substring("Bearer ".length())).distinct().toList();
        assertThat(idJags).hasSize(2);
        assertThat(accessTokens).hasSize(2);

        assertThat(idpSaw).anyMatch(seen -> seen.contains(world.idToken));
        assertThat(asSaw).noneMatch(seen -> seen.contains(world.idToken));
        assertThat(mcpSaw).noneMatch(seen -> seen.contains(world.idToken));
        for (String idJag : idJags) {
            assertThat(idpSaw).noneMatch(seen -> seen.contains(idJag));
            assertThat(mcpSaw).noneMatch(seen -> seen.contains(idJag));
        }
        for (String accessToken : accessTokens) {
            assertThat(idpSaw).noneMatch(seen -> seen.contains(accessToken));
            assertThat(asSaw).noneMatch(seen -> seen.contains(accessToken));
        }
        String asBasic = basic(AuthorizationServerFixture.CLIENT_ID, AuthorizationServerFixture.CLIENT_SECRET);
        String idpBasic = basic(IdentityProviderFixture.CLIENT_ID, IdentityProviderFixture.CLIENT_SECRET);
        assertThat(asSaw).anyMatch(seen -> seen.contains(asBasic));
        assertThat(idpSaw).anyMatch(seen -> seen.contains(idpBasic));
        for (String elsewhere : List.of(asBasic, AuthorizationServerFixture.CLIENT_SECRET)) {
            assertThat(idpSaw).noneMatch(seen -> seen.contains(elsewhere));
            assertThat(mcpSaw).noneMatch(seen -> seen.contains(elsewhere));
        }
        for (String elsewhere : List.of(idpBasic, IdentityProviderFixture.CLIENT_SECRET)) {
            assertThat(asSaw).noneMatch(seen -> seen.contains(elsewhere));
            assertThat(mcpSaw).noneMatch(seen -> seen.contains(elsewhere));
        }
    }

    @Test
    void whenTheClientDeclaresTheExtensionThenTheServerReceivesItInInitialize() {
        try (CrossAppAccessProvider provider = world.provider().build(); McpSyncClient client = world.client(provider)) {
            client.initialize();
            assertThat(World.text(client.callTool(World.call("whoami"))))
                    .contains("extensions={io.modelcontextprotocol/enterprise-managed-authorization={}}");
        }
        assertThat(world.mcp.mcpRequests()).filteredOn(s -> s.body().contains("\"method\":\"initialize\""))
                .allMatch(s -> s.body().contains(
                        "\"extensions\":{\"io.modelcontextprotocol/enterprise-managed-authorization\":{}}"));
    }

    @Test
    void whenUsedWithTheAsyncClientThenTheSameFlowWorks() {
        try (CrossAppAccessProvider provider = world.provider().build()) {
            McpAsyncClient client = McpClient.async(provider.transport(world.mcp.resource))
                    .requestTimeout(Duration.ofSeconds(10))
                    .build();
            try {
                client.initialize().block(Duration.ofSeconds(10));
                McpSchema.CallToolResult result = client.callTool(World.call("whoami")).block(Duration.ofSeconds(10));
                assertThat(World.text(result)).contains("sub=alice");
            } finally {
                client.closeGracefully().block(Duration.ofSeconds(10));
            }
        }
        assertThat(world.mcp.answered(401)).isEqualTo(1);
        assertThat(world.idp.tokenExchanges()).hasSize(1);
    }

    @Test
    void whenProvidersShareABrokerThenTheSameUserSharesTokensAndAnotherUserGetsTheirOwn() {
        try (TokenBroker broker = TokenBroker.create();
             CrossAppAccessProvider alice = world.provider().tokenBroker(broker).build();
             CrossAppAccessProvider aliceAgain = world.provider().tokenBroker(broker).build();
             CrossAppAccessProvider bob = CrossAppAccessProvider.builder()
                     .identityProvider(world.tokenExchange(), SubjectTokenSource.staticIdToken(world.idp.idToken("bob")))
                     .authorizationServerClient(AuthorizationServerFixture.CLIENT_ID, AuthorizationServerFixture.CLIENT_SECRET)
                     .httpOptions(World.FAST)
                     .tokenBroker(broker)
                     .build()) {
            assertThat(whoami(alice)).contains("sub=alice");
            assertThat(whoami(aliceAgain)).contains("sub=alice");
            assertThat(whoami(bob)).contains("sub=bob");
        }
        assertThat(world.idp.tokenExchanges()).hasSize(2);
        assertThat(world.as.jwtBearerGrants()).hasSize(2);
    }

    @Test
    void whenTheIdJagSourceIsACallbackThenItGetsTheAuthorizationServerResourceAndScope() {
        List<IdJagRequest> asked = new CopyOnWriteArrayList<>();
        TokenExchangeClient idp = world.tokenExchange();
        IdJagSource callback = request -> {
            asked.add(request);
            return idp.requestIdJag(SubjectToken.idToken(world.idToken), request.authorizationServerIssuer(),
                    request.resource(), request.scopes());
        };
        try (CrossAppAccessProvider provider = world.provider().idJagSource(callback).build()) {
            assertThat(whoami(provider)).contains("sub=alice");
        }
        assertThat(asked).containsExactly(new IdJagRequest(world.as.issuer(), world.mcp.resource, Set.of("mcp:read")));
    }

    @Test
    void whenTheAuthorizationServerHasARegistrationOfItsOwnThenThatClientAuthenticatesThere() {
        world.as.addClient("agent-b", "AS-B-SECRET-31d7");
        world.idp.trust(world.as.issuer(), "agent-b");
        try (CrossAppAccessProvider provider = CrossAppAccessProvider.builder()
                .identityProvider(world.tokenExchange(), SubjectTokenSource.staticIdToken(world.idToken))
                .authorizationServerClient(world.as.issuer(), ClientAuthentication.clientSecretBasic("agent-b", "AS-B-SECRET-31d7"))
                .httpOptions(World.FAST)
                .build()) {
            assertThat(whoami(provider)).contains("client_id=agent-b");
        }
    }

    @Test
    void whenOnlyAnotherAuthorizationServerHasARegistrationThenNothingIsSentToThisOneOrToTheIdp() {
        try (CrossAppAccessProvider provider = CrossAppAccessProvider.builder()
                .identityProvider(world.tokenExchange(), SubjectTokenSource.staticIdToken(world.idToken))
                .authorizationServerClient("https://as.other.example",
                        ClientAuthentication.clientSecretBasic("agent", "OTHER-SECRET"))
                .httpOptions(World.FAST)
                .build();
             McpSyncClient client = world.client(provider)) {
            Throwable thrown = catchThrowable(client::initialize);

            assertThat(cause(thrown, DiscoveryException.class).reason())
                    .isEqualTo(XaaClientException.Reason.NO_AUTHORIZATION_SERVER);
        }
        assertThat(world.as.server.requests()).isEmpty();
        assertThat(world.idp.server.requests()).isEmpty();
    }

    @Test
    void whenTheServerAnswers403WithoutInsufficientScopeThenTheRequestFailsWithoutAnyTokenRequest() {
        try (TestHttpServer forbidding = TestHttpServer.start();
             CrossAppAccessProvider provider = world.provider().build()) {
            forbidding.route("POST", "/mcp", request -> TestHttpServer.Response.status(403));
            McpSyncClient client = McpClient.sync(provider.transport(forbidding.baseUrl() + "/mcp"))
                    .initializationTimeout(Duration.ofSeconds(10))
                    .build();
            Throwable thrown = catchThrowable(client::initialize);
            client.closeGracefully();

            McpAuthorizationException e = cause(thrown, McpAuthorizationException.class);
            assertThat(e.reason()).isEqualTo(McpAuthorizationException.Reason.FORBIDDEN);
            assertThat(e.getMessage()).contains("HTTP 403", "no Bearer challenge");
        }
        assertThat(world.idp.server.requests()).isEmpty();
        assertThat(world.as.server.requests()).isEmpty();
    }

    private String whoami(CrossAppAccessProvider provider) {
        try (McpSyncClient client = world.client(provider)) {
            client.initialize();
            return World.text(client.callTool(World.call("whoami")));
        }
    }

    /** Everything a recorded request carried: query, headers and body. */
    static String everything(RecordedRequest request) {
        return request.query() + " " + request.headers() + " " + request.body();
    }

    static String basic(String id, String secret) {
        return Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    private String lastAuthorization() {
        List<Seen> requests = world.mcp.mcpRequests();
        return requests.get(requests.size() - 1).header("authorization");
    }

    static <T> T single(List<T> list) {
        assertThat(list).hasSize(1);
        return list.get(0);
    }

    static <T extends Throwable> T cause(Throwable thrown, Class<T> type) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " in the cause chain", thrown);
    }
}
