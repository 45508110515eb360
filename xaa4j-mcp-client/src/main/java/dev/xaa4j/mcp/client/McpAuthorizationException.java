package dev.xaa4j.mcp.client;

import dev.xaa4j.core.XaaException;
import java.net.URI;
import java.util.Objects;

/**
 * The MCP server keeps refusing a request that {@link CrossAppAccessProvider} authorized: it rejected fresh access tokens
 * ({@code 401}) or asked for more scope ({@code 403 insufficient_scope}, RFC 6750 section 3.1) after
 * {@link CrossAppAccessProvider#MAX_AUTHORIZATION_ATTEMPTS} authorization attempts for one request, or it refused the
 * request with a {@code 403} that more scope cannot fix. {@link #reason()} says which.
 *
 * <p>The MCP Java SDK reports it as the failure of the request (for example the cause of the exception
 * {@code McpSyncClient.callTool} throws). Failures of the authorization steps themselves (discovery, token exchange, JWT
 * bearer grant) are {@link dev.xaa4j.client.XaaClientException}s instead. The message names the server and the scopes,
 * never a token; it may quote the server's {@code error_description}, cleaned and cut. Immutable.
 */
public final class McpAuthorizationException extends XaaException {

    private static final long serialVersionUID = 1L;

    /** Why the provider gave up. */
    public enum Reason {
        /**
         * The server answered 401 to every fresh token: it does not accept the authorization server's tokens for this
         * resource (wrong audience or issuer, clock skew, revocation of everything the user gets).
         */
        REJECTED_FRESH_TOKEN,
        /**
         * The server answered {@code 403 insufficient_scope} again after tokens with the union of the scopes held and
         * challenged: the IdP or the authorization server does not grant what the server asks for.
         */
        STEP_UP_LOOP,
        /** A 403 without {@code error="insufficient_scope"} and a {@code scope}: more scope would not help. */
        FORBIDDEN
    }

    private final Reason reason;
    private final URI serverUrl;
    private final int httpStatus;
    private final int attempts;

    McpAuthorizationException(Reason reason, URI serverUrl, int httpStatus, int attempts, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.serverUrl = Objects.requireNonNull(serverUrl, "serverUrl");
        this.httpStatus = httpStatus;
        this.attempts = attempts;
    }

    /** Why the provider gave up. */
    public Reason reason() {
        return reason;
    }

    /** The MCP server URL of the refused request. */
    public URI serverUrl() {
        return serverUrl;
    }

    /** The HTTP status of the last refusal: 401 or 403. */
    public int httpStatus() {
        return httpStatus;
    }

    /** How many authorization attempts were made for the request before giving up. */
    public int attempts() {
        return attempts;
    }
}
