package dev.xaa4j.core;

/** An endpoint URL that breaks the transport rule: not HTTPS and not loopback, or not an absolute URL. */
public class InsecureEndpointException extends XaaException {

    private static final long serialVersionUID = 1L;

    public InsecureEndpointException(String message) {
        super(message);
    }
}
