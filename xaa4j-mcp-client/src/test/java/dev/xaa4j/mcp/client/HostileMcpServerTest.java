package dev.xaa4j.mcp.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.xaa4j.client.DiscoveryException;
import dev.xaa4j.client.XaaClientException;
import dev.xaa4j.testing.TestHttpServer;
import dev.xaa4j.testing.TestHttpServer.RecordedRequest;
import dev.xaa4j.testing.TestHttpServer.Response;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile MCP servers against the provider (PROTOCOL.md section 2, renewal; section 7): a fake MCP server on 127.0.0.1
 * that never accepts what the provider brings, in front of the honest IdP and authorization server fixtures. Each case
 * ends, within the bound of {@link CrossAppAccessProvider#MAX_AUTHORIZATION_ATTEMPTS} fresh tokens, in a typed error; the
 * fake server receives access tokens only, never the ID token, an ID-JAG or a client secret.
 */
@Timeout(30)
class HostileMcpServerTest {

    private static final int MAX = CrossAppAccessProvider.MAX_AUTHORIZATION_ATTEMPTS;

    private World world;
    private TestHttpServer hostile;
    private TestHttpServer elsewhere;

    @BeforeEach
    void start() {
        world = new World();
        hostile = TestHttpServer.start();
        elsewhere = TestHttpServer.start();
        world.as.addResource(resource());
        String prm = prm(resource(), world.as.issuer());
        hostile.json("/.well-known/oauth-protected-resource/mcp", 200, prm);
    }

    @AfterEach
    void stop() {
        hostile.close();
        elsewhere.close();
        world.close();
    }

    private String resource() {
        return hostile.baseUrl() + "/mcp";
    }

    private static String prm(String resource, String issuer) {
        return "{\"resource\":\"" + resource + "\",\"authorization_servers\":[\"" + issuer + "\"],"
                + "\"scopes_supported\":[\"mcp:read\"]}";
    }

    private String challenge(String extra) {
        return "Bearer resource_metadata=\"" + hostile.baseUrl() + "/.well-known/oauth-protected-resource/mcp\"" + extra;
    }

    /** What a case expects: the typed error, the attempts it reports, and how many fresh tokens were fetched. */
    record Outcome(Class<? extends Exception> type, Object reason, int attempts, int tokens) {

        static Outcome refused(McpAuthorizationException.Reason reason, int attempts, int tokens) {
            return new Outcome(McpAuthorizationException.class, reason, attempts, tokens);
        }
    }

    static Stream<Arguments> hostileMcpServers() {
        return Stream.of(
                Arguments.of("endless 401 invalid_token", (Consumer<HostileMcpServerTest>) t -> t.answer(n ->
                        Response.status(401).header("WWW-Authenticate", t.challenge(", error=\"invalid_token\""))),
                        Outcome.refused(McpAuthorizationException.Reason.REJECTED_FRESH_TOKEN, MAX, MAX)),
                Arguments.of("endless 401 without a challenge", (Consumer<HostileMcpServerTest>) t -> t.answer(n ->
                        Response.status(401)),
                        Outcome.refused(McpAuthorizationException.Reason.REJECTED_FRESH_TOKEN, MAX, MAX)),
                Arguments.of("endless 403 step-up for a scope the token holds", (Consumer<HostileMcpServerTest>) t -> t.answer(n ->
                        n == 0 ? t.unauthorized() : Response.status(403).header("WWW-Authenticate",
                                t.challenge(", error=\"insufficient_scope\", scope=\"mcp:read\""))),
                        // 1 for the first 401, then MAX step-ups
                        Outcome.refused(McpAuthorizationException.Reason.STEP_UP_LOOP, MAX, 1 + MAX)),
                Arguments.of("a new scope asked in every 403", (Consumer<HostileMcpServerTest>) t -> t.answer(n ->
                        n == 0 ? t.unauthorized() : Response.status(403).header("WWW-Authenticate",
                                t.challenge(", error=\"insufficient_scope\", scope=\"scope-" + n + "\""))),
                        Outcome.refused(McpAuthorizationException.Reason.STEP_UP_LOOP, MAX, 1 + MAX)),
                Arguments.of("401 and 403 step-up alternating forever", (Consumer<HostileMcpServerTest>) t -> t.answer(n ->
                        n % 2 == 0 ? t.unauthorized() : Response.status(403).header("WWW-Authenticate",
                                t.challenge(", error=\"insufficient_scope\", scope=\"scope-" + n + "\""))),
                        Outcome.refused(McpAuthorizationException.Reason.REJECTED_FRESH_TOKEN,
                                CrossAppAccessProvider.MAX_CHAIN_ATTEMPTS, CrossAppAccessProvider.MAX_CHAIN_ATTEMPTS)),
                Arguments.of("401 naming the metadata of another origin", (Consumer<HostileMcpServerTest>) t -> {
                    t.elsewhere.json("/prm", 200, prm(t.elsewhere.baseUrl() + "/mcp", t.world.as.issuer()));
                    t.answer(n -> Response.status(401).header("WWW-Authenticate",
                            "Bearer resource_metadata=\"" + t.elsewhere.baseUrl() + "/prm\""));
                }, new Outcome(DiscoveryException.class, XaaClientException.Reason.RESOURCE_MISMATCH, 0, 0)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileMcpServers")
    void whenTheMcpServerNeverAcceptsThenABoundedTypedErrorAndOnlyAccessTokensReachIt(String name,
            Consumer<HostileMcpServerTest> hostility, Outcome outcome) {
        hostility.accept(this);
        Throwable thrown;
        try (CrossAppAccessProvider provider = world.provider().build();
             McpSyncClient client = McpClient.sync(provider.transport(resource()))
                     .requestTimeout(Duration.ofSeconds(10))
                     .initializationTimeout(Duration.ofSeconds(10))
                     .build()) {
            thrown = catchThrowable(client::initialize);
        }

        Exception e = CrossAppAccessFlowTest.cause(thrown, outcome.type());
        if (e instanceof McpAuthorizationException refused) {
            assertThat(refused.reason()).isEqualTo(outcome.reason());
            assertThat(refused.attempts()).isEqualTo(outcome.attempts());
        } else {
            assertThat(((XaaClientException) e).reason()).isEqualTo(outcome.reason());
        }
        assertThat(world.idp.tokenExchanges()).as("fresh tokens fetched").hasSize(outcome.tokens());
        assertThat(world.as.jwtBearerGrants()).hasSize(outcome.tokens());
        assertThat(hostile.requests("/mcp")).as("requests to the MCP server").hasSizeLessThanOrEqualTo(1 + outcome.tokens());
        assertCredentialsStayedHome(e);
    }

    /** Answers POST /mcp with the n-th scripted response (n from 0). */
    private void answer(java.util.function.IntFunction<Response> script) {
        AtomicInteger n = new AtomicInteger();
        hostile.route("POST", "/mcp", request -> script.apply(n.getAndIncrement()));
    }

    private Response unauthorized() {
        return Response.status(401).header("WWW-Authenticate", challenge(""));
    }

    private void assertCredentialsStayedHome(Exception error) {
        List<String> idJags = world.as.jwtBearerGrants().stream().map(r -> r.formParam("assertion")).toList();
        List<String> accessTokens = hostile.requests("/mcp").stream().map(r -> r.header("Authorization"))
                .filter(Objects::nonNull).map(h -> h.substring("Bearer ".length())).toList();
        List<String> notForMcp = new ArrayList<>(List.of(world.idToken, IdentityProviderFixture.CLIENT_SECRET,
                AuthorizationServerFixture.CLIENT_SECRET,
                CrossAppAccessFlowTest.basic(IdentityProviderFixture.CLIENT_ID, IdentityProviderFixture.CLIENT_SECRET),
                CrossAppAccessFlowTest.basic(AuthorizationServerFixture.CLIENT_ID, AuthorizationServerFixture.CLIENT_SECRET)));
        notForMcp.addAll(idJags);
        for (String credential : notForMcp) {
            assertThat(hostile.requests()).map(HostileMcpServerTest::everything).noneMatch(seen -> seen.contains(credential));
            assertThat(elsewhere.requests()).map(HostileMcpServerTest::everything).noneMatch(seen -> seen.contains(credential));
        }
        for (String accessToken : accessTokens) {
            assertThat(world.idp.server.requests()).map(HostileMcpServerTest::everything)
                    .noneMatch(seen -> seen.contains(accessToken));
        }
        List<String> all = new ArrayList<>(notForMcp);
        all.addAll(accessTokens);
        for (String credential : all) {
            assertThat(error.getMessage()).doesNotContain(credential);
        }
    }

    private static String everything(RecordedRequest request) {
        return CrossAppAccessFlowTest.everything(request);
    }
}
