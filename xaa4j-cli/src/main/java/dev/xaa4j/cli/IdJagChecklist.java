package dev.xaa4j.cli;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import dev.xaa4j.core.XaaIdentifiers;
import dev.xaa4j.server.ClientAuthenticator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The resource authorization server's ID-JAG checklist (PROTOCOL.md section 4) as a diagnosis: every rule evaluated on
 * its own, each reported as pass, fail or skip with the reason, instead of stopping at the first failure as an AS does.
 * Replay (rule 7) cannot be judged outside the AS: only the presence of {@code jti} is checked.
 */
final class IdJagChecklist {

    /** One rule's outcome. */
    record Result(int rule, String name, String outcome, String detail) {
        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("rule", rule);
            m.put("name", name);
            m.put("outcome", outcome);
            m.put("detail", detail);
            return m;
        }
    }

    /** What the token is checked against. */
    record Expectations(JWKSet keys, String issuer, String audience, String clientId, String resource,
            Duration maxLifetime, Duration skew, Instant now) {
    }

    static final int MAX_BYTES = 16 * 1024;
    private static final Pattern COMPACT_JWS = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");

    private IdJagChecklist() {
    }

    static List<Result> check(String token, Expectations e) {
        List<Result> results = new ArrayList<>();
        boolean compact = token.length() <= MAX_BYTES && COMPACT_JWS.matcher(token).matches();
        results.add(new Result(1, "bounded size, compact JWS", compact ? "pass" : "fail",
                token.length() + " characters (limit " + MAX_BYTES + "), " + (COMPACT_JWS.matcher(token).matches()
                        ? "three base64url parts" : "not three base64url parts (a JWE has five)")));
        SignedJWT jwt;
        Map<String, Object> claims;
        try {
            jwt = SignedJWT.parse(token);
            claims = jwt.getJWTClaimsSet().getClaims();
        } catch (java.text.ParseException ex) {
            results.add(new Result(2, "typ", "skip", "not a parseable signed JWT"));
            return results;
        }
        String typ = jwt.getHeader().getType() == null ? null : jwt.getHeader().getType().getType();
        results.add(new Result(2, "typ is " + XaaIdentifiers.ID_JAG_JWT_TYPE,
                XaaIdentifiers.ID_JAG_JWT_TYPE.equalsIgnoreCase(typ) ? "pass" : "fail", "typ=" + typ));
        JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
        boolean algOk = ClientAuthenticator.ASSERTION_ALGORITHMS.contains(alg.getName());
        results.add(new Result(3, "asymmetric alg", algOk ? "pass" : "fail", "alg=" + alg.getName()));

        Object iss = claims.get("iss");
        boolean issOk = e.issuer() != null && e.issuer().equals(iss);
        String signature;
        String sigOutcome;
        if (e.keys() == null) {
            sigOutcome = "skip";
            signature = "no --jwks given";
        } else if (!algOk) {
            sigOutcome = "fail";
            signature = "the algorithm is not allowed";
        } else {
            String kid = jwt.getHeader().getKeyID();
            List<JWK> candidates = e.keys().getKeys().stream()
                    .filter(k -> kid == null || kid.equals(k.getKeyID())).toList();
            boolean verified = false;
            for (JWK k : candidates) {
                try {
                    if (k instanceof AsymmetricJWK a && jwt.verify(new DefaultJWSVerifierFactory()
                            .createJWSVerifier(jwt.getHeader(), a.toPublicKey()))) {
                        verified = true;
                        break;
                    }
                } catch (Exception ignored) {
                    // a key of another type: try the next
                }
            }
            sigOutcome = verified ? "pass" : "fail";
            signature = verified ? "verified with kid " + kid : candidates.isEmpty() ? "no key with kid " + kid
                    : "no key of the JWKS verifies the signature";
        }
        results.add(new Result(4, "trusted issuer", e.issuer() == null ? "skip" : issOk ? "pass" : "fail",
                "iss=" + iss + (e.issuer() == null ? " (no --issuer given)" : ", expected " + e.issuer())));
        results.add(new Result(4, "signature by the issuer's key", sigOutcome, signature));

        Object aud = claims.get("aud");
        List<?> audList = aud instanceof List<?> l ? l : aud == null ? List.of() : List.of(aud);
        boolean audOk = e.audience() != null && audList.size() == 1 && e.audience().equals(audList.get(0));
        results.add(new Result(5, "aud is this AS (one value, exact)", e.audience() == null ? "skip" : audOk ? "pass"
                : "fail", "aud=" + aud + (e.audience() == null ? " (no --audience given)" : ", expected " + e.audience())));

        Instant exp = time(claims.get("exp"));
        Instant iat = time(claims.get("iat"));
        Instant nbf = time(claims.get("nbf"));
        List<String> problems = new ArrayList<>();
        if (exp == null || !exp.plus(e.skew()).isAfter(e.now())) {
            problems.add(exp == null ? "no exp" : "expired at " + exp);
        }
        if (iat == null || iat.minus(e.skew()).isAfter(e.now())) {
            problems.add(iat == null ? "no iat" : "iat in the future: " + iat);
        }
        if (exp != null && iat != null && Duration.between(iat, exp).compareTo(e.maxLifetime()) > 0) {
            problems.add("lifetime " + Duration.between(iat, exp).getSeconds() + " s above " + e.maxLifetime().getSeconds()
                    + " s");
        }
        if (nbf != null && nbf.minus(e.skew()).isAfter(e.now())) {
            problems.add("not valid before " + nbf);
        }
        results.add(new Result(6, "time window (exp, iat, nbf, lifetime)", problems.isEmpty() ? "pass" : "fail",
                problems.isEmpty() ? "iat=" + iat + ", exp=" + exp : String.join("; ", problems)));
        Object jti = claims.get("jti");
        results.add(new Result(7, "jti present (replay is the AS's store's to judge)",
                jti instanceof String s && !s.isEmpty() ? "pass" : "fail", "jti " + (jti == null ? "missing" : "present")));
        Object clientId = claims.get("client_id");
        results.add(new Result(8, "client_id is the authenticated client", e.clientId() == null ? "skip"
                : e.clientId().equals(clientId) ? "pass" : "fail",
                "client_id=" + clientId + (e.clientId() == null ? " (no --client-id given)" : ", expected " + e.clientId())));
        Object resource = claims.get("resource");
        List<?> resources = resource instanceof List<?> l ? l : resource == null ? List.of() : List.of(resource);
        String resourceOutcome = e.resource() == null ? "skip" : resources.isEmpty() ? "pass"
                : resources.contains(e.resource()) ? "pass" : "fail";
        results.add(new Result(9, "resource is this AS's", resourceOutcome, "resource=" + (resources.isEmpty()
                ? "(absent: accepted only by an AS with exactly one resource)" : resources)
                + (e.resource() == null ? " (no --resource given)" : "")));
        results.add(new Result(10, "scope", "info", "scope=" + claims.getOrDefault("scope", "(absent)")));
        return results;
    }

    private static Instant time(Object value) {
        if (value instanceof Date d) {
            return d.toInstant();
        }
        if (value instanceof Number n) {
            return Instant.ofEpochSecond(n.longValue());
        }
        return null;
    }
}
