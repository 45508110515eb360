package dev.xaa4j.as;

import dev.xaa4j.core.IdJagClaims;
import dev.xaa4j.server.AuthenticatedClient;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * An ID-JAG grant that passed every rule of the checklist (PROTOCOL.md section 4, items 1 to 11), as the
 * {@link GrantPolicy} sees it and the access token is issued from.
 *
 * <p>Immutable and thread-safe; {@link #toString()} shows no token.
 *
 * @param idJag    the verified ID-JAG claims
 * @param client   the authenticated client (its id equals the ID-JAG's {@code client_id})
 * @param resource the resource the access token is for (this server's configured spelling): its {@code aud}
 * @param scope    the granted scopes (possibly empty): ID-JAG scope, intersected with the requested scope and the resource's
 *                 known scopes
 * @param subject  the local subject (the access token's {@code sub}), from the {@link SubjectMapper}
 */
public record GrantContext(IdJagClaims idJag, AuthenticatedClient client, String resource, Set<String> scope, String subject) {

    public GrantContext {
        Objects.requireNonNull(idJag, "idJag");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(subject, "subject");
        scope = Collections.unmodifiableSet(new LinkedHashSet<>(Objects.requireNonNull(scope, "scope")));
    }
}
