package dev.xaa4j.client.internal;

import dev.xaa4j.core.Scopes;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Checks of caller arguments; misuse throws {@link NullPointerException} or {@link IllegalArgumentException} whose
 * messages never show a token. Not part of the public API. Stateless.
 */
public final class Arguments {

    private Arguments() {
    }

    /** Requires a non-null, non-empty string. */
    public static String requireText(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isEmpty()) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
        return value;
    }

    /** Copies scope values in order, each a valid scope token (RFC 6749 section 3.3); {@code null} means none. */
    public static Set<String> scopes(Collection<String> scopes) {
        Set<String> out = new LinkedHashSet<>();
        if (scopes != null) {
            for (String s : scopes) {
                if (!Scopes.isValidToken(s)) {
                    throw new IllegalArgumentException("invalid scope value (RFC 6749 section 3.3): '" + s + "'");
                }
                out.add(s);
            }
        }
        return out;
    }

    /** Requires an absolute URI without a fragment (RFC 8707 section 2). */
    public static String requireResourceIdentifier(String resource) {
        Objects.requireNonNull(resource, "resource");
        URI uri;
        try {
            uri = new URI(resource);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("resource is not a URI (RFC 8707 section 2)");
        }
        if (!uri.isAbsolute() || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("resource must be an absolute URI without a fragment (RFC 8707 section 2)");
        }
        return resource;
    }
}
