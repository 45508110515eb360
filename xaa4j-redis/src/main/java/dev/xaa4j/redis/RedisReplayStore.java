package dev.xaa4j.redis;

import dev.xaa4j.server.ReplayStore;
import dev.xaa4j.server.ReplayStoreException;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SetArgs;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;

/**
 * A {@link ReplayStore} on Redis, shared by every authorization server node of one issuer.
 *
 * <p>{@link #markUsed} is one atomic {@code SET key 1 NX PX ttl}: of concurrent calls with one key, on any node, exactly one
 * gets {@code OK}. Keys are {@code <prefix>} followed by the base64url SHA-256 of the identifier, so their size is bounded
 * whatever the {@code jti}. The connection rejects commands while disconnected and reconnects by itself; any failure or
 * timeout throws {@link ReplayStoreException}, so grants fail closed while Redis is away and recover when it returns.
 * Thread-safe (one multiplexed connection).
 *
 * <pre>{@code
 * try (RedisReplayStore store = RedisReplayStore.connect("redis://127.0.0.1:6379")) {
 *     AuthorizationServer as = AuthorizationServer.builder(...).replayStore(store).build();
 * }
 * }</pre>
 */
public final class RedisReplayStore implements ReplayStore, AutoCloseable {

    /** The default key prefix. */
    public static final String DEFAULT_PREFIX = "xaa4j:replay:";
    /** The default command timeout. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final String prefix;
    private final Clock clock;

    private RedisReplayStore(RedisClient client, StatefulRedisConnection<String, String> connection, String prefix,
            Clock clock) {
        this.client = client;
        this.connection = connection;
        this.prefix = prefix;
        this.clock = clock;
    }

    /** Connects with the default prefix, timeout and the system clock. */
    public static RedisReplayStore connect(String redisUri) {
        return connect(redisUri, DEFAULT_PREFIX, DEFAULT_TIMEOUT, Clock.systemUTC());
    }

    /**
     * Connects to Redis.
     *
     * @param redisUri a Lettuce URI, for example {@code redis://127.0.0.1:6379}
     * @param prefix   the key prefix (lets several issuers share one Redis)
     * @param timeout  the command timeout
     * @param clock    the clock that turns expiry instants into TTLs
     * @throws ReplayStoreException when Redis cannot be reached at start
     */
    public static RedisReplayStore connect(String redisUri, String prefix, Duration timeout, Clock clock) {
        Objects.requireNonNull(redisUri, "redisUri");
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(clock, "clock");
        RedisURI uri = RedisURI.create(redisUri);
        uri.setTimeout(timeout);
        RedisClient client = RedisClient.create(uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .build());
        try {
            StatefulRedisConnection<String, String> connection = client.connect();
            connection.setTimeout(timeout);
            return new RedisReplayStore(client, connection, prefix, clock);
        } catch (RuntimeException e) {
            client.shutdown();
            throw new ReplayStoreException("cannot connect to Redis at " + uri.getHost() + ":" + uri.getPort(), e);
        }
    }

    @Override
    public boolean markUsed(String key, Instant expiresAt) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(expiresAt, "expiresAt");
        long ttl = Math.max(1000, expiresAt.toEpochMilli() - clock.millis());
        try {
            String reply = connection.sync().set(prefix + digest(key), "1", SetArgs.Builder.nx().px(ttl));
            return "OK".equals(reply);
        } catch (RuntimeException e) {
            throw new ReplayStoreException("replay store unavailable: " + e.getClass().getSimpleName(), e);
        }
    }

    /** Closes the connection and the client. */
    @Override
    public void close() {
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }

    private static String digest(String key) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
