package dev.xaa4j.idp.internal;

import java.util.regex.Pattern;

/**
 * Proof Key for Code Exchange (RFC 7636) with the {@code S256} method only; {@code plain} is refused. Stateless.
 */
public final class Pkce {

    /** The only method accepted. */
    public static final String S256 = "S256";

    private static final Pattern VERIFIER = Pattern.compile("[A-Za-z0-9._~-]{43,128}");
    private static final Pattern S256_CHALLENGE = Pattern.compile("[A-Za-z0-9_-]{43}");

    private Pkce() {
    }

    /** Whether the value has the syntax of a {@code code_verifier} (RFC 7636 section 4.1). */
    public static boolean isValidVerifier(String verifier) {
        return verifier != null && VERIFIER.matcher(verifier).matches();
    }

    /** Whether the value is what S256 produces: 43 base64url characters (RFC 7636 section 4.2). */
    public static boolean isValidChallenge(String challenge) {
        return challenge != null && S256_CHALLENGE.matcher(challenge).matches();
    }

    /** Whether {@code BASE64URL(SHA256(verifier))} equals the challenge (RFC 7636 section 4.6), in constant time. */
    public static boolean matches(String verifier, String challenge) {
        return isValidVerifier(verifier) && RandomTokens.constantTimeEquals(RandomTokens.sha256(verifier), challenge);
    }
}
