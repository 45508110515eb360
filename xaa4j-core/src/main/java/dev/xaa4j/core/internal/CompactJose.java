package dev.xaa4j.core.internal;

import java.util.regex.Pattern;

/**
 * The syntax of a compact JWS or JWE serialization (RFC 7515 section 7.1, RFC 7516 section 7.1): parts of base64url
 * without padding (RFC 7515 section 2) joined by dots. nimbus-jose-jwt decodes leniently, skipping characters outside
 * the alphabet, so that a token with a stray {@code ~}, {@code +} or {@code =} inserted still verifies: a second spelling
 * of the same token, which a deny-list or cache keyed by the token string would not know. Check this before parsing.
 *
 * <p>Not part of the public API. Thread-safe (stateless).
 */
public final class CompactJose {

    private static final Pattern PARTS = Pattern.compile("[A-Za-z0-9_-]*(?:\\.[A-Za-z0-9_-]*)*");

    private CompactJose() {
    }

    /** Whether every dot-separated part of the text is base64url without padding (an empty part included). */
    public static boolean hasBase64UrlParts(String compact) {
        return compact != null && PARTS.matcher(compact).matches();
    }
}
