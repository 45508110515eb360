package dev.xaa4j.core.internal;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * JSON reading and writing for xaa4j's own types, on the JSON support that nimbus-jose-jwt ships (no further dependency).
 *
 * <p>Not part of the public API. Parse errors become {@link IllegalArgumentException} without the input in the message.
 * Thread-safe (stateless).
 */
public final class Json {

    private Json() {
    }

    /**
     * Parses a JSON object; numbers come back as {@code Long} or {@code Double}, arrays as {@code List}.
     *
     * <p>The text must start with an opening brace (after JSON whitespace): the Gson inside nimbus would otherwise read a
     * top-level array of {@code [name, value]} pairs, such as {@code [["error","invalid_grant"]]}, as an object.
     */
    public static Map<String, Object> parseObject(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty body, expected a JSON object");
        }
        if (!startsWithObject(text)) {
            throw new IllegalArgumentException("not a JSON object");
        }
        try {
            Map<String, Object> map = JSONObjectUtils.parse(text);
            if (map == null) {
                throw new IllegalArgumentException("not a JSON object");
            }
            return map;
        } catch (ParseException | RuntimeException e) {
            throw new IllegalArgumentException("not a JSON object");
        }
    }

    private static boolean startsWithObject(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return c == '{';
            }
        }
        return false;
    }

    /** Serializes a map of strings, numbers, booleans, lists and maps. */
    public static String write(Map<String, ?> map) {
        return JSONObjectUtils.toJSONString(map);
    }

    /**
     * Reads an optional string member.
     *
     * @throws IllegalArgumentException naming the member when it is present but not a string
     */
    public static String optString(Map<String, Object> json, String name) {
        Object value = json.get(name);
        if (value == null) {
            return null;
        }
        if (value instanceof String s) {
            return s;
        }
        throw new IllegalArgumentException("'" + name + "' must be a string");
    }

    /**
     * Reads an optional array of strings.
     *
     * @return the strings (unmodifiable), or an empty list when the member is absent
     * @throws IllegalArgumentException naming the member when it is present but not an array of strings
     */
    public static List<String> optStringList(Map<String, Object> json, String name) {
        Object value = json.get(name);
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> list) {
            List<String> out = new ArrayList<>(list.size());
            for (Object item : list) {
                if (!(item instanceof String s)) {
                    throw new IllegalArgumentException("'" + name + "' must be an array of strings");
                }
                out.add(s);
            }
            return Collections.unmodifiableList(out);
        }
        throw new IllegalArgumentException("'" + name + "' must be an array of strings");
    }

    /**
     * Reads an optional non-negative integer member.
     *
     * @return the value, or {@code null} when absent
     * @throws IllegalArgumentException naming the member when present but not a non-negative integer
     */
    public static Long optNonNegativeLong(Map<String, Object> json, String name) {
        Object value = json.get(name);
        if (value == null) {
            return null;
        }
        if (value instanceof Long l && l >= 0) {
            return l;
        }
        if (value instanceof Integer i && i >= 0) {
            return i.longValue();
        }
        if (value instanceof Double d && d >= 0 && d == Math.rint(d) && d < 9.0e15) {
            return d.longValue();
        }
        throw new IllegalArgumentException("'" + name + "' must be a non-negative integer");
    }
}
