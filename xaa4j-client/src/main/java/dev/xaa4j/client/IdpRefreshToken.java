package dev.xaa4j.client;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * An IdP refresh token obtained by exchanging a SAML 2.0 assertion (the extension's step 1a, ID-JAG draft section 4.5),
 * to be used as the {@code subject_token} of later token exchanges ({@link #asSubjectToken()}) or with
 * {@link TokenExchangeClient#refreshIdToken(String, java.util.Collection)}.
 *
 * <p>Immutable and thread-safe; {@link #toString()} never shows the token.
 *
 * @param token     the refresh token (the response's {@code access_token} member, RFC 8693 section 2.2.1)
 * @param expiresIn {@code expires_in}, or {@code null}
 * @param scope     the granted scope (the response's, else the requested {@code openid offline_access})
 */
public record IdpRefreshToken(String token, Duration expiresIn, Set<String> scope) {

    public IdpRefreshToken {
        Objects.requireNonNull(token, "token");
        scope = scope == null ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(scope));
    }

    /** This refresh token as a token exchange subject token. */
    public SubjectToken asSubjectToken() {
        return SubjectToken.refreshToken(token);
    }

    @Override
    public String toString() {
        return "IdpRefreshToken[token=(redacted), expiresIn=" + expiresIn + ", scope=" + scope + "]";
    }
}
