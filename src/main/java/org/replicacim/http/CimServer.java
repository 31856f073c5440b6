package org.replicacim.http;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.replicacim.operation.CimOperations;

/**
 * The CIM-XML server: owns a Jetty {@link Server} with one HTTP/1.1 connector (default 127.0.0.1:5988), a bounded
 * worker pool on which operations run, and the CIM-XML endpoint. Error pages carry no body, so nothing internal ever
 * reaches a client.
 */
public final class CimServer implements AutoCloseable {
    private final CimServerConfig config;
    private final Server server;
    private final ServerConnector connector;
    private final CimXmlHandler handler;

    /** A server for the operations with the given settings; call {@link #start()} to listen. */
    public CimServer(CimOperations operations, CimServerConfig config) {
        this(operations, config, RequestObserver.NONE, List.of());
    }

    /**
     * A server that reports every completed request to the observer (request log, metrics) and serves the extra
     * handlers (e.g. {@code /metrics}, {@code /health}) on the same connector; they are asked first and must decline
     * (return false) every path but their own.
     */
    public CimServer(CimOperations operations, CimServerConfig config, RequestObserver observer,
                     List<Handler> extraHandlers) {
        Objects.requireNonNull(operations, "operations");
        this.config = Objects.requireNonNull(config, "config");
        QueuedThreadPool pool = new QueuedThreadPool(config.maxThreads(), config.minThreads(), 60_000);
        pool.setName("cim-http");
        server = new Server(pool);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setSendDateHeader(true);
        connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(config.bindAddress());
        connector.setPort(config.port());
        connector.setIdleTimeout(config.idleTimeout().toMillis());
        server.addConnector(connector);
        handler = new CimXmlHandler(operations, config, Objects.requireNonNull(observer, "observer"));
        if (extraHandlers.isEmpty()) {
            server.setHandler(handler);
        } else {
            List<Handler> all = new ArrayList<>(extraHandlers);
            all.add(handler);
            server.setHandler(new Handler.Sequence(all));
        }
        server.setErrorHandler(CimServer::bareError);
        server.setStopTimeout(5_000);
    }

    /** A server with the default settings ({@link CimServerConfig#DEFAULT}). */
    public CimServer(CimOperations operations) {
        this(operations, CimServerConfig.DEFAULT);
    }

    /** Jetty's own error answers (404, 400 on a bad request line, …): status only, empty body. */
    private static boolean bareError(Request request, Response response, Callback callback) {
        response.getHeaders().put("Content-Length", 0L);
        response.write(true, BufferUtil.EMPTY_BUFFER, callback);
        return true;
    }

    /** Binds the port and starts serving; throws if the port cannot be bound. */
    public void start() throws Exception {
        server.start();
    }

    /**
     * Stops gracefully: requests that arrive from now on are answered with CIM_ERR_SERVER_IS_SHUTTING_DOWN, running
     * ones get up to five seconds to finish, then the listener and every connection close.
     */
    public void stop() throws Exception {
        if (server.isRunning()) {
            handler.drain(java.time.Duration.ofSeconds(5));
        }
        server.stop();
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() throws Exception {
        stop();
    }

    /** Whether the server is started. */
    public boolean isRunning() {
        return server.isRunning();
    }

    /** Whether the server takes requests: started and not stopping. */
    public boolean isServing() {
        return server.isRunning() && !handler.isDraining();
    }

    /** The port actually bound (useful with port 0); -1 before start. */
    public int port() {
        return connector.getLocalPort();
    }

    /** The URI of the CIM-XML endpoint, e.g. {@code http://127.0.0.1:5988/cimom}. */
    public URI uri() {
        String host = config.bindAddress().contains(":") ? "[" + config.bindAddress() + "]" : config.bindAddress();
        return URI.create("http://" + host + ":" + port() + "/cimom");
    }

    /** The settings this server runs with. */
    public CimServerConfig config() {
        return config;
    }
}
