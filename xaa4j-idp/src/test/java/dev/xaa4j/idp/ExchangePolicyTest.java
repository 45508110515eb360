package dev.xaa4j.idp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.xaa4j.core.OAuthError;
import dev.xaa4j.core.OAuthException;
import dev.xaa4j.core.TokenType;
import dev.xaa4j.server.AuthenticatedClient;
import dev.xaa4j.server.RegisteredClient;
import dev.xaa4j.server.TokenEndpointAuthMethod;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ExchangePolicyTest {

    private static ExchangeContext context() {
        RegisteredClient client = RegisteredClient.withSecret("c", "s");
        return new ExchangeContext(new AuthenticatedClient("c", TokenEndpointAuthMethod.CLIENT_SECRET_BASIC, client),
                IdpUser.of("alice"), TokenType.ID_TOKEN, "https://as", "https://mcp", Set.of("a"), Set.of("a"),
                new PolicyRule("c", "https://as", "https://mcp", "c", Set.of("a")));
    }

    @Test
    void whenHooksAreChainedThenTheyRunInOrderAndTheFirstDenialStops() {
        List<String> calls = new ArrayList<>();
        ExchangePolicy policy = ExchangePolicy.DEFAULT
                .andThen(ctx -> calls.add("first"))
                .andThen(ctx -> {
                    calls.add("second");
                    throw ExchangePolicy.deny("no");
                })
                .andThen(ctx -> calls.add("third"));
        assertThatExceptionOfType(OAuthException.class).isThrownBy(() -> policy.check(context()))
                .extracting(e -> e.error().code()).isEqualTo(OAuthError.ACCESS_DENIED);
        assertThat(calls).containsExactly("first", "second");
    }

    @Test
    void whenDefaultPolicyChecksThenItAllows() {
        ExchangePolicy.DEFAULT.check(context());
    }
}
