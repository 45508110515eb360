package dev.xaa4j.redis;

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
 * A real {@code redis-server} process on 127.0.0.1 for tests (Debian package {@code redis-server}).
 *
 * <p>When {@code redis-server} is not on the PATH the tests are skipped, unless the environment variable
 * {@code XAA4J_REQUIRE_REDIS} is set (as {@code .ci/run} does), in which case they fail. {@code .ci/run} also starts one
 * shared server and names it in {@code XAA4J_REDIS_URL}; {@link #sharedUri()} uses it.
 */
final class RedisServerProcess implements AutoCloseable {

    private final int port;
    private Process process;

    private RedisServerProcess(int port) {
        this.port = port;
    }

    /** The server named by {@code XAA4J_REDIS_URL}, or null when the variable is not set. */
    static String sharedUri() {
        String url = System.getenv("XAA4J_REDIS_URL");
        return url == null || url.isBlank() ? null : url;
    }

    /** Starts a server on a free loopback port. */
    static RedisServerProcess start() throws Exception {
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

    String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /** Stops the process (Redis becomes unreachable). */
    void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            process.waitFor();
            process = null;
        }
    }

    /** Starts the process again on the same port. */
    void restart() throws Exception {
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
