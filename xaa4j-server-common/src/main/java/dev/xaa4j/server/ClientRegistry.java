package dev.xaa4j.server;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Looks up registered clients by {@code client_id}. Implementations are thread-safe. */
@FunctionalInterface
public interface ClientRegistry {

    /** The client with this id, or empty. */
    Optional<RegisteredClient> find(String clientId);

    /**
     * An immutable registry of these clients.
     *
     * @throws IllegalArgumentException when two clients share an id
     */
    static ClientRegistry of(Collection<RegisteredClient> clients) {
        Map<String, RegisteredClient> map = new LinkedHashMap<>();
        for (RegisteredClient c : clients) {
            if (map.put(c.clientId(), c) != null) {
                throw new IllegalArgumentException("duplicate client_id: " + c.clientId());
            }
        }
        Map<String, RegisteredClient> copy = Map.copyOf(map);
        return id -> Optional.ofNullable(id == null ? null : copy.get(id));
    }
}
