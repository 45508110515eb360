package dev.xaa4j.client;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * A bearer access token for the MCP server, from the JWT bearer grant (RFC 6749 section 5.1, RFC 6750; ID-JAG draft
 * section 4.4.2). Send it as {@code Authorization: Bearer <token>} to the resource it was issued for, and nowhere else.
 *
 * <p>A refresh token in the response is ignored (PROTOCOL.md decision 3): renew with a fresh ID-JAG. Immutable and
 * thread-safe; {@link #toString()} never shows the token.
 *
 * @param token     {@code access_token}
 * @param expiresIn {@code expires_in}, or {@code null} when the server did not send it
 * @param scope     the granted scope: the response's {@code scope}, or, when absent, the scope requested; empty when
 *                  neither
 */
public record AccessToken(String token, Duration expiresIn, Set<String> scope) {

    public AccessToken {
        Objects.requireNonNull(token, "token");
        scope = scope == null ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(scope));
    }

    /** The value of an {@code Authorization} header carrying this token: {@code Bearer <token>}. */
    public String authorizationHeaderValue() {
        return "Bearer " + token;
    }

    @Override
    public String toString() {
        return "AccessToken[token=(redacted), expiresIn=" + expiresIn + ", scope=" + scope + "]";
    }
}
