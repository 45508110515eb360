package dev.xaa4j.resource.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Deep, unmodifiable copies of JSON values (maps, lists, scalars), keeping order and {@code null} values. Not public API. */
public final class ImmutableJson {

    private ImmutableJson() {
    }

    /** An unmodifiable deep copy of a JSON object. */
    public static Map<String, Object> copyOf(Map<String, ?> map) {
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(k, copyValue(v)));
        return Collections.unmodifiableMap(out);
    }

    private static Object copyValue(Object value) {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), copyValue(v)));
            return Collections.unmodifiableMap(out);
        }
        if (value instanceof Collection<?> c) {
            List<Object> out = new ArrayList<>(c.size());
            for (Object v : c) {
                out.add(copyValue(v));
            }
            return Collections.unmodifiableList(out);
        }
        return value;
    }
}
