package dev.xaa4j.as;

import dev.xaa4j.server.RegisteredClient;
import dev.xaa4j.server.SigningKeys;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** The standard test authorization server configuration. */
final class StandardAs {

    /** The authorization server's fixed time. */
    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final String OTHER_CLIENT_ID = "other-client";
    static final List<String> SCOPES = List.of("tools.read", "tools.write");

    private StandardAs() {
    }

    /**
     * An ES256-signing server for {@code issuer} trusting {@code trusted}, with clients {@code mcp-client} and
     * {@code other-client} (secret {@link AsTestServer#SECRET}, Basic or post), the resource
     * {@link IdJagFixture#RESOURCE} with scopes {@code tools.read tools.write}, and the fixed clock.
     */
    static AuthorizationServer.Builder builder(String issuer, TrustedIssuers trusted) {
        return AuthorizationServer.builder(issuer, SigningKeys.generate("ES256"), trusted)
                .client(RegisteredClient.withSecret(IdJagFixture.CLIENT_ID, AsTestServer.SECRET))
                .client(RegisteredClient.withSecret(OTHER_CLIENT_ID, AsTestServer.SECRET))
                .resource(IdJagFixture.RESOURCE, SCOPES)
                .clock(CLOCK);
    }

    /** Trusts these IdPs through their JWKS URLs. */
    static TrustedIssuers trusting(TestIdp... idps) {
        TrustedIssuers.Builder b = TrustedIssuers.builder();
        for (TestIdp idp : idps) {
            b.jwksUri(idp.issuer(), idp.jwksUri());
        }
        return b.build();
    }
}
