package dev.xaa4j.core;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * The transport rule of PROTOCOL.md section 7: every endpoint is HTTPS, except loopback hosts ({@code localhost},
 * {@code 127.0.0.0/8}, {@code [::1]}), which may use plain HTTP.
 *
 * <p>Host names are compared as written; nothing is resolved, so {@code http://localhost.example.com} is not loopback.
 * Thread-safe (stateless).
 */
public final class SecureTransport {

    private SecureTransport() {
    }

    /** Whether the URL's host is a loopback name or literal, without any DNS lookup. */
    public static boolean isLoopback(URI uri) {
        if (uri == null || uri.getHost() == null) {
            return false;
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (host.equals("localhost")) {
            return true;
        }
        if (host.equals("[::1]") || host.equals("::1") || host.equals("[0:0:0:0:0:0:0:1]")) {
            return true;
        }
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4 || !parts[0].equals("127")) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit) || Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }

    /** Whether the URL may be used: {@code https}, or {@code http} to a loopback host. */
    public static boolean isAllowed(URI uri) {
        if (uri == null || !uri.isAbsolute() || uri.getHost() == null) {
            return false;
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        return scheme.equals("https") || (scheme.equals("http") && isLoopback(uri));
    }

    /**
     * Checks {@link #isAllowed(URI)}.
     *
     * @param what names the endpoint in the error, for example "IdP token endpoint"
     * @throws InsecureEndpointException when the URL is not allowed; the message names the endpoint and shows only the URL's
     *                                   scheme and host (never its user info, path, query or fragment, which may carry secrets)
     */
    public static URI require(URI uri, String what) {
        Objects.requireNonNull(what, "what");
        if (!isAllowed(uri)) {
            String shown = uri == null ? "null" : uri.getScheme() + "://" + uri.getHost();
            throw new InsecureEndpointException(what + " must use https (http is allowed only for loopback hosts): " + shown);
        }
        return uri;
    }
}
