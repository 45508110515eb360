package dev.xaa4j.testing;

import dev.xaa4j.core.IdJagClaims;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/** Valid ID-JAG claims for tests that play the IdP: user {@code alice}, a fresh {@code jti}, valid 300 s. Stateless. */
public final class IdJags {

    private IdJags() {
    }

    /**
     * Claims of an ID-JAG issued at {@code now}, to sign with the test IdP's key (for example
     * {@code signingKeys.sign(IdJags.claims(...).toClaimsSet(), XaaIdentifiers.ID_JAG_JWT_TYPE)}).
     */
    public static IdJagClaims claims(String issuer, String audience, String clientId, String resource, String scope,
            Instant now) {
        return IdJagClaims.builder()
                .issuer(issuer)
                .subject("alice")
                .audience(audience)
                .clientId(clientId)
                .jwtId(UUID.randomUUID().toString())
                .issuedAt(now)
                .expiresAt(now.plusSeconds(300))
                .resource(resource)
                .scope(Set.of(scope))
                .build();
    }
}
