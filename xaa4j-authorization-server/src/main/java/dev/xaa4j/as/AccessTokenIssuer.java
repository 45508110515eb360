package dev.xaa4j.as;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.xaa4j.core.IdJagClaims;
import dev.xaa4j.core.Scopes;
import dev.xaa4j.core.XaaIdentifiers;
import dev.xaa4j.server.SigningKeys;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Issues JWT access tokens (RFC 9068) for granted ID-JAGs, signed with the active key of this server's
 * {@link SigningKeys}.
 *
 * <p>Header {@code typ: at+jwt}, {@code alg} and {@code kid} of the active key. Claims (RFC 9068 section 2.2): {@code iss}
 * (this server), {@code sub} (the local subject), {@code aud} (the one resource: PROTOCOL.md section 5 requires the token
 * to be audience-restricted), {@code client_id}, {@code scope} (when any was granted), {@code jti} (random), {@code iat},
 * {@code exp} ({@link #DEFAULT_LIFETIME} later by default), and {@code auth_time}, {@code acr}, {@code amr} copied from the
 * ID-JAG when it has them (RFC 9068 section 2.2.1). No refresh token is ever issued (PROTOCOL.md section 8, decision 3).
 * Thread-safe.
 */
public final class AccessTokenIssuer {

    /** The default access token lifetime: 900 s (PROTOCOL.md section 8, decision 7). */
    public static final Duration DEFAULT_LIFETIME = Duration.ofSeconds(900);

    private final String issuer;
    private final SigningKeys signingKeys;
    private final Duration lifetime;
    private final Clock clock;

    /**
     * @param issuer      this server's issuer identifier ({@code iss})
     * @param signingKeys the keys whose active key signs
     * @param lifetime    the token lifetime, at least one second
     * @param clock       the clock for {@code iat} and {@code exp}
     */
    public AccessTokenIssuer(String issuer, SigningKeys signingKeys, Duration lifetime, Clock clock) {
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.signingKeys = Objects.requireNonNull(signingKeys, "signingKeys");
        this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
        if (lifetime.toSeconds() < 1) {
            throw new IllegalArgumentException("lifetime must be at least one second");
        }
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Issues the access token for a granted ID-JAG. */
    public AccessToken issue(GrantContext grant) {
        Objects.requireNonNull(grant, "grant");
        Instant now = Instant.ofEpochSecond(clock.instant().getEpochSecond());
        Instant expiresAt = now.plus(lifetime);
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(grant.subject())
                .audience(grant.resource())
                .claim("client_id", grant.client().clientId())
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(expiresAt));
        if (!grant.scope().isEmpty()) {
            claims.claim("scope", Scopes.format(grant.scope()));
        }
        IdJagClaims idJag = grant.idJag();
        if (idJag.authTime() != null) {
            claims.claim("auth_time", idJag.authTime().getEpochSecond());
        }
        if (idJag.acr() != null) {
            claims.claim("acr", idJag.acr());
        }
        if (!idJag.amr().isEmpty()) {
            claims.claim("amr", idJag.amr());
        }
        String value = signingKeys.sign(claims.build(), XaaIdentifiers.ACCESS_TOKEN_JWT_TYPE);
        return new AccessToken(value, grant.resource(), grant.scope(), expiresAt, lifetime.toSeconds());
    }

    /** The access token lifetime. */
    public Duration lifetime() {
        return lifetime;
    }

    /**
     * An issued access token.
     *
     * @param value     the signed JWT (a bearer credential: never log it)
     * @param audience  its {@code aud}, the resource
     * @param scope     its scopes, possibly empty
     * @param expiresAt its {@code exp}
     * @param expiresIn its lifetime in seconds, for the {@code expires_in} response member
     */
    public record AccessToken(String value, String audience, Set<String> scope, Instant expiresAt, long expiresIn) {

        public AccessToken {
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(audience, "audience");
            scope = Collections.unmodifiableSet(new LinkedHashSet<>(scope));
            Objects.requireNonNull(expiresAt, "expiresAt");
        }

        /** Shows everything but the token. */
        @Override
        public String toString() {
            return "AccessToken[aud=" + audience + ", scope=" + scope + ", exp=" + expiresAt + "]";
        }
    }
}
