package dev.xaa4j.client;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * An Identity Assertion JWT Authorization Grant as the IdP returned it from token exchange (ID-JAG draft section 4.3.4;
 * RFC 8693 section 2.2.1): the JWT, its lifetime and the granted scope.
 *
 * <p>The JWT is opaque to the client: it is sent as is, once, to the authorization server named in its {@code aud}
 * ({@link JwtBearerClient#requestAccessToken(IdJag)}). Immutable and thread-safe; {@link #toString()} never shows the
 * JWT.
 *
 * @param token     the ID-JAG (the response's {@code access_token} member)
 * @param expiresIn {@code expires_in}, or {@code null} when the IdP did not send it
 * @param scope     the granted scope: the response's {@code scope}, or, when absent, the scope requested (RFC 6749
 *                  section 5.1: absent means identical to the request); empty when neither
 */
public record IdJag(String token, Duration expiresIn, Set<String> scope) {

    public IdJag {
        Objects.requireNonNull(token, "token");
        scope = scope == null ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(scope));
    }

    @Override
    public String toString() {
        return "IdJag[token=(redacted), expiresIn=" + expiresIn + ", scope=" + scope + "]";
    }
}
