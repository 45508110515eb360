package dev.xaa4j.idp.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Authorization codes (RFC 6749 section 4.1.2): single-use, short-lived, bound to the client, the redirect URI and the PKCE
 * challenge (RFC 7636), stored under their SHA-256.
 *
 * <p>A redeemed code stays known until it would have expired, so that a second redemption is detected: it fails, and the
 * refresh token issued on the first one is revoked (RFC 6749 section 4.1.2, "If an authorization code is used more than
 * once"). Thread-safe; redemption is atomic.
 */
public final class AuthorizationCodes {

    /** What a code was issued for. */
    public record Pending(String clientId, String redirectUri, String codeChallenge, String subject, Set<String> scopes,
            String nonce, Instant authTime) {
        public Pending {
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(redirectUri, "redirectUri");
            Objects.requireNonNull(codeChallenge, "codeChallenge");
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(authTime, "authTime");
            scopes = Collections.unmodifiableSet(new LinkedHashSet<>(scopes));
        }
    }

    private sealed interface State permits PendingState, Redeemed {
    }

    private record PendingState(Pending pending) implements State {
    }

    /** A redeemed code; {@code refreshTokenDigest} is the refresh token issued on it, or {@code null}. */
    private record Redeemed(String refreshTokenDigest) implements State {
    }

    /** The outcome of a redemption: the code's data on first use, {@code null} otherwise. */
    public record Redemption(Pending pending, boolean reused) {
    }

    private final ExpiringStore<State> store;
    private final Clock clock;
    private final Duration lifetime;

    public AuthorizationCodes(Clock clock, Duration lifetime, int maxEntries) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
        this.store = new ExpiringStore<>(clock, maxEntries);
    }

    /** Issues a code for these data. */
    public String issue(Pending pending) {
        String code = RandomTokens.newToken();
        store.put(RandomTokens.sha256(code), new PendingState(pending), clock.instant().plus(lifetime));
        return code;
    }

    /**
     * Redeems a code: the first call gets its data; a later call gets {@code reused}, and the refresh token recorded with
     * {@link #recordRefreshToken} is handed to {@code revoke}. An unknown or expired code gets neither.
     */
    public Redemption redeem(String code, Consumer<String> revoke) {
        State before = store.update(RandomTokens.sha256(code),
                s -> s instanceof PendingState ? new Redeemed(null) : s);
        if (before instanceof PendingState p) {
            return new Redemption(p.pending(), false);
        }
        if (before instanceof Redeemed r) {
            if (r.refreshTokenDigest() != null) {
                revoke.accept(r.refreshTokenDigest());
            }
            return new Redemption(null, true);
        }
        return new Redemption(null, false);
    }

    /** Records the refresh token issued on a redeemed code, so that a reuse of the code revokes it. */
    public void recordRefreshToken(String code, String refreshToken) {
        String digest = RandomTokens.sha256(refreshToken);
        store.update(RandomTokens.sha256(code), s -> s instanceof Redeemed ? new Redeemed(digest) : s);
    }
}
