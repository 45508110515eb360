package dev.xaa4j.core;

import com.nimbusds.jwt.JWTClaimsSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The claims of an Identity Assertion JWT Authorization Grant (ID-JAG), draft-ietf-oauth-identity-assertion-authz-grant-04
 * section 3.
 *
 * <p>{@link #parse(JWTClaimsSet)} checks presence and JSON types only: {@code aud} and {@code resource} may be a string or an
 * array of strings, {@code scope} a space-separated string, times NumericDate values. Unknown claims are ignored. Whether the
 * values are acceptable (audience, time window, replay) is the authorization server's validator's decision. Times are kept in
 * whole seconds, as the JWT carries them, so that {@code parse(claims.toClaimsSet())} equals {@code claims}.
 * Instances are immutable and thread-safe; {@link #toString()} shows no values that could be replayed.
 *
 * @param issuer     {@code iss}, the IdP issuer
 * @param subject    {@code sub}, the user at the IdP for the resource AS
 * @param audience   {@code aud}, the resource AS issuer (the draft allows exactly one; a list keeps what was sent)
 * @param clientId   {@code client_id}, the client's id at the resource AS
 * @param jwtId      {@code jti}
 * @param expiresAt  {@code exp}
 * @param issuedAt   {@code iat}
 * @param notBefore  {@code nbf}, or {@code null}
 * @param resource   {@code resource} values, empty when absent
 * @param scope      {@code scope} values, empty when absent
 * @param tenant     {@code tenant}, or {@code null}
 * @param audTenant  {@code aud_tenant}, or {@code null}
 * @param audSub     {@code aud_sub}, or {@code null}
 * @param authTime   {@code auth_time}, or {@code null}
 * @param acr        {@code acr}, or {@code null}
 * @param amr        {@code amr} values, empty when absent
 * @param email      {@code email}, or {@code null}
 */
public record IdJagClaims(
        String issuer,
        String subject,
        List<String> audience,
        String clientId,
        String jwtId,
        Instant expiresAt,
        Instant issuedAt,
        Instant notBefore,
        List<String> resource,
        Set<String> scope,
        String tenant,
        String audTenant,
        String audSub,
        Instant authTime,
        String acr,
        List<String> amr,
        String email) {

    public IdJagClaims {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(jwtId, "jwtId");
        expiresAt = seconds(Objects.requireNonNull(expiresAt, "expiresAt"));
        issuedAt = seconds(Objects.requireNonNull(issuedAt, "issuedAt"));
        notBefore = seconds(notBefore);
        authTime = seconds(authTime);
        audience = List.copyOf(Objects.requireNonNull(audience, "audience"));
        if (audience.isEmpty()) {
            throw new IllegalArgumentException("audience must not be empty");
        }
        resource = resource == null ? List.of() : List.copyOf(resource);
        scope = scope == null ? Set.of() : java.util.Collections.unmodifiableSet(new LinkedHashSet<>(scope));
        amr = amr == null ? List.of() : List.copyOf(amr);
    }

    /** Starts a builder (for issuing ID-JAGs and for tests). */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads the claims of an ID-JAG.
     *
     * @throws OAuthException {@code invalid_grant} naming the claim that is missing or of the wrong type
     */
    public static IdJagClaims parse(JWTClaimsSet claims) {
        Objects.requireNonNull(claims, "claims");
        return parse(claims.getClaims());
    }

    /**
     * Reads the claims of an ID-JAG from a claims map as nimbus-jose-jwt or a JSON parser returns it (times as {@link Date}
     * or numbers).
     *
     * @throws OAuthException {@code invalid_grant} naming the claim that is missing or of the wrong type
     */
    public static IdJagClaims parse(Map<String, Object> claims) {
        Objects.requireNonNull(claims, "claims");
        return new IdJagClaims(
                requiredString(claims, "iss"),
                requiredString(claims, "sub"),
                requiredStringOrArray(claims, "aud"),
                requiredString(claims, "client_id"),
                requiredString(claims, "jti"),
                requiredTime(claims, "exp"),
                requiredTime(claims, "iat"),
                optionalTime(claims, "nbf"),
                optionalStringOrArray(claims, "resource"),
                Scopes.parse(optionalString(claims, "scope")),
                optionalString(claims, "tenant"),
                optionalString(claims, "aud_tenant"),
                optionalString(claims, "aud_sub"),
                optionalTime(claims, "auth_time"),
                optionalString(claims, "acr"),
                optionalStringOrArray(claims, "amr"),
                optionalString(claims, "email"));
    }

    /** The claims as a JWT claims set, with {@code aud} and {@code resource} as a string when they have one value. */
    public JWTClaimsSet toClaimsSet() {
        JWTClaimsSet.Builder b = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(subject)
                .claim("client_id", clientId)
                .jwtID(jwtId)
                .expirationTime(Date.from(expiresAt))
                .issueTime(Date.from(issuedAt));
        b.claim("aud", audience.size() == 1 ? audience.get(0) : audience);
        if (notBefore != null) {
            b.notBeforeTime(Date.from(notBefore));
        }
        if (!resource.isEmpty()) {
            b.claim("resource", resource.size() == 1 ? resource.get(0) : resource);
        }
        if (!scope.isEmpty()) {
            b.claim("scope", Scopes.format(scope));
        }
        putIfPresent(b, "tenant", tenant);
        putIfPresent(b, "aud_tenant", audTenant);
        putIfPresent(b, "aud_sub", audSub);
        if (authTime != null) {
            b.claim("auth_time", authTime.getEpochSecond());
        }
        putIfPresent(b, "acr", acr);
        if (!amr.isEmpty()) {
            b.claim("amr", amr);
        }
        putIfPresent(b, "email", email);
        return b.build();
    }

    /** Shows the issuer, audience, client, resource, scope and times; not the subject's e-mail nor the {@code jti}. */
    @Override
    public String toString() {
        return "IdJagClaims[iss=" + issuer + ", aud=" + audience + ", client_id=" + clientId + ", resource=" + resource
                + ", scope=" + scope + ", iat=" + issuedAt + ", exp=" + expiresAt + "]";
    }

    /** A JWT carries NumericDates in whole seconds (nimbus writes them so): keep what the token will say. */
    private static Instant seconds(Instant time) {
        return time == null ? null : time.truncatedTo(ChronoUnit.SECONDS);
    }

    private static void putIfPresent(JWTClaimsSet.Builder b, String name, String value) {
        if (value != null) {
            b.claim(name, value);
        }
    }

    private static OAuthException claimError(String name, String problem) {
        return new OAuthException(OAuthError.invalidGrant("ID-JAG claim '" + name + "' " + problem));
    }

    private static String requiredString(Map<String, Object> claims, String name) {
        String value = optionalString(claims, name);
        if (value == null || value.isEmpty()) {
            throw claimError(name, "is missing");
        }
        return value;
    }

    private static String optionalString(Map<String, Object> claims, String name) {
        Object value = claims.get(name);
        if (value == null) {
            return null;
        }
        if (value instanceof String s) {
            return s;
        }
        throw claimError(name, "must be a string");
    }

    private static List<String> requiredStringOrArray(Map<String, Object> claims, String name) {
        List<String> values = optionalStringOrArray(claims, name);
        if (values.isEmpty()) {
            throw claimError(name, "is missing");
        }
        return values;
    }

    private static List<String> optionalStringOrArray(Map<String, Object> claims, String name) {
        Object value = claims.get(name);
        if (value == null) {
            return List.of();
        }
        if (value instanceof String s) {
            if (s.isEmpty()) {
                throw claimError(name, "must not be empty");
            }
            return List.of(s);
        }
        if (value instanceof Collection<?> list) {
            List<String> out = new ArrayList<>(list.size());
            for (Object item : list) {
                if (!(item instanceof String s) || s.isEmpty()) {
                    throw claimError(name, "must be a string or an array of non-empty strings");
                }
                out.add(s);
            }
            if (out.isEmpty()) {
                throw claimError(name, "must not be an empty array");
            }
            return out;
        }
        throw claimError(name, "must be a string or an array of strings");
    }

    private static Instant requiredTime(Map<String, Object> claims, String name) {
        Instant value = optionalTime(claims, name);
        if (value == null) {
            throw claimError(name, "is missing");
        }
        return value;
    }

    private static Instant optionalTime(Map<String, Object> claims, String name) {
        Object value = claims.get(name);
        if (value == null) {
            return null;
        }
        if (value instanceof Date d) {
            return d.toInstant();
        }
        if (value instanceof Number n) {
            double seconds = n.doubleValue();
            if (Double.isNaN(seconds) || Double.isInfinite(seconds) || Math.abs(seconds) > 1.0e13) {
                throw claimError(name, "must be a NumericDate");
            }
            return Instant.ofEpochSecond(n.longValue());
        }
        throw claimError(name, "must be a NumericDate");
    }

    /** Builder for {@link IdJagClaims}; not thread-safe. */
    public static final class Builder {
        private String issuer;
        private String subject;
        private List<String> audience = List.of();
        private String clientId;
        private String jwtId;
        private Instant expiresAt;
        private Instant issuedAt;
        private Instant notBefore;
        private List<String> resource = List.of();
        private Set<String> scope = Set.of();
        private String tenant;
        private String audTenant;
        private String audSub;
        private Instant authTime;
        private String acr;
        private List<String> amr = List.of();
        private String email;

        private Builder() {
        }

        public Builder issuer(String v) { this.issuer = v; return this; }
        public Builder subject(String v) { this.subject = v; return this; }
        public Builder audience(String v) { this.audience = List.of(v); return this; }
        public Builder audience(List<String> v) { this.audience = v; return this; }
        public Builder clientId(String v) { this.clientId = v; return this; }
        public Builder jwtId(String v) { this.jwtId = v; return this; }
        public Builder expiresAt(Instant v) { this.expiresAt = v; return this; }
        public Builder issuedAt(Instant v) { this.issuedAt = v; return this; }
        public Builder notBefore(Instant v) { this.notBefore = v; return this; }
        public Builder resource(String v) { this.resource = v == null ? List.of() : List.of(v); return this; }
        public Builder resource(List<String> v) { this.resource = v; return this; }
        public Builder scope(Collection<String> v) { this.scope = v == null ? Set.of() : new LinkedHashSet<>(v); return this; }
        public Builder tenant(String v) { this.tenant = v; return this; }
        public Builder audTenant(String v) { this.audTenant = v; return this; }
        public Builder audSub(String v) { this.audSub = v; return this; }
        public Builder authTime(Instant v) { this.authTime = v; return this; }
        public Builder acr(String v) { this.acr = v; return this; }
        public Builder amr(List<String> v) { this.amr = v; return this; }
        public Builder email(String v) { this.email = v; return this; }

        public IdJagClaims build() {
            return new IdJagClaims(issuer, subject, audience, clientId, jwtId, expiresAt, issuedAt, notBefore, resource,
                    scope, tenant, audTenant, audSub, authTime, acr, amr, email);
        }
    }
}
