package dev.xaa4j.core;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * {@code application/x-www-form-urlencoded} encoding and decoding (the HTML URL-encoded form, as RFC 6749 appendix B uses
 * it). Decoding keeps repeated parameters, so a server can reject them (RFC 6749 section 3.2: each parameter at most once).
 * Thread-safe (stateless).
 */
public final class FormParameters {

    private FormParameters() {
    }

    /** Form-urlencodes one value (UTF-8; space as {@code +}). */
    public static String encode(String value) {
        return URLEncoder.encode(Objects.requireNonNull(value, "value"), StandardCharsets.UTF_8);
    }

    /** Encodes parameters in order; {@code null} values are left out. */
    public static String encode(Map<String, String> parameters) {
        Objects.requireNonNull(parameters, "parameters");
        StringJoiner joiner = new StringJoiner("&");
        parameters.forEach((name, value) -> {
            Objects.requireNonNull(name, "parameter name");
            if (value != null) {
                joiner.add(encode(name) + "=" + encode(value));
            }
        });
        return joiner.toString();
    }

    /**
     * Decodes a form body into each name's values, in order of first appearance. Empty pairs are skipped.
     *
     * @return an unmodifiable map of unmodifiable lists, empty for {@code null} or an empty body
     * @throws OAuthException {@code invalid_request} when a percent-escape is malformed
     */
    public static Map<String, List<String>> decode(String body) {
        if (body == null || body.isEmpty()) {
            return Map.of();
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String pair : body.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                out.computeIfAbsent(URLDecoder.decode(name, StandardCharsets.UTF_8), k -> new ArrayList<>())
                        .add(URLDecoder.decode(value, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw new OAuthException(OAuthError.invalidRequest("malformed form encoding"));
            }
        }
        out.replaceAll((k, v) -> Collections.unmodifiableList(v));
        return Collections.unmodifiableMap(out);
    }
}
