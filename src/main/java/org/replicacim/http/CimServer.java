package org.replicacim.http;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.replicacim.operation.CimOperations;

/**
 * The CIM-XML server: owns a Jetty {@link Server} with an HTTP/1.1 connector (default 127.0.0.1:5988) and optionally an
 * HTTPS one (TLS 1.2 and 1.3 only), a bounded worker pool on which operations run, and the CIM-XML endpoint. Error
 * pages carry no body, so nothing internal ever reaches a client. Slow clients are bounded by the idle timeout, a
 * deadline for the first request head of each connection, a minimum upload rate and a connection limit.
 */
public final class CimServer implements AutoCloseable {
    private final CimServerConfig config;
    private final Server server;
    private final ServerConnector connector;
    private final ServerConnector tlsConnector;
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
        http.setRequestHeaderSize(config.maxHeaderBytes());
        Connection.Listener headerDeadline = new HeaderDeadline(server, config.headerTimeout().toMillis());
        if (config.httpEnabled()) {
            connector = new ServerConnector(server, new HttpConnectionFactory(http));
            connector.setHost(config.bindAddress());
            connector.setPort(config.port());
            connector.setIdleTimeout(config.idleTimeout().toMillis());
            connector.addEventListener(headerDeadline);
            server.addConnector(connector);
        } else {
            connector = null;
        }
        if (config.httpsPort() >= 0) {
            SslContextFactory.Server tls = new SslContextFactory.Server();
            tls.setKeyStorePath(config.tls().path().toAbsolutePath().toString());
            tls.setKeyStoreType(config.tls().type());
            tls.setKeyStorePassword(config.tls().password());
            tls.setIncludeProtocols("TLSv1.2", "TLSv1.3");
            tls.setRenegotiationAllowed(false);
            HttpConfiguration https = new HttpConfiguration(http);
            SecureRequestCustomizer secure = new SecureRequestCustomizer();
            // one certificate for every name the server is reached by; clients pin or trust it explicitly
            secure.setSniHostCheck(false);
            https.addCustomizer(secure);
            tlsConnector = new ServerConnector(server, new SslConnectionFactory(tls, "http/1.1"),
                    new HttpConnectionFactory(https));
            tlsConnector.setHost(config.bindAddress());
            tlsConnector.setPort(config.httpsPort());
            tlsConnector.setIdleTimeout(config.idleTimeout().toMillis());
            tlsConnector.addEventListener(headerDeadline);
            server.addConnector(tlsConnector);
        } else {
            tlsConnector = null;
        }
        server.addBean(new NetworkConnectionLimit(config.maxConnections(), server));
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

    /** The HTTP port actually bound (useful with port 0); -1 before start or when HTTP is off. */
    public int port() {
        return connector == null ? -1 : connector.getLocalPort();
    }

    /** The HTTPS port actually bound; -1 before start or when there is no HTTPS listener. */
    public int httpsPort() {
        return tlsConnector == null ? -1 : tlsConnector.getLocalPort();
    }

    /** The URI of the CIM-XML endpoint, e.g. {@code http://127.0.0.1:5988/cimom} (HTTPS when HTTP is off). */
    public URI uri() {
        return connector == null ? httpsUri() : URI.create("http://" + host() + ":" + port() + "/cimom");
    }

    /** The HTTPS URI of the CIM-XML endpoint, or null when there is no HTTPS listener. */
    public URI httpsUri() {
        return tlsConnector == null ? null : URI.create("https://" + host() + ":" + httpsPort() + "/cimom");
    }

    private String host() {
        return config.bindAddress().contains(":") ? "[" + config.bindAddress() + "]" : config.bindAddress();
    }

    /**
     * Closes a connection that has not delivered its first complete request head in time: the idle timeout alone lets
     * a client that sends one byte every few seconds hold a connection for ever (slowloris).
     */
    private static final class HeaderDeadline implements Connection.Listener {
        private final Server server;
        private final long millis;

        HeaderDeadline(Server server, long millis) {
            this.server = server;
            this.millis = millis;
        }

        @Override
        public void onOpened(Connection connection) {
            if (connection instanceof SslConnection) {
                return; // the HTTP connection above it is watched instead (a stalled handshake is watched by it too)
            }
            server.getScheduler().schedule(() -> {
                if (connection.getMessagesIn() <= 0 && connection.getEndPoint().isOpen()) {
                    connection.getEndPoint().close();
                }
            }, millis, TimeUnit.MILLISECONDS);
        }
    }

    /** The settings this server runs with. */
    public CimServerConfig config() {
        return config;
    }
}
