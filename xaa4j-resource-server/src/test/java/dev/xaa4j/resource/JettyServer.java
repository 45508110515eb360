package dev.xaa4j.resource;

import jakarta.servlet.ServletContext;
import java.net.URI;
import java.util.function.Consumer;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** Test fixture: embedded Jetty 12.1 ee11 on 127.0.0.1 and an ephemeral port, with one root servlet context. */
final class JettyServer implements AutoCloseable {

    private final Server server;
    private final ServerConnector connector;
    private final ServletContextHandler context;

    private JettyServer() {
        server = new Server();
        connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        context = new ServletContextHandler("/");
        server.setHandler(context);
    }

    /** A server whose port is already known (so the resource URL can name it) but which is not yet serving. */
    static JettyServer open() {
        JettyServer s = new JettyServer();
        try {
            s.connector.open();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return s;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + connector.getLocalPort();
    }

    URI url(String path) {
        return URI.create(baseUrl() + path);
    }

    /** Registers servlets and filters on the context, then starts the server. */
    JettyServer start(Consumer<ServletContext> setup) {
        setup.accept(context.getServletContext());
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return this;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
