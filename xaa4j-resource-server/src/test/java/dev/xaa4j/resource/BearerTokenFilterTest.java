package dev.xaa4j.resource;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xaa4j.core.BearerChallenge;
import dev.xaa4j.core.FormParameters;
import dev.xaa4j.core.ProtectedResourceMetadata;
import dev.xaa4j.testing.TestHttpServer;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Flow;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The filter on Jetty in front of a servlet that echoes what it got: principal, and the body read again. */
class BearerTokenFilterTest {

    static final int MAX_BODY = 1024;
    static JettyServer jetty;
    static AccessTokens tokens;
    static String metadataUrl;
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() {
        jetty = JettyServer.open();
        String resource = jetty.baseUrl() + "/mcp";
        metadataUrl = jetty.baseUrl() + "/.well-known/oauth-protected-resource/mcp";
        tokens = new AccessTokens(resource);
        ResourceServerConfig config = ResourceServerConfig
                .builder(ProtectedResourceMetadata.of(resource, List.of(AccessTokens.ISSUER), List.of("mcp:read")),
                        JwtAccessTokenVerifier.builder(AccessTokens.ISSUER, resource, tokens.publicKeys()).build())
                .requiredScopes(List.of("mcp:read"))
                .scopeRequirement(McpScopeRequirement.forTools(Map.of("admin_tool", Set.of("admin"))))
                .maxRequestBodyBytes(MAX_BODY)
                .build();
        jetty.start(context -> {
            mountEcho(context, "/mcp", config);
            ResourceServerConfig noHook = ResourceServerConfig.builder(config.metadata(), config.verifier()).build();
            mountEcho(context, "/plain", noHook);
        });
    }

