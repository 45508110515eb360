package dev.xaa4j.benchmarks;

import jakarta.servlet.ServletContext;
import java.util.function.Consumer;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * An embedded Jetty 12.1 (ee11) server on 127.0.0.1 with an ephemeral port and one root servlet context, configured as
 * {@code xaa}'s standalone servers are (a pool of 8 to 200 threads). The port is known before the servlets are added, so a
 * server can use its own URL as its issuer.
 *
 * <p>Not thread-safe; close it to stop the server.
 */
public final class LoopbackJetty implements AutoCloseable {

    private final Server server;
    private final ServerConnector connector;

    private LoopbackJetty(String name) {
        QueuedThreadPool threads = new QueuedThreadPool(200, 8);
        threads.setName(name);
        threads.setDaemon(true);
        server = new Server(threads);
        connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        try {
            connector.open();
        } catch (Exception e) {
            throw new IllegalStateException("cannot listen on 127.0.0.1", e);
        }
    }

    /** Binds 127.0.0.1 on an ephemeral port; call {@link #start} to serve. */
    public static LoopbackJetty bind(String name) {
        return new LoopbackJetty(name);
    }

    /** {@code http://127.0.0.1:PORT}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + connector.getLocalPort();
    }

    /** Fills the root servlet context, then starts serving. */
    public LoopbackJetty start(Consumer<ServletContext> setup) {
        ServletContextHandler context = new ServletContextHandler("/");
        setup.accept(context.getServletContext());
        server.setHandler(context);
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("server failed to start", e);
        }
        return this;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            // stopping a server that failed to start
        }
    }
}
