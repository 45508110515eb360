package dev.xaa4j.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.xaa4j.client.XaaClientException.Reason;
import dev.xaa4j.client.XaaClientException.Step;
import dev.xaa4j.core.GrantType;
import dev.xaa4j.core.XaaIdentifiers;
import dev.xaa4j.testing.TestHttpServer;
import dev.xaa4j.testing.TestHttpServer.RecordedRequest;
import dev.xaa4j.testing.TestHttpServer.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile servers against the layer-2 client (PROTOCOL.md sections 2 and 7): an MCP server (its protected resource
 * metadata), a resource authorization server and an IdP, each a fake on 127.0.0.1, walked through by discovery, token
 * exchange and the JWT bearer grant. One table of named cases, each making one server hostile; each ends in a typed error
 * naming the failed step and the reason, within short timeouts.
 *
 * <p>After every case, what each server received is checked: the ID token and the IdP client secret went to the IdP only,
 * the ID-JAG and the AS client secret to the AS only, nothing to the MCP server but metadata requests, nothing at all to a
 * redirect target; no step after the failed one contacted its server; and the error's message names no credential, even
 * when a server echoes one.
 */
@Timeout(20)
class HostileServerTest {

    // Credentials that share no run of 16 characters, so that each can be traced to where it went.
    private static final String ID_TOKEN = "eyJraWQiOiJpZHAifQ.eyJzdWIiOiJhbGljZSJ9.Q2xhcmEtaWQtdG9rZW4tc2lnbmF0dXJl";
    private static final String ID_JAG = "eyJ0eXAiOiJvYXV0aC1pZC1qYWcrand0In0.eyJqdGkiOiJqYWctMSJ9."
            + "amFnLXNpZ25lZC1ieS10aGUtaWRw";
    private static final String ACCESS_TOKEN = "eyJ0eXAiOiJhdCtqd3QifQ.eyJzY29wZSI6ImNoYXQucmVhZCJ9."
            + "YWNjZXNzLXRva2VuLXNpZ25hdHVyZQ";
    private static final String IDP_CLIENT = "agent-at-idp";
    private static final String IDP_SECRET = "idp-SECRET-3f0b3c3b6a2e4c6f9d1e";
    private static final String AS_CLIENT = "agent-at-as";
    private static final String AS_SECRET = "as-SECRET-8e2f61d07a9b4b1c8c55";
    private static final String SCOPE = "chat.read";
    private static final String ID_JAG_RESPONSE = "{\"access_token\":\"" + ID_JAG + "\",\"issued_token_type\":\""
            + "urn:ietf:params:oauth:token-type:id-jag\",\"token_type\":\"N_A\",\"expires_in\":300}";
    private static final String BEARER_RESPONSE = "{\"access_token\":\"" + ACCESS_TOKEN
            + "\",\"token_type\":\"Bearer\",\"expires_in\":900}";
    private static final Duration TIMEOUT = Duration.ofMillis(800);
    private static final int MAX_BODY = 64 * 1024;
    private static final HttpOptions OPTIONS = HttpOptions.builder()
            .connectTimeout(TIMEOUT)
            .requestTimeout(TIMEOUT)
            .maxResponseBytes(MAX_BODY)
            .build();

    private TestHttpServer mcp;
    private TestHttpServer as;
    private TestHttpServer idp;
    private TestHttpServer elsewhere;

    /** The fake servers, for a case to make one of them hostile. */
    record Servers(TestHttpServer mcp, TestHttpServer as, TestHttpServer idp, TestHttpServer elsewhere) {

        String prmPath() {
            return "/.well-known/oauth-protected-resource/mcp";
        }

        String asMetadataPath() {
            return "/.well-known/oauth-authorization-server";
        }

        String resource() {
            return mcp.baseUrl() + "/mcp";
        }

        String prm(String resource, List<String> authorizationServers) {
            return "{\"resource\":\"" + resource + "\",\"authorization_servers\":" + jsonList(authorizationServers)
                    + ",\"scopes_supported\":[\"" + SCOPE + "\"]}";
        }

        String asMetadata(String issuer, String tokenEndpoint, List<String> grantTypes, List<String> profiles) {
            return "{\"issuer\":\"" + issuer + "\",\"token_endpoint\":\"" + tokenEndpoint + "\",\"grant_types_supported\":"
                    + jsonList(grantTypes) + ",\"authorization_grant_profiles_supported\":" + jsonList(profiles) + "}";
        }

        /** Redirects a path to the same path of the {@code elsewhere} server. */
        Response redirect(String path) {
            return Response.status(307).header("Location", elsewhere.baseUrl() + path);
        }
    }

    /** Makes one server hostile. */
    @FunctionalInterface
    interface Hostility {
        void apply(Servers servers);
    }