    static void mountEcho(ServletContext context, String path, ResourceServerConfig config) {
        context.addServlet("echo" + path, new EchoServlet()).addMapping(path);
        context.addFilter("bearer" + path, new BearerTokenFilter(config))
                .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, path);
    }

    @AfterAll
    static void stop() throws Exception {
        jetty.close();
    }

    static Stream<InvalidTokens.Case> invalidTokens() {
        return InvalidTokens.cases(tokens, Instant.now()).stream();
    }

    @Test
    void whenNoTokenThen401WithResourceMetadataAndScopeAndNoErrorCode() throws Exception {
        HttpResponse<String> r = send(post("/mcp", "{}"));

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().allValues("WWW-Authenticate"))
                .containsExactly("Bearer resource_metadata=\"" + metadataUrl + "\", scope=\"mcp:read\"");
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
    }

    @Test
    void whenNoTokenAndNoRequiredScopesThenChallengeHasNoScope() throws Exception {
        HttpResponse<String> r = send(post("/plain", "{}"));

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer resource_metadata=\"" + metadataUrl + "\"");
    }

    @Test
    void whenBasicCredentialsThen401WithoutErrorCode() throws Exception {
        HttpResponse<String> r = send(post("/mcp", "{}").header("Authorization", "Basic dXNlcjpwYXNz"));

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(challenge(r).error()).isNull();
        assertThat(challenge(r).resourceMetadata()).isEqualTo(metadataUrl);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bearer", "Bearer  ", "Bearer a b", "Bearer a,b", "Bearer \"quoted\""})
    void whenBearerHeaderMalformedThen401InvalidToken(String header) throws Exception {
        HttpResponse<String> r = send(post("/mcp", "{}").header("Authorization", header));

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(challenge(r).error()).isEqualTo("invalid_token");
        assertThat(challenge(r).errorDescription()).startsWith("the Bearer credentials"); // refused before verification
        assertThat(challenge(r).resourceMetadata()).isEqualTo(metadataUrl);
    }

    @Test
    void whenTwoAuthorizationHeadersThen401InvalidToken() throws Exception {
        String valid = tokens.valid(Instant.now());
        HttpResponse<String> r = send(post("/mcp", "{}")
                .header("Authorization", "Bearer " + valid).header("Authorization", "Bearer " + valid));

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(challenge(r).error()).isEqualTo("invalid_token");
        assertThat(challenge(r).errorDescription()).isEqualTo("more than one Authorization header");
    }

    @Test
    void whenValidTokenThenServletSeesPrincipalAndTheBodyAgain() throws Exception {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}";
        HttpResponse<String> r = send(post("/mcp", body).header("Authorization", "Bearer " + tokens.valid(Instant.now())));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("sub=alice client_id=mcp-client-1 body=" + body);
    }

    @Test
    void whenServletReadsBodyWithReaderThenSameBody() throws Exception {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{\"x\":\"é\"}}";
        HttpResponse<String> r = send(HttpRequest.newBuilder(jetty.url("/mcp?reader=1"))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .header("Content-Type", "application/json; charset=utf-8")
                .header("Authorization", "Bearer " + tokens.valid(Instant.now())));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("sub=alice client_id=mcp-client-1 body=" + body);
    }

    @Test
    void whenToolNameKeyRepeatedThenTheLastOneCountsAsForTheMcpServer() throws Exception {
        // Jackson (the MCP SDK) keeps the last of duplicate keys; so must the filter, or a caller could hide a tool.
        String call = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\","
                + "\"params\":{\"name\":\"echo\",\"name\":\"admin_tool\"}}";
        HttpResponse<String> r = send(post("/mcp", call)
                .header("Authorization", "Bearer " + tokens.withScope(Instant.now(), "mcp:read")));

        assertThat(r.statusCode()).isEqualTo(403);
    }

    @Test
    void whenValidTokenOnGetThenAdmittedWithoutBody() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(jetty.url("/mcp")).GET()
                .header("Authorization", "Bearer " + tokens.valid(Instant.now())));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("sub=alice client_id=mcp-client-1 body=");
    }

    @Test
    void whenSchemeInOtherCaseThenAccepted() throws Exception {
        HttpResponse<String> r = send(post("/mcp", "{}").header("Authorization", "bEaReR " + tokens.valid(Instant.now())));

        assertThat(r.statusCode()).isEqualTo(200);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidTokens")
    void whenTokenHasOneThingWrongThen401InvalidTokenWithoutEchoingIt(InvalidTokens.Case c) throws Exception {
        HttpResponse<String> control = send(post("/mcp", "{}").header("Authorization", "Bearer " + tokens.valid(Instant.now())));
        assertThat(control.statusCode()).isEqualTo(200);

        HttpResponse<String> r = send(post("/mcp", "{}").header("Authorization", "Bearer " + c.token()));

        assertThat(r.statusCode()).isEqualTo(401);
        BearerChallenge challenge = challenge(r);
        assertThat(challenge.error()).isEqualTo("invalid_token");
        assertThat(challenge.errorDescription()).startsWith(c.reason().description());
        assertThat(challenge.resourceMetadata()).isEqualTo(metadataUrl);
        assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow()).doesNotContain(c.token());
        assertThat(r.body()).doesNotContain(c.token()).contains("\"error\":\"invalid_token\"");
    }

    @Test
    void whenTokenOnlyInQueryThen401AsIfNoToken() throws Exception {
        String valid = tokens.valid(Instant.now());
        HttpResponse<String> r = send(HttpRequest.newBuilder(jetty.url("/mcp?access_token=" + valid))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).header("Content-Type", "application/json"));

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(challenge(r).error()).isNull();
    }

    @Test
    void whenTokenOnlyInFormBodyThen401AsIfNoToken() throws Exception {
        String valid = tokens.valid(Instant.now());
        HttpResponse<String> r = send(HttpRequest.newBuilder(jetty.url("/plain"))
                .POST(HttpRequest.BodyPublishers.ofString("access_token=" + FormParameters.encode(valid)))
                .header("Content-Type", "application/x-www-form-urlencoded"));

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(challenge(r).error()).isNull();
    }

    @Test
    void whenGlobalScopeMissingThen403InsufficientScopeNamingIt() throws Exception {
        HttpResponse<String> r = send(post("/mcp", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}")
                .header("Authorization", "Bearer " + tokens.withScope(Instant.now(), "other")));

        assertThat(r.statusCode()).isEqualTo(403);
        BearerChallenge challenge = challenge(r);
        assertThat(challenge.error()).isEqualTo("insufficient_scope");
        assertThat(challenge.scope()).isEqualTo("mcp:read");
        assertThat(challenge.resourceMetadata()).isEqualTo(metadataUrl);
    }

    @Test
    void whenToolNeedsScopeTokenLacksThen403WithEveryScopeTheRequestNeeds() throws Exception {
        String call = toolCall("admin_tool");
        HttpResponse<String> r = send(post("/mcp", call)
                .header("Authorization", "Bearer " + tokens.withScope(Instant.now(), "mcp:read")));

        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(challenge(r).error()).isEqualTo("insufficient_scope");
        assertThat(challenge(r).scope()).isEqualTo("mcp:read admin");
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer resource_metadata=\"" + metadataUrl
                + "\", scope=\"mcp:read admin\", error=\"insufficient_scope\","
                + " error_description=\"the access token lacks a scope this request needs\"");
    }

    @Test
    void whenToolNeedsScopeTokenHasThenAdmittedAndOtherToolsNeedOnlyGlobal() throws Exception {
        HttpResponse<String> admin = send(post("/mcp", toolCall("admin_tool"))
                .header("Authorization", "Bearer " + tokens.withScope(Instant.now(), "mcp:read admin")));
        HttpResponse<String> other = send(post("/mcp", toolCall("echo"))
                .header("Authorization", "Bearer " + tokens.withScope(Instant.now(), "mcp:read")));

        assertThat(admin.statusCode()).isEqualTo(200);
        assertThat(admin.body()).endsWith("body=" + toolCall("admin_tool"));
        assertThat(other.statusCode()).isEqualTo(200);
    }

    @Test
    void whenBatchHasToolCallNeedingScopeThen403() throws Exception {
        String batch = "[{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}," + toolCall("admin_tool") + "]";
        HttpResponse<String> r = send(post("/mcp", batch)
                .header("Authorization", "Bearer " + tokens.withScope(Instant.now(), "mcp:read")));

        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(challenge(r).scope()).isEqualTo("mcp:read admin");
    }

    @Test
    void whenBodyNotJsonThen400() throws Exception {
        HttpResponse<String> r = send(post("/mcp", "tools/call admin_tool")
                .header("Authorization", "Bearer " + tokens.valid(Instant.now())));

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("\"error\":\"invalid_request\"");
    }

    @Test
    void whenBodyLargerThanBoundThen413() throws Exception {
        String big = "{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"pad\":\"" + "x".repeat(MAX_BODY) + "\"}";
        HttpResponse<String> r = send(post("/mcp", big).header("Authorization", "Bearer " + tokens.valid(Instant.now())));

        assertThat(r.statusCode()).isEqualTo(413);
    }

    @Test
    void whenChunkedBodyLargerThanBoundThen413() throws Exception {
        String big = "{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"pad\":\"" + "x".repeat(MAX_BODY) + "\"}";
        HttpRequest.BodyPublisher unknownLength = new HttpRequest.BodyPublisher() {
            private final HttpRequest.BodyPublisher delegate = HttpRequest.BodyPublishers.ofString(big);

            @Override
            public long contentLength() {
                return -1;
            }

            @Override
            public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
                delegate.subscribe(subscriber);
            }
        };
        HttpResponse<String> r = send(HttpRequest.newBuilder(jetty.url("/mcp")).POST(unknownLength)
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + tokens.valid(Instant.now())));

        assertThat(r.statusCode()).isEqualTo(413);
    }

    @Test
    void whenBodyAtBoundThenAdmitted() throws Exception {
        String prefix = "{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"pad\":\"";
        String exact = prefix + "x".repeat(MAX_BODY - prefix.length() - 2) + "\"}";
        assertThat(exact.getBytes(StandardCharsets.UTF_8)).hasSize(MAX_BODY);

        HttpResponse<String> r = send(post("/mcp", exact).header("Authorization", "Bearer " + tokens.valid(Instant.now())));

        assertThat(r.statusCode()).isEqualTo(200);
    }

    @Test
    void whenNoScopeHookThenBodyNotBoundedByFilter() throws Exception {
        String big = "{\"pad\":\"" + "x".repeat(4 * MAX_BODY) + "\"}";
        HttpResponse<String> r = send(post("/plain", big).header("Authorization", "Bearer " + tokens.valid(Instant.now())));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).endsWith(big);
    }

    @Test
    void whenJwksUnavailableThen503WithoutChallenge() throws Exception {
        try (TestHttpServer as = TestHttpServer.start(); JettyServer rs = JettyServer.open()) {
            String resource = rs.baseUrl() + "/mcp";
            ResourceServerConfig config = ResourceServerConfig
                    .builder(ProtectedResourceMetadata.of(resource, List.of(AccessTokens.ISSUER), List.of()),
                            JwtAccessTokenVerifier.builder(AccessTokens.ISSUER, resource, as.url("/jwks")).build())
                    .build();
            rs.start(context -> mountEcho(context, "/mcp", config));
            AccessTokens t = new AccessTokens(resource);

            HttpResponse<String> r = send(HttpRequest.newBuilder(rs.url("/mcp")).GET()
                    .header("Authorization", "Bearer " + t.valid(Instant.now())));

            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.headers().firstValue("WWW-Authenticate")).isEmpty();
            assertThat(r.body()).contains("\"error\":\"temporarily_unavailable\"");
        }
    }

    static String toolCall(String tool) {
        return "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
                + "\",\"arguments\":{}}}";
    }

    static HttpRequest.Builder post(String path, String body) {
        return HttpRequest.newBuilder(jetty.url(path)).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
    }

    static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static BearerChallenge challenge(HttpResponse<?> r) {
        return BearerChallenge.parse(r.headers().allValues("WWW-Authenticate")).orElseThrow();
    }

    /** Echoes the principal and the body as the servlet reads it (with the reader when the query is {@code reader=1}). */
    static final class EchoServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            AccessTokenPrincipal p = (AccessTokenPrincipal) req.getAttribute(BearerTokenFilter.PRINCIPAL_ATTRIBUTE);
            String body = "reader=1".equals(req.getQueryString())
                    ? req.getReader().lines().collect(Collectors.joining("\n"))
                    : new String(req.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            resp.setContentType("text/plain;charset=utf-8");
            resp.getWriter().write("sub=" + p.subject() + " client_id=" + p.clientId() + " body=" + body);
        }
    }
}
