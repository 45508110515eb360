package dev.xaa4j.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.xaa4j.client.XaaClientException.Reason;
import dev.xaa4j.client.XaaClientException.Step;
import dev.xaa4j.core.AuthorizationServerMetadata;
import dev.xaa4j.core.BearerChallenge;
import dev.xaa4j.testing.TestHttpServer;
import dev.xaa4j.testing.TestHttpServer.RecordedRequest;
import dev.xaa4j.testing.TestHttpServer.Response;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class McpAuthorizationDiscoveryTest {

    private static final String PATH_PRM = "/.well-known/oauth-protected-resource/public/mcp";
    private static final String ROOT_PRM = "/.well-known/oauth-protected-resource";
    private static final String PROFILE = "\"authorization_grant_profiles_supported\":[\"urn:ietf:params:oauth:grant-profile:id-jag\"]";

    private TestHttpServer server;
    private URI serverUrl;
    private McpAuthorizationDiscovery discovery;

    @BeforeEach
    void start() {
        server = TestHttpServer.start();
        serverUrl = server.url("/public/mcp");
        discovery = McpAuthorizationDiscovery.builder().httpOptions(Fixtures.FAST).build();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String issuer(String path) {
        return server.baseUrl() + path;
    }

    private String prm(String resource, String... issuers) {
        String list = String.join(",", java.util.Arrays.stream(issuers).map(i -> "\"" + i + "\"").toList());
        return "{\"resource\":\"" + resource + "\",\"authorization_servers\":[" + list + "],"
                + "\"scopes_supported\":[\"chat.read\",\"chat.history\"]}";
    }

    private String asMetadata(String issuer, String extra) {
        return "{\"issuer\":\"" + issuer + "\",\"token_endpoint\":\"" + issuer + "/token\"" + (extra.isEmpty() ? "" : "," + extra)
                + "}";
    }

    /** PRM at the path-inserted location naming {@code issuer}, whose metadata is at its first RFC 8414 location. */
    private void standardSetup(String issuerPath, String asExtra) {
        server.json(PATH_PRM, 200, prm(serverUrl.toString(), issuer(issuerPath)));
        server.json("/.well-known/oauth-authorization-server" + issuerPath, 200, asMetadata(issuer(issuerPath), asExtra));
    }

    private List<String> paths() {
        return server.requests().stream().map(RecordedRequest::path).toList();
    }

    private static BearerChallenge challenge(String resourceMetadata, String scope) {
        return BearerChallenge.of(resourceMetadata, scope);
    }

    @Test
    void whenEverythingIsAdvertisedThenResultCarriesPrmAsMetadataVerdictAndScopes() {
        standardSetup("/t1", PROFILE);

        McpServerAuthorization result = discovery.discover(serverUrl);

        assertThat(result.serverUrl()).isEqualTo(serverUrl);
        assertThat(result.protectedResourceMetadataUrl()).isEqualTo(server.url(PATH_PRM));
        assertThat(result.resource()).isEqualTo(serverUrl.toString());
        assertThat(result.authorizationServerIssuer()).isEqualTo(issuer("/t1"));
        assertThat(result.tokenEndpoint()).isEqualTo(URI.create(issuer("/t1") + "/token"));
        assertThat(result.idJagSupport()).isEqualTo(IdJagSupport.PROFILE_ADVERTISED);
        assertThat(result.scopes()).containsExactly("chat.read", "chat.history");
        assertThat(paths()).containsExactly(PATH_PRM, "/.well-known/oauth-authorization-server/t1");
        assertThat(server.requests()).allSatisfy(r -> {
            assertThat(r.method()).isEqualTo("GET");
            assertThat(r.header("Accept")).isEqualTo("application/json");
        });
    }

    @Test
    void whenChallengeNamesResourceMetadataThenItIsFetchedFirst() {
        standardSetup("/t1", PROFILE);
        server.json("/custom/prm", 200, prm(serverUrl.toString(), issuer("/t1")));

        McpServerAuthorization result = discovery.discover(serverUrl, challenge(server.url("/custom/prm").toString(), null));

        assertThat(result.protectedResourceMetadataUrl()).isEqualTo(server.url("/custom/prm"));
        assertThat(paths()).containsExactly("/custom/prm", "/.well-known/oauth-authorization-server/t1");
    }

    @Test
    void whenChallengeUrlAnswers404ThenPathInsertedLocationIsTried() {
        standardSetup("/t1", PROFILE);

        McpServerAuthorization result = discovery.discover(serverUrl, challenge(server.url("/missing").toString(), null));

        assertThat(result.protectedResourceMetadataUrl()).isEqualTo(server.url(PATH_PRM));
        assertThat(paths()).startsWith("/missing", PATH_PRM);
    }

    @Test
    void whenPathInsertedLocationAnswers404ThenRootIsTried() {
        server.json(ROOT_PRM, 200, prm(server.baseUrl(), issuer("/t1")));
        server.json("/.well-known/oauth-authorization-server/t1", 200, asMetadata(issuer("/t1"), PROFILE));

        McpServerAuthorization result = discovery.discover(serverUrl);

        assertThat(result.protectedResourceMetadataUrl()).isEqualTo(server.url(ROOT_PRM));
        assertThat(paths()).startsWith(PATH_PRM, ROOT_PRM);
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403, 410})
    void whenALocationAnswersAnother4xxThenTheNextIsTried(int status) {
        server.route("GET", PATH_PRM, r -> Response.status(status));
        server.json(ROOT_PRM, 200, prm(serverUrl.toString(), issuer("/t1")));
        server.json("/.well-known/oauth-authorization-server/t1", 200, asMetadata(issuer("/t1"), PROFILE));

        assertThat(discovery.discover(serverUrl).protectedResourceMetadataUrl()).isEqualTo(server.url(ROOT_PRM));
    }

    @Test
    void whenNoLocationHasMetadataThenMetadataNotFoundListsWhatWasTried() {
        assertThatExceptionOfType(DiscoveryException.class)
                .isThrownBy(() -> discovery.discover(serverUrl, challenge(server.url("/hdr").toString(), null)))
                .satisfies(e -> {
                    assertThat(e.step()).isEqualTo(Step.DISCOVERY);
                    assertThat(e.reason()).isEqualTo(Reason.METADATA_NOT_FOUND);
                    assertThat(e.getMessage()).contains("/hdr", PATH_PRM, ROOT_PRM + " (HTTP 404)");
                });
        assertThat(paths()).containsExactly("/hdr", PATH_PRM, ROOT_PRM);
    }

    @Test
    void whenALocationAnswers5xxThenDiscoveryStopsWithoutTryingTheNext() {
        server.route("GET", PATH_PRM, r -> Response.text(503, "text/html", "<html>down</html>"));
        server.json(ROOT_PRM, 200, prm(serverUrl.toString(), issuer("/t1")));

        assertThatExceptionOfType(DiscoveryException.class)
                .isThrownBy(() -> discovery.discover(serverUrl))
                .satisfies(e -> {
                    assertThat(e.reason()).isEqualTo(Reason.HTTP_STATUS);
                    assertThat(e.httpStatus()).hasValue(503);
                });
        assertThat(paths()).containsExactly(PATH_PRM);
    }

    @Test
    void whenALocationRedirectsThenDiscoveryStopsAndTheRedirectIsNotFollowed() {
        server.route("GET", PATH_PRM, r -> Response.status(301).header("Location", server.url(ROOT_PRM).toString()));
        server.json(ROOT_PRM, 200, prm(serverUrl.toString(), issuer("/t1")));

        assertThatExceptionOfType(DiscoveryException.class)
                .isThrownBy(() -> discovery.discover(serverUrl))
                .satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.REDIRECT))
                .withMessageContaining("discovery failed");
        assertThat(paths()).containsExactly(PATH_PRM);
    }

    @Test
    void whenPrmIsNotJsonThenInvalidMetadata() {
        server.route("GET", PATH_PRM, r -> Response.text(200, "text/html", "<html/>"));

        assertThatExceptionOfType(DiscoveryException.class)
                .isThrownBy(() -> discovery.discover(serverUrl))
                .satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_METADATA));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/other/mcp", "/public/mcp2", "/public/mcp/deeper"})
    void whenPrmResourceDoesNotIdentifyTheServerThenResourceMismatch(String path) {
        server.json(PATH_PRM, 200, prm(server.baseUrl() + path, issuer("/t1")));
        server.json("/.well-known/oauth-authorization-server/t1", 200, asMetadata(issuer("/t1"), PROFILE));

        assertThatExceptionOfType(DiscoveryException.class)
                .isThrownBy(() -> discovery.discover(serverUrl))
                .satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.RESOURCE_MISMATCH))
                .withMessageContaining("does not identify");
        assertThat(paths()).containsExactly(PATH_PRM);
    }

    @Test
    void whenPrmResourceIsAnotherHostThenResourceMismatch() {
        server.json(PATH_PRM, 200, prm("https://evil.example/public/mcp", issuer("/t1")));

        assertThatExceptionOfType(DiscoveryException.class)
                .isThrownBy(() -> discovery.discover(serverUrl))
                .satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.RESOURCE_MISMATCH));
    }

    @Test
    void whenPrmResourceIsAPathPrefixOfTheServerThenAccepted() {
        server.json(PATH_PRM, 200, prm(server.baseUrl() + "/public", issuer("/t1")));
        server.json("/.well-known/oauth-authorization-server/t1", 200, asMetadata(issuer("/t1"), PROFILE));

        assertThat(discovery.discover(serverUrl).resource()).isEqualTo(server.baseUrl() + "/public");
    }

    @Test
    void whenAuthorizationServersIsEmptyThenNoAuthorizationServer() {
        server.json(PATH_PRM, 200, prm(serverUrl.toString()));

        assertThatExceptionOfType(DiscoveryException.class)
                .isThrownBy(() -> discovery.discover(serverUrl))
                .satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.NO_AUTHORIZATION_SERVER));
    }

    @Test
    void whenNoAllowListThenTheFirstAuthorizationServerIsChosen() {
        server.json(PATH_PRM, 200, prm(serverUrl.toString(), issuer("/as1"), issuer("/as2")));
        server.json("/.well-known/oauth-authorization-server/as1", 200, asMetadata(issuer("/as1"), PROFILE));

        assertThat(discovery.discover(serverUrl).authorizationServerIssuer()).isEqualTo(issuer("/as1"));
    }

    @Test
    void whenAllowListGivenThenTheFirstAllowedAuthorizationServerIsChosen() {
        server.json(PATH_PRM, 200, prm(serverUrl.toString(), issuer("/as1"), issuer("/as2"), issuer("/as3")));
        server.json("/.well-known/oauth-authorization-server/as2", 200, asMetadata(issuer("/as2"), PROFILE));
        McpAuthorizationDiscovery pinned = McpAuthorizationDiscovery.builder().httpOptions(Fixtures.FAST)
                .allowedAuthorizationServers(List.of(issuer("/as3"), issuer("/as2"))).build();

        assertThat(pinned.discover(serverUrl).authorizationServerIssuer()).isEqualTo(issuer("/as2"));
        assertThat(paths()).doesNotContain("/.well-known/oauth-authorization-server/as1");
    }

    @Test
    void whenNoListedAuthorizationServerIsAllowedThenNoAuthorizationServerAndNoAsIsContacted() {
        server.json(PATH_PRM, 200, prm(serverUrl.toString(), issuer("/as1")));
        McpAuthorizationDiscovery pinned = McpAuthorizationDiscovery.builder().httpOptions(Fixtures.FAST)
                .allowedAuthorizationServers(List.of(issuer("/as1/"))).build();

        assertThatExceptionOfType(DiscoveryException.class)
                .isThrownBy(() -> pinned.discover(serverUrl))
                .satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.NO_AUTHORIZATION_SERVER))
                .withMessageContaining("is allowed");
        assertThat(paths()).containsExactly(PATH_PRM);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void whenIssuerHasAPathThenTheThreeLocationsAreTriedInMcpOrder(int answering) {
        List<String> locations = List.of("/.well-known/oauth-authorization-server/t1",
                "/.well-known/openid-configuration/t1", "/t1/.well-known/openid-configuration");
        server.json(locations.get(answering), 200, asMetadata(issuer("/t1"), PROFILE));

        AuthorizationServerMetadata metadata = discovery.discoverAuthorizationServer(issuer("/t1"));

        assertThat(metadata.issuer()).isEqualTo(issuer("/t1"));
        assertThat(paths()).containsExactlyElementsOf(locations.subList(0, answering + 1));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void whenIssuerHasNoPathThenTheTwoLocationsAreTriedInOrder(int answering) {
        List<String> locations = List.of("/.well-known/oauth-authorization-server", "/.well-known/openid-configuration");
        server.json(locations.get(answering), 200, asMetadata(server.baseUrl(), PROFILE));

        discovery.discoverAuthorizationServer(server.baseUrl());

        assertThat(paths()).containsExactlyElementsOf(locations.subList(0, answering + 1));
    }

    @Test
    void whenNoAsMetadataLocationAnswersThenMetadataNotFound() {
        assertThatExceptionOfType(DiscoveryException.class)
                .isThrownBy(() -> discovery.discoverAuthorizationServer(issuer("/t1")))
                .satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.METADATA_NOT_FOUND));
        assertThat(paths()).hasSize(3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/t1/", "/T1", "/t2"})
    void whenMetadataIssuerDiffersByAnyCharacterThenIssuerMismatchAndNoFurtherLocation(String otherPath) {
        server.json("/.well-known/oauth-authorization-server/t1", 200, asMetadata(issuer(otherPath), PROFILE));
        server.json("/.well-known/openid-configuration/t1", 200, asMetadata(issuer("/t1"), PROFILE));

        assertThatExceptionOfType(DiscoveryException.class)
                .isThrownBy(() -> discovery.discoverAuthorizationServer(issuer("/t1")))
                .satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.ISSUER_MISMATCH))
                .withMessageContaining("expected exactly");
        assertThat(paths()).hasSize(1);
    }

    @Test
    void whenAsMetadataHasNoTokenEndpointThenInvalidMetadata() {
        server.json("/.well-known/oauth-authorization-server/t1", 200, "{\"issuer\":\"" + issuer("/t1") + "\"}");

        assertThatExceptionOfType(DiscoveryException.class)
                .isThrownBy(() -> discovery.discoverAuthorizationServer(issuer("/t1")))
                .satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_METADATA))
                .withMessageContaining("token_endpoint");
    }

    @Test
    void whenAsTokenEndpointIsPlainHttpToAnotherHostThenInsecureUrl() {
        server.json("/.well-known/oauth-authorization-server/t1", 200,
                "{\"issuer\":\"" + issuer("/t1") + "\",\"token_endpoint\":\"http://as.example.com/token\"}");

        assertThatExceptionOfType(DiscoveryException.class)
                .isThrownBy(() -> discovery.discoverAuthorizationServer(issuer("/t1")))
                .satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.INSECURE_URL));
    }

    @Test
    void whenOnlyJwtBearerGrantIsListedThenJwtBearerAdvertised() {
        standardSetup("/t1", "\"grant_types_supported\":[\"authorization_code\",\"urn:ietf:params:oauth:grant-type:jwt-bearer\"]");

        assertThat(discovery.discover(serverUrl).idJagSupport()).isEqualTo(IdJagSupport.JWT_BEARER_ADVERTISED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\"grant_types_supported\":[\"authorization_code\",\"refresh_token\"]"})
    void whenNeitherProfileNorJwtBearerIsAdvertisedThenIdJagNotSupported(String extra) {
        standardSetup("/t1", extra);

        assertThatExceptionOfType(DiscoveryException.class)
                .isThrownBy(() -> discovery.discover(serverUrl))
                .satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.ID_JAG_NOT_SUPPORTED))
                .withMessageContaining("does not take ID-JAGs");
    }

    @Test
    void whenNeitherIsAdvertisedButAllowedThenVerdictIsNotAdvertised() {
        standardSetup("/t1", "");
        McpAuthorizationDiscovery lenient = McpAuthorizationDiscovery.builder().httpOptions(Fixtures.FAST)
                .allowUnadvertisedIdJagSupport().build();

        McpServerAuthorization result = lenient.discover(serverUrl);

        assertThat(result.idJagSupport()).isEqualTo(IdJagSupport.NOT_ADVERTISED);
        assertThat(result.idJagSupport().isAdvertised()).isFalse();
    }

    @Test
    void whenChallengeHasScopeThenItWinsOverScopesSupported() {
        standardSetup("/t1", PROFILE);

        McpServerAuthorization result = discovery.discover(serverUrl, challenge(null, "chat.write admin"));

        assertThat(result.scopes()).containsExactly("chat.write", "admin");
    }

    @Test
    void whenNeitherChallengeScopeNorScopesSupportedThenNoScopes() {
        server.json(PATH_PRM, 200, "{\"resource\":\"" + serverUrl + "\",\"authorization_servers\":[\"" + issuer("/t1") + "\"]}");
        server.json("/.well-known/oauth-authorization-server/t1", 200, asMetadata(issuer("/t1"), PROFILE));

        assertThat(discovery.discover(serverUrl, challenge(null, null)).scopes()).isEmpty();
    }

    @Test
    void whenChallengeResourceMetadataIsNotAbsoluteThenInvalidMetadata() {
        assertThatExceptionOfType(DiscoveryException.class)
                .isThrownBy(() -> discovery.discover(serverUrl, challenge("/relative/prm", null)))
                .satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_METADATA));
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void whenPrmListsAnIssuerThatIsNotAUrlThenInvalidMetadata() {
        server.json(PATH_PRM, 200, prm(serverUrl.toString(), "urn:not-a-url"));

        assertThatExceptionOfType(DiscoveryException.class)
                .isThrownBy(() -> discovery.discover(serverUrl))
                .satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_METADATA));
    }

    @Test
    void whenServerUrlIsPlainHttpToANonLoopbackHostThenInsecureUrlBeforeAnyRequest() {
        assertThatExceptionOfType(DiscoveryException.class)
                .isThrownBy(() -> discovery.discover(URI.create("http://mcp.xaa4j-test.invalid/mcp")))
                .satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.INSECURE_URL))
                .withMessageContaining("must use https");
    }

    @Test
    void whenVerdictIsAskedForMetadataThenProfileWinsOverGrantTypes() {
        AuthorizationServerMetadata both = AuthorizationServerMetadata.parse(asMetadata("https://as.example", PROFILE
                + ",\"grant_types_supported\":[\"urn:ietf:params:oauth:grant-type:jwt-bearer\"]"));

        assertThat(McpAuthorizationDiscovery.idJagSupport(both)).isEqualTo(IdJagSupport.PROFILE_ADVERTISED);
    }
}
