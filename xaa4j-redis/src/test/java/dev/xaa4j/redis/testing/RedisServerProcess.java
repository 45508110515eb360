package dev.xaa4j.redis.testing;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * A real {@code redis-server} process on 127.0.0.1 for tests (Debian package {@code redis-server}), shared with other
 * modules through this module's test-jar.
 *
 * <p>When {@code redis-server} is not on the PATH the tests are skipped, unless the environment variable
 * {@code XAA4J_REQUIRE_REDIS} is set (as {@code .ci/run} does), in which case they fail. {@code .ci/run} also starts one
 * shared server and names it in {@code XAA4J_REDIS_URL}; {@link #sharedUri()} uses it, {@link #sharedOrStart()} falls
 * back to a process of the test's own. Not thread-safe: one test drives a process.
 */
public final class RedisServerProcess implements AutoCloseable {

    private final int port;
    private Process process;

    private RedisServerProcess(int port) {
        this.port = port;
    }

    /** The server named by {@code XAA4J_REDIS_URL}, or null when the variable is not set. */
    public static String sharedUri() {
        String url = System.getenv("XAA4J_REDIS_URL");
        return url == null || url.isBlank() ? null : url;
    }

    /**
     * The server named by {@code XAA4J_REDIS_URL} when set (then {@code own} stays empty), else a process of the caller's
     * own, which the caller closes.
     */
    public static String sharedOrStart(java.util.function.Consumer<RedisServerProcess> own) throws Exception {
        String shared = sharedUri();
        if (shared != null) {
            return shared;
        }
        RedisServerProcess process = start();
        own.accept(process);
        return process.uri();
    }

    /**
     * Starts a server on a free loopback port; aborts the test (skipped) when {@code redis-server} is not installed,
     * unless {@code XAA4J_REQUIRE_REDIS} is set.
     */
    public static RedisServerProcess start() throws Exception {
        String binary = findBinary();
        if (binary == null) {
            if (System.getenv("XAA4J_REQUIRE_REDIS") != null) {
                throw new AssertionError("redis-server is required (XAA4J_REQUIRE_REDIS is set) but not on the PATH");
            }
            Assumptions.abort("redis-server is not installed; .ci/run installs it and requires these tests");
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        RedisServerProcess redis = new RedisServerProcess(port);
        redis.restart();
        return redis;
    }

    /** {@code redis://127.0.0.1:PORT}. */
    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /** Stops the process (Redis becomes unreachable). */
    public void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            process.waitFor();
            process = null;
        }
    }

    /** Starts the process again on the same port. */
    public void restart() throws Exception {
        process = new ProcessBuilder(List.of(findBinary(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--protected-mode", "yes"))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (Instant.now().isBefore(deadline)) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(20);
            }
        }
        throw new IllegalStateException("redis-server did not start on port " + port);
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private static String findBinary() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            File f = new File(dir, "redis-server");
            if (f.canExecute()) {
                return f.getPath();
            }
        }
        File f = new File("/usr/bin/redis-server");
        return f.canExecute() ? f.getPath() : null;
    }
}
