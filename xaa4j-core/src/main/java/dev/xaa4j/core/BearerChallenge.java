package dev.xaa4j.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@code Bearer} challenge of a {@code WWW-Authenticate} header (RFC 6750 section 3, with RFC 9728 section 5.1's
 * {@code resource_metadata}).
 *
 * <p>{@link #parse(List)} reads every challenge of every header value (RFC 9110 section 11.6.1): several challenges in one
 * header and several headers, scheme and parameter names case-insensitive, optional whitespace, quoted strings with
 * backslash escapes, token68 credentials of other schemes. It never throws on malformed input: a header value that does not
 * parse contributes no challenge. {@link #toHeaderValue()} formats a challenge for a resource server. Immutable and
 * thread-safe.
 *
 * @param resourceMetadata  {@code resource_metadata}, the RFC 9728 metadata URL, or {@code null}
 * @param scope             {@code scope}, or {@code null}
 * @param error             {@code error}, for example {@code invalid_token} or {@code insufficient_scope}, or {@code null}
 * @param errorDescription  {@code error_description}, or {@code null}
 * @param errorUri          {@code error_uri}, or {@code null}
 * @param realm             {@code realm}, or {@code null}
 */
public record BearerChallenge(
        String resourceMetadata, String scope, String error, String errorDescription, String errorUri, String realm) {

    /** A challenge with only {@code resource_metadata} (and an optional {@code scope}), as sent with a 401 for no token. */
    public static BearerChallenge of(String resourceMetadata, String scope) {
        return new BearerChallenge(resourceMetadata, scope, null, null, null, null);
    }

    /**
     * Finds the first {@code Bearer} challenge among the values of all {@code WWW-Authenticate} headers.
     *
     * @param headerValues the header values, possibly empty; {@code null} elements are skipped
     */
    public static Optional<BearerChallenge> parse(List<String> headerValues) {
        for (Challenge c : parseAll(headerValues)) {
            if (c.scheme().equalsIgnoreCase("Bearer")) {
                Map<String, String> p = c.params();
                return Optional.of(new BearerChallenge(p.get("resource_metadata"), p.get("scope"), p.get("error"),
                        p.get("error_description"), p.get("error_uri"), p.get("realm")));
            }
        }
        return Optional.empty();
    }

    /** Finds the first {@code Bearer} challenge in one header value. */
    public static Optional<BearerChallenge> parse(String headerValue) {
        return parse(headerValue == null ? List.of() : List.of(headerValue));
    }

    /**
     * Parses every challenge of every header value, in order. A value that does not follow RFC 9110's grammar contributes
     * nothing; the others are still read.
     */
    public static List<Challenge> parseAll(List<String> headerValues) {
        List<Challenge> out = new ArrayList<>();
        if (headerValues == null) {
            return out;
        }
        for (String value : headerValues) {
            if (value == null) {
                continue;
            }
            List<Challenge> parsed = new Parser(value).parse();
            if (parsed != null) {
                out.addAll(parsed);
            }
        }
        return out;
    }

    /** The scope values of {@link #scope()}, empty when absent. */
    public java.util.Set<String> scopes() {
        return Scopes.parse(scope);
    }

    /** Whether {@code error} is {@code insufficient_scope}. */
    public boolean isInsufficientScope() {
        return OAuthError.INSUFFICIENT_SCOPE.equals(error);
    }

    /**
     * Formats the challenge as a header value, {@code Bearer} followed by the parameters present, each quoted. Control
     * characters in values are replaced by spaces, so a value cannot split the header, and characters outside US-ASCII by
     * {@code ?} (RFC 6750 section 3 allows only printable ASCII; servers would otherwise truncate them to arbitrary bytes).
     */
    public String toHeaderValue() {
        StringBuilder sb = new StringBuilder("Bearer");
        String sep = " ";
        String[][] params = {
            {"realm", realm}, {"resource_metadata", resourceMetadata}, {"scope", scope}, {"error", error},
            {"error_description", errorDescription}, {"error_uri", errorUri}};
        for (String[] p : params) {
            if (p[1] != null) {
                sb.append(sep).append(p[0]).append("=\"").append(quote(p[1])).append('"');
                sep = ", ";
            }
        }
        return sb.toString();
    }

    private static String quote(String value) {
        StringBuilder sb = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f) {
                sb.append(' ');
            } else if (c > 0x7f) {
                if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++; // one code point, one '?'
                }
                sb.append('?');
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /**
     * One challenge of any scheme.
     *
     * @param scheme  the auth-scheme as sent
     * @param params  auth-params with lower-cased names, in order (empty for a token68 challenge)
     * @param token68 the token68 credential, or {@code null}
     */
    public record Challenge(String scheme, Map<String, String> params, String token68) {
        public Challenge {
            Objects.requireNonNull(scheme, "scheme");
            Objects.requireNonNull(params, "params");
            params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        }
    }

    /** RFC 9110 section 11.6.1 challenge list parser over one header value; returns null on a syntax error. */
    private static final class Parser {
        private final String s;
        private int i;

        Parser(String s) {
            this.s = s;
        }

        List<Challenge> parse() {
            List<Challenge> out = new ArrayList<>();
            while (true) {
                skipWhitespaceAndCommas();
                if (i >= s.length()) {
                    return out;
                }
                String scheme = token();
                if (scheme.isEmpty()) {
                    return null;
                }
                Map<String, String> params = new LinkedHashMap<>();
                String token68 = null;
                int afterScheme = i;
                skipSpaces();
                if (i > afterScheme || i >= s.length()) {
                    String t68 = tryToken68();
                    if (t68 != null) {
                        token68 = t68;
                    } else if (!params(params)) {
                        return null;
                    }
                } else if (s.charAt(i) != ',') {
                    return null;
                }
                out.add(new Challenge(scheme, params, token68));
            }
        }

        /** Reads auth-params until the end or the start of the next challenge; false on a syntax error. */
        private boolean params(Map<String, String> params) {
            while (true) {
                int start = i;
                skipWhitespaceAndCommas();
                if (i >= s.length()) {
                    return true;
                }
                int nameStart = i;
                String name = token();
                if (name.isEmpty()) {
                    return false;
                }
                skipSpaces();
                if (i < s.length() && s.charAt(i) == '=') {
                    i++;
                    skipSpaces();
                    String value;
                    if (i < s.length() && s.charAt(i) == '"') {
                        value = quotedString();
                        if (value == null) {
                            return false;
                        }
                    } else {
                        value = token();
                        if (value.isEmpty()) {
                            return false;
                        }
                    }
                    String key = name.toLowerCase(Locale.ROOT);
                    if (params.containsKey(key)) {
                        return false;
                    }
                    params.put(key, value);
                    skipSpaces();
                    if (i < s.length() && s.charAt(i) != ',') {
                        return false;
                    }
                } else {
                    // A token not followed by '=': the scheme of the next challenge.
                    if (start == nameStart) {
                        return false;
                    }
                    i = nameStart;
                    return true;
                }
            }
        }

        /** A token68 credential followed by the end or a comma, or null (position unchanged). */
        private String tryToken68() {
            int start = i;
            while (i < s.length() && isToken68Char(s.charAt(i))) {
                i++;
            }
            if (i == start) {
                return null;
            }
            while (i < s.length() && s.charAt(i) == '=') {
                i++;
            }
            int end = i;
            skipSpaces();
            if (i >= s.length() || s.charAt(i) == ',') {
                return s.substring(start, end);
            }
            i = start;
            return null;
        }

        private String quotedString() {
            StringBuilder sb = new StringBuilder();
            i++; // opening quote
            while (i < s.length()) {
                char c = s.charAt(i++);
                if (c == '"') {
                    return sb.toString();
                }
                if (c == '\\') {
                    if (i >= s.length()) {
                        return null;
                    }
                    c = s.charAt(i++);
                }
                sb.append(c);
            }
            return null;
        }

        private String token() {
            int start = i;
            while (i < s.length() && isTchar(s.charAt(i))) {
                i++;
            }
            return s.substring(start, i);
        }

        private void skipSpaces() {
            while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
                i++;
            }
        }

        private void skipWhitespaceAndCommas() {
            while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t' || s.charAt(i) == ',')) {
                i++;
            }
        }

        private static boolean isTchar(char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
        }

        private static boolean isToken68Char(char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~+/".indexOf(c) >= 0;
        }
    }
}
