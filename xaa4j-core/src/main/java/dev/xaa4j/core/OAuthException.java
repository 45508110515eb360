package dev.xaa4j.core;

import java.util.Objects;

/**
 * An exception that carries an {@link OAuthError}: thrown by the server roles to reject a request (one place turns it into
 * the RFC 6749 JSON response) and by parsers of untrusted input.
 *
 * <p>The message is the error's code and description (RFC 6749 section 5.2); it never contains the rejected token.
 * Immutable once thrown; safe to share between threads.
 */
public class OAuthException extends XaaException {

    private static final long serialVersionUID = 1L;

    private final transient OAuthError error;

    public OAuthException(OAuthError error) {
        super(Objects.requireNonNull(error, "error").toString());
        this.error = error;
    }

    public OAuthException(OAuthError error, Throwable cause) {
        super(Objects.requireNonNull(error, "error").toString(), cause);
        this.error = error;
    }

    /** The OAuth error to report. */
    public OAuthError error() {
        return error;
    }
}
