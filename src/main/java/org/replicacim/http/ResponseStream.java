package org.replicacim.http;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.Callback;

/**
 * The body of one CIM-XML response. Bytes are held back up to a buffer limit: a response that ends within it goes out
 * whole with Content-Length, and until then {@link #reset()} can still replace it (with an ERROR). Past the limit the
 * response commits and streams in chunks (HTTP/1.1 only; for HTTP/1.0 it stays buffered up to a hard cap), announcing
 * the CIM status trailers when the client accepts them. Optionally gzip-compressed. Used by one thread at a time.
 */
final class ResponseStream {
    private static final int CHUNK = 32 * 1024;

    /** Thrown when an HTTP/1.0 response outgrows the in-memory cap. */
    static final class TooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        TooLargeException(String message) {
            super(message);
        }
    }

    private final Response response;
    private final int bufferLimit;
    private final long maxBuffered;
    private final boolean streamingAllowed;
    private final boolean gzip;
    private final String trailerNames;
    private final long startNanos;
    private final Sink sink = new Sink();
    private OutputStream top;
    private volatile HttpFields trailers;

    /**
     * @param trailerNames the value of the {@code Trailer} header to announce when streaming, null for no trailers
     */
    ResponseStream(Response response, int bufferLimit, long maxBuffered, boolean streamingAllowed, boolean gzip,
                   String trailerNames, long startNanos) {
        this.response = response;
        this.bufferLimit = bufferLimit;
        this.maxBuffered = maxBuffered;
        this.streamingAllowed = streamingAllowed;
        this.gzip = gzip;
        this.trailerNames = trailerNames;
        this.startNanos = startNanos;
        this.top = open();
    }

    private OutputStream open() {
        if (!gzip) {
            return sink;
        }
        try {
            return new GZIPOutputStream(sink, 8192, true);
        } catch (IOException e) {
            throw new IllegalStateException("gzip stream over memory", e);
        }
    }

    /** Where the response writer writes. */
    OutputStream out() {
        return top;
    }

    /** Whether bytes have gone to the client (the response can no longer be replaced). */
    boolean committed() {
        return sink.committed;
    }

    /** Whether the response streams with trailers announced (set once committed). */
    boolean hasTrailers() {
        return sink.committed && trailerNames != null;
    }

    /** Drops everything written so far; only before the response committed. */
    void reset() {
        if (sink.committed) {
            throw new IllegalStateException("response already committed");
        }
        sink.count = 0;
        top = open();
    }

    /** Sets the trailer fields sent after the last chunk (only used when {@link #hasTrailers()}). */
    void trailers(HttpFields fields) {
        this.trailers = fields;
    }

    /**
     * Ends the response: flushes compression, then either sends the whole body with Content-Length (not committed) or
     * the last chunk and the trailers (committed). The callback completes when the last byte is written.
     */
    void finish(Callback callback) {
        try {
            if (gzip) {
                ((GZIPOutputStream) top).finish();
            }
            if (!sink.committed) {
                response.getHeaders().put(HttpHeader.CONTENT_LENGTH, sink.count);
                response.getHeaders().put("WBEMServerResponseTime",
                        Long.toString((System.nanoTime() - startNanos) / 1000));
            }
        } catch (IOException | RuntimeException e) {
            callback.failed(e);
            return;
        }
        sink.committed = true;
        response.write(true, ByteBuffer.wrap(sink.buf, 0, sink.count), callback);
    }

    /** The in-memory end of the chain: counts, holds back, commits and streams. */
    private final class Sink extends OutputStream {
        private byte[] buf = new byte[Math.min(bufferLimit, 2 * 1024) + 512]; // grows up to the limit when needed
        private int count;
        private boolean committed;

        @Override
        public void write(int b) throws IOException {
            ensure(1);
            buf[count++] = (byte) b;
            afterWrite();
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            ensure(len);
            System.arraycopy(b, off, buf, count, len);
            count += len;
            afterWrite();
        }

        private void ensure(int len) throws IOException {
            long need = (long) count + len;
            if (!streamingAllowed && need > maxBuffered) {
                throw new TooLargeException("response larger than " + maxBuffered + " bytes for an HTTP/1.0 client");
            }
            if (need > buf.length) {
                buf = Arrays.copyOf(buf, (int) Math.min(Integer.MAX_VALUE - 16, Math.max(need, buf.length * 2L)));
            }
        }

        private void afterWrite() throws IOException {
            if (!committed && streamingAllowed && count > bufferLimit) {
                commit();
                send();
            } else if (committed && count >= CHUNK) {
                send();
            }
        }

        @Override
        public void flush() throws IOException {
            if (committed && count > 0) {
                send();
            }
        }

        private void commit() {
            if (trailerNames != null) {
                response.getHeaders().put(HttpHeader.TRAILER, trailerNames);
                response.setTrailersSupplier(() -> trailers);
            }
            committed = true;
        }

        private void send() throws IOException {
            try (Blocker.Callback cb = Blocker.callback()) {
                response.write(false, ByteBuffer.wrap(buf, 0, count), cb);
                cb.block();
            } catch (InterruptedIOException e) {
                Thread.currentThread().interrupt();
                throw e;
            }
            count = 0;
        }
    }
}
