package dev.xaa4j.idp;

import dev.xaa4j.core.GrantType;
import dev.xaa4j.core.TokenType;
import dev.xaa4j.server.RegisteredClient;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The clients, users and policy rows the IdP tests share. */
final class Fixtures {

    static final String AS = "https://as.example";
    static final String MCP = "https://mcp.example/mcp";
    static final String CLIENT = "mcp-client";
    static final String[] CLIENT_BASIC = {CLIENT, "mcp-client-secret"};
    static final String OTHER = "other-client";
    static final String[] OTHER_BASIC = {OTHER, "other-client-secret"};
    static final String PUBLIC = "public-cli";
    static final String NO_RULES = "no-rules-client";
    static final String[] NO_RULES_BASIC = {NO_RULES, "no-rules-secret"};
    static final String CLIENT_AT_AS = "as-client-42";

    static final IdpUser ALICE = IdpUser.of("alice").withName("Alice Adams").withEmail("alice@example.com");
    static final IdpUser BOB = IdpUser.of("bob");

    private Fixtures() {
    }

    /** The standard clients, users and policy table. */
    static IdentityProvider.Builder standard(IdentityProvider.Builder b) {
        return b.client(RegisteredClient.withSecret(CLIENT, CLIENT_BASIC[1]))
                .client(RegisteredClient.withSecret(OTHER, OTHER_BASIC[1]))
                .client(RegisteredClient.publicClient(PUBLIC))
                .client(RegisteredClient.withSecret(NO_RULES, NO_RULES_BASIC[1]))
                .user(ALICE)
                .user(BOB)
                .allow(new PolicyRule(CLIENT, AS, MCP, CLIENT_AT_AS, Set.of("tools.read", "tools.call")))
                .allow(new PolicyRule(OTHER, AS, MCP, "other-at-as", Set.of("tools.read")))
                .allow(new PolicyRule(PUBLIC, AS, MCP, "cli-at-as", Set.of("tools.read")));
    }

    /** A complete token exchange request for an ID-JAG with an ID token subject. */
    static Map<String, String> exchange(String idToken) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", GrantType.TOKEN_EXCHANGE.value());
        form.put("requested_token_type", TokenType.ID_JAG.value());
        form.put("audience", AS);
        form.put("resource", MCP);
        form.put("subject_token", idToken);
        form.put("subject_token_type", TokenType.ID_TOKEN.value());
        return form;
    }

    /** {@code form} with one parameter replaced ({@code null} removes it). */
    static Map<String, String> with(Map<String, String> form, String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(form);
        if (value == null) {
            copy.remove(name);
        } else {
            copy.put(name, value);
        }
        return copy;
    }
}
