package org.replicacim.bench.http;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One kept-alive HTTP/1.1 connection to a loopback port for the benchmarks: writes prepared request bytes and reads
 * the whole answer (Content-Length or chunked, trailers skipped) with as little work as possible, so that the load
 * generator costs the same against every server it measures.
 */
final class HttpConnection implements AutoCloseable {
    /** One answer: status, headers (lower-case names) and the body (or only its length when not kept). */
    record Reply(int status, Map<String, String> headers, byte[] body, long bodyLength) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    // our own read buffer: BufferedInputStream synchronizes every read() call
    private final byte[] buf = new byte[64 * 1024];
    private int pos;
    private int limit;

    HttpConnection(int port) throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
        socket.setSoTimeout(60_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    /** Sends a request and reads its answer; {@code keepBody} false only counts the body bytes. */
    Reply exchange(byte[] request, boolean keepBody) throws IOException {
        out.write(request);
        out.flush();
        return read(keepBody, null);
    }

    /**
     * Sends a request and streams the answer's body into {@code sink} (no copy kept); for bodies too large to hold.
     */
    Reply exchange(byte[] request, OutputStream sink) throws IOException {
        out.write(request);
        out.flush();
        return read(false, sink);
    }

    private Reply read(boolean keepBody, OutputStream sink) throws IOException {
        String statusLine = line();
        int sp = statusLine.indexOf(' ');
        int status = Integer.parseInt(statusLine.substring(sp + 1, sp + 4));
        Map<String, String> headers = new LinkedHashMap<>();
        for (String h = line(); !h.isEmpty(); h = line()) {
            int colon = h.indexOf(':');
            headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
        }
        ByteArrayOutputStream body = keepBody ? new ByteArrayOutputStream() : null;
        OutputStream target = body != null ? body : sink;
        long length = 0;
        String te = headers.get("transfer-encoding");
        if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
            while (true) {
                String size = line();
                int semi = size.indexOf(';');
                long n = Long.parseLong((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
                if (n == 0) {
                    while (!line().isEmpty()) {
                        // trailers
                    }
                    break;
                }
                copy(n, target);
                length += n;
                line();
            }
        } else {
            String cl = headers.get("content-length");
            if (cl == null) {
                throw new IOException("answer without Content-Length or chunked body: " + statusLine);
            }
            length = Long.parseLong(cl);
            copy(length, target);
        }
        return new Reply(status, headers, body == null ? null : body.toByteArray(), length);
    }

    private void copy(long n, OutputStream target) throws IOException {
        while (n > 0) {
            if (pos == limit) {
                fill();
            }
            int r = (int) Math.min(limit - pos, n);
            if (target != null) {
                target.write(buf, pos, r);
            }
            pos += r;
            n -= r;
        }
    }

    private void fill() throws IOException {
        int r = in.read(buf, 0, buf.length);
        if (r < 0) {
            throw new EOFException("connection closed");
        }
        pos = 0;
        limit = r;
    }

    private String line() throws IOException {
        StringBuilder sb = null;
        while (true) {
            if (pos == limit) {
                fill();
            }
            for (int i = pos; i < limit; i++) {
                if (buf[i] == '\n') {
                    int end = i > pos && buf[i - 1] == '\r' ? i - 1 : i;
                    String part = new String(buf, pos, end - pos, StandardCharsets.ISO_8859_1);
                    pos = i + 1;
                    if (sb == null) {
                        return part;
                    }
                    sb.append(part);
                    int len = sb.length();
                    if (end == i && len > 0 && sb.charAt(len - 1) == '\r') {
                        sb.setLength(len - 1);
                    }
                    return sb.toString();
                }
            }
            if (sb == null) {
                sb = new StringBuilder();
            }
            sb.append(new String(buf, pos, limit - pos, StandardCharsets.ISO_8859_1));
            pos = limit;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** A POST of a CIM-XML body with the headers wbemcli sends. */
    static byte[] cimPost(int port, String cimMethod, String cimObject, byte[] body) {
        String head = "POST /cimom HTTP/1.1\r\n"
                + "Host: 127.0.0.1:" + port + "\r\n"
                + "Content-Type: application/xml; charset=\"utf-8\"\r\n"
                + "CIMProtocolVersion: 1.0\r\n"
                + "CIMOperation: MethodCall\r\n"
                + "CIMMethod: " + cimMethod + "\r\n"
                + "CIMObject: " + cimObject + "\r\n"
                + "Content-Length: " + body.length + "\r\n\r\n";
        byte[] h = head.getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[h.length + body.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(body, 0, all, h.length, body.length);
        return all;
    }
}
