package org.replicacim.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Raw HTTP/1.x over a real socket to 127.0.0.1: writes request bytes exactly as given and parses the answer by hand
 * (status line, headers, a Content-Length, chunked or close-delimited body, trailers), noticing a chunked body that
 * ends without its last chunk. Golden request files (src/test/resources/http/*.http) hold the head with LF line ends
 * (sent as CRLF), a blank line and the body; {@code @LENGTH@} becomes the body's byte length and a body of the form
 * {@code @INCLUDE name@} is read from another resource file.
 */
public final class RawHttp implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    /** A parsed response; {@code complete} is false when a chunked body ended without its terminating chunk. */
    public record Reply(String statusLine, int status, Map<String, List<String>> headers, byte[] body,
                 Map<String, String> trailers, boolean complete, boolean chunked) {
        public String header(String name) {
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null ? null : v.get(0);
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public String trailer(String name) {
            return trailers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    public RawHttp(int port) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(15_000);
        in = new java.io.BufferedInputStream(socket.getInputStream(), 64 * 1024);
        out = socket.getOutputStream();
    }

    /** Loads a golden request file and makes its bytes (CRLF head, body as stored, @LENGTH@ filled in). */
    public static byte[] golden(String name) {
        return golden(name, java.util.Map.of());
    }

    /** A golden request with {@code @KEY@} placeholders in its body replaced (before @LENGTH@ is computed). */
    public static byte[] golden(String name, Map<String, String> replacements) {
        String text = resource(name);
        for (Map.Entry<String, String> r : replacements.entrySet()) {
            text = text.replace("@" + r.getKey() + "@", r.getValue());
        }
        int split = text.indexOf("\n\n");
        String head = split < 0 ? text.stripTrailing() : text.substring(0, split);
        String body = split < 0 ? "" : text.substring(split + 2);
        if (body.startsWith("@INCLUDE ")) {
            body = resource(body.substring(9, body.indexOf('@', 9)).trim());
        }
        byte[] bodyBytes = body.getBytes(StandardCharsets.UTF_8);
        head = head.replace("@LENGTH@", Integer.toString(bodyBytes.length));
        return request(head, bodyBytes);
    }

    /** Joins a head (LF-separated lines) and a body into request bytes. */
    public static byte[] request(String head, byte[] body) {
        byte[] h = (head.replace("\n", "\r\n") + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[h.length + body.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(body, 0, all, h.length, body.length);
        return all;
    }

    public static String resource(String name) {
        try (InputStream r = RawHttp.class.getResourceAsStream("/http/" + name)) {
            if (r == null) {
                throw new IllegalArgumentException("no test resource http/" + name);
            }
            return new String(r.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends bytes and reads one response. */
    public Reply exchange(byte[] request) throws IOException {
        send(request);
        return read();
    }

    public void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Reads one response. */
    public Reply read() throws IOException {
        String statusLine = line();
        if (statusLine == null) {
            throw new IOException("connection closed before a status line");
        }
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String l = line(); l != null && !l.isEmpty(); l = line()) {
            int colon = l.indexOf(':');
            headers.computeIfAbsent(l.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(l.substring(colon + 1).trim());
        }
        Map<String, String> trailers = new LinkedHashMap<>();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        List<String> te = headers.get("transfer-encoding");
        List<String> cl = headers.get("content-length");
        boolean complete = true;
        boolean chunked = te != null && te.get(0).toLowerCase(Locale.ROOT).contains("chunked");
        if (status == 100) {
            return new Reply(statusLine, status, headers, new byte[0], trailers, true, false);
        }
        if (chunked) {
            complete = readChunks(body, trailers);
        } else if (cl != null) {
            body.write(in.readNBytes(Integer.parseInt(cl.get(0))));
        } else {
            body.write(readToEnd());
        }
        return new Reply(statusLine, status, headers, body.toByteArray(), trailers, complete, chunked);
    }

    private boolean readChunks(ByteArrayOutputStream body, Map<String, String> trailers) throws IOException {
        for (int guard = 0; guard < 1_000_000; guard++) {
            String size = line();
            if (size == null) {
                return false;
            }
            int semi = size.indexOf(';');
            int n = Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
            if (n == 0) {
                for (String l = line(); l != null && !l.isEmpty(); l = line()) {
                    int colon = l.indexOf(':');
                    trailers.put(l.substring(0, colon).trim().toLowerCase(Locale.ROOT), l.substring(colon + 1).trim());
                }
                return true;
            }
            byte[] data = in.readNBytes(n);
            body.write(data);
            if (data.length < n || line() == null) {
                return false;
            }
        }
        return false;
    }

    private byte[] readToEnd() throws IOException {
        try {
            return in.readAllBytes();
        } catch (SocketTimeoutException e) {
            return new byte[0];
        }
    }

    /** Whether the server closed the connection (reads EOF within the timeout). */
    public boolean closedByServer() throws IOException {
        try {
            return in.read() < 0;
        } catch (IOException e) {
            return true;
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                byte[] bytes = b.toByteArray();
                int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, len, StandardCharsets.ISO_8859_1);
            }
            b.write(c);
            if (b.size() > 64 * 1024) {
                throw new IOException("line too long");
            }
        }
        return null;
    }

    /** The socket (tests that write slowly or half-close use it directly). */
    public Socket socket() {
        return socket;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
