package dev.xaa4j.as;

import static dev.xaa4j.as.StandardAs.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.nimbusds.jwt.SignedJWT;
import dev.xaa4j.as.AsTestServer.Reply;
import dev.xaa4j.core.OAuthError;
import dev.xaa4j.core.OAuthException;
import java.text.ParseException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The subject mapping hook and the policy hook (PROTOCOL.md section 4 items 11 and 12). */
class PolicyAndSubjectTest {

    private static TestIdp idp;
    private static TestIdp otherIdp;

    @BeforeAll
    static void start() {
        idp = TestIdp.start("idp");
        otherIdp = TestIdp.start("other-idp");
    }

    @AfterAll
    static void stop() {
        idp.close();
        otherIdp.close();
    }

    private static Reply grantOn(UnaryOperator<AuthorizationServer.Builder> customize, TestIdp... trusted) {
        return grantOn(customize, f -> f, trusted);
    }

    private static Reply grantOn(UnaryOperator<AuthorizationServer.Builder> customize, UnaryOperator<IdJagFixture> change,
            TestIdp... trusted) {
        try (AsTestServer server = AsTestServer.start(
                issuer -> customize.apply(StandardAs.builder(issuer, StandardAs.trusting(trusted))).build())) {
            return server.grant(change.apply(IdJagFixture.valid(idp, server.as.issuer(), NOW)).serialize());
        }
    }

    private static String subjectOf(Reply reply) throws ParseException {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return SignedJWT.parse((String) reply.json().get("access_token")).getJWTClaimsSet().getSubject();
    }

    @Test
    void whenOneIssuerIsTrustedThenSubjectIsTheIdJagSub() throws ParseException {
        assertThat(subjectOf(grantOn(b -> b, idp))).isEqualTo(IdJagFixture.SUBJECT);
    }

    @Test
    void whenSeveralIssuersAreTrustedThenSubjectIsScopedByIssuer() throws ParseException {
        assertThat(subjectOf(grantOn(b -> b, idp, otherIdp))).isEqualTo(idp.issuer() + "#" + IdJagFixture.SUBJECT);
    }

    @Test
    void whenMapperUsesTheTenantThenSubjectIsMapped() throws ParseException {
        Reply reply = grantOn(b -> b.subjectMapper((iss, tenant, sub) -> tenant + ":" + sub),
                f -> {
                    f.claims.claim("tenant", "acme");
                    return f;
                }, idp);

        assertThat(subjectOf(reply)).isEqualTo("acme:" + IdJagFixture.SUBJECT);
    }

    @Test
    void whenMapperRefusesTheUserThenInvalidGrant() {
        Reply reply = grantOn(b -> b.subjectMapper((iss, tenant, sub) -> null), idp);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.error()).isEqualTo("invalid_grant");
        assertThat(reply.description()).contains("local subject");
    }

    @Test
    void whenPolicyDeniesWithAccessDeniedThenAccessDenied() {
        Reply reply = grantOn(b -> b.policy(GrantPolicy.DEFAULT.andThen(context -> {
            throw new OAuthException(OAuthError.accessDenied("no licence for this resource"));
        })), idp);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.error()).isEqualTo("access_denied");
        assertThat(reply.description()).isEqualTo("no licence for this resource");
    }

    @Test
    void whenPolicyDeniesWithInvalidGrantThenInvalidGrant() {
        Reply reply = grantOn(b -> b.policy(context -> {
            throw new OAuthException(OAuthError.invalidGrant("user is suspended"));
        }), idp);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.error()).isEqualTo("invalid_grant");
    }

    @Test
    void whenPolicyFailsUnexpectedlyThenServerError() {
        Reply reply = grantOn(b -> b.policy(context -> {
            throw new IllegalStateException("licence service down");
        }), idp);

        assertThat(reply.status()).isEqualTo(500);
        assertThat(reply.error()).isEqualTo("server_error");
        assertThat(reply.body()).doesNotContain("licence service down");
    }

    @Test
    void whenPolicyAcceptsThenItSawTheGrantContext() {
        AtomicReference<GrantContext> seen = new AtomicReference<>();
        Reply reply = grantOn(b -> b.policy(seen::set), idp);

        assertThat(reply.status()).isEqualTo(200);
        GrantContext context = seen.get();
        assertThat(context.subject()).isEqualTo(IdJagFixture.SUBJECT);
        assertThat(context.resource()).isEqualTo(IdJagFixture.RESOURCE);
        assertThat(context.scope()).containsExactly("tools.read", "tools.write");
        assertThat(context.client().clientId()).isEqualTo(IdJagFixture.CLIENT_ID);
        assertThat(context.idJag().issuer()).isEqualTo(idp.issuer());
    }

    @Test
    void whenIdJagIsReplayedThenPolicyRunsOnlyForTheFirstUse() {
        AtomicInteger calls = new AtomicInteger();
        try (AsTestServer server = AsTestServer.start(issuer -> StandardAs.builder(issuer, StandardAs.trusting(idp))
                .policy(context -> calls.incrementAndGet()).build())) {
            String assertion = IdJagFixture.valid(idp, server.as.issuer(), NOW).serialize();

            assertThat(server.grant(assertion).status()).isEqualTo(200);
            assertThat(server.grant(assertion).status()).isEqualTo(400);
        }

        assertThat(calls).hasValue(1);
    }

    @Test
    void whenPoliciesAreComposedThenEachRunsInOrderUntilOneDenies() {
        List<String> calls = new CopyOnWriteArrayList<>();
        GrantPolicy first = context -> calls.add("first");
        GrantPolicy deny = context -> {
            calls.add("deny");
            throw new OAuthException(OAuthError.accessDenied("denied"));
        };
        GrantPolicy last = context -> calls.add("last");

        GrantPolicy.DEFAULT.andThen(first).andThen(last).check(null);
        assertThatExceptionOfType(OAuthException.class)
                .isThrownBy(() -> first.andThen(deny).andThen(last).check(null))
                .extracting(e -> e.error().code()).isEqualTo("access_denied");

        assertThat(calls).containsExactly("first", "last", "first", "deny");
    }
}
