package dev.xaa4j.it;

import dev.xaa4j.as.AuthorizationServer;
import dev.xaa4j.core.FormParameters;
import dev.xaa4j.core.GrantType;
import dev.xaa4j.core.XaaIdentifiers;
import dev.xaa4j.server.ClientAuthenticator;
import dev.xaa4j.server.SigningKeys;
import dev.xaa4j.testing.IdJags;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A test IdP's signing key that makes fresh ID-JAGs, and a JDK HTTP client (HTTP/1.1, keep-alive) that redeems them at
 * authorization server nodes with {@code client_secret_basic}. Thread-safe.
 */
final class GrantClient {

    static final String IDP_ISSUER = "https://idp.xaa4j-it.example";
    static final String CLIENT = "agent-at-as";
    static final String RESOURCE = "https://mcp.xaa4j-it.example/mcp";

    final SigningKeys idpKeys = SigningKeys.generate("ES256");
    final String secret;
    private final String audience;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    /**
     * @param audience the authorization server issuer the ID-JAGs name
     * @param secret   the client's secret at the authorization server
     * @param clock    the clock of {@code iat} and {@code exp}
     */
    GrantClient(String audience, String secret, Clock clock) {
        this.audience = audience;
        this.secret = secret;
        this.clock = clock;
    }

    /** A fresh ID-JAG: new {@code jti}, issued now, valid 300 s, for {@link #CLIENT} and {@link #RESOURCE}. */
    String idJag() {
        return idpKeys.sign(IdJags.claims(IDP_ISSUER, audience, CLIENT, RESOURCE, "mcp:read", clock.instant()).toClaimsSet(),
                XaaIdentifiers.ID_JAG_JWT_TYPE);
    }

    /** The JWT bearer grant request for this assertion at a node's token endpoint. */
    HttpRequest request(String nodeBaseUrl, String assertion) {
        String body = FormParameters.encode(Map.of("grant_type", GrantType.JWT_BEARER.value(), "assertion", assertion));
        return HttpRequest.newBuilder(URI.create(nodeBaseUrl + AuthorizationServer.TOKEN_PATH))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", ClientAuthenticator.basicHeader(CLIENT, secret))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    HttpResponse<String> grant(String nodeBaseUrl, String assertion) {
        try {
            return http.send(request(nodeBaseUrl, assertion), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    CompletableFuture<HttpResponse<String>> grantAsync(String nodeBaseUrl, String assertion) {
        return http.sendAsync(request(nodeBaseUrl, assertion), HttpResponse.BodyHandlers.ofString());
    }
}
