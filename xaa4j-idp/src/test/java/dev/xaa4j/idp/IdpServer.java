package dev.xaa4j.idp;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import dev.xaa4j.core.FormParameters;
import dev.xaa4j.core.OAuthError;
import dev.xaa4j.core.internal.Json;
import dev.xaa4j.server.ClientAuthenticator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** An {@link IdentityProvider} served by Jetty on 127.0.0.1, with a JDK HTTP client that talks to it. */
final class IdpServer implements AutoCloseable {

    final Server server;
    final IdentityProvider idp;
    final String issuer;
    final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private IdpServer(Server server, IdentityProvider idp, String issuer) {
        this.server = server;
        this.idp = idp;
        this.issuer = issuer;
    }

    /** Starts an IdP whose issuer is its own address; {@code config} receives the builder. */
    static IdpServer start(Function<IdentityProvider.Builder, IdentityProvider.Builder> config) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        connector.open();
        String issuer = "http://127.0.0.1:" + connector.getLocalPort();
        IdentityProvider idp = config.apply(IdentityProvider.builder(issuer)).build();
        ServletContextHandler context = new ServletContextHandler("/");
        idp.register(context.getServletContext());
        server.setHandler(context);
        server.start();
        return new IdpServer(server, idp, issuer);
    }

    URI url(String path) {
        return URI.create(issuer + path);
    }

    HttpResponse<String> get(URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** POSTs a form to the token endpoint; {@code basic} is {@code {id, secret}} or {@code null}. */
    HttpResponse<String> token(Map<String, String> form, String[] basic) throws Exception {
        return postForm(url(IdentityProvider.TOKEN_PATH), form, basic);
    }

    HttpResponse<String> postForm(URI uri, Map<String, String> form, String[] basic) throws Exception {
        return postBody(uri, FormParameters.encode(form), basic);
    }

    /** POSTs an already encoded form body. */
    HttpResponse<String> postBody(URI uri, String body, String[] basic) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (basic != null) {
            b.header("Authorization", ClientAuthenticator.basicHeader(basic[0], basic[1]));
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The public JWK set, fetched from the JWKS endpoint. */
    JWKSet jwks() throws Exception {
        HttpResponse<String> r = get(url(IdentityProvider.JWKS_PATH));
        if (r.statusCode() != 200) {
            throw new AssertionError("JWKS status " + r.statusCode());
        }
        return JWKSet.parse(r.body());
    }

    /** Whether the JWT verifies with the key its {@code kid} names in the served JWK set. */
    boolean verifiesWithJwks(SignedJWT jwt) throws Exception {
        ECKey key = (ECKey) jwks().getKeyByKeyId(jwt.getHeader().getKeyID());
        if (key == null) {
            return false;
        }
        try {
            return jwt.verify(new ECDSAVerifier(key));
        } catch (JOSEException e) {
            return false;
        }
    }

    static Map<String, Object> json(HttpResponse<String> response) {
        return Json.parseObject(response.body());
    }

    /** The OAuth error of a response, or fails. */
    static OAuthError error(HttpResponse<String> response) {
        OAuthError error = OAuthError.parse(response.body(), response.statusCode());
        if (error == null) {
            throw new AssertionError("not an OAuth error: HTTP " + response.statusCode());
        }
        return error;
    }

    static SignedJWT parseJwt(String jwt) {
        try {
            return SignedJWT.parse(jwt);
        } catch (ParseException e) {
            throw new AssertionError("not a JWT", e);
        }
    }

    static Map<String, String> form(String... nameValues) {
        Map<String, String> form = new LinkedHashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            form.put(nameValues[i], nameValues[i + 1]);
        }
        return form;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the IdP server", e);
        }
    }
}
