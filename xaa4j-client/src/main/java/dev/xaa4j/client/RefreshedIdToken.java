package dev.xaa4j.client;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The result of the refresh token grant at the IdP (RFC 6749 section 6; OpenID Connect Core section 12.2): a new ID token
 * and, when the IdP rotates refresh tokens, a new refresh token that replaces the one sent.
 *
 * <p>The IdP's access token in the same response is not kept: this library only needs the ID token. Immutable and
 * thread-safe; {@link #toString()} shows no token.
 *
 * @param idToken      the new ID token ({@code id_token})
 * @param refreshToken the new refresh token ({@code refresh_token}) when the IdP rotated it, else {@code null}: keep
 *                     using the old one
 * @param scope        the granted scope (the response's, else the requested one), empty when neither
 */
public record RefreshedIdToken(String idToken, String refreshToken, Set<String> scope) {

    public RefreshedIdToken {
        Objects.requireNonNull(idToken, "idToken");
        scope = scope == null ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(scope));
    }

    /** The new ID token as a token exchange subject token. */
    public SubjectToken asSubjectToken() {
        return SubjectToken.idToken(idToken);
    }

    /** The rotated refresh token, if the IdP sent one. */
    public Optional<String> rotatedRefreshToken() {
        return Optional.ofNullable(refreshToken);
    }

    @Override
    public String toString() {
        return "RefreshedIdToken[idToken=(redacted), refreshToken=" + (refreshToken == null ? "none" : "(redacted)")
                + ", scope=" + scope + "]";
    }
}
