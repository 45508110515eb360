package dev.xaa4j.client;

/** {@link IdJagSource#tokenExchange(TokenExchangeClient, SubjectTokenSource)}. Immutable and thread-safe. */
final class TokenExchangeIdJagSource implements IdJagSource {

    private final TokenExchangeClient idp;
    private final SubjectTokenSource subjectTokens;

    TokenExchangeIdJagSource(TokenExchangeClient idp, SubjectTokenSource subjectTokens) {
        this.idp = idp;
        this.subjectTokens = subjectTokens;
    }

    @Override
    public IdJag get(IdJagRequest request) {
        SubjectToken subject = subjectTokens.current();
        try {
            return exchange(subject, request);
        } catch (XaaClientException refusal) {
            if (!refusal.isSubjectTokenUnusable()) {
                throw refusal;
            }
            subjectTokens.subjectUnusable(subject, refusal);
            SubjectToken next = subjectTokens.current();
            if (next.equals(subject)) {
                throw new SsoSessionEndedException(refusal.step(),
                        "the IdP rejected the subject token and its source has no other", refusal);
            }
            return exchange(next, request);
        }
    }

    private IdJag exchange(SubjectToken subject, IdJagRequest request) {
        return idp.requestIdJag(subject, request.authorizationServerIssuer(), request.resource(), request.scopes());
    }

    @Override
    public String idpIssuer() {
        return idp.issuer().orElse(idp.tokenEndpoint().toString());
    }

    @Override
    public String subjectKey() {
        return subjectTokens.subjectKey();
    }

    @Override
    public String toString() {
        return "IdJagSource[token exchange at " + idp.tokenEndpoint() + ", " + subjectTokens + "]";
    }
}
