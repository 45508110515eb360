package dev.xaa4j.core;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * The OAuth {@code scope} syntax (RFC 6749 section 3.3): space-separated, case-sensitive, order irrelevant.
 *
 * <p>{@link #parse(String)} is lenient (it splits on spaces and checks no characters), so that scopes sent by a remote party
 * survive a parse and format round trip; {@link #isValidToken(String)} checks the strict syntax. Thread-safe (stateless).
 */
public final class Scopes {

    private Scopes() {
    }

    /**
     * Splits a scope string into its values, in order, without duplicates.
     *
     * @return an unmodifiable set, empty for {@code null} or a blank string
     */
    public static Set<String> parse(String scope) {
        if (scope == null || scope.isBlank()) {
            return Set.of();
        }
        Set<String> out = new LinkedHashSet<>();
        for (String part : scope.trim().split(" +")) {
            if (!part.isEmpty()) {
                out.add(part);
            }
        }
        return Collections.unmodifiableSet(out);
    }

    /**
     * Joins scope values with single spaces.
     *
     * @return the scope string, or {@code null} when there are none
     * @throws NullPointerException     when a value is {@code null}
     * @throws IllegalArgumentException when a value is empty or contains a space (it would not parse back as one value)
     */
    public static String format(Collection<String> scopes) {
        if (scopes == null || scopes.isEmpty()) {
            return null;
        }
        for (String value : scopes) {
            Objects.requireNonNull(value, "scope value");
            if (value.isEmpty() || value.indexOf(' ') >= 0) {
                throw new IllegalArgumentException("a scope value must be non-empty and contain no space");
            }
        }
        return String.join(" ", scopes);
    }

    /**
     * Checks that a value is a valid scope token: one or more of {@code %x21 / %x23-5B / %x5D-7E}.
     */
    public static boolean isValidToken(String token) {
        if (token == null || token.isEmpty()) {
            return false;
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (!(c == 0x21 || (c >= 0x23 && c <= 0x5B) || (c >= 0x5D && c <= 0x7E))) {
                return false;
            }
        }
        return true;
    }
}
