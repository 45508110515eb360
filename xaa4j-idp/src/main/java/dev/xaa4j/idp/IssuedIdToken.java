package dev.xaa4j.idp;

import java.time.Instant;
import java.util.Objects;

/**
 * An ID token minted by {@link IdentityProvider#issueIdToken(String, String, boolean)}, and the IdP refresh token issued
 * with it when one was asked for (OpenID Connect Core 1.0 sections 2 and 12). Immutable and thread-safe;
 * {@link #toString()} shows neither token.
 *
 * @param idToken      the signed ID token (its {@code aud} is the client's id at the IdP)
 * @param refreshToken the IdP refresh token bound to the same user and client, or {@code null}
 * @param expiresAt    the ID token's {@code exp}
 */
public record IssuedIdToken(String idToken, String refreshToken, Instant expiresAt) {

    public IssuedIdToken {
        Objects.requireNonNull(idToken, "idToken");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    @Override
    public String toString() {
        return "IssuedIdToken[idToken=<redacted>, refreshToken=" + (refreshToken == null ? "none" : "<redacted>")
                + ", expiresAt=" + expiresAt + "]";
    }
}
