package dev.xaa4j.as;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import dev.xaa4j.testing.TestHttpServer;
import java.net.URI;
import java.util.List;

/**
 * A fake IdP for tests: an EC P-256 key and an RSA key, its public JWK set served at {@code /jwks} by a
 * {@link TestHttpServer} on 127.0.0.1 (which counts the fetches), and optionally a metadata document.
 */
final class TestIdp implements AutoCloseable {

    final TestHttpServer server;
    final ECKey ecKey;
    final RSAKey rsaKey;
    private volatile JWKSet published;

    private TestIdp(String name) {
        this.server = TestHttpServer.start();
        this.ecKey = ecKey(name + "-ec");
        this.rsaKey = rsaKey(name + "-rsa");
        this.published = new JWKSet(List.of(ecKey.toPublicJWK(), rsaKey.toPublicJWK()));
        server.route("GET", "/jwks", req -> TestHttpServer.Response.json(200, published.toString(true)));
    }

    static TestIdp start(String name) {
        return new TestIdp(name);
    }

    static ECKey ecKey(String kid) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(kid).keyUse(KeyUse.SIGNATURE).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static RSAKey rsaKey(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).algorithm(JWSAlgorithm.RS256).keyUse(KeyUse.SIGNATURE).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The issuer identifier: the server's base URL. */
    String issuer() {
        return server.baseUrl();
    }

    URI jwksUri() {
        return server.url("/jwks");
    }

    /** The public keys currently served. */
    JWKSet publicKeys() {
        return published;
    }

    /** Replaces the served key set by the public parts of these keys. */
    void publish(JWK... keys) {
        published = new JWKSet(java.util.Arrays.stream(keys).map(JWK::toPublicJWK).toList());
    }

    int jwksFetches() {
        return server.requests("/jwks").size();
    }

    /** Serves an OpenID Connect discovery document naming {@code issuer} and this IdP's JWKS URL. */
    void serveMetadata(String issuer) {
        String json = "{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + jwksUri() + "\"}";
        server.route("GET", "/.well-known/openid-configuration", req -> TestHttpServer.Response.json(200, json));
    }

    @Override
    public void close() {
        server.close();
    }
}
