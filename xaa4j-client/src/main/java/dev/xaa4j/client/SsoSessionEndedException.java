package dev.xaa4j.client;

/**
 * The user's single sign-on session has ended: the IdP rejected the credential a {@link SubjectTokenSource} holds (an
 * expired or revoked ID token, IdP refresh token or SAML assertion) and the source has no other one, so the user must
 * sign in again (PROTOCOL.md section 2, renewal; RFC 6749 section 5.2 {@code invalid_grant}).
 *
 * <p>{@link #reason()} is {@link Reason#SSO_SESSION_ENDED}; {@link #step()} is the step whose answer revealed it
 * ({@link Step#ID_TOKEN_REFRESH} when the refresh token grant failed, {@link Step#TOKEN_EXCHANGE} or
 * {@link Step#SAML_EXCHANGE} when the IdP refused the subject token itself). The cause, when there is one, is the
 * IdP's refusal, and {@link #oauthError()} carries its error. Never contains a token, assertion or secret. Immutable.
 *
 * <pre>{@code
 * try {
 *     IdJag idJag = IdJagSource.tokenExchange(idp, subjectTokens).get(request);
 * } catch (SsoSessionEndedException e) {
 *     ui.askUserToSignInAgain();
 * }
 * }</pre>
 */
public final class SsoSessionEndedException extends XaaClientException {

    private static final long serialVersionUID = 1L;

    /**
     * @param step   the step that revealed the end of the session
     * @param detail what the IdP refused, without any token value
     * @param cause  the IdP's refusal, or {@code null}
     */
    SsoSessionEndedException(Step step, String detail, XaaClientException cause) {
        super(step, Reason.SSO_SESSION_ENDED, step.label() + " failed: the SSO session ended (" + detail
                        + "); sign the user in again",
                cause == null ? null : cause.oauthError().orElse(null),
                cause == null ? 0 : cause.httpStatus().orElse(0), cause);
    }
}
