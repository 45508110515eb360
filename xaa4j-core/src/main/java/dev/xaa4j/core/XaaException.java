package dev.xaa4j.core;

/**
 * The root of the exceptions xaa4j throws for untrusted input, failed protocol steps and remote errors.
 *
 * <p>Programmer misuse (a {@code null} or invalid argument) throws {@link NullPointerException} or
 * {@link IllegalArgumentException} instead. Messages never contain a token, assertion, secret or key. Instances are not
 * modified after construction and may be shared between threads.
 */
public class XaaException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public XaaException(String message) {
        super(message);
    }

    public XaaException(String message, Throwable cause) {
        super(message, cause);
    }
}