    @BeforeEach
    void start() {
        mcp = TestHttpServer.start();
        as = TestHttpServer.start();
        idp = TestHttpServer.start();
        elsewhere = TestHttpServer.start();
        Servers s = servers();
        elsewhere.route("*", "/token", req -> Response.json(200, BEARER_RESPONSE));
        mcp.json(s.prmPath(), 200, s.prm(s.resource(), List.of(as.baseUrl())));
        as.json(s.asMetadataPath(), 200, s.asMetadata(as.baseUrl(), as.baseUrl() + "/token",
                List.of(GrantType.JWT_BEARER.value()), List.of(XaaIdentifiers.ID_JAG_GRANT_PROFILE)));
        as.route("POST", "/token", req -> Response.json(200, BEARER_RESPONSE));
        idp.route("POST", "/token", req -> Response.json(200, ID_JAG_RESPONSE));
    }

    @AfterEach
    void stop() {
        Stream.of(mcp, as, idp, elsewhere).forEach(TestHttpServer::close);
    }

    private Servers servers() {
        return new Servers(mcp, as, idp, elsewhere);
    }

    /** Discovery, token exchange at the IdP, JWT bearer grant at the discovered AS: the layer-2 flow. */
    private AccessToken flow() {
        McpServerAuthorization target = McpAuthorizationDiscovery.builder().httpOptions(OPTIONS).build()
                .discover(mcp.url("/mcp"));
        IdJag idJag = TokenExchangeClient.builder(idp.url("/token"),
                        ClientAuthentication.clientSecretBasic(IDP_CLIENT, IDP_SECRET))
                .httpOptions(OPTIONS).build()
                .requestIdJag(SubjectToken.idToken(ID_TOKEN), target);
        return JwtBearerClient.builder(target.authorizationServer(), ClientAuthentication.clientSecretBasic(AS_CLIENT, AS_SECRET))
                .httpOptions(OPTIONS).build()
                .requestAccessToken(idJag);
    }

    private static Arguments hostile(String name, Hostility hostility, Step step, Reason reason) {
        return Arguments.of(name, hostility, step, reason);
    }

    /** The IdP's token endpoint answers with this handler. */
    private static Hostility idpAnswers(TestHttpServer.Handler handler) {
        return s -> s.idp().route("POST", "/token", handler);
    }

    /** The AS's token endpoint answers with this handler. */
    private static Hostility asAnswers(TestHttpServer.Handler handler) {
        return s -> s.as().route("POST", "/token", handler);
    }

