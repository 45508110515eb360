package dev.xaa4j.as;

import java.util.Objects;

/**
 * The authorization server's own decision on a grant that passed the protocol checklist: licences, entitlements, allowed
 * clients per resource, business hours (PROTOCOL.md section 4, checklist item 12).
 *
 * <p>A policy accepts by returning and denies by throwing a {@link dev.xaa4j.core.OAuthException}, normally
 * {@code access_denied} or {@code invalid_grant} (400); the description is sent to the client, so it must not contain a
 * token. Any other exception is answered with {@code server_error}. Policies run only for a first use of an ID-JAG (after
 * the replay check), so a policy may count grants. Compose with {@link #andThen}; implementations must be thread-safe.
 *
 * <pre>{@code
 * GrantPolicy licensed = GrantPolicy.DEFAULT.andThen(context -> {
 *     if (!licences.has(context.subject(), context.resource())) {
 *         throw new OAuthException(OAuthError.accessDenied("no licence for this resource"));
 *     }
 * });
 * }</pre>
 */
@FunctionalInterface
public interface GrantPolicy {

    /** Accepts every grant that passed the checklist. */
    GrantPolicy DEFAULT = context -> { };

    /**
     * Accepts the grant or throws.
     *
     * @throws dev.xaa4j.core.OAuthException to deny ({@code access_denied} or {@code invalid_grant})
     */
    void check(GrantContext context);

    /** A policy that applies this one, then {@code next}: both must accept. */
    default GrantPolicy andThen(GrantPolicy next) {
        Objects.requireNonNull(next, "next");
        return context -> {
            check(context);
            next.check(context);
        };
    }
}
