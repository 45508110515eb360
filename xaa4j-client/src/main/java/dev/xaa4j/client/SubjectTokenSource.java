package dev.xaa4j.client;

import java.time.Clock;
import java.util.function.Supplier;

/**
 * Where the user's identity assertion for token exchange comes from: the {@code subject_token} of RFC 8693 section 2.1
 * (ID-JAG draft section 4.3), kept fresh for as long as the user's SSO session lasts (PROTOCOL.md section 2, renewal).
 *
 * <ul>
 *   <li>{@link #staticIdToken(String)}: one ID token, used until the IdP rejects it;</li>
 *   <li>{@link #supplier(Supplier)}: the host application's SSO hands out the current token on each call;</li>
 *   <li>{@link #refreshing(TokenExchangeClient, String, String)}: an ID token renewed with the IdP refresh token
 *       (refresh token grant, RFC 6749 section 6) before it expires or when the IdP rejects it;</li>
 *   <li>{@link #idpRefreshToken(String)}: the IdP refresh token itself as the subject token;</li>
 *   <li>{@link #saml(TokenExchangeClient, String)}: a SAML 2.0 assertion exchanged once for an IdP refresh token (the
 *       extension's step 1a), which is then the subject token.</li>
 * </ul>
 *
 * <p>When the session cannot be renewed, {@link #current()} throws {@link SsoSessionEndedException}: the user must sign
 * in again. The tokens are opaque to the client: no source verifies them; the refreshing source reads the ID token's
 * {@code exp} without verifying it, only to renew on time.
 *
 * <pre>{@code
 * SubjectTokenSource subject = SubjectTokenSource.refreshing(idp, idToken, idpRefreshToken);
 * IdJagSource idJags = IdJagSource.tokenExchange(idp, subject);
 * }</pre>
 *
 * <p>A source speaks for one user. Implementations must be thread-safe; {@link #current()} may block (it may call the
 * IdP) and is never called on a non-blocking thread by xaa4j.
 */
public interface SubjectTokenSource {

    /**
     * The subject token to send now.
     *
     * @throws SsoSessionEndedException when the user must sign in again
     * @throws XaaClientException       when renewing the token failed for another reason (network, IdP error); a later
     *                                  call tries again
     */
    SubjectToken current();

    /**
     * Told by the caller that the IdP refused this subject token as unusable
     * ({@link XaaClientException#isSubjectTokenUnusable()}): the next {@link #current()} must return another one, or
     * throw {@link SsoSessionEndedException} when there is none. The default does nothing (the token is asked for
     * again, for sources whose owner renews it).
     *
     * @param rejected the token the IdP refused
     * @param refusal  the IdP's refusal, kept as the cause of a later {@link SsoSessionEndedException}; may be
     *                 {@code null}
     */
    default void subjectUnusable(SubjectToken rejected, XaaClientException refusal) {
    }

    /**
     * A stable name for the user and session this source speaks for, which keeps their cached tokens apart from other
     * users' ({@link TokenKey#subject()}). It is never derived from unverified token claims: the sources made here use
     * a SHA-256 fingerprint of the credential they were given (so sources built from the same credential share cached
     * tokens) or a random identifier. Not secret, but not meant for display either.
     */
    String subjectKey();

    /**
     * One ID token ({@code urn:ietf:params:oauth:token-type:id_token}), used until the IdP rejects it; then
     * {@link #current()} throws {@link SsoSessionEndedException}.
     */
    static SubjectTokenSource staticIdToken(String idToken) {
        return SubjectTokenSources.fixed(SubjectToken.idToken(idToken), "ID token");
    }

    /**
     * The host application's SSO: {@code supplier} is asked for the current subject token on every token exchange, so
     * it must renew it itself. Cached tokens of this source are kept under a random key, shared by no other source.
     */
    static SubjectTokenSource supplier(Supplier<SubjectToken> supplier) {
        return SubjectTokenSources.supplied(null, supplier);
    }

    /**
     * The host application's SSO under a key of the caller's choosing: sources with the same {@code subjectKey} share
     * cached access tokens, so the key must name exactly one user's session (for example the application's session id).
     */
    static SubjectTokenSource supplier(String subjectKey, Supplier<SubjectToken> supplier) {
        return SubjectTokenSources.supplied(subjectKey, supplier);
    }

    /**
     * An ID token renewed with the IdP refresh token (RFC 6749 section 6, OpenID Connect Core section 12) when it is
     * within 60 seconds of its {@code exp} (read without verifying the token) or when the IdP rejected it. A rotated
     * refresh token replaces the old one. When the IdP refuses the refresh token ({@code invalid_grant}),
     * {@link #current()} throws {@link SsoSessionEndedException}.
     *
     * @param idp             the IdP's token endpoint and the client's authentication there
     * @param idToken         the ID token from sign-in
     * @param idpRefreshToken the IdP refresh token from sign-in
     */
    static SubjectTokenSource refreshing(TokenExchangeClient idp, String idToken, String idpRefreshToken) {
        return refreshing(idp, idToken, idpRefreshToken, Clock.systemUTC());
    }

    /** {@link #refreshing(TokenExchangeClient, String, String)} with a clock for the expiry check. */
    static SubjectTokenSource refreshing(TokenExchangeClient idp, String idToken, String idpRefreshToken, Clock clock) {
        return SubjectTokenSources.refreshing(idp, idToken, idpRefreshToken, clock);
    }

    /**
     * An IdP refresh token as the subject token ({@code urn:ietf:params:oauth:token-type:refresh_token}), for IdPs that
     * accept it in token exchange; once the IdP rejects it, {@link #current()} throws {@link SsoSessionEndedException}.
     */
    static SubjectTokenSource idpRefreshToken(String refreshToken) {
        return SubjectTokenSources.fixed(SubjectToken.refreshToken(refreshToken), "IdP refresh token");
    }

    /**
     * A SAML 2.0 assertion: on first use it is exchanged once for an IdP refresh token
     * ({@link TokenExchangeClient#exchangeSamlAssertion(String)}, the extension's step 1a), which is then the subject
     * token of every token exchange. When the IdP refuses the assertion or, later, the refresh token,
     * {@link #current()} throws {@link SsoSessionEndedException}.
     *
     * @param base64UrlAssertion the assertion, base64url-encoded
     */
    static SubjectTokenSource saml(TokenExchangeClient idp, String base64UrlAssertion) {
        return SubjectTokenSources.saml(idp, base64UrlAssertion);
    }
}
