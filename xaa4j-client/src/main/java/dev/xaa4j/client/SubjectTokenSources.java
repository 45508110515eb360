package dev.xaa4j.client;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import dev.xaa4j.client.XaaClientException.Step;
import dev.xaa4j.client.internal.Arguments;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;

/** The {@link SubjectTokenSource} implementations. Thread-safe. */
final class SubjectTokenSources {

    /** How long before the ID token's {@code exp} the refreshing source renews it (PROTOCOL.md decision 7, clock skew). */
    static final Duration ID_TOKEN_RENEWAL_MARGIN = Duration.ofSeconds(60);

    private SubjectTokenSources() {
    }

    static SubjectTokenSource fixed(SubjectToken token, String what) {
        return new Fixed(token, what);
    }

    static SubjectTokenSource supplied(String subjectKey, Supplier<SubjectToken> supplier) {
        Objects.requireNonNull(supplier, "supplier");
        return new Supplied(subjectKey == null ? randomKey() : Arguments.requireText(subjectKey, "subjectKey"), supplier);
    }

    static SubjectTokenSource refreshing(TokenExchangeClient idp, String idToken, String refreshToken, Clock clock) {
        return new Refreshing(Objects.requireNonNull(idp, "idp"), Arguments.requireText(idToken, "idToken"),
                Arguments.requireText(refreshToken, "idpRefreshToken"), Objects.requireNonNull(clock, "clock"));
    }

    static SubjectTokenSource saml(TokenExchangeClient idp, String assertion) {
        return new Saml(Objects.requireNonNull(idp, "idp"), Arguments.requireText(assertion, "base64UrlAssertion"));
    }

    /** A SHA-256 fingerprint of a credential, so that the cache key never holds the credential itself. */
    static String fingerprint(String kind, String credential) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((kind + " " + credential).getBytes(StandardCharsets.UTF_8));
            return "sha256:" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static String randomKey() {
        return "random:" + UUID.randomUUID();
    }

    /**
     * When to renew an ID token: 60 seconds before its {@code exp}, read without verifying the token (the token is
     * opaque for trust; the time only says when to renew). {@code null} when the token is not a JWT with an {@code exp}:
     * it is then renewed only when the IdP rejects it.
     */
    static Instant renewalTime(String idToken) {
        try {
            JWTClaimsSet claims = JWTParser.parse(idToken).getJWTClaimsSet();
            Date exp = claims == null ? null : claims.getExpirationTime();
            return exp == null ? null : exp.toInstant().minus(ID_TOKEN_RENEWAL_MARGIN);
        } catch (java.text.ParseException | RuntimeException e) {
            return null;
        }
    }

    /** One credential used until the IdP rejects it. */
    private static final class Fixed implements SubjectTokenSource {
        private final SubjectToken token;
        private final String what;
        private final String key;
        private volatile boolean rejected;
        private volatile XaaClientException refusal;

        Fixed(SubjectToken token, String what) {
            this.token = token;
            this.what = what;
            this.key = fingerprint(token.type().value(), token.token());
        }

        @Override
        public SubjectToken current() {
            if (rejected) {
                XaaClientException cause = refusal;
                throw new SsoSessionEndedException(cause == null ? Step.TOKEN_EXCHANGE : cause.step(),
                        "the IdP rejected the " + what + " and there is no other", cause);
            }
            return token;
        }

        @Override
        public void subjectUnusable(SubjectToken rejectedToken, XaaClientException refusal) {
            if (token.equals(rejectedToken)) {
                this.refusal = refusal;
                this.rejected = true;
            }
        }

        @Override
        public String subjectKey() {
            return key;
        }

        @Override
        public String toString() {
            return "SubjectTokenSource[" + what + (rejected ? ", rejected" : "") + "]";
        }
    }

    /** The host application's SSO. */
    private static final class Supplied implements SubjectTokenSource {
        private final String key;
        private final Supplier<SubjectToken> supplier;

        Supplied(String key, Supplier<SubjectToken> supplier) {
            this.key = key;
            this.supplier = supplier;
        }

