package dev.xaa4j.server;

import dev.xaa4j.core.XaaException;

/** A replay store that cannot answer (unreachable, timed out, full). Grants fail closed on it. */
public class ReplayStoreException extends XaaException {

    private static final long serialVersionUID = 1L;

    public ReplayStoreException(String message) {
        super(message);
    }

    public ReplayStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
