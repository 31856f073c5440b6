package org.replicacim.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.replicacim.app.ReplicaCimServer;
import org.replicacim.app.ServerConfig;
import org.replicacim.http.RawHttp;

/**
 * Hostile input against the real server, each refused within the configured limits while the server keeps serving:
 * XXE (internal and external entities), billion laughs, oversize bodies (declared and chunked), deeply nested XML,
 * header floods and slowloris-style clients (dribbled heads and dribbled bodies).
 */
class SecurityHardeningIT {
    private static final int MAX_BODY = 1 << 20;
    private static Path dataDir;
    private static ReplicaCimServer server;

    @BeforeAll
    static void start() throws Exception {
        dataDir = Files.createTempDirectory("replicacim-hardening");
        server = ReplicaCimServer.start(ServerConfig.defaults().withHttpPort(0).withNbdPort(-1).withDataDir(dataDir)
                .withHostName("localhost").with("security.anonymousLoopback", "true")
                .with("limits.maxBodyBytes", Integer.toString(MAX_BODY)).with("limits.headerTimeoutSeconds", "2")
                .with("limits.idleTimeoutSeconds", "4").with("limits.minRequestBytesPerSecond", "1024"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    /** After every attack the server still answers an ordinary request. */
    @AfterEach
    void serverStillServes() throws Exception {
        try (RawHttp http = new RawHttp(server.httpPort())) {
            RawHttp.Reply r = http.exchange(request(enumerateVolumes(""), "EnumerateInstanceNames"));
            assertEquals(200, r.status(), r.statusLine());
            assertTrue(r.bodyText().contains("IRETURNVALUE"), r.bodyText());
        }
    }

    private static String enumerateVolumes(String prolog) {
        return enumerate(prolog, "MSISCSITARGET_StorageVolume");
    }

    private static String enumerate(String prolog, String className) {
        return "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n" + prolog
                + "<CIM CIMVERSION=\"2.0\" DTDVERSION=\"2.0\"><MESSAGE ID=\"1\" PROTOCOLVERSION=\"1.0\"><SIMPLEREQ>"
                + "<IMETHODCALL NAME=\"EnumerateInstanceNames\"><LOCALNAMESPACEPATH><NAMESPACE NAME=\"root\"/>"
                + "<NAMESPACE NAME=\"cimv2\"/><NAMESPACE NAME=\"storage\"/><NAMESPACE NAME=\"iscsitarget\"/>"
                + "</LOCALNAMESPACEPATH><IPARAMVALUE NAME=\"ClassName\"><CLASSNAME NAME=\"" + className + "\"/>"
                + "</IPARAMVALUE></IMETHODCALL></SIMPLEREQ></MESSAGE></CIM>";
    }

    private static String head(String method, long length) {
        return "POST /cimom HTTP/1.1\nHost: 127.0.0.1\nContent-Type: application/xml; charset=\"utf-8\"\n"
                + "CIMProtocolVersion: 1.0\nCIMOperation: MethodCall\nCIMMethod: " + method
                + "\nCIMObject: root%2Fcimv2%2Fstorage%2Fiscsitarget\nContent-Length: " + length;
    }

    private static byte[] request(String body, String method) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        return RawHttp.request(head(method, b.length), b);
    }

    /** The reply carries no internals: no stack trace, no Java class names, no file paths of the server. */
    private static void assertNoLeak(RawHttp.Reply r) {
        String all = r.headers() + "\n" + r.bodyText();
        assertFalse(all.matches("(?s).*(\\.java:\\d|Exception|\\tat |/etc/|root:x:0).*"), all);
        assertFalse(all.contains(dataDir.toString()), all);
    }

    private static long millisSince(long t0) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }

    @Test
    void externalEntitiesAreNeverResolved() throws Exception {
        try (ServerSocket bait = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            bait.setSoTimeout(1);
            String[] prologs = {
                "<!DOCTYPE CIM [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n",
                "<!DOCTYPE CIM SYSTEM \"http://127.0.0.1:" + bait.getLocalPort() + "/evil.dtd\">\n",
                "<!DOCTYPE CIM [<!ENTITY % p SYSTEM \"http://127.0.0.1:" + bait.getLocalPort() + "/p\"> %p;]>\n",
            };
            for (String prolog : prologs) {
                String body = enumerate(prolog, prolog.contains("xxe") ? "&xxe;" : "MSISCSITARGET_StorageVolume");
                try (RawHttp http = new RawHttp(server.httpPort())) {
                    RawHttp.Reply r = http.exchange(request(body, "EnumerateInstanceNames"));
                    assertEquals(400, r.status(), prolog + " -> " + r.statusLine());
                    assertNoLeak(r);
                }
            }
            try (Socket fetched = bait.accept()) {
                throw new AssertionError("the server fetched an external entity from " + fetched);
            } catch (SocketTimeoutException expected) {
                // nothing connected: no external resource was fetched
            }
        }
    }

    @Test
    void billionLaughsIsRefusedQuickly() throws Exception {
        StringBuilder dtd = new StringBuilder("<!DOCTYPE CIM [<!ENTITY lol \"lol\">");
        for (int i = 1; i <= 9; i++) {
            dtd.append("<!ENTITY lol").append(i).append(" \"");
            for (int j = 0; j < 10; j++) {
                dtd.append(i == 1 ? "&lol;" : "&lol" + (i - 1) + ";");
            }
            dtd.append("\">");
        }
        dtd.append("]>\n");
        long t0 = System.nanoTime();
        try (RawHttp http = new RawHttp(server.httpPort())) {
            RawHttp.Reply r = http.exchange(request(enumerate(dtd.toString(), "&lol9;"), "EnumerateInstanceNames"));
            assertEquals(400, r.status(), r.statusLine());
            assertNoLeak(r);
        }
        assertTrue(millisSince(t0) < 5_000, "took " + millisSince(t0) + " ms");
    }

    @Test
    void oversizeBodiesAreRefusedWithoutBeingRead() throws Exception {
        // declared too large: refused on the head alone
        try (RawHttp http = new RawHttp(server.httpPort())) {
            http.send(RawHttp.request(head("EnumerateInstanceNames", MAX_BODY + 1L), new byte[0]));
            RawHttp.Reply r = http.read();
            assertEquals(413, r.status(), r.statusLine());
            assertTrue(http.closedByServer(), "the connection is closed after a 413");
        }
        // chunked without a length: refused once the limit is passed
        try (RawHttp http = new RawHttp(server.httpPort())) {
            String h = head("EnumerateInstanceNames", 0).replace("Content-Length: 0", "Transfer-Encoding: chunked");
            http.send((h.replace("\n", "\r\n") + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            byte[] chunk = new byte[64 * 1024];
            java.util.Arrays.fill(chunk, (byte) ' ');
            byte[] size = (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
            try {
                for (int i = 0; i < 2 * MAX_BODY / chunk.length + 4; i++) {
                    http.send(size);
                    http.send(chunk);
                    http.send("\r\n".getBytes(StandardCharsets.ISO_8859_1));
                }
                http.send("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            } catch (IOException closedEarly) {
                // the server may stop reading and close as soon as the limit is passed
            }
            RawHttp.Reply r = http.read();
            assertEquals(413, r.status(), r.statusLine());
        }
    }

    @Test
    void deeplyNestedXmlIsRefused() throws Exception {
        int depth = 30_000; // deep, yet within the body limit: the depth limit must catch it
        StringBuilder b = new StringBuilder(enumerateVolumes(""));
        int at = b.indexOf("</IPARAMVALUE>");
        StringBuilder nest = new StringBuilder(depth * 30);
        nest.append("<VALUE.ARRAY>".repeat(depth)).append("</VALUE.ARRAY>".repeat(depth));
        b.insert(at, nest);
        long t0 = System.nanoTime();
        try (RawHttp http = new RawHttp(server.httpPort())) {
            RawHttp.Reply r = http.exchange(request(b.toString(), "EnumerateInstanceNames"));
            assertEquals(400, r.status(), r.statusLine());
            assertNoLeak(r);
        }
        assertTrue(millisSince(t0) < 5_000, "took " + millisSince(t0) + " ms");
    }

    @Test
    void oversizeAttributesAreRefused() throws Exception {
        String body = enumerate("", "X".repeat(200_000));
        try (RawHttp http = new RawHttp(server.httpPort())) {
            RawHttp.Reply r = http.exchange(request(body, "EnumerateInstanceNames"));
            assertEquals(400, r.status(), r.statusLine());
            assertNoLeak(r);
        }
    }

    @Test
    void headerFloodsAreRefused() throws Exception {
        StringBuilder flood = new StringBuilder(head("EnumerateInstanceNames", 0));
        for (int i = 0; i < 4_000; i++) {
            flood.append("\nX-Flood-").append(i).append(": ").append("v".repeat(20));
        }
        byte[] body = enumerateVolumes("").getBytes(StandardCharsets.UTF_8);
        String h = flood.toString().replace("Content-Length: 0", "Content-Length: " + body.length);
        try (RawHttp http = new RawHttp(server.httpPort())) {
            RawHttp.Reply r = http.exchange(RawHttp.request(h, body));
            assertEquals(431, r.status(), r.statusLine());
        }
        // one enormous header line
        String big = head("EnumerateInstanceNames", body.length) + "\nX-Big: " + "b".repeat(100_000);
        try (RawHttp http = new RawHttp(server.httpPort())) {
            RawHttp.Reply r = http.exchange(RawHttp.request(big, body));
            assertEquals(431, r.status(), r.statusLine());
        }
    }

    @Test
    void slowlorisHeadsAreCutOffWhileOthersAreServed() throws Exception {
        int clients = 30;
        List<Socket> sockets = new ArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        List<Long> closedAfter = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> dribblers = new ArrayList<>();
        try {
            long t0 = System.nanoTime();
            for (int i = 0; i < clients; i++) {
                Socket s = new Socket("127.0.0.1", server.httpPort());
                sockets.add(s);
                Thread t = new Thread(() -> dribble(s, stop, t0, closedAfter), "slowloris-" + i);
                t.setDaemon(true);
                dribblers.add(t);
                t.start();
            }
            // meanwhile an ordinary client is served at once
            Thread.sleep(500);
            try (RawHttp http = new RawHttp(server.httpPort())) {
                long t1 = System.nanoTime();
                assertEquals(200, http.exchange(request(enumerateVolumes(""), "EnumerateInstanceNames")).status());
                assertTrue(millisSince(t1) < 5_000, "an ordinary request waited " + millisSince(t1) + " ms");
            }
            for (Thread t : dribblers) {
                t.join(15_000);
            }
            assertEquals(clients, closedAfter.size(), "every dribbling connection was closed by the server");
            // the head deadline is 2 s, far below the idle timeout a dribbler keeps resetting
            for (long ms : closedAfter) {
                assertTrue(ms < 6_000, "a dribbling connection lived " + ms + " ms");
            }
        } finally {
            stop.set(true);
            for (Socket s : sockets) {
                s.close();
            }
        }
    }

    /** Writes a request head one byte every 200 ms until the server closes the connection (bounded to 15 s). */
    private static void dribble(Socket s, AtomicBoolean stop, long t0, List<Long> closedAfter) {
        byte[] head = ("POST /cimom HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + "s".repeat(500))
                .getBytes(StandardCharsets.ISO_8859_1);
        try {
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            s.setSoTimeout(1);
            for (int i = 0; i < head.length && !stop.get() && millisSince(t0) < 15_000; i++) {
                out.write(head[i]);
                out.flush();
                try {
                    if (in.read() < 0) {
                        break;
                    }
                } catch (SocketTimeoutException stillOpen) {
                    // keep dribbling
                }
                Thread.sleep(200);
            }
        } catch (IOException | InterruptedException closed) {
            // the server closed the connection (a write failed): what we wait for
        }
        if (millisSince(t0) < 15_000) {
            closedAfter.add(millisSince(t0));
        }
    }

    @Test
    void aSteadyUploadOutlastingTheHeadDeadlineIsServed() throws Exception {
        // 400 KB at about 100 KB/s: longer than the 2 s head deadline, faster than the minimum rate
        String xml = enumerateVolumes("");
        byte[] body = (xml + " ".repeat(400_000)).getBytes(StandardCharsets.UTF_8);
        long t0 = System.nanoTime();
        try (RawHttp http = new RawHttp(server.httpPort())) {
            http.send((head("EnumerateInstanceNames", body.length).replace("\n", "\r\n") + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            for (int off = 0; off < body.length; off += 10_000) {
                http.send(java.util.Arrays.copyOfRange(body, off, Math.min(body.length, off + 10_000)));
                Thread.sleep(100);
            }
            RawHttp.Reply r = http.read();
            assertEquals(200, r.status(), r.statusLine());
        }
        assertTrue(millisSince(t0) > 3_000, "the upload took only " + millisSince(t0) + " ms");
    }

    @Test
    void slowBodiesAreCutOff() throws Exception {
        byte[] body = enumerateVolumes("").getBytes(StandardCharsets.UTF_8);
        long t0 = System.nanoTime();
        try (RawHttp http = new RawHttp(server.httpPort())) {
            http.send((head("EnumerateInstanceNames", body.length).replace("\n", "\r\n") + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            boolean cut = false;
            try {
                for (int i = 0; i < body.length && millisSince(t0) < 20_000; i++) {
                    http.send(new byte[] {body[i]});
                    Thread.sleep(100);
                }
            } catch (IOException closed) {
                cut = true;
            }
            if (!cut) {
                RawHttp.Reply r = http.read();
                assertTrue(r.status() >= 400, r.statusLine());
            }
        }
        assertTrue(millisSince(t0) < 20_000, "a 10 bytes/s upload was not cut off within 20 s");
    }
}
