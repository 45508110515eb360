package dev.xaa4j.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xaa4j.client.AccessToken;
import dev.xaa4j.client.ClientAuthentication;
import dev.xaa4j.client.IdJag;
import dev.xaa4j.client.JwtBearerClient;
import dev.xaa4j.client.SubjectToken;
import dev.xaa4j.client.TokenExchangeClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The three servers answer the whole flow, and the counters see each request. */
class LoopbackDeploymentTest {

    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
            + "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private int postToMcp(LoopbackDeployment d, AccessToken token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(d.mcpUrl()))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(INITIALIZE));
        if (token != null) {
            request.header("Authorization", token.authorizationHeaderValue());
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static AccessToken accessToken(LoopbackDeployment d) {
        String asIssuer = d.authorizationServer().issuer();
        IdJag idJag = TokenExchangeClient.builder(d.idpTokenEndpoint(),
                        ClientAuthentication.clientSecretBasic(LoopbackDeployment.IDP_CLIENT_ID, d.idpClientSecret()))
                .issuer(d.idp().issuer())
                .build()
                .requestIdJag(SubjectToken.idToken(d.idToken()), asIssuer, d.mcpUrl(), LoopbackDeployment.SCOPES);
        return JwtBearerClient.builder(URI.create(d.authorizationServer().tokenEndpoint()),
                        ClientAuthentication.clientSecretBasic(LoopbackDeployment.AS_CLIENT_ID, d.asClientSecret()))
                .build()
                .requestAccessToken(idJag);
    }

    @Test
    void whenClientGoesThroughTheFlowThenEachServerCountsItsRequests() throws Exception {
        try (LoopbackDeployment d = new LoopbackDeployment(Duration.ofMinutes(5))) {
            assertThat(postToMcp(d, null)).isEqualTo(401);

            AccessToken token = accessToken(d);

            assertThat(postToMcp(d, token)).isEqualTo(200);
            assertThat(d.idpTokenRequests()).isEqualTo(1);
            assertThat(d.asTokenRequests()).isEqualTo(1);
            assertThat(d.mcpRequests()).isEqualTo(2);
            assertThat(d.mcpResponses(401)).isEqualTo(1);

            d.resetCounts();

            assertThat(d.idpTokenRequests()).isZero();
            assertThat(d.asTokenRequests()).isZero();
            assertThat(d.mcpResponses(401)).isZero();
        }
    }

    @Test
    void whenAccessTokenHasExpiredThenMcpServerAnswers401WithoutSkew() throws Exception {
        try (LoopbackDeployment d = new LoopbackDeployment(Duration.ofSeconds(1))) {
            AccessToken token = accessToken(d);
            Thread.sleep(2100); // past exp (issued at a whole second, valid one second), with no skew allowed

            assertThat(postToMcp(d, token)).isEqualTo(401);
        }
    }
}
