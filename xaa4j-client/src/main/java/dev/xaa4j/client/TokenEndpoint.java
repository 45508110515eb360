package dev.xaa4j.client;

import dev.xaa4j.client.XaaClientException.Step;
import dev.xaa4j.client.internal.HttpResult;
import dev.xaa4j.client.internal.HttpTransport;
import dev.xaa4j.client.internal.TokenResponses;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One token endpoint with the client's authentication there: adds the authentication to a request, posts it and returns
 * the JSON of the 200 answer. Shared by {@link TokenExchangeClient} and {@link JwtBearerClient}. Immutable, thread-safe.
 */
final class TokenEndpoint {

    private final URI uri;
    private final String issuer;
    private final ClientAuthentication authentication;
    private final HttpTransport http;
    private final String what;

    /**
     * @param issuer the server's issuer (the {@code aud} of client assertions), or {@code null} to use the endpoint URL
     * @param what   names the endpoint in errors, for example "IdP token endpoint"
     */
    TokenEndpoint(URI uri, String issuer, ClientAuthentication authentication, HttpOptions options, String what) {
        this.uri = Objects.requireNonNull(uri, "tokenEndpoint");
        if (!uri.isAbsolute()) {
            throw new IllegalArgumentException("token endpoint must be an absolute URL");
        }
        this.issuer = issuer;
        this.authentication = Objects.requireNonNull(authentication, "clientAuthentication");
        this.http = new HttpTransport(Objects.requireNonNull(options, "httpOptions"));
        this.what = what;
    }

    URI uri() {
        return uri;
    }

    String issuer() {
        return issuer;
    }

    ClientAuthentication authentication() {
        return authentication;
    }

    /** Posts the grant parameters (in order, {@code null} values left out) with the client authentication. */
    Map<String, Object> post(Map<String, String> parameters, Step step) {
        Map<String, String> form = new LinkedHashMap<>(parameters);
        Map<String, String> headers = new LinkedHashMap<>();
        authentication.applyTo(form, headers, issuer != null ? issuer : uri.toString());
        HttpResult result = http.postForm(uri, form, headers, step, what);
        return TokenResponses.successJson(result, step, what);
    }
}
