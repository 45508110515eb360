package dev.xaa4j.idp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.xaa4j.server.RegisteredClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IdpUserTest {

    @Test
    void whenUserHasAPasswordThenToStringDoesNotShowIt() {
        IdpUser user = IdpUser.of("carol").withPassword("hunter2-secret");
        assertThat(user.toString()).doesNotContain("hunter2-secret").contains("password=set");
    }

    @Test
    void whenPasswordComparedThenOnlyTheRightOneMatches() {
        IdpUser user = IdpUser.of("carol").withPassword("pw-1");
        assertThat(user.passwordMatches("pw-1")).isTrue();
        assertThat(user.passwordMatches("pw-2")).isFalse();
        assertThat(user.passwordMatches(null)).isFalse();
        assertThat(IdpUser.of("dave").passwordMatches(null)).isTrue();
    }

    @Test
    void whenExtraClaimWouldReplaceAClaimOfTheIdpThenRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> IdpUser.of("x").withClaims(Map.of("sub", "admin")));
        assertThatIllegalArgumentException().isThrownBy(() -> IdpUser.of("x").withClaims(Map.of("aud", "other")));
    }

    @Test
    void whenExtraClaimIsNotAJsonValueThenRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> IdpUser.of("x").withClaims(Map.of("k", new Object())));
    }

    @Test
    void whenExtraClaimsGivenThenTheyGoIntoTheIdToken() throws Exception {
        IdentityProvider idp = IdentityProvider.builder("https://idp.example")
                .client(RegisteredClient.withSecret("c", "s"))
                .user(IdpUser.of("erin").withClaims(Map.of("groups", List.of("eng", "ops"), "acr", "urn:mfa")))
                .build();
        JWTClaimsSet claims = IdpServer.parseJwt(idp.issueIdToken("erin", "c")).getJWTClaimsSet();
        assertThat(claims.getStringListClaim("groups")).containsExactly("eng", "ops");
        assertThat(claims.getStringClaim("acr")).isEqualTo("urn:mfa");
        assertThat(claims.getStringClaim("name")).isEqualTo("erin");
    }
}
