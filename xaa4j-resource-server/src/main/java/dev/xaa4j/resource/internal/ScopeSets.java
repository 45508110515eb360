package dev.xaa4j.resource.internal;

import dev.xaa4j.core.Scopes;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/** Checked, ordered, unmodifiable copies of configured scope sets. Not public API. */
public final class ScopeSets {

    private ScopeSets() {
    }

    /**
     * Copies scopes in order, checking each is a valid scope token.
     *
     * @throws IllegalArgumentException when one is not (RFC 6749 section 3.3)
     */
    public static Set<String> validCopy(Collection<String> scopes) {
        Objects.requireNonNull(scopes, "scopes");
        Set<String> out = new LinkedHashSet<>();
        for (String s : scopes) {
            if (!Scopes.isValidToken(s)) {
                throw new IllegalArgumentException("not a valid scope token (RFC 6749 section 3.3): '" + s + "'");
            }
            out.add(s);
        }
        return Collections.unmodifiableSet(out);
    }
}
