package dev.xaa4j.mcp.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.xaa4j.client.IdJagSource;
import dev.xaa4j.client.SubjectToken;
import dev.xaa4j.client.SubjectTokenSource;
import dev.xaa4j.client.TokenBroker;
import dev.xaa4j.client.TokenExchangeClient;
import dev.xaa4j.core.InsecureEndpointException;
import dev.xaa4j.core.XaaIdentifiers;
import dev.xaa4j.testing.TestHttpServer;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpRequestSnapshot;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** The provider's configuration rules and its two hooks called directly. */
class CrossAppAccessProviderTest {

    @Test
    void whenTheMcpUrlIsPlainHttpToAnotherHostThenNoTransportIsMade() {
        try (World world = new World(); CrossAppAccessProvider provider = world.provider().build()) {
            assertThatThrownBy(() -> provider.transport("http://mcp.example.com/mcp"))
                    .isInstanceOf(InsecureEndpointException.class);
            assertThatThrownBy(() -> provider.transport("/mcp")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> provider.transport("ftp://127.0.0.1/mcp")).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void whenBuiltWithoutAnIdpOrARegistrationOrWithAClockBesidesASharedBrokerThenRefused() {
        try (World world = new World(); TokenBroker broker = TokenBroker.create()) {
            assertThatThrownBy(() -> CrossAppAccessProvider.builder().authorizationServerClient("a", "s").build())
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("identityProvider");
            assertThatThrownBy(() -> CrossAppAccessProvider.builder()
                    .identityProvider(world.tokenExchange(), SubjectTokenSource.staticIdToken(world.idToken)).build())
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("authorizationServerClient");
            assertThatThrownBy(() -> world.provider().tokenBroker(broker).clock(Clock.systemUTC()).build())
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("shared broker");
        }
    }

    @Test
    void whenCapabilitiesHaveTheirOwnExtensionsThenTheDeclarationIsAdded() {
        McpSchema.ClientCapabilities base = McpSchema.ClientCapabilities.builder()
                .roots(true)
                .extensions(Map.of("example.com/other", Map.of("v", 1)))
                .build();

        McpSchema.ClientCapabilities declared = CrossAppAccessProvider.clientCapabilities(base);

        assertThat(declared.roots()).isEqualTo(base.roots());
        assertThat(declared.extensions()).containsEntry("example.com/other", Map.of("v", 1))
                .containsEntry(XaaIdentifiers.MCP_EXTENSION_ID, Map.of());
        assertThat(CrossAppAccessProvider.clientCapabilities().extensions())
                .containsOnlyKeys(XaaIdentifiers.MCP_EXTENSION_ID);
    }

    @Test
    void whenTheCustomizerSeesAServerWithoutTokenOrAnUnknownServerThenItAddsNothing() {
        try (World world = new World(); CrossAppAccessProvider provider = world.provider().build()) {
            provider.transport(world.mcp.resource);
            assertThat(authorizationAdded(provider, world.mcp.resource)).isNull();

            provider.authorize(world.mcp.resource);

            assertThat(authorizationAdded(provider, world.mcp.resource)).startsWith("Bearer ey");
            assertThat(authorizationAdded(provider, world.mcp.baseUrl() + "/other")).isNull();
        }
    }

    @Test
    void whenAChallengeNamesOtherMetadataThenDiscoveryRunsAgainAndOtherwiseNot() {
        try (World world = new World(); CrossAppAccessProvider provider = world.provider().build()) {
            URI server = URI.create(world.mcp.resource);
            String pathMetadata = world.mcp.baseUrl() + "/.well-known/oauth-protected-resource/mcp";
            String rootMetadata = world.mcp.baseUrl() + "/.well-known/oauth-protected-resource";

            assertThat(handle(provider, server, 401, "Bearer resource_metadata=\"" + pathMetadata + "\"")).isTrue();
            assertThat(handle(provider, server, 401, "Bearer resource_metadata=\"" + pathMetadata + "\"")).isTrue();
            assertThat(handle(provider, server, 401, "Bearer")).isTrue();
            assertThat(metadataRequests(world)).containsExactly("/.well-known/oauth-protected-resource/mcp");

            assertThat(handle(provider, server, 401, "Bearer resource_metadata=\"" + rootMetadata + "\"")).isTrue();
            assertThat(metadataRequests(world)).containsExactly("/.well-known/oauth-protected-resource/mcp",
                    "/.well-known/oauth-protected-resource");
        }
    }

    @Test
    void whenTheUrlHasAPathAndQueryThenTheTransportSendsThere() {
        try (World world = new World();
             TestHttpServer server = TestHttpServer.start();
             CrossAppAccessProvider provider = world.provider().build()) {
            server.route("POST", "/tenant/mcp", request -> TestHttpServer.Response.status(403));
            McpSyncClient client = McpClient.sync(provider.transport(server.baseUrl() + "/tenant/mcp?region=eu"))
                    .initializationTimeout(Duration.ofSeconds(10))
                    .build();
            Throwable thrown = catchThrowable(client::initialize);
            client.closeGracefully();

            assertThat(CrossAppAccessFlowTest.cause(thrown, McpAuthorizationException.class).serverUrl())
                    .hasToString(server.baseUrl() + "/tenant/mcp?region=eu");
            assertThat(server.requests()).extracting(TestHttpServer.RecordedRequest::query).contains("region=eu");
        }
    }

    @Test
    void whenA401HandlerFinishesAfterAConcurrentStepUpThenTheStepUpScopesStay() throws Exception {
        try (World world = new World()) {
            TokenExchangeClient idp = world.tokenExchange();
            CountDownLatch narrowFetchStarted = new CountDownLatch(1);
            CountDownLatch releaseNarrowFetch = new CountDownLatch(1);
            IdJagSource idJags = request -> {
                if (!request.scopes().contains("admin")) {
                    narrowFetchStarted.countDown();
                    await(releaseNarrowFetch);
                }
                return idp.requestIdJag(SubjectToken.idToken(world.idToken), request.authorizationServerIssuer(),
                        request.resource(), request.scopes());
            };
            try (CrossAppAccessProvider provider = world.provider().idJagSource(idJags).build()) {
                URI server = URI.create(world.mcp.resource);
                ExecutorService threads = Executors.newSingleThreadExecutor();
                Future<Boolean> narrow = threads.submit(() -> handle(provider, server, 401, "Bearer scope=\"mcp:read\""));
                assertThat(narrowFetchStarted.await(10, TimeUnit.SECONDS)).isTrue();
                assertThat(handle(provider, server, 403,
                        "Bearer error=\"insufficient_scope\", scope=\"mcp:read admin\"")).isTrue();
                releaseNarrowFetch.countDown();
                assertThat(narrow.get(10, TimeUnit.SECONDS)).isTrue();
                threads.shutdown();

                try (McpSyncClient client = world.client(provider)) {
                    client.initialize();
                    assertThat(World.text(client.callTool(World.call("admin_tool")))).isEqualTo("admin done");
                }
            }
            assertThat(world.mcp.answered(403)).isZero();
            assertThat(world.mcp.answered(401)).isZero();
        }
    }

    static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String authorizationAdded(CrossAppAccessProvider provider, String url) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url));
        provider.requestCustomizer().customize(builder, "POST", URI.create(url), "{}", McpTransportContext.EMPTY);
        return builder.build().headers().firstValue("Authorization").orElse(null);
    }

    static boolean handle(CrossAppAccessProvider provider, URI server, int status, String challenge) {
        HttpRequestSnapshot request = new HttpRequestSnapshot(server, "POST", HttpHeaders.of(Map.of(), (k, v) -> true));
        HttpResponse.ResponseInfo response = new HttpResponse.ResponseInfo() {
            @Override
            public int statusCode() {
                return status;
            }

            @Override
            public HttpHeaders headers() {
                return HttpHeaders.of(Map.of("WWW-Authenticate", List.of(challenge)), (k, v) -> true);
            }

            @Override
            public HttpClient.Version version() {
                return HttpClient.Version.HTTP_1_1;
            }
        };
        return Mono.from(provider.authorizationErrorHandler().handle(request, response, McpTransportContext.EMPTY))
                .block(Duration.ofSeconds(10));
    }

    static List<String> metadataRequests(World world) {
        return world.mcp.seen.stream().map(McpServerFixture.Seen::path)
                .filter(p -> p.startsWith("/.well-known/oauth-protected-resource")).toList();
    }
}
