package dev.xaa4j.client;

import dev.xaa4j.client.internal.Arguments;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * What an access token is good for, the key of the {@link TokenBroker}'s cache: the IdP and user it speaks for, the
 * authorization server that issued it, the MCP server (resource) it is for and the scopes asked for (PROTOCOL.md
 * section 2: a token is audience-restricted to one resource and carries the scopes of one request).
 *
 * <p>Two keys are equal when all five parts are equal; the scope set compares as a set (order does not matter).
 * Immutable and thread-safe.
 *
 * @param idpIssuer                 the IdP's issuer (or another name of the ID-JAG source)
 * @param subject                   the user and session ({@link SubjectTokenSource#subjectKey()}); never a token
 * @param authorizationServerIssuer the resource authorization server's issuer
 * @param resource                  the MCP server's resource identifier
 * @param scopes                    the scopes asked for, possibly empty
 */
public record TokenKey(String idpIssuer, String subject, String authorizationServerIssuer, String resource,
                       Set<String> scopes) {

    /** @throws IllegalArgumentException when a part is empty or a scope value is invalid */
    public TokenKey {
        Arguments.requireText(idpIssuer, "idpIssuer");
        Arguments.requireText(subject, "subject");
        Arguments.requireText(authorizationServerIssuer, "authorizationServerIssuer");
        Arguments.requireText(resource, "resource");
        scopes = Collections.unmodifiableSet(new LinkedHashSet<>(Arguments.scopes(Objects.requireNonNull(scopes, "scopes"))));
    }

    /** The same key with other scopes. */
    public TokenKey withScopes(Set<String> otherScopes) {
        return new TokenKey(idpIssuer, subject, authorizationServerIssuer, resource, otherScopes);
    }
}
