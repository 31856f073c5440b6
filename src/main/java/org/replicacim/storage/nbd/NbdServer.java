package org.replicacim.storage.nbd;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.replicacim.storage.BlockBackend;

/**
 * Serves every volume of a backend over NBD; the export name is the volume id. Binds 127.0.0.1 by default.
 *
 * <p>One thread per connection, at most {@code maxConnections} at a time; a client beyond that is disconnected
 * at once. {@link #close()} stops accepting, disconnects every client and waits for their threads.
 */
public final class NbdServer implements AutoCloseable {
    public static final int DEFAULT_PORT = 10809;
    private static final Logger LOG = LoggerFactory.getLogger(NbdServer.class);

    private final BlockBackend backend;
    private final ServerSocket serverSocket;
    private final ExecutorService connections;
    private final Semaphore slots;
    private final Set<Socket> clients = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;

    private NbdServer(BlockBackend backend, ServerSocket serverSocket, int maxConnections) {
        this.backend = backend;
        this.serverSocket = serverSocket;
        this.slots = new Semaphore(maxConnections);
        AtomicInteger n = new AtomicInteger();
        this.connections = Executors.newFixedThreadPool(maxConnections, r -> {
            Thread t = new Thread(r, "nbd-connection-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.acceptor = new Thread(this::acceptLoop, "nbd-acceptor-" + serverSocket.getLocalPort());
        this.acceptor.setDaemon(true);
    }

    /** Starts serving on {@code 127.0.0.1:port} (0 picks a free port). */
    public static NbdServer start(BlockBackend backend, int port) throws IOException {
        return start(backend, new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
    }

    public static NbdServer start(BlockBackend backend, InetSocketAddress address, int maxConnections)
            throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(address, 50);
        NbdServer server = new NbdServer(backend, socket, maxConnections);
        server.acceptor.start();
        LOG.debug("NBD server listening on {}", socket.getLocalSocketAddress());
        return server;
    }

    public int port() {
        return serverSocket.getLocalPort();
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) serverSocket.getLocalSocketAddress();
    }

    private void acceptLoop() {
        while (!serverSocket.isClosed()) {
            Socket socket;
            try {
                socket = serverSocket.accept();
            } catch (IOException e) {
                if (!serverSocket.isClosed()) {
                    LOG.warn("NBD accept failed", e);
                }
                continue;
            }
            if (!slots.tryAcquire()) {
                LOG.warn("NBD connection limit reached; refusing {}", socket.getRemoteSocketAddress());
                closeQuietly(socket);
                continue;
            }
            clients.add(socket);
            try {
                connections.execute(() -> {
                    try {
                        new NbdConnection(socket, backend).run();
                    } finally {
                        clients.remove(socket);
                        slots.release();
                    }
                });
            } catch (RuntimeException e) {
                clients.remove(socket);
                slots.release();
                closeQuietly(socket);
            }
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            LOG.debug("closing NBD socket", e);
        }
    }

    @Override
    public void close() throws IOException {
        serverSocket.close();
        for (Socket client : clients) {
            closeQuietly(client);
        }
        connections.shutdownNow();
        try {
            acceptor.join(5_000);
            connections.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
