package dev.xaa4j.client;

import dev.xaa4j.testing.TestHttpServer;
import java.time.Duration;

/** Shared values for the client tests. */
final class Fixtures {

    static final String ID_TOKEN = "eyJ.ID-TOKEN-SECRET-VALUE.sig";
    static final String ID_JAG = "eyJ.ID-JAG-SECRET-VALUE.sig";
    static final String ACCESS_TOKEN = "AT-SECRET-VALUE-2YotnFZFEjr1zCsicMWpAA";
    static final String REFRESH_TOKEN = "RT-SECRET-VALUE-tGzv3JOkF0XG5Qx2TlKWIA";
    static final String CLIENT_SECRET = "client-SECRET-a26d84873504215a34a86d52ef5cd64f";
    static final String AUDIENCE = "https://auth.chat.example/";
    static final String RESOURCE = "https://mcp.chat.example/mcp";

    /** Short timeouts so failing tests fail fast. */
    static final HttpOptions FAST = HttpOptions.builder()
            .connectTimeout(Duration.ofSeconds(2))
            .requestTimeout(Duration.ofSeconds(5))
            .build();

    private Fixtures() {
    }

    static String idJagResponse() {
        return """
                {"access_token":"%s","issued_token_type":"urn:ietf:params:oauth:token-type:id-jag",
                 "token_type":"N_A","expires_in":300,"scope":"chat.read"}""".formatted(ID_JAG);
    }

    static String bearerResponse() {
        return """
                {"access_token":"%s","token_type":"Bearer","expires_in":900,"scope":"chat.read"}""".formatted(ACCESS_TOKEN);
    }

    static TokenExchangeClient tokenExchange(TestHttpServer server, ClientAuthentication auth) {
        return TokenExchangeClient.builder(server.url("/token"), auth).httpOptions(FAST).build();
    }

    static JwtBearerClient jwtBearer(TestHttpServer server, ClientAuthentication auth) {
        return JwtBearerClient.builder(server.url("/token"), auth).httpOptions(FAST).build();
    }
}
