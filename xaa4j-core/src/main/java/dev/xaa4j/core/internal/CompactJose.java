package dev.xaa4j.core.internal;

/**
 * The syntax of a compact JWS or JWE serialization (RFC 7515 section 7.1, RFC 7516 section 7.1): parts of base64url
 * without padding (RFC 7515 section 2) joined by dots. nimbus-jose-jwt decodes leniently, skipping characters outside
 * the alphabet, so that a token with a stray {@code ~}, {@code +} or {@code =} inserted still verifies: a second spelling
 * of the same token, which a deny-list or cache keyed by the token string would not know. Check this before parsing.
 *
 * <p>Not part of the public API. Thread-safe (stateless).
 */
public final class CompactJose {

    /** The allowed characters, by code: base64url's alphabet and the dot. */
    private static final boolean[] ALLOWED = new boolean[128];

    static {
        for (char c = 'A'; c <= 'Z'; c++) {
            ALLOWED[c] = true;
            ALLOWED[Character.toLowerCase(c)] = true;
        }
        for (char c = '0'; c <= '9'; c++) {
            ALLOWED[c] = true;
        }
        ALLOWED['-'] = true;
        ALLOWED['_'] = true;
        ALLOWED['.'] = true;
    }

    private CompactJose() {
    }

    /**
     * Whether every dot-separated part of the text is base64url without padding (an empty part included): the text is
     * made of {@code A-Z a-z 0-9 - _} and dots only. A table lookup per character, not a regular expression: it runs on
     * every token a server receives, and the expression cost several microseconds per token.
     */
    public static boolean hasBase64UrlParts(String compact) {
        if (compact == null) {
            return false;
        }
        for (int i = 0, n = compact.length(); i < n; i++) {
            char c = compact.charAt(i);
            if (c >= ALLOWED.length || !ALLOWED[c]) {
                return false;
            }
        }
        return true;
    }
}
