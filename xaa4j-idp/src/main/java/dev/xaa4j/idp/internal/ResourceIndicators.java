package dev.xaa4j.idp.internal;

import java.net.URI;
import java.net.URISyntaxException;

/** The syntax of a {@code resource} parameter (RFC 8707 section 2): an absolute URI without a fragment. Stateless. */
public final class ResourceIndicators {

    private ResourceIndicators() {
    }

    /** Whether the value is an absolute URI without a fragment. */
    public static boolean isValid(String value) {
        if (value == null) {
            return false;
        }
        try {
            URI uri = new URI(value);
            return uri.isAbsolute() && uri.getRawFragment() == null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
