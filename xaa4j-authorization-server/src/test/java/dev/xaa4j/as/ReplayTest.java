package dev.xaa4j.as;

import static dev.xaa4j.as.StandardAs.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import dev.xaa4j.as.AsTestServer.Reply;
import dev.xaa4j.server.ReplayStore;
import dev.xaa4j.server.ReplayStoreException;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Single use of ID-JAGs (PROTOCOL.md section 4 item 7; section 7: fail closed). */
class ReplayTest {

    private static TestIdp idp;
    private static TestIdp otherIdp;
    private static AsTestServer server;

    @BeforeAll
    static void start() {
        idp = TestIdp.start("idp");
        otherIdp = TestIdp.start("other-idp");
        server = AsTestServer.start(issuer -> StandardAs.builder(issuer, StandardAs.trusting(idp, otherIdp)).build());
    }

    @AfterAll
    static void stop() {
        server.close();
        idp.close();
        otherIdp.close();
    }

    private static IdJagFixture fixture() {
        return IdJagFixture.valid(idp, server.as.issuer(), NOW);
    }

    @Test
    void whenTwoIssuersUseTheSameJtiThenBothAreAccepted() {
        IdJagFixture fromIdp = fixture();
        IdJagFixture fromOther = IdJagFixture.valid(otherIdp, server.as.issuer(), NOW);
        fromOther.claims.jwtID(fromIdp.claims.build().getJWTID());

        assertThat(server.grant(fromIdp.serialize()).status()).isEqualTo(200);
        assertThat(server.grant(fromOther.serialize()).status()).isEqualTo(200);
    }

    @Test
    void whenRequestFailsAStatelessRuleThenTheIdJagIsNotBurned() {
        String assertion = fixture().serialize();

        Reply typo = server.grant(assertion, "scope", "tools.raed");
        Reply retry = server.grant(assertion, "scope", "tools.read");

        assertThat(typo.error()).isEqualTo("invalid_scope");
        assertThat(retry.status()).isEqualTo(200);
    }

    @Test
    void whenJtiIsRecordedThenKeyHasTheIssuerAndExpiryIsExpPlusSkew() {
        Map<String, Instant> recorded = new ConcurrentHashMap<>();
        ReplayStore recording = (key, expiresAt) -> recorded.putIfAbsent(key, expiresAt) == null;
        IdJagFixture f = fixture();
        String jti = f.claims.build().getJWTID();
        try (AsTestServer own = AsTestServer.start(issuer -> StandardAs.builder(issuer, StandardAs.trusting(idp))
                .replayStore(recording).build())) {
            f.claims.audience(own.as.issuer());

            assertThat(own.grant(f.serialize()).status()).isEqualTo(200);
        }

        assertThat(recorded).containsOnlyKeys("id-jag|" + idp.issuer() + "|" + jti);
        assertThat(recorded.values()).containsExactly(NOW.plusSeconds(300 + 60));
    }

    @Test
    void whenReplayStoreFailsThenServerErrorAndNoToken() {
        ReplayStore broken = (key, expiresAt) -> {
            throw new ReplayStoreException("connection refused");
        };
        try (AsTestServer own = AsTestServer.start(issuer -> StandardAs.builder(issuer, StandardAs.trusting(idp))
                .replayStore(broken).build())) {
            IdJagFixture f = IdJagFixture.valid(idp, own.as.issuer(), NOW);

            Reply reply = own.grant(f.serialize());

            assertThat(reply.status()).isEqualTo(500);
            assertThat(reply.error()).isEqualTo("server_error");
            assertThat(reply.description()).contains("replay store");
            assertThat(reply.json()).doesNotContainKey("access_token");
        }
    }

    @Test
    void whenCustomReplayStoreThrowsAnyRuntimeExceptionThenServerError() {
        ReplayStore broken = (key, expiresAt) -> {
            throw new IllegalStateException("pool exhausted");
        };
        try (AsTestServer own = AsTestServer.start(issuer -> StandardAs.builder(issuer, StandardAs.trusting(idp))
                .replayStore(broken).build())) {
            Reply reply = own.grant(IdJagFixture.valid(idp, own.as.issuer(), NOW).serialize());

            assertThat(reply.status()).isEqualTo(500);
            assertThat(reply.error()).isEqualTo("server_error");
            assertThat(reply.description()).contains("replay store");
        }
    }
}
