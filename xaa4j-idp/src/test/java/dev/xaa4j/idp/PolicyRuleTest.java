package dev.xaa4j.idp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PolicyRuleTest {

    @Test
    void whenAllFieldsGivenThenParsed() {
        PolicyRule rule = PolicyRule.parse("mcp-client=https://as.example,https://mcp.example/mcp,as-42,tools.read tools.call");
        assertThat(rule).isEqualTo(new PolicyRule("mcp-client", "https://as.example", "https://mcp.example/mcp", "as-42",
                Set.of("tools.read", "tools.call")));
    }

    @Test
    void whenClientIdAtAudienceOmittedThenItIsTheClientId() {
        PolicyRule rule = PolicyRule.parse("mcp-client=https://as.example,https://mcp.example/mcp");
        assertThat(rule.clientIdAtAudience()).isEqualTo("mcp-client");
        assertThat(rule.scopes()).isEmpty();
    }

    @Test
    void whenResourceIsEmptyThenTheRuleHasNone() {
        assertThat(PolicyRule.parse("c=https://as.example,,at-as").resource()).isNull();
    }

    @Test
    void whenTextHasNoClientOrTooManyPartsThenRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> PolicyRule.parse("https://as.example,https://mcp"));
        assertThatIllegalArgumentException().isThrownBy(() -> PolicyRule.parse("c=https://as.example"));
        assertThatIllegalArgumentException().isThrownBy(() -> PolicyRule.parse("c=a,https://r,x,s,extra"));
    }

    @Test
    void whenResourceIsRelativeOrHasAFragmentThenRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> new PolicyRule("c", "https://as", "/mcp", "c", Set.of()));
        assertThatIllegalArgumentException().isThrownBy(() -> new PolicyRule("c", "https://as", "https://m#f", "c", Set.of()));
    }

    @Test
    void whenScopeIsNotAScopeTokenThenRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> new PolicyRule("c", "https://as", null, "c", Set.of("a\"b")));
    }

    @Test
    void whenScopesAreChangedAfterwardsThenTheRuleKeepsItsCopy() {
        Set<String> scopes = new HashSet<>(Set.of("a"));
        PolicyRule rule = new PolicyRule("c", "https://as", null, "c", scopes);
        scopes.add("b");
        assertThat(rule.scopes()).containsExactly("a");
    }
}
