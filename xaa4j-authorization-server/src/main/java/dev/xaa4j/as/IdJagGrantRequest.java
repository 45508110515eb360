package dev.xaa4j.as;

import dev.xaa4j.server.AuthenticatedClient;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * A JWT bearer grant request carrying an ID-JAG (RFC 7523 section 2.1, PROTOCOL.md section 5), after the request syntax
 * was checked and the client authenticated.
 *
 * <p>Immutable and thread-safe; {@link #toString()} never shows the assertion.
 *
 * @param assertion the {@code assertion} parameter, the ID-JAG as received
 * @param client    the authenticated client
 * @param scope     the {@code scope} parameter's values, or {@code null} when the parameter was not sent
 * @param resource  the {@code resource} parameter, or {@code null} when it was not sent
 */
public record IdJagGrantRequest(String assertion, AuthenticatedClient client, Set<String> scope, String resource) {

    public IdJagGrantRequest {
        Objects.requireNonNull(assertion, "assertion");
        Objects.requireNonNull(client, "client");
        scope = scope == null ? null : Collections.unmodifiableSet(new LinkedHashSet<>(scope));
    }

    @Override
    public String toString() {
        return "IdJagGrantRequest[client=" + client.clientId() + ", scope=" + scope + ", resource=" + resource + "]";
    }
}
