package dev.xaa4j.cli.servers;

import jakarta.servlet.ServletContext;
import java.net.URI;
import java.util.function.Consumer;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * An embedded Jetty 12.1 (ee11) server on 127.0.0.1, with one root servlet context that the caller fills.
 *
 * <p>Port 0 picks an ephemeral port; {@link #baseUrl()} tells which. Closing stops the server and releases the port.
 */
public final class JettyRunner implements AutoCloseable {

    private final Server server;
    private final ServerConnector connector;

    private JettyRunner(Server server, ServerConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    /**
     * Binds 127.0.0.1:{@code port} and returns before starting, so the caller can learn the URL first.
     *
     * @throws IllegalStateException when the port cannot be bound
     */
    public static JettyRunner bind(int port, String name) {
        QueuedThreadPool threads = new QueuedThreadPool(200, 8);
        threads.setName(name);
        threads.setDaemon(true);
        Server server = new Server(threads);
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        try {
            connector.open();
        } catch (Exception e) {
            throw new IllegalStateException("cannot listen on 127.0.0.1:" + port + " (" + e.getMessage() + ")");
        }
        return new JettyRunner(server, connector);
    }

    /** {@code http://127.0.0.1:PORT}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + connector.getLocalPort();
    }

    /** The base URL followed by a path. */
    public URI url(String path) {
        return URI.create(baseUrl() + path);
    }

    /** Registers servlets and filters in the root context, then starts serving. */
    public JettyRunner start(Consumer<ServletContext> setup) {
        ServletContextHandler context = new ServletContextHandler("/");
        setup.accept(context.getServletContext());
        server.setHandler(context);
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("server failed to start: " + e.getMessage(), e);
        }
        return this;
    }

    /** Blocks until the server stops; when the waiting thread is interrupted, stops the server first. */
    public void join() throws InterruptedException {
        try {
            server.join();
        } finally {
            close();
        }
    }

    /** Stops the server and releases the port, also when it was bound but never started. */
    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            // stopping a server that failed to start
        }
        connector.close();
    }
}
