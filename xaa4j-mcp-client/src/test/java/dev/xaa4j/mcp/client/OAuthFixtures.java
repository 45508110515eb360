package dev.xaa4j.mcp.client;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.xaa4j.core.OAuthError;
import dev.xaa4j.core.internal.Json;
import dev.xaa4j.testing.TestHttpServer;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** Helpers shared by the IdP and authorization server fixtures: keys, signing, client authentication, JSON answers. */
final class OAuthFixtures {

    private OAuthFixtures() {
    }

    static ECKey newKey(String kid) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sign(ECKey key, String type, JWTClaimsSet claims) {
        JWSHeader.Builder header = new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID());
        if (type != null) {
            header.type(new JOSEObjectType(type));
        }
        SignedJWT jwt = new SignedJWT(header.build(), claims);
        try {
            jwt.sign(new ECDSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    /** The client id of a valid {@code client_secret_basic} header for these credentials, or {@code null}. */
    static String basicClient(TestHttpServer.RecordedRequest request, Map<String, String> secrets) {
        String header = request.header("Authorization");
        if (header == null || !header.startsWith("Basic ")) {
            return null;
        }
        String pair = new String(Base64.getDecoder().decode(header.substring(6)), StandardCharsets.UTF_8);
        int colon = pair.indexOf(':');
        if (colon < 0) {
            return null;
        }
        String id = URLDecoder.decode(pair.substring(0, colon), StandardCharsets.UTF_8);
        String secret = URLDecoder.decode(pair.substring(colon + 1), StandardCharsets.UTF_8);
        return Objects.equals(secrets.get(id), secret) ? id : null;
    }

    static TestHttpServer.Response json(Map<String, Object> body) {
        return TestHttpServer.Response.json(200, Json.write(body)).header("Cache-Control", "no-store");
    }

    static TestHttpServer.Response error(int status, String code, String description) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("error_description", description);
        TestHttpServer.Response response = TestHttpServer.Response.json(status, Json.write(body));
        return status == 401 ? response.header("WWW-Authenticate", "Basic realm=\"token\"") : response;
    }

    static TestHttpServer.Response invalidClient() {
        return error(401, OAuthError.INVALID_CLIENT, "client authentication failed");
    }
}
