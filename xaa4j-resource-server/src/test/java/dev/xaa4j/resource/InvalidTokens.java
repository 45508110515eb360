package dev.xaa4j.resource;

import com.nimbusds.jose.JOSEObjectType;
import dev.xaa4j.resource.InvalidAccessTokenException.Reason;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/** Test fixture: a valid token of {@link AccessTokens} with exactly one thing wrong, once for each verifier rule. */
final class InvalidTokens {

    /** One broken token and the rule it breaks. */
    record Case(String name, String token, Reason reason) {
        @Override
        public String toString() {
            return name;
        }
    }

    private InvalidTokens() {
    }

    static List<Case> cases(AccessTokens t, Instant now) {
        String valid = t.valid(now);
        String[] parts = valid.split("\\.");
        String otherSignature = AccessTokens.sign(t.header().build(), t.claims(now).build(), AccessTokens.otherEcKey("x"))
                .split("\\.")[2];
        return List.of(
                new Case("signature by another key under the same kid", parts[0] + "." + parts[1] + "." + otherSignature,
                        Reason.SIGNATURE),
                new Case("alg none", t.unsecured(now), Reason.ALGORITHM),
                new Case("HS256", t.hmac(now), Reason.ALGORITHM),
                new Case("typ missing", t.withHeader(now, h -> h.type(null)), Reason.TYPE),
                new Case("typ JWT", t.withHeader(now, h -> h.type(JOSEObjectType.JWT)), Reason.TYPE),
                new Case("typ of an ID-JAG", t.withHeader(now, h -> h.type(new JOSEObjectType("oauth-id-jag+jwt"))),
                        Reason.TYPE),
                new Case("wrong iss", t.withClaims(now, c -> c.issuer("https://evil.example.com")), Reason.ISSUER),
                new Case("iss missing", t.withClaims(now, c -> c.issuer(null)), Reason.ISSUER),
                new Case("wrong aud", t.withClaims(now, c -> c.audience("https://other.example.com/mcp")), Reason.AUDIENCE),
                new Case("aud missing", t.withClaims(now, c -> c.audience((String) null)), Reason.AUDIENCE),
                new Case("expired", t.withClaims(now, c -> c.expirationTime(Date.from(now.minusSeconds(120)))),
                        Reason.EXPIRED),
                new Case("exp missing", t.withClaims(now, c -> c.expirationTime(null)), Reason.EXPIRED),
                new Case("nbf in the future", t.withClaims(now, c -> c.notBeforeTime(Date.from(now.plusSeconds(300)))),
                        Reason.NOT_YET_VALID),
                new Case("unknown kid", t.signedWith(now, AccessTokens.otherEcKey("unknown")), Reason.UNKNOWN_KEY),
                new Case("sub missing", t.withClaims(now, c -> c.subject(null)), Reason.MISSING_CLAIM),
                new Case("client_id missing", t.withClaims(now, c -> c.claim("client_id", null)), Reason.MISSING_CLAIM),
                new Case("not a JWT", "not-a-jwt", Reason.MALFORMED),
                new Case("a second spelling: '~' (b64token, not base64url) in the signature",
                        parts[0] + "." + parts[1] + "." + parts[2].substring(0, 10) + "~" + parts[2].substring(10),
                        Reason.MALFORMED),
                new Case("payload tampered", parts[0] + "." + t.withClaims(now, c -> c.subject("mallory")).split("\\.")[1]
                        + "." + parts[2], Reason.SIGNATURE));
    }
}
