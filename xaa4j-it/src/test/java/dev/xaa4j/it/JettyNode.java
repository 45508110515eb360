package dev.xaa4j.it;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.EnumSet;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.io.ConnectionStatistics;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A Jetty 12.1 ee11 server on 127.0.0.1 that can be stopped and started again on the same port (a server restart, as
 * clients see it), with one root servlet context filled afresh at each start. Records each request as
 * {@code "METHOD /path"} and counts the connections it accepted.
 */
final class JettyNode implements AutoCloseable {

    private final Queue<String> requests = new ConcurrentLinkedQueue<>();
    private final ConnectionStatistics connections = new ConnectionStatistics();
    private final int port;
    private Server server;
    private ServerConnector connector;
    private Consumer<ServletContext> setup;

    private JettyNode() {
        open(0);
        this.port = connector.getLocalPort();
    }

    /** Listens on an ephemeral port, so that the URL is known before {@link #start}. */
    static JettyNode bind() {
        return new JettyNode();
    }

    /** {@code http://127.0.0.1:PORT}. */
    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    int port() {
        return port;
    }

    /** Starts serving; {@code setup} fills the root context now and at every restart. */
    synchronized JettyNode start(Consumer<ServletContext> contextSetup) {
        this.setup = contextSetup;
        if (connector == null) {
            open(port);
        }
        ServletContextHandler context = new ServletContextHandler("/");
        ServletContext servletContext = context.getServletContext();
        FilterRegistration.Dynamic recorder = servletContext.addFilter("recorder", (Filter) (req, res, chain) -> {
            HttpServletRequest http = (HttpServletRequest) req;
            requests.add(http.getMethod() + " " + http.getRequestURI()); // before the answer: a client that has it sees it
            chain.doFilter(req, res);
        });
        recorder.setAsyncSupported(true);
        recorder.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
        setup.accept(servletContext);
        server.setHandler(context);
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the server on port " + port, e);
        }
        return this;
    }

    /** Stops serving and closes the port: connections are refused until {@link #restart()}. */
    synchronized void stop() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        connector.close();
        connector = null;
    }

    /** Starts again on the same port with the same setup. */
    synchronized void restart() {
        start(setup);
    }

    /** The requests received on a path, as {@code "METHOD /path"}. */
    List<String> requests(String path) {
        return requests.stream().filter(r -> r.split(" ")[1].equals(path)).toList();
    }

    /** The connections accepted so far. */
    long connectionsAccepted() {
        return connections.getConnectionsTotal();
    }

    @Override
    public synchronized void close() {
        if (connector != null) {
            stop();
        }
    }

    private void open(int onPort) {
        server = new Server();
        connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(onPort);
        connector.addBean(connections);
        server.addConnector(connector);
        try {
            connector.open();
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on 127.0.0.1:" + onPort, e);
        }
    }
}
