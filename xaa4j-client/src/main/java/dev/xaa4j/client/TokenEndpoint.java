package dev.xaa4j.client;

import dev.xaa4j.client.XaaClientException.Step;
import dev.xaa4j.client.internal.HttpResult;
import dev.xaa4j.client.internal.HttpTransport;
import dev.xaa4j.client.internal.TokenResponses;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * One token endpoint with the client's authentication there: adds the authentication to a request, posts it and returns
 * the JSON of the 200 answer. Shared by {@link TokenExchangeClient} and {@link JwtBearerClient}. Immutable, thread-safe.
 */
final class TokenEndpoint {

    /** The request parameters that carry a credential. */
    private static final List<String> CREDENTIAL_PARAMETERS = List.of(
            "subject_token", "assertion", "refresh_token", "client_secret", "client_assertion");

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

    /**
     * Posts the grant parameters (in order, {@code null} values left out) with the client authentication, and reads the
     * JSON of the 200 answer with {@code reader}. An error of the request or the reader names none of the credentials
     * sent, even when the server echoes one ({@link XaaClientException#redacting}).
     */
    <T> T post(Map<String, String> parameters, Step step, Function<Map<String, Object>, T> reader) {
        Map<String, String> form = new LinkedHashMap<>(parameters);
        Map<String, String> headers = new LinkedHashMap<>();
        authentication.applyTo(form, headers, issuer != null ? issuer : uri.toString());
        try {
            HttpResult result = http.postForm(uri, form, headers, step, what);
            return reader.apply(TokenResponses.successJson(result, step, what));
        } catch (XaaClientException e) {
            throw e.redacting(credentials(form, headers.get("Authorization")));
        }
    }

    private List<String> credentials(Map<String, String> form, String authorization) {
        List<String> credentials = new ArrayList<>();
        CREDENTIAL_PARAMETERS.forEach(name -> credentials.add(form.get(name)));
        credentials.add(authentication.secret());
        credentials.add(authorization);
        credentials.removeIf(Objects::isNull);
        return credentials;
    }
}
