package dev.xaa4j.as;

import static dev.xaa4j.as.StandardAs.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.xaa4j.as.AsTestServer.Reply;
import java.text.ParseException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Resource binding and scope narrowing (PROTOCOL.md section 4 items 9 and 10, section 8 decision 6) on a server that
 * protects one resource and on one that protects two.
 */
class ResourceAndScopeTest {

    private static final String SECOND_RESOURCE = "https://files.example.com/mcp";

    private static TestIdp idp;
    private static AsTestServer oneResource;
    private static AsTestServer twoResources;

    @BeforeAll
    static void start() {
        idp = TestIdp.start("idp");
        oneResource = AsTestServer.start(issuer -> StandardAs.builder(issuer, StandardAs.trusting(idp)).build());
        twoResources = AsTestServer.start(issuer -> StandardAs.builder(issuer, StandardAs.trusting(idp))
                .resource(SECOND_RESOURCE, List.of("files.read", "tools.read"))
                .build());
    }

    @AfterAll
    static void stop() {
        oneResource.close();
        twoResources.close();
        idp.close();
    }

    private static IdJagFixture fixture(AsTestServer server) {
        return IdJagFixture.valid(idp, server.as.issuer(), NOW);
    }

    private static JWTClaimsSet accessToken(Reply reply) throws ParseException {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return SignedJWT.parse((String) reply.json().get("access_token")).getJWTClaimsSet();
    }

    private static void assertError(Reply reply, String error, String fragment) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(400);
        assertThat(reply.error()).isEqualTo(error);
        assertThat(reply.description()).contains(fragment);
    }

    @Test
    void whenIdJagHasNoResourceAndServerProtectsOneThenTokenIsBoundToIt() throws ParseException {
        IdJagFixture f = fixture(oneResource);
        f.claims.claim("resource", null);

        assertThat(accessToken(oneResource.grant(f.serialize())).getAudience()).containsExactly(IdJagFixture.RESOURCE);
    }

    @Test
    void whenIdJagHasNoResourceAndServerProtectsTwoThenInvalidGrant() {
        IdJagFixture f = fixture(twoResources);
        f.claims.claim("resource", null);

        assertError(twoResources.grant(f.serialize()), "invalid_grant", "no resource");
    }

    @Test
    void whenIdJagHasNoResourceAndResourceParameterNamesTheOnlyResourceThenAccepted() throws ParseException {
        IdJagFixture f = fixture(oneResource);
        f.claims.claim("resource", null);

        Reply reply = oneResource.grant(f.serialize(), "resource", IdJagFixture.RESOURCE);

        assertThat(accessToken(reply).getAudience()).containsExactly(IdJagFixture.RESOURCE);
    }

    @Test
    void whenIdJagHasNoResourceAndResourceParameterNamesAnotherThenInvalidTarget() {
        IdJagFixture f = fixture(oneResource);
        f.claims.claim("resource", null);

        assertError(oneResource.grant(f.serialize(), "resource", "https://other.example.com/mcp"), "invalid_target",
                "resource parameter");
    }

    @Test
    void whenResourceHasATerminatingSlashThenTokenAudienceIsTheConfiguredSpelling() throws ParseException {
        IdJagFixture f = fixture(oneResource);
        f.claims.claim("resource", IdJagFixture.RESOURCE + "/");

        assertThat(accessToken(oneResource.grant(f.serialize())).getAudience()).containsExactly(IdJagFixture.RESOURCE);
    }

    @Test
    void whenIdJagNamesTwoResourcesWithoutResourceParameterThenInvalidTarget() {
        IdJagFixture f = fixture(twoResources);
        f.claims.claim("resource", List.of(IdJagFixture.RESOURCE, SECOND_RESOURCE));

        assertError(twoResources.grant(f.serialize()), "invalid_target", "several resources");
    }

    @Test
    void whenResourceParameterChoosesOneOfTheIdJagResourcesThenTokenIsForItWithItsScopes() throws ParseException {
        IdJagFixture f = fixture(twoResources);
        f.claims.claim("resource", List.of(IdJagFixture.RESOURCE, SECOND_RESOURCE))
                .claim("scope", "tools.read tools.write files.read");

        JWTClaimsSet token = accessToken(twoResources.grant(f.serialize(), "resource", SECOND_RESOURCE));

        assertThat(token.getAudience()).containsExactly(SECOND_RESOURCE);
        assertThat(token.getStringClaim("scope")).isEqualTo("tools.read files.read");
    }

    @Test
    void whenResourceParameterIsNotAmongTheIdJagResourcesThenInvalidTarget() {
        IdJagFixture f = fixture(twoResources);

        assertError(twoResources.grant(f.serialize(), "resource", SECOND_RESOURCE), "invalid_target",
                "not among the ID-JAG's resources");
    }

    @Test
    void whenResourceParameterIsNotOfThisServerThenInvalidTarget() {
        IdJagFixture f = fixture(twoResources);

        assertError(twoResources.grant(f.serialize(), "resource", "https://other.example.com/mcp"), "invalid_target",
                "not a resource of this authorization server");
    }

    @Test
    void whenNoScopeParameterThenIdJagScopeIntersectedWithResourceScopes() throws ParseException {
        IdJagFixture f = fixture(oneResource);
        f.claims.claim("scope", "admin tools.read");

        Reply reply = oneResource.grant(f.serialize());

        assertThat(reply.json()).containsEntry("scope", "tools.read");
        assertThat(accessToken(reply).getStringClaim("scope")).isEqualTo("tools.read");
    }

    @Test
    void whenScopeParameterIsASubsetThenScopeIsNarrowed() throws ParseException {
        Reply reply = oneResource.grant(fixture(oneResource).serialize(), "scope", "tools.write");

        assertThat(reply.json()).containsEntry("scope", "tools.write");
        assertThat(accessToken(reply).getStringClaim("scope")).isEqualTo("tools.write");
    }

    @Test
    void whenScopeParameterAsksForAScopeTheIdJagLacksThenInvalidScope() {
        IdJagFixture f = fixture(oneResource);
        f.claims.claim("scope", "tools.read");

        assertError(oneResource.grant(f.serialize(), "scope", "tools.read tools.write"), "invalid_scope",
                "does not grant");
    }

    @Test
    void whenIdJagHasNoScopeAndScopeParameterAsksThenInvalidScope() {
        IdJagFixture f = fixture(oneResource);
        f.claims.claim("scope", null);

        assertError(oneResource.grant(f.serialize(), "scope", "tools.read"), "invalid_scope", "does not grant");
    }

    @Test
    void whenIntersectionIsEmptyThenInvalidScope() {
        IdJagFixture f = fixture(oneResource);
        f.claims.claim("scope", "admin tools.read");

        assertError(oneResource.grant(f.serialize(), "scope", "admin"), "invalid_scope", "none of the asked scopes");
    }

    @Test
    void whenNoScopeIsAskedAnywhereThenTokenHasNoScope() throws ParseException {
        IdJagFixture f = fixture(oneResource);
        f.claims.claim("scope", null);

        Reply reply = oneResource.grant(f.serialize());

        assertThat(reply.json()).doesNotContainKey("scope");
        assertThat(accessToken(reply).getClaim("scope")).isNull();
    }
}