        @Override
        public SubjectToken current() {
            return Objects.requireNonNull(supplier.get(), "the subject token supplier returned null");
        }

        @Override
        public String subjectKey() {
            return key;
        }

        @Override
        public String toString() {
            return "SubjectTokenSource[supplier]";
        }
    }

    /** An ID token renewed with the IdP refresh token. Guarded by {@code this}. */
    private static final class Refreshing implements SubjectTokenSource {
        private final TokenExchangeClient idp;
        private final Clock clock;
        private final String key;
        private String idToken;
        private String refreshToken;
        private Instant renewAt;
        private boolean stale;
        private XaaClientException ended;

        Refreshing(TokenExchangeClient idp, String idToken, String refreshToken, Clock clock) {
            this.idp = idp;
            this.clock = clock;
            this.idToken = idToken;
            this.refreshToken = refreshToken;
            this.renewAt = renewalTime(idToken);
            this.key = fingerprint("refresh_token", refreshToken);
        }

        @Override
        public synchronized SubjectToken current() {
            if (ended != null) {
                throw sessionEnded(ended);
            }
            if (stale || (renewAt != null && !clock.instant().isBefore(renewAt))) {
                RefreshedIdToken refreshed;
                try {
                    refreshed = idp.refreshIdToken(refreshToken, List.of());
                } catch (XaaClientException e) {
                    if (e.isSubjectTokenUnusable()) {
                        ended = e;
                        throw sessionEnded(e);
                    }
                    throw e;
                }
                idToken = refreshed.idToken();
                refreshed.rotatedRefreshToken().ifPresent(rotated -> refreshToken = rotated);
                renewAt = renewalTime(idToken);
                stale = false;
            }
            return SubjectToken.idToken(idToken);
        }

        @Override
        public synchronized void subjectUnusable(SubjectToken rejected, XaaClientException refusal) {
            if (SubjectToken.idToken(idToken).equals(rejected)) {
                stale = true;
            }
        }

        @Override
        public String subjectKey() {
            return key;
        }

        private static SsoSessionEndedException sessionEnded(XaaClientException refusal) {
            return new SsoSessionEndedException(Step.ID_TOKEN_REFRESH, "the IdP rejected the refresh token", refusal);
        }

        @Override
        public String toString() {
            return "SubjectTokenSource[refreshing ID token]";
        }
    }

    /** A SAML assertion exchanged once for an IdP refresh token. Guarded by {@code this}. */
    private static final class Saml implements SubjectTokenSource {
        private final TokenExchangeClient idp;
        private final String key;
        private String assertion;
        private String refreshToken;
        private boolean ended;
        private XaaClientException refusal;

        Saml(TokenExchangeClient idp, String assertion) {
            this.idp = idp;
            this.assertion = assertion;
            this.key = fingerprint("saml2", assertion);
        }

        @Override
        public synchronized SubjectToken current() {
            if (ended) {
                throw new SsoSessionEndedException(refusal == null ? Step.TOKEN_EXCHANGE : refusal.step(),
                        "the IdP rejected the " + (refreshToken == null ? "SAML assertion" : "IdP refresh token"), refusal);
            }
            if (refreshToken == null) {
                try {
                    refreshToken = idp.exchangeSamlAssertion(assertion).token();
                } catch (XaaClientException e) {
                    if (e.isSubjectTokenUnusable()) {
                        ended = true;
                        refusal = e;
                        throw new SsoSessionEndedException(e.step(), "the IdP rejected the SAML assertion", e);
                    }
                    throw e;
                }
                assertion = null;
            }
            return SubjectToken.refreshToken(refreshToken);
        }

        @Override
        public synchronized void subjectUnusable(SubjectToken rejected, XaaClientException refusal) {
            if (refreshToken != null && SubjectToken.refreshToken(refreshToken).equals(rejected)) {
                this.ended = true;
                this.refusal = refusal;
            }
        }

        @Override
        public String subjectKey() {
            return key;
        }

        @Override
        public String toString() {
            return "SubjectTokenSource[SAML assertion" + (refreshToken == null ? "" : " -> IdP refresh token") + "]";
        }
    }
}
