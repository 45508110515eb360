package dev.xaa4j.core;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Builds the well-known metadata URLs that MCP discovery tries, in the order the MCP authorization specification gives.
 *
 * <p>The well-known segment is <em>inserted</em> between the host and the path (RFC 8414 section 3.1, RFC 9728 section 3.1),
 * unlike nimbus's {@code resolveURL}, which appends it. A terminating {@code /} of the path is removed first; a query is
 * kept after the path. Thread-safe (stateless).
 */
public final class DiscoveryUris {

    /** RFC 9728 well-known suffix. */
    public static final String PROTECTED_RESOURCE = "/.well-known/oauth-protected-resource";
    /** RFC 8414 well-known suffix. */
    public static final String OAUTH_AUTHORIZATION_SERVER = "/.well-known/oauth-authorization-server";
    /** OpenID Connect Discovery 1.0 well-known suffix. */
    public static final String OPENID_CONFIGURATION = "/.well-known/openid-configuration";

    private DiscoveryUris() {
    }

    /**
     * Protected resource metadata locations for an MCP server URL: the path-inserted one when the URL has a path, then the
     * root. Example: {@code https://h/public/mcp} -> {@code https://h/.well-known/oauth-protected-resource/public/mcp},
     * {@code https://h/.well-known/oauth-protected-resource}.
     *
     * @throws IllegalArgumentException when the server URL is not an absolute http(s) URL with a host
     */
    public static List<URI> protectedResourceMetadata(URI serverUrl) {
        requireHttpUrl(Objects.requireNonNull(serverUrl, "serverUrl"), "serverUrl");
        String suffix = pathAndQuery(serverUrl);
        List<URI> out = new ArrayList<>(2);
        if (!suffix.isEmpty()) {
            out.add(URI.create(origin(serverUrl) + PROTECTED_RESOURCE + suffix));
        }
        out.add(URI.create(origin(serverUrl) + PROTECTED_RESOURCE));
        return List.copyOf(out);
    }

    /**
     * Authorization server metadata locations for an issuer, in MCP order. With a path ({@code https://a/t1}):
     * {@code https://a/.well-known/oauth-authorization-server/t1}, {@code https://a/.well-known/openid-configuration/t1},
     * {@code https://a/t1/.well-known/openid-configuration}. Without a path: {@code /.well-known/oauth-authorization-server},
     * then {@code /.well-known/openid-configuration}.
     *
     * @throws IllegalArgumentException when the issuer is not an absolute http(s) URL without query or fragment
     */
    public static List<URI> authorizationServerMetadata(String issuer) {
        URI uri = issuerUri(issuer);
        String path = pathAndQuery(uri);
        String origin = origin(uri);
        if (path.isEmpty()) {
            return List.of(URI.create(origin + OAUTH_AUTHORIZATION_SERVER), URI.create(origin + OPENID_CONFIGURATION));
        }
        return List.of(
                URI.create(origin + OAUTH_AUTHORIZATION_SERVER + path),
                URI.create(origin + OPENID_CONFIGURATION + path),
                URI.create(origin + path + OPENID_CONFIGURATION));
    }

    /**
     * Metadata locations for an IdP issuer: OpenID Connect's appended location first (IdPs are OpenID providers), then the
     * RFC 8414 inserted locations. Without a path: {@code /.well-known/openid-configuration}, then
     * {@code /.well-known/oauth-authorization-server}.
     */
    public static List<URI> identityProviderMetadata(String issuer) {
        URI uri = issuerUri(issuer);
        String path = pathAndQuery(uri);
        String origin = origin(uri);
        if (path.isEmpty()) {
            return List.of(URI.create(origin + OPENID_CONFIGURATION), URI.create(origin + OAUTH_AUTHORIZATION_SERVER));
        }
        return List.of(
                URI.create(origin + path + OPENID_CONFIGURATION),
                URI.create(origin + OAUTH_AUTHORIZATION_SERVER + path),
                URI.create(origin + OPENID_CONFIGURATION + path));
    }

    private static URI issuerUri(String issuer) {
        Objects.requireNonNull(issuer, "issuer");
        URI uri;
        try {
            uri = new URI(issuer);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("issuer is not a URL");
        }
        requireHttpUrl(uri, "issuer");
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("issuer must not have a query or fragment (RFC 8414 section 2)");
        }
        return uri;
    }

    private static void requireHttpUrl(URI uri, String name) {
        String scheme = uri.getScheme();
        if (!uri.isAbsolute() || uri.getRawAuthority() == null
                || !("https".equalsIgnoreCase(scheme) || "http".equalsIgnoreCase(scheme))) {
            throw new IllegalArgumentException(name + " must be an absolute http(s) URL");
        }
    }

    private static String origin(URI uri) {
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }

    /** The raw path without a terminating slash ("" for none or "/"), followed by "?query" when there is one. */
    private static String pathAndQuery(URI uri) {
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (uri.getRawQuery() != null) {
            path = path + "?" + uri.getRawQuery();
        }
        return path;
    }
}
