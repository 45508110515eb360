package dev.xaa4j.core;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;

/**
 * Compares resource identifiers (RFC 8707, RFC 9728) with MCP server URLs.
 *
 * <p>The rule, shared with the MCP TypeScript SDK: a protected resource metadata {@code resource} identifies the server being
 * called when both have the same origin (scheme and host compared case-insensitively, default ports made explicit) and the
 * resource's path is, segment by segment, a prefix of the server URL's path. So {@code https://h/mcp} identifies
 * {@code https://h/mcp} and {@code https://h/mcp/sub}, and {@code https://h} identifies every path on {@code h}; it does not
 * identify {@code https://h/mcp2}, another host, another port or another scheme. Dot segments ({@code .}, {@code ..}) are
 * resolved before comparing (RFC 3986 section 5.2.4), so {@code https://h/mcp} does not identify
 * {@code https://h/mcp/../admin}. Fragments are never allowed; queries must be equal when the resource has one.
 * Thread-safe (stateless).
 */
public final class ResourceIdentifiers {

    private ResourceIdentifiers() {
    }

    /** Whether {@code resource} identifies the server at {@code serverUrl} (see the class comment). */
    public static boolean identifies(String resource, URI serverUrl) {
        Objects.requireNonNull(serverUrl, "serverUrl");
        URI r = parse(resource);
        if (r == null || r.getHost() == null || serverUrl.getHost() == null) {
            return false;
        }
        URI server = serverUrl.normalize();
        if (!origin(r).equals(origin(server))) {
            return false;
        }
        if (r.getRawQuery() != null && !r.getRawQuery().equals(server.getRawQuery())) {
            return false;
        }
        String rp = trimSlash(r.getRawPath());
        String sp = trimSlash(server.getRawPath());
        return rp.isEmpty() || sp.equals(rp) || sp.startsWith(rp + "/");
    }

    /**
     * Whether two resource identifiers are the same resource: same origin (as above) and the same path after resolving dot
     * segments, ignoring a terminating slash; queries equal. An absolute URI without a host (a URN) is compared character
     * for character. A relative reference, a string that is not a URI, or one with a fragment is never the same as anything
     * (RFC 8707 section 2). Used by servers matching a requested {@code resource} against their configuration.
     */
    public static boolean same(String a, String b) {
        URI ua = parse(a);
        URI ub = parse(b);
        if (ua == null || ub == null) {
            return false;
        }
        if (ua.getHost() == null || ub.getHost() == null) {
            return a.equals(b);
        }
        return origin(ua).equals(origin(ub))
                && trimSlash(ua.getRawPath()).equals(trimSlash(ub.getRawPath()))
                && Objects.equals(ua.getRawQuery(), ub.getRawQuery());
    }

    /** An absolute URI without fragment, with dot segments resolved; {@code null} for anything else. */
    private static URI parse(String value) {
        if (value == null) {
            return null;
        }
        try {
            URI uri = new URI(value);
            return uri.isAbsolute() && uri.getRawFragment() == null ? uri.normalize() : null;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static String origin(URI uri) {
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort();
        if (port == -1) {
            port = scheme.equals("https") ? 443 : scheme.equals("http") ? 80 : -1;
        }
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
    }

    private static String trimSlash(String path) {
        if (path == null) {
            return "";
        }
        String p = path;
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }
}
