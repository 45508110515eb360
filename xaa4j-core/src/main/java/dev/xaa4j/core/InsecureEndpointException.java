package dev.xaa4j.core;

/**
 * An endpoint URL that breaks the transport rule of PROTOCOL.md section 7 (RFC 6749 sections 3.1 and 3.2, RFC 8414 section 2):
 * not HTTPS and not loopback, or not an absolute URL. The message shows only the URL's scheme and host. Safe to share
 * between threads.
 */
public class InsecureEndpointException extends XaaException {

    private static final long serialVersionUID = 1L;

    public InsecureEndpointException(String message) {
        super(message);
    }
}
