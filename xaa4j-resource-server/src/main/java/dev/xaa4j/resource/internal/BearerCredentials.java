package dev.xaa4j.resource.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the access token from the {@code Authorization} request header (RFC 6750 section 2.1), the only method the
 * resource server accepts. Not public API.
 *
 * @param token    the b64token, or {@code null}
 * @param absent   true when no {@code Authorization: Bearer} credential was sent at all (another scheme counts as absent)
 * @param problem  why the header is malformed (no token value in it), or {@code null}
 */
public record BearerCredentials(String token, boolean absent, String problem) {

    // credentials = "Bearer" 1*SP b64token; b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
    private static final Pattern BEARER = Pattern.compile("(?i:bearer)(?: +(\\S.*?))?\\s*");
    private static final Pattern B64TOKEN = Pattern.compile("[A-Za-z0-9._~+/-]+=*");

    /** Reads the credentials from the values of every {@code Authorization} header. */
    public static BearerCredentials read(Enumeration<String> headerValues) {
        List<String> values = headerValues == null ? List.of() : new ArrayList<>(Collections.list(headerValues));
        List<String> bearer = new ArrayList<>();
        for (String v : values) {
            String trimmed = v.strip();
            if (trimmed.regionMatches(true, 0, "Bearer", 0, 6) && (trimmed.length() == 6 || trimmed.charAt(6) == ' ')) {
                bearer.add(trimmed);
            }
        }
        if (bearer.isEmpty()) {
            return new BearerCredentials(null, true, null);
        }
        if (values.size() > 1) {
            return malformed("more than one Authorization header");
        }
        Matcher m = BEARER.matcher(bearer.get(0));
        if (!m.matches() || m.group(1) == null) {
            return malformed("the Bearer credentials carry no token");
        }
        String token = m.group(1);
        if (!B64TOKEN.matcher(token).matches()) {
            return malformed("the Bearer credentials are not a single b64token");
        }
        return new BearerCredentials(token, false, null);
    }

    private static BearerCredentials malformed(String problem) {
        return new BearerCredentials(null, false, problem);
    }

    @Override
    public String toString() {
        return "BearerCredentials[absent=" + absent + ", problem=" + problem + "]";
    }
}
