package dev.xaa4j.client;

import java.util.Objects;

/**
 * Where fresh ID-JAGs come from (ID-JAG draft section 4.3; PROTOCOL.md section 2 step 2): by default token exchange at
 * the user's IdP ({@link #tokenExchange(TokenExchangeClient, SubjectTokenSource)}); any lambda is the callback shape the
 * MCP TypeScript SDK uses, for applications that obtain ID-JAGs their own way.
 *
 * <pre>{@code
 * IdJagSource idJags = IdJagSource.tokenExchange(idp, SubjectTokenSource.staticIdToken(idToken));
 * IdJagSource custom = request -> myIdentityService.idJag(request.authorizationServerIssuer(), request.resource(),
 *         request.scopes());
 * }</pre>
 *
 * <p>Each call must return a new ID-JAG: an ID-JAG is redeemed once (PROTOCOL.md decision 2). Implementations must be
 * thread-safe; {@link #get(IdJagRequest)} may block and is never called by xaa4j on a non-blocking thread.
 */
@FunctionalInterface
public interface IdJagSource {

    /**
     * A fresh ID-JAG for this authorization server, resource and scope.
     *
     * @throws XaaClientException when none can be had; {@link SsoSessionEndedException} when the user must sign in again
     */
    IdJag get(IdJagRequest request);

    /**
     * The IdP issuer the ID-JAGs come from, a part of the token cache key ({@link TokenKey#idpIssuer()}), or
     * {@code null} when unknown (the default, for callbacks).
     */
    default String idpIssuer() {
        return null;
    }

    /**
     * The user and session the ID-JAGs speak for, a part of the token cache key ({@link TokenKey#subject()}), or
     * {@code null} when unknown (the default, for callbacks: the caller then keeps the tokens of this source apart from
     * every other source's).
     */
    default String subjectKey() {
        return null;
    }

    /**
     * Token exchange at the IdP ({@link TokenExchangeClient#requestIdJag(SubjectToken, String, String, java.util.Collection)})
     * with the subject token of {@code subjectTokens}. When the IdP refuses the subject token as unusable
     * ({@link XaaClientException#isSubjectTokenUnusable()}), the source is told
     * ({@link SubjectTokenSource#subjectUnusable(SubjectToken, XaaClientException)}) and the exchange is tried once more
     * with its next token; when the source has no other token, {@link SsoSessionEndedException}.
     *
     * <p>{@link #idpIssuer()} is the IdP's issuer (else its token endpoint URL) and {@link #subjectKey()} the source's.
     */
    static IdJagSource tokenExchange(TokenExchangeClient idp, SubjectTokenSource subjectTokens) {
        Objects.requireNonNull(idp, "idp");
        Objects.requireNonNull(subjectTokens, "subjectTokens");
        return new TokenExchangeIdJagSource(idp, subjectTokens);
    }
}