    static Stream<Arguments> hostileServers() {
        String big = "{\"pad\":\"" + "x".repeat(MAX_BODY) + "\"}";
        Stream<Arguments> metadata = Stream.of(
                // The MCP server's protected resource metadata
                hostile("PRM resource naming another server", s -> s.mcp().json(s.prmPath(), 200,
                        s.prm("https://other.example/mcp", List.of(s.as().baseUrl()))), Step.DISCOVERY, Reason.RESOURCE_MISMATCH),
                hostile("PRM with empty authorization_servers", s -> s.mcp().json(s.prmPath(), 200,
                        s.prm(s.resource(), List.of())), Step.DISCOVERY, Reason.NO_AUTHORIZATION_SERVER),
                hostile("PRM naming an http: AS on a non-loopback host", s -> s.mcp().json(s.prmPath(), 200,
                        s.prm(s.resource(), List.of("http://as.xaa4j-test.invalid"))), Step.DISCOVERY, Reason.INSECURE_URL),
                hostile("PRM redirecting elsewhere", s -> s.mcp().route("GET", s.prmPath(), req -> s.redirect(s.prmPath())),
                        Step.DISCOVERY, Reason.REDIRECT),
                hostile("PRM not JSON", s -> s.mcp().route("GET", s.prmPath(),
                        req -> Response.text(200, "text/html", "<html>hello</html>")), Step.DISCOVERY, Reason.INVALID_METADATA),
                hostile("PRM oversized", s -> s.mcp().json(s.prmPath(), 200, big), Step.DISCOVERY, Reason.BODY_TOO_LARGE),
                hostile("PRM slow", s -> s.mcp().route("GET", s.prmPath(), req -> Response.json(200,
                        s.prm(s.resource(), List.of(s.as().baseUrl()))).delayed(Duration.ofSeconds(5))),
                        Step.DISCOVERY, Reason.TIMEOUT),
                // The authorization server's metadata
                hostile("AS metadata issuer mismatch", s -> s.as().json(s.asMetadataPath(), 200, s.asMetadata(
                        s.as().baseUrl() + "/", s.as().baseUrl() + "/token", List.of(GrantType.JWT_BEARER.value()), List.of())),
                        Step.DISCOVERY, Reason.ISSUER_MISMATCH),
                hostile("AS metadata without jwt-bearer", s -> s.as().json(s.asMetadataPath(), 200, s.asMetadata(
                        s.as().baseUrl(), s.as().baseUrl() + "/token", List.of("authorization_code"), List.of())),
                        Step.DISCOVERY, Reason.ID_JAG_NOT_SUPPORTED),
                hostile("AS metadata naming an http: token endpoint on a non-loopback host", s -> s.as().json(
                        s.asMetadataPath(), 200, s.asMetadata(s.as().baseUrl(), "http://as.xaa4j-test.invalid/token",
                                List.of(GrantType.JWT_BEARER.value()), List.of())), Step.DISCOVERY, Reason.INSECURE_URL),
                hostile("AS metadata truncated", s -> s.as().route("GET", s.asMetadataPath(), req -> Response.json(200,
                        s.asMetadata(s.as().baseUrl(), s.as().baseUrl() + "/token", List.of(GrantType.JWT_BEARER.value()),
                                List.of())).truncatedAfter(20)), Step.DISCOVERY, Reason.NETWORK));
        Stream<Arguments> idp = Stream.of(
                hostile("IdP answering issued_token_type access_token", idpAnswers(req -> Response.json(200,
                        ID_JAG_RESPONSE.replace("token-type:id-jag", "token-type:access_token"))),
                        Step.TOKEN_EXCHANGE, Reason.UNEXPECTED_TOKEN_TYPE),
                hostile("IdP token endpoint redirecting elsewhere", s -> s.idp().route("POST", "/token",
                        req -> s.redirect("/token")), Step.TOKEN_EXCHANGE, Reason.REDIRECT),
                hostile("IdP answering JSON nested 50,000 deep", idpAnswers(req -> Response.json(200, "[".repeat(50_000))),
                        Step.TOKEN_EXCHANGE, Reason.INVALID_RESPONSE),
                hostile("IdP answering HTTP 500 with an HTML page", idpAnswers(req -> Response.text(500, "text/html",
                        "<html>" + ID_TOKEN + "</html>")), Step.TOKEN_EXCHANGE, Reason.HTTP_STATUS),
                hostile("IdP echoing the ID token and the client secret in error_description",
                        idpAnswers(req -> echo(req.formParam("subject_token"), IDP_SECRET)),
                        Step.TOKEN_EXCHANGE, Reason.OAUTH_ERROR),
                hostile("IdP answering the ID token as issued_token_type", idpAnswers(req -> Response.json(200,
                        ID_JAG_RESPONSE.replace("urn:ietf:params:oauth:token-type:id-jag", req.formParam("subject_token")))),
                        Step.TOKEN_EXCHANGE, Reason.UNEXPECTED_TOKEN_TYPE));
        Stream<Arguments> as = Stream.of(
                hostile("AS token endpoint redirecting elsewhere", s -> s.as().route("POST", "/token",
                        req -> s.redirect("/token")), Step.JWT_BEARER, Reason.REDIRECT),
                hostile("AS answering a DPoP token", asAnswers(req -> Response.json(200,
                        BEARER_RESPONSE.replace("Bearer", "DPoP"))), Step.JWT_BEARER, Reason.UNEXPECTED_TOKEN_TYPE),
                hostile("AS echoing the ID-JAG and the client secret in error_description",
                        asAnswers(req -> echo(req.formParam("assertion"), AS_SECRET)), Step.JWT_BEARER, Reason.OAUTH_ERROR));
        return Stream.of(metadata, idp, badAnswers("IdP", HostileServerTest::idpAnswers, ID_JAG_RESPONSE, Step.TOKEN_EXCHANGE),
                as, badAnswers("AS", HostileServerTest::asAnswers, BEARER_RESPONSE, Step.JWT_BEARER)).flatMap(c -> c);
    }

    /** A token endpoint answering not JSON, too much, too late, or less than it announced. */
    private static Stream<Arguments> badAnswers(String who, Function<TestHttpServer.Handler, Hostility> answers,
            String goodAnswer, Step step) {
        return Stream.of(
                hostile(who + " answering a body that is not JSON", answers.apply(req -> Response.text(200, "text/html",
                        "<html>welcome</html>")), step, Reason.INVALID_RESPONSE),
                hostile(who + " answering an oversized body", answers.apply(req -> Response.json(200,
                        "{\"pad\":\"" + "x".repeat(MAX_BODY) + "\"}")), step, Reason.BODY_TOO_LARGE),
                hostile(who + " slow", answers.apply(req -> Response.json(200, goodAnswer).delayed(Duration.ofSeconds(5))),
                        step, Reason.TIMEOUT),
                hostile(who + " answer truncated", answers.apply(req -> Response.json(200, goodAnswer).truncatedAfter(30)),
                        step, Reason.NETWORK));
    }

