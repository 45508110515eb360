package dev.xaa4j.core;

/**
 * A metadata document (RFC 9728 protected resource metadata, RFC 8414 / OIDC server metadata) that cannot be used:
 * not JSON, a required member missing, a member of the wrong type. The message names the member. Safe to share between
 * threads.
 */
public class InvalidMetadataException extends XaaException {

    private static final long serialVersionUID = 1L;

    public InvalidMetadataException(String message) {
        super(message);
    }
}
