package dev.xaa4j.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The {@code xaa} fat jar run as a separate process, as a user runs it ({@code java -jar target/xaa.jar ...}); for the
 * integration tests that failsafe runs after the package phase.
 */
final class XaaProcess implements AutoCloseable {

    private final Process process;
    private final List<String> stdout = new CopyOnWriteArrayList<>();
    private final StringBuffer stderr = new StringBuffer();

    private XaaProcess(Process process) {
        this.process = process;
        Thread out = new Thread(() -> pump(new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8)), stdout, null), "xaa-stdout");
        Thread err = new Thread(() -> pump(new BufferedReader(new InputStreamReader(process.getErrorStream(),
                StandardCharsets.UTF_8)), null, stderr), "xaa-stderr");
        out.setDaemon(true);
        err.setDaemon(true);
        out.start();
        err.start();
    }

    static Path jar() {
        Path jar = Path.of(System.getProperty("xaa.jar", "target/xaa.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("the xaa jar is missing: " + jar + " (run mvn package)");
        }
        return jar;
    }

    /** Starts {@code xaa ARGS...}. */
    static XaaProcess start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar().toString()));
        command.addAll(List.of(args));
        return new XaaProcess(new ProcessBuilder(command).start());
    }

    /** Runs {@code xaa ARGS...} to its end. */
    static XaaProcess run(Duration timeout, String... args) throws IOException, InterruptedException {
        XaaProcess p = start(args);
        if (!p.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.close();
            throw new AssertionError("xaa " + String.join(" ", args) + " did not end within " + timeout);
        }
        p.process.getInputStream().close();
        Thread.sleep(50);
        return p;
    }

    /** Waits for a line of standard output that starts with {@code prefix} and returns it. */
    String awaitLine(String prefix, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            for (String line : stdout) {
                if (line.startsWith(prefix)) {
                    return line;
                }
            }
            if (!process.isAlive()) {
                throw new AssertionError("xaa exited with " + process.exitValue() + " before printing '" + prefix
                        + "'; stderr: " + stderr);
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no line '" + prefix + "' within " + timeout + "; stdout: " + stdout + " stderr: " + stderr);
    }

    /** The base URL a server printed in its "listening on" line. */
    String awaitBaseUrl(String command) throws InterruptedException {
        awaitLine("xaa " + command + " ready", Duration.ofSeconds(60));
        String line = awaitLine("xaa " + command + " listening on ", Duration.ofSeconds(1));
        return line.substring(line.lastIndexOf(' ') + 1);
    }

    int exitCode() {
        return process.exitValue();
    }

    String stdout() {
        return String.join("\n", stdout);
    }

    String stderr() {
        return stderr.toString();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void pump(BufferedReader reader, List<String> lines, StringBuffer text) {
        try (reader) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (lines != null) {
                    lines.add(line);
                } else {
                    text.append(line).append('\n');
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }
}
