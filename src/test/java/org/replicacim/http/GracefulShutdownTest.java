package org.replicacim.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.replicacim.codec.DecodedResponse;

/**
 * Stopping the server while a request runs: the running one may finish, new operations are answered with
 * CIM_ERR_SERVER_IS_SHUTTING_DOWN (28) and the connection closes, and the stop completes once the running request
 * ends.
 */
class GracefulShutdownTest {

    @Test
    void operationsArrivingDuringStopGetShuttingDown() throws Exception {
        QuietLogs.apply();
        TestOperations ops = new TestOperations();
        ops.manyCount = 60_000; // tens of MB: more than the socket buffers hold
        CimServer server = new CimServer(ops, CimServerConfig.DEFAULT.withPort(0).withThreads(4, 16));
        server.start();
        CompletableFuture<Void> stopping = null;
        try (Socket slow = new Socket()) {
            slow.setReceiveBufferSize(4096);
            slow.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()), 5_000);
            slow.getOutputStream().write(RawHttp.golden("ok-enumerate-many.http"));
            InputStream in = slow.getInputStream();
            assertTrue(in.read() >= 0, "the large answer started and now waits for this client to read");

            stopping = CompletableFuture.runAsync(() -> {
                try {
                    server.stop();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            DecodedResponse refused = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(4);
            while (refused == null && System.nanoTime() < deadline) {
                try (RawHttp http = new RawHttp(server.port())) {
                    RawHttp.Reply r = http.exchange(RawHttp.golden("ok-enumerate-instances.http"));
                    assertEquals(200, r.status());
                    DecodedResponse d = CimXmlEndpointTest.decode(r.body());
                    if (d.isError()) {
                        assertEquals("close", r.header("Connection"));
                        refused = d;
                    }
                }
            }
            assertTrue(refused != null, "no request was refused while the server stopped");
            assertEquals(28, refused.error().status().code());
            assertEquals("EnumerateInstances", refused.name());
            assertFalse(stopping.isDone(), "the stop waits for the running request");
        }
        // the slow client went away: its request ends and the stop completes
        stopping.get(10, TimeUnit.SECONDS);
        assertFalse(server.isRunning());
    }
}
