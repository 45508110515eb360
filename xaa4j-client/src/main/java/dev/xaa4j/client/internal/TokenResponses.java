package dev.xaa4j.client.internal;

import dev.xaa4j.client.XaaClientException;
import dev.xaa4j.client.XaaClientException.Reason;
import dev.xaa4j.client.XaaClientException.Step;
import dev.xaa4j.core.OAuthError;
import dev.xaa4j.core.Scopes;
import dev.xaa4j.core.internal.Json;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads token endpoint responses: RFC 6749 section 5.1 successes (also RFC 8693 section 2.2.1) and section 5.2 errors.
 * Messages name members, never their token values. Not part of the public API. Stateless.
 */
public final class TokenResponses {

    private TokenResponses() {
    }

    /**
     * The JSON object of a 200 response.
     *
     * @throws XaaClientException {@link Reason#OAUTH_ERROR} for an RFC 6749 error body, {@link Reason#HTTP_STATUS} for any
     *                            other status, {@link Reason#INVALID_RESPONSE} for a 200 that is not a JSON object
     */
    public static Map<String, Object> successJson(HttpResult result, Step step, String what) {
        if (result.status() != 200) {
            OAuthError error = OAuthError.parse(result.body(), result.status());
            if (error != null) {
                String description = error.description() == null
                        ? "" : ": " + Texts.sanitize(error.description(), Texts.SERVER_TEXT_LIMIT);
                throw XaaClientException.of(step, Reason.OAUTH_ERROR, "the " + what + " answered "
                        + Texts.sanitize(error.code(), 64) + " (HTTP " + result.status() + ")" + description,
                        error, result.status(), null);
            }
            throw XaaClientException.of(step, Reason.HTTP_STATUS, "the " + what + " answered HTTP " + result.status()
                    + " without an OAuth error body" + contentType(result), null, result.status(), null);
        }
        try {
            return Json.parseObject(result.body());
        } catch (IllegalArgumentException e) {
            throw XaaClientException.of(step, Reason.INVALID_RESPONSE, "the " + what + " answered HTTP 200 but the body is "
                    + "not a JSON object (" + e.getMessage() + ")" + contentType(result), null, result.status(), e);
        }
    }

    /** A required non-empty string member. */
    public static String requiredString(Map<String, Object> json, String name, Step step, String what) {
        Object value = json.get(name);
        if (value instanceof String s && !s.isEmpty()) {
            return s;
        }
        throw invalid(step, what, value == null ? "has no '" + name + "'" : "has a '" + name + "' that is not a non-empty string");
    }

    /** An optional string member ({@code null} when absent). */
    public static String optionalString(Map<String, Object> json, String name, Step step, String what) {
        Object value = json.get(name);
        if (value == null || value instanceof String) {
            return (String) value;
        }
        throw invalid(step, what, "has a '" + name + "' that is not a string");
    }

    /**
     * Checks {@code issued_token_type} (RFC 8693 section 2.2.1).
     *
     * @throws XaaClientException {@link Reason#UNEXPECTED_TOKEN_TYPE} when absent or another type
     */
    public static void requireIssuedTokenType(Map<String, Object> json, String expected, Step step, String what) {
        Object value = json.get("issued_token_type");
        if (!expected.equals(value)) {
            String got = value == null ? "absent" : value instanceof String s ? Texts.quoted(s) : "not a string";
            throw XaaClientException.of(step, Reason.UNEXPECTED_TOKEN_TYPE, "the " + what + " answered issued_token_type "
                    + got + ", expected " + expected, null, 200, null);
        }
    }

    /** {@code expires_in} in seconds, or {@code null} when absent; a non-negative integer (a numeric string is accepted). */
    public static Duration expiresIn(Map<String, Object> json, Step step, String what) {
        Object value = json.get("expires_in");
        if (value instanceof String s && s.matches("[0-9]{1,15}")) {
            return Duration.ofSeconds(Long.parseLong(s));
        }
        try {
            Long seconds = Json.optNonNegativeLong(json, "expires_in");
            return seconds == null ? null : Duration.ofSeconds(seconds);
        } catch (IllegalArgumentException e) {
            throw invalid(step, what, "has an 'expires_in' that is not a non-negative integer");
        }
    }

    /**
     * The granted scope: the response's {@code scope} (a space-separated string; an array of strings is tolerated), or the
     * requested scope when absent (RFC 6749 section 5.1).
     */
    public static Set<String> grantedScope(Map<String, Object> json, Collection<String> requested, Step step, String what) {
        Object value = json.get("scope");
        if (value == null) {
            return requested == null ? Set.of() : new LinkedHashSet<>(requested);
        }
        if (value instanceof String s) {
            return Scopes.parse(s);
        }
        if (value instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
            Set<String> out = new LinkedHashSet<>();
            list.forEach(item -> out.addAll(Scopes.parse((String) item)));
            return out;
        }
        throw invalid(step, what, "has a 'scope' that is not a string");
    }

    private static XaaClientException invalid(Step step, String what, String problem) {
        return XaaClientException.of(step, Reason.INVALID_RESPONSE, "the response of the " + what + " " + problem, null, 200,
                null);
    }

    private static String contentType(HttpResult result) {
        return result.contentType() == null ? "" : " (Content-Type " + Texts.sanitize(result.contentType(), 80) + ")";
    }
}
