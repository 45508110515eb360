package dev.xaa4j.cli;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jwt.SignedJWT;
import dev.xaa4j.core.XaaIdentifiers;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The readable parts of a signed JWT (header and claims; never the signature), what kind of token it looks like, and
 * what each claim of an ID-JAG means (draft-ietf-oauth-identity-assertion-authz-grant section 3).
 */
final class JwtView {

    /** The explanations printed next to claims. */
    static final Map<String, String> CLAIMS = Map.ofEntries(
            Map.entry("iss", "issuer: the IdP (ID token, ID-JAG) or the AS (access token)"),
            Map.entry("sub", "the user, in the issuer's namespace"),
            Map.entry("aud", "audience: the client (ID token), the AS issuer (ID-JAG), the MCP resource (access token)"),
            Map.entry("client_id", "the client's id at the AS (ID-JAG) or the client the token was issued to"),
            Map.entry("jti", "unique id; an AS accepts an ID-JAG's jti once"),
            Map.entry("exp", "expires at"),
            Map.entry("iat", "issued at"),
            Map.entry("nbf", "not valid before"),
            Map.entry("resource", "the MCP server this grant is for (RFC 8707)"),
            Map.entry("scope", "the scopes granted"),
            Map.entry("tenant", "the IdP tenant of the user"),
            Map.entry("aud_tenant", "the tenant at the AS"),
            Map.entry("aud_sub", "the user's id at the AS, when the IdP knows it"),
            Map.entry("auth_time", "when the user signed in"),
            Map.entry("acr", "authentication context class"),
            Map.entry("amr", "authentication methods"),
            Map.entry("email", "the user's e-mail"),
            Map.entry("nonce", "binds an ID token to the sign-in request"),
            Map.entry("azp", "authorized party"));

    final SignedJWT jwt;
    final Map<String, Object> header;
    final Map<String, Object> claims;

    private JwtView(SignedJWT jwt, Map<String, Object> header, Map<String, Object> claims) {
        this.jwt = jwt;
        this.header = header;
        this.claims = claims;
    }

    /** Parses a compact JWS; fails with a message that does not repeat the input. */
    static JwtView parse(String compact) {
        try {
            SignedJWT jwt = SignedJWT.parse(compact.trim());
            return new JwtView(jwt, new LinkedHashMap<>(jwt.getHeader().toJSONObject()),
                    new LinkedHashMap<>(jwt.getJWTClaimsSet().toJSONObject()));
        } catch (ParseException e) {
            throw new IllegalArgumentException("not a signed JWT in compact form (three base64url parts)");
        }
    }

    /** "ID-JAG", "access token", "ID token" or "JWT". */
    String kind() {
        JOSEObjectType typ = jwt.getHeader().getType();
        String t = typ == null ? "" : typ.getType();
        if (t.equalsIgnoreCase(XaaIdentifiers.ID_JAG_JWT_TYPE)) {
            return "ID-JAG";
        }
        if (t.equalsIgnoreCase(XaaIdentifiers.ACCESS_TOKEN_JWT_TYPE) || t.equalsIgnoreCase("application/at+jwt")) {
            return "access token";
        }
        if (claims.containsKey("nonce") || claims.containsKey("auth_time") || claims.containsKey("azp")) {
            return "ID token";
        }
        return "JWT";
    }

    /** A NumericDate claim as ISO time with its distance from now, or null. */
    static String time(Object value, Instant now) {
        Instant t;
        if (value instanceof Date d) {
            t = d.toInstant();
        } else if (value instanceof Number n) {
            t = Instant.ofEpochSecond(n.longValue());
        } else {
            return null;
        }
        long s = Duration.between(now, t).getSeconds();
        return t + (s >= 0 ? " (in " + s + " s)" : " (" + (-s) + " s ago)");
    }

    static boolean isTimeClaim(String name) {
        return List.of("exp", "iat", "nbf", "auth_time").contains(name);
    }
}
