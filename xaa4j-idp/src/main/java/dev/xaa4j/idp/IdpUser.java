package dev.xaa4j.idp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A user configured at the {@link IdentityProvider}: who signs in at the login page and becomes the {@code sub} of ID tokens
 * (OpenID Connect Core 1.0 section 2) and of ID-JAGs (draft-ietf-oauth-identity-assertion-authz-grant-04 section 3).
 *
 * <p>Without a password the login page signs the user in on a click (a test and demo IdP); with one, the password must be
 * typed. Extra claims go into the user's ID tokens; they may not replace the claims the IdP sets itself
 * ({@link #RESERVED_CLAIMS}). Immutable and thread-safe; {@link #toString()} never shows the password.
 *
 * <pre>{@code
 * IdpUser alice = IdpUser.of("alice").withEmail("alice@example.com").withPassword(secret);
 * }</pre>
 *
 * @param subject  the {@code sub}: stable, unique at this IdP
 * @param name     the display name ({@code name} claim), shown on the login page
 * @param email    the {@code email} claim, or {@code null}
 * @param password the password the login page asks for, or {@code null} for none
 * @param claims   further ID token claims (strings, numbers, booleans, lists of them), empty when none
 */
public record IdpUser(String subject, String name, String email, String password, Map<String, Object> claims) {

    /** Claims the IdP sets itself; {@link #claims()} may not hold them. */
    public static final Set<String> RESERVED_CLAIMS = Set.of("iss", "sub", "aud", "exp", "iat", "nbf", "jti", "auth_time",
            "nonce", "azp", "at_hash", "c_hash", "name", "email", "client_id", "scope", "resource");

    public IdpUser {
        Objects.requireNonNull(subject, "subject");
        if (subject.isEmpty()) {
            throw new IllegalArgumentException("subject must not be empty");
        }
        Objects.requireNonNull(name, "name");
        if (password != null && password.isEmpty()) {
            throw new IllegalArgumentException("password must not be empty (use null for none)");
        }
        Map<String, Object> copy = new LinkedHashMap<>();
        if (claims != null) {
            for (Map.Entry<String, Object> e : claims.entrySet()) {
                if (RESERVED_CLAIMS.contains(e.getKey())) {
                    throw new IllegalArgumentException("claim '" + e.getKey() + "' is set by the IdP");
                }
                if (!isJsonValue(e.getValue())) {
                    throw new IllegalArgumentException("claim '" + e.getKey() + "' must be a string, number, boolean or list");
                }
                copy.put(e.getKey(), immutable(e.getValue()));
            }
        }
        claims = Collections.unmodifiableMap(copy);
    }

    /** A user whose subject and name are {@code username}, without e-mail, password or extra claims. */
    public static IdpUser of(String username) {
        return new IdpUser(username, username, null, null, Map.of());
    }

    /** A copy with this e-mail address. */
    public IdpUser withEmail(String newEmail) {
        return new IdpUser(subject, name, newEmail, password, claims);
    }

    /** A copy with this display name. */
    public IdpUser withName(String newName) {
        return new IdpUser(subject, newName, email, password, claims);
    }

    /** A copy that must type this password at the login page. */
    public IdpUser withPassword(String newPassword) {
        return new IdpUser(subject, name, email, newPassword, claims);
    }

    /** A copy with these extra ID token claims (replacing the previous ones). */
    public IdpUser withClaims(Map<String, Object> newClaims) {
        return new IdpUser(subject, name, email, password, newClaims);
    }

    /** Whether the login page must ask for a password. */
    public boolean hasPassword() {
        return password != null;
    }

    /** Compares a typed password in constant time (over SHA-256 digests); {@code true} for a user without a password. */
    public boolean passwordMatches(String presented) {
        if (password == null) {
            return true;
        }
        if (presented == null) {
            return false;
        }
        try {
            MessageDigest a = MessageDigest.getInstance("SHA-256");
            MessageDigest b = MessageDigest.getInstance("SHA-256");
            return MessageDigest.isEqual(a.digest(password.getBytes(StandardCharsets.UTF_8)),
                    b.digest(presented.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "IdpUser[subject=" + subject + ", name=" + name + ", password=" + (password == null ? "none" : "set")
                + ", claims=" + claims.keySet() + "]";
    }

    private static boolean isJsonValue(Object value) {
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            return true;
        }
        if (value instanceof Collection<?> list) {
            return list.stream().allMatch(IdpUser::isJsonValue);
        }
        return false;
    }

    private static Object immutable(Object value) {
        if (value instanceof Collection<?> list) {
            return List.copyOf(list.stream().map(IdpUser::immutable).toList());
        }
        return value;
    }
}
