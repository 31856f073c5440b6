package org.replicacim.storage.qemu;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A QMP client over a unix socket: one JSON object per line, replies matched to commands by {@code id}, events
 * (lines with {@code "event"}, which may arrive between a command and its reply) passed to listeners on the reader
 * thread. Thread-safe; commands may be issued concurrently.
 */
final class QmpClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(QmpClient.class);
    private static final long COMMAND_TIMEOUT_SECONDS = 60;

    private final SocketChannel channel;
    private final Map<Long, CompletableFuture<Map<String, Object>>> pending = new ConcurrentHashMap<>();
    private final List<Consumer<Map<String, Object>>> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong ids = new AtomicLong();
    private final CompletableFuture<Map<String, Object>> greeting = new CompletableFuture<>();
    private final Thread reader;
    private volatile boolean closed;

    private QmpClient(SocketChannel channel) {
        this.channel = channel;
        this.reader = new Thread(this::readLoop, "qmp-reader");
        this.reader.setDaemon(true);
    }

    /** Connects, reads the greeting and leaves capabilities negotiation mode. */
    static QmpClient connect(Path socket) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        QmpClient client = new QmpClient(channel);
        client.reader.start();
        try {
            client.greeting.get(10, TimeUnit.SECONDS);
            client.execute("qmp_capabilities", Map.of());
        } catch (InterruptedException | ExecutionException | TimeoutException | IOException e) {
            client.close();
            throw new IOException("no QMP greeting on " + socket + ": " + e, e);
        }
        return client;
    }

    void addEventListener(Consumer<Map<String, Object>> listener) {
        listeners.add(listener);
    }

    boolean isOpen() {
        return !closed;
    }

    /** Runs a command and returns its {@code return} value; throws {@link QmpException} on a QMP error. */
    Object execute(String command, Map<String, Object> arguments) throws IOException {
        long id = ids.incrementAndGet();
        CompletableFuture<Map<String, Object>> reply = new CompletableFuture<>();
        pending.put(id, reply);
        try {
            Map<String, Object> message = Json.obj("execute", command, "arguments",
                    arguments.isEmpty() ? null : arguments, "id", id);
            byte[] line = (Json.write(message) + "\n").getBytes(StandardCharsets.UTF_8);
            synchronized (channel) {
                if (closed) {
                    throw new IOException("QMP connection closed");
                }
                ByteBuffer buffer = ByteBuffer.wrap(line);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            }
            Map<String, Object> answer = reply.get(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (answer.containsKey("error")) {
                @SuppressWarnings("unchecked")
                Map<String, Object> error = (Map<String, Object>) answer.get("error");
                throw new QmpException(command, String.valueOf(error.get("class")),
                        String.valueOf(error.get("desc")));
            }
            return answer.get("return");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted waiting for QMP " + command, e);
        } catch (ExecutionException e) {
            throw new IOException("QMP " + command + " failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("QMP " + command + " got no reply in " + COMMAND_TIMEOUT_SECONDS + " s", e);
        } finally {
            pending.remove(id);
        }
    }

    private void readLoop() {
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        IOException failure = null;
        try {
            while (true) {
                buffer.clear();
                int n = channel.read(buffer);
                if (n < 0) {
                    throw new EOFException("QMP socket closed by the daemon");
                }
                buffer.flip();
                while (buffer.hasRemaining()) {
                    byte b = buffer.get();
                    if (b != '\n') {
                        line.write(b);
                        continue;
                    }
                    String text = line.toString(StandardCharsets.UTF_8).trim();
                    line.reset();
                    if (!text.isEmpty()) {
                        dispatch(text);
                    }
                }
            }
        } catch (IOException e) {
            failure = e;
        } finally {
            closed = true;
            IOException cause = failure == null ? new EOFException("QMP closed") : failure;
            greeting.completeExceptionally(cause);
            pending.values().forEach(f -> f.completeExceptionally(cause));
        }
    }

    @SuppressWarnings("unchecked")
    private void dispatch(String text) {
        Map<String, Object> message;
        try {
            message = (Map<String, Object>) Json.parse(text);
        } catch (RuntimeException e) {
            LOG.warn("ignoring unparsable QMP line: {}", text);
            return;
        }
        if (message.containsKey("QMP")) {
            greeting.complete(message);
        } else if (message.containsKey("event")) {
            for (Consumer<Map<String, Object>> listener : listeners) {
                try {
                    listener.accept(message);
                } catch (RuntimeException e) {
                    LOG.warn("QMP event listener failed on {}", message.get("event"), e);
                }
            }
        } else if (message.get("id") instanceof Long id) {
            CompletableFuture<Map<String, Object>> reply = pending.get(id);
            if (reply != null) {
                reply.complete(message);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("closing QMP socket", e);
        }
        try {
            reader.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