    /** An error whose description echoes a credential the server received and the client's secret. */
    private static Response echo(String received, String secret) {
        return Response.json(400, "{\"error\":\"invalid_grant\",\"error_description\":\"refused " + received + " for "
                + secret + "\"}");
    }

    @Test
    void whenEveryServerIsHonestThenTheFlowEndsWithAnAccessTokenAndEachServerGotOnlyItsOwn() {
        assertThat(flow().token()).isEqualTo(ACCESS_TOKEN);

        assertReceivedOnlyTheirOwn();
        assertThat(idp.requests("/token")).hasSize(1);
        assertThat(as.requests("/token")).hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileServers")
    void whenAServerIsHostileThenTypedErrorNamingTheStepAndNoCredentialGoesAstray(String name, Hostility hostility,
            Step step, Reason reason) {
        hostility.apply(servers());

        assertThatExceptionOfType(XaaClientException.class).isThrownBy(this::flow).satisfies(e -> {
            assertThat(e.step()).as(e.getMessage()).isEqualTo(step);
            assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason);
            assertThat(e.getMessage()).startsWith(step.label() + " failed: ");
            for (String credential : credentials()) {
                assertNoRunOf(credential, e.getMessage(), "the error message");
                assertNoRunOf(credential, String.valueOf(e.oauthError().orElse(null)), "the error's OAuth error");
            }
        });
        assertReceivedOnlyTheirOwn();
        if (step == Step.DISCOVERY) {
            assertThat(idp.requests()).as("the IdP is not contacted when discovery fails").isEmpty();
        }
        if (step != Step.JWT_BEARER) {
            assertThat(as.requests("/token")).as("the AS token endpoint is not contacted before an ID-JAG").isEmpty();
        }
    }

    @Test
    void whenTheTableIsCountedThenItHasAtLeastFifteenCases() {
        assertThat(hostileServers().count()).isGreaterThanOrEqualTo(15);
    }

    /** The ID token and IdP secret reach the IdP only, the ID-JAG and AS secret the AS only; the rest nothing. */
    private void assertReceivedOnlyTheirOwn() {
        assertThat(elsewhere.requests()).as("a redirect target receives nothing").isEmpty();
        for (RecordedRequest request : mcp.requests()) {
            assertThat(request.method()).as("the MCP server is only asked for metadata").isEqualTo("GET");
        }
        assertNotReceived(mcp, "MCP server", ID_TOKEN, IDP_SECRET, ID_JAG, AS_SECRET);
        assertNotReceived(as, "authorization server", ID_TOKEN, IDP_SECRET);
        assertNotReceived(idp, "IdP", ID_JAG, AS_SECRET);
    }

    private static void assertNotReceived(TestHttpServer server, String who, String... credentials) {
        for (RecordedRequest request : server.requests()) {
            String seen = seen(request);
            for (String credential : credentials) {
                assertNoRunOf(credential, seen, "what the " + who + " received");
            }
        }
    }

    /** Everything a request carried: path, query, headers (Basic credentials decoded too) and body. */
    private static String seen(RecordedRequest request) {
        StringBuilder sb = new StringBuilder(request.method()).append(' ').append(request.path()).append('?')
                .append(request.query()).append('\n');
        for (Map.Entry<String, List<String>> header : request.headers().entrySet()) {
            for (String value : header.getValue()) {
                sb.append(header.getKey()).append(": ").append(value).append('\n');
                if (value.regionMatches(true, 0, "Basic ", 0, 6)) {
                    sb.append(new String(Base64.getDecoder().decode(value.substring(6).trim()), StandardCharsets.UTF_8))
                            .append('\n');
                }
            }
        }
        return sb.append(request.body()).toString();
    }

    private static List<String> credentials() {
        return new ArrayList<>(List.of(ID_TOKEN, ID_JAG, ACCESS_TOKEN, IDP_SECRET, AS_SECRET));
    }

    /** Fails when {@code text} holds a run of 16 characters of {@code credential}. */
    private static void assertNoRunOf(String credential, String text, String where) {
        int run = Math.min(16, credential.length());
        for (int i = 0; i + run <= text.length(); i++) {
            if (credential.contains(text.substring(i, i + run))) {
                throw new AssertionError(where + " holds " + run + " characters of a credential, at offset " + i);
            }
        }
    }

    private static String jsonList(List<String> values) {
        return values.stream().map(v -> "\"" + v + "\"").reduce((a, b) -> a + "," + b).map(s -> "[" + s + "]").orElse("[]");
    }
}
