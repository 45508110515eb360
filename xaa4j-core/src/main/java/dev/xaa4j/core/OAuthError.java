package dev.xaa4j.core;

import dev.xaa4j.core.internal.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An OAuth 2.0 error (RFC 6749 section 5.2): the code, an optional description and URI, and the HTTP status it travels with.
 *
 * <p>Descriptions name the parameter or rule that failed, never a token, assertion or secret value. Instances are immutable
 * and thread-safe.
 *
 * @param code             the {@code error} code, for example {@code invalid_grant}
 * @param description      the {@code error_description}, or {@code null}
 * @param uri              the {@code error_uri}, or {@code null}
 * @param httpStatus       the HTTP status of the response (400 by default, 401 for {@code invalid_client} under Basic)
 */
public record OAuthError(String code, String description, String uri, int httpStatus) {

    public static final String INVALID_REQUEST = "invalid_request";
    public static final String INVALID_CLIENT = "invalid_client";
    public static final String INVALID_GRANT = "invalid_grant";
    public static final String UNAUTHORIZED_CLIENT = "unauthorized_client";
    public static final String UNSUPPORTED_GRANT_TYPE = "unsupported_grant_type";
    public static final String INVALID_SCOPE = "invalid_scope";
    public static final String INVALID_TARGET = "invalid_target";
    public static final String ACCESS_DENIED = "access_denied";
    public static final String INSUFFICIENT_USER_AUTHENTICATION = "insufficient_user_authentication";
    public static final String SERVER_ERROR = "server_error";
    public static final String TEMPORARILY_UNAVAILABLE = "temporarily_unavailable";
    /** RFC 6750 section 3.1. */
    public static final String INVALID_TOKEN = "invalid_token";
    /** RFC 6750 section 3.1. */
    public static final String INSUFFICIENT_SCOPE = "insufficient_scope";

    public OAuthError {
        Objects.requireNonNull(code, "code");
        if (code.isEmpty()) {
            throw new IllegalArgumentException("code must not be empty");
        }
        if (httpStatus < 100 || httpStatus > 599) {
            throw new IllegalArgumentException("httpStatus must be an HTTP status code, got " + httpStatus);
        }
    }

    /** An error with status 400. */
    public static OAuthError of(String code, String description) {
        return new OAuthError(code, description, null, 400);
    }

    public static OAuthError invalidRequest(String description) {
        return of(INVALID_REQUEST, description);
    }

    public static OAuthError invalidGrant(String description) {
        return of(INVALID_GRANT, description);
    }

    /** {@code invalid_client} with status 401 (RFC 6749 section 5.2 lets 400 be used when no Authorization header came). */
    public static OAuthError invalidClient(String description) {
        return new OAuthError(INVALID_CLIENT, description, null, 401);
    }

    public static OAuthError unauthorizedClient(String description) {
        return of(UNAUTHORIZED_CLIENT, description);
    }

    public static OAuthError unsupportedGrantType(String description) {
        return of(UNSUPPORTED_GRANT_TYPE, description);
    }

    public static OAuthError invalidScope(String description) {
        return of(INVALID_SCOPE, description);
    }

    public static OAuthError invalidTarget(String description) {
        return of(INVALID_TARGET, description);
    }

    public static OAuthError accessDenied(String description) {
        return of(ACCESS_DENIED, description);
    }

    /** {@code server_error} with status 500. */
    public static OAuthError serverError(String description) {
        return new OAuthError(SERVER_ERROR, description, null, 500);
    }

    /** {@code temporarily_unavailable} with status 503. */
    public static OAuthError temporarilyUnavailable(String description) {
        return new OAuthError(TEMPORARILY_UNAVAILABLE, description, null, 503);
    }

    /** Returns a copy with another HTTP status. */
    public OAuthError withHttpStatus(int status) {
        return new OAuthError(code, description, uri, status);
    }

    /** Returns a copy with another description. */
    public OAuthError withDescription(String newDescription) {
        return new OAuthError(code, newDescription, uri, httpStatus);
    }

    /** The RFC 6749 section 5.2 JSON body: {@code error}, and {@code error_description}/{@code error_uri} when present. */
    public String toJson() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", code);
        if (description != null) {
            body.put("error_description", description);
        }
        if (uri != null) {
            body.put("error_uri", uri);
        }
        return Json.write(body);
    }

    /**
     * Reads an RFC 6749 section 5.2 error body.
     *
     * @return the error, or {@code null} when the body is not a JSON object with a string {@code error} member
     */
    public static OAuthError parse(String body, int httpStatus) {
        Map<String, Object> json;
        try {
            json = Json.parseObject(body);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (!(json.get("error") instanceof String code) || code.isEmpty()) {
            return null;
        }
        String description = json.get("error_description") instanceof String s ? s : null;
        String uri = json.get("error_uri") instanceof String s ? s : null;
        int status = httpStatus >= 100 && httpStatus <= 599 ? httpStatus : 400;
        return new OAuthError(code, description, uri, status);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(code);
        if (description != null) {
            sb.append(": ").append(description);
        }
        sb.append(" (HTTP ").append(httpStatus).append(')');
        return sb.toString();
    }
}
