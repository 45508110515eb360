package dev.xaa4j.idp;

import dev.xaa4j.core.OAuthError;
import dev.xaa4j.core.OAuthException;
import java.util.Objects;

/**
 * A policy hook on token exchange (PROTOCOL.md section 3, "IdP processing"): called after the subject token, the policy
 * table and the scopes have been checked, before the ID-JAG is issued; it allows by returning and denies by throwing.
 *
 * <p>Deny with {@link #deny(String)} ({@code access_denied}, the code proposed for policy denials), or throw any other
 * {@link OAuthException}, for example {@code insufficient_user_authentication} for step-up. Hooks compose with
 * {@link #andThen}; the first that throws decides. Implementations must be thread-safe and fast (they run on the request
 * thread) and must not put token values in their error descriptions.
 *
 * <pre>{@code
 * ExchangePolicy onlyEmployees = ExchangePolicy.DEFAULT.andThen(ctx -> {
 *     if (!"employee".equals(ctx.user().claims().get("kind"))) {
 *         throw ExchangePolicy.deny("only employees may use this resource");
 *     }
 * });
 * }</pre>
 */
@FunctionalInterface
public interface ExchangePolicy {

    /** Allows everything the policy table allowed (the table, user list and scope rules are applied before any hook). */
    ExchangePolicy DEFAULT = context -> {
    };

    /**
     * Checks one exchange.
     *
     * @throws OAuthException to deny it
     */
    void check(ExchangeContext context);

    /** A hook that runs this one, then {@code next}. */
    default ExchangePolicy andThen(ExchangePolicy next) {
        Objects.requireNonNull(next, "next");
        return context -> {
            check(context);
            next.check(context);
        };
    }

    /** The exception that denies an exchange with {@code access_denied} and this description (no token values in it). */
    static OAuthException deny(String description) {
        return new OAuthException(OAuthError.accessDenied(description));
    }
}
