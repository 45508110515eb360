package dev.xaa4j.idp;

import dev.xaa4j.core.SecureTransport;
import dev.xaa4j.server.RegisteredClient;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Objects;

/**
 * A client registered at the {@link IdentityProvider}: its token endpoint registration (id, authentication method,
 * credentials) and the redirect URIs its authorization requests may use (RFC 6749 section 3.1.2, OpenID Connect Core 1.0
 * section 3.1.2.1).
 *
 * <p>Redirect URIs are compared with the request's {@code redirect_uri} character for character. Each must be an absolute
 * URI without a fragment; {@code http} only for loopback hosts; private-use schemes (RFC 8252 section 7.1) are allowed.
 * A client with no redirect URI can still use token exchange and refresh, but not the authorization endpoint.
 * Immutable and thread-safe; {@link #toString()} never shows the secret.
 *
 * <pre>{@code
 * IdpClient web = IdpClient.of(RegisteredClient.withSecret("mcp-client", secret), "http://127.0.0.1:8080/callback");
 * }</pre>
 *
 * @param registration the client's id, authentication methods and credentials
 * @param redirectUris the registered redirect URIs, in order
 */
public record IdpClient(RegisteredClient registration, List<String> redirectUris) {

    public IdpClient {
        Objects.requireNonNull(registration, "registration");
        redirectUris = List.copyOf(Objects.requireNonNull(redirectUris, "redirectUris"));
        for (String uri : redirectUris) {
            checkRedirectUri(uri);
        }
    }

    /** A client with these redirect URIs (none for a client that only exchanges tokens). */
    public static IdpClient of(RegisteredClient registration, String... redirectUris) {
        return new IdpClient(registration, List.of(redirectUris));
    }

    /** The client's id. */
    public String clientId() {
        return registration.clientId();
    }

    /** Whether {@code redirectUri} is one of the registered ones, compared exactly. */
    public boolean hasRedirectUri(String redirectUri) {
        return redirectUri != null && redirectUris.contains(redirectUri);
    }

    private static void checkRedirectUri(String value) {
        URI uri;
        try {
            uri = new URI(Objects.requireNonNull(value, "redirect URI"));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("redirect URI is not a URI: " + value);
        }
        if (!uri.isAbsolute() || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("redirect URI must be absolute and without a fragment: " + value);
        }
        String scheme = uri.getScheme();
        if (("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme)) && !SecureTransport.isAllowed(uri)) {
            throw new IllegalArgumentException("redirect URI must use https (http only for loopback hosts): " + value);
        }
    }
}
