package org.replicacim.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.replicacim.codec.DecodedResponse;

/**
 * Large and failing responses over a real socket: chunked streaming with CIMStatusCode trailers when the client sends
 * {@code TE: trailers}, a late failure reported in the trailer or by closing the connection, gzip on request, whole
 * buffered answers for HTTP/1.0, and Basic authentication before the body is read.
 */
class StreamingResponseTest {
    private static final TestOperations OPS = new TestOperations();
    private static CimServer server;
    private static CimServer secured;

    @BeforeAll
    static void start() throws Exception {
        QuietLogs.apply();
        CimServerConfig small = CimServerConfig.DEFAULT.withPort(0).withThreads(4, 16).withResponseBuffer(4096, 20);
        server = new CimServer(OPS, small);
        server.start();
        secured = new CimServer(OPS, small.withAuthentication("cimom", (u, p) -> u.equals("u") && p.equals("p")));
        secured.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
        secured.stop();
    }

    private static byte[] withHeader(String file, String header) {
        String text = new String(RawHttp.golden(file), StandardCharsets.UTF_8);
        return text.replaceFirst("\r\n", "\r\n" + header + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void largeResultStreamsChunkedWithSuccessTrailerWhenClientAcceptsTrailers() throws Exception {
        try (RawHttp http = new RawHttp(server.port())) {
            RawHttp.Reply r = http.exchange(withHeader("ok-enumerate-many.http", "TE: trailers"));
            assertEquals(200, r.status());
            assertTrue(r.chunked(), "streamed");
            assertTrue(r.complete());
            assertNull(r.header("Content-Length"));
            assertEquals("CIMStatusCode, CIMStatusCodeDescription", r.header("Trailer"));
            assertEquals("0", r.trailer("CIMStatusCode"));
            DecodedResponse d = CimXmlEndpointTest.decode(r.body());
            assertEquals(1000, d.objects().size());
            // keep-alive survives a streamed response
            RawHttp.Reply again = http.exchange(RawHttp.golden("ok-enumerate-instances.http"));
            assertEquals(200, again.status());
        }
    }

    @Test
    void largeResultWithoutTeStreamsChunkedWithoutTrailers() throws Exception {
        RawHttp.Reply r = once("ok-enumerate-many");
        assertTrue(r.chunked());
        assertTrue(r.complete());
        assertNull(r.header("Trailer"));
        assertTrue(r.trailers().isEmpty());
        assertEquals(1000, CimXmlEndpointTest.decode(r.body()).objects().size());
    }

    @Test
    void mpostTrailersCarryTheNamespacePrefix() throws Exception {
        try (RawHttp http = new RawHttp(server.port())) {
            RawHttp.Reply r = http.exchange(RawHttp.golden("ok-mpost-many.http"));
            assertEquals(200, r.status());
            assertEquals("MethodResponse", r.header("23-CIMOperation"));
            assertEquals("0", r.trailer("23-CIMStatusCode"));
        }
    }

    @Test
    void lateFailureGoesIntoTheTrailerWhenClientAcceptsTrailers() throws Exception {
        try (RawHttp http = new RawHttp(server.port())) {
            RawHttp.Reply r = http.exchange(withHeader("late-fail.http", "TE: trailers"));
            assertEquals(200, r.status());
            assertTrue(r.chunked());
            assertTrue(r.complete(), "terminated with a last chunk and trailers");
            assertEquals("1", r.trailer("CIMStatusCode"));
            assertEquals("backend%20volume%20unavailable", r.trailer("CIMStatusCodeDescription"));
            // the XML was closed cleanly between objects
            assertTrue(r.bodyText().trim().endsWith("</CIM>"), "XML closed");
        }
    }

    @Test
    void lateFailureWithoutTeClosesTheConnectionWithoutLastChunk() throws Exception {
        try (RawHttp http = new RawHttp(server.port())) {
            RawHttp.Reply r;
            try {
                r = http.exchange(RawHttp.golden("late-fail.http"));
            } catch (IOException reset) {
                return; // connection reset before the reply was read: also a visible failure
            }
            assertEquals(200, r.status());
            assertTrue(r.chunked());
            assertFalse(r.complete(), "a truncated result must never look complete");
            assertFalse(r.bodyText().contains("</CIM>"));
        }
    }

    @Test
    void http10GetsWholeBufferedResponseWithContentLength() throws Exception {
        byte[] req = new String(RawHttp.golden("ok-enumerate-many.http"), StandardCharsets.UTF_8)
                .replace("POST /cimom HTTP/1.1", "POST /cimom HTTP/1.0").getBytes(StandardCharsets.UTF_8);
        try (RawHttp http = new RawHttp(server.port())) {
            RawHttp.Reply r = http.exchange(req);
            assertEquals(200, r.status());
            assertFalse(r.chunked());
            assertNotNull(r.header("Content-Length"));
            assertEquals(1000, CimXmlEndpointTest.decode(r.body()).objects().size());
        }
    }

    @Test
    void http10LateFailureIsCleanErrorBecauseNothingWasSent() throws Exception {
        byte[] req = new String(RawHttp.golden("late-fail.http"), StandardCharsets.UTF_8)
                .replace("POST /cimom HTTP/1.1", "POST /cimom HTTP/1.0").getBytes(StandardCharsets.UTF_8);
        try (RawHttp http = new RawHttp(server.port())) {
            RawHttp.Reply r = http.exchange(req);
            assertEquals(200, r.status());
            DecodedResponse d = CimXmlEndpointTest.decode(r.body());
            assertEquals(1, d.error().status().code());
        }
    }

    @Test
    void gzipWhenClientAsks() throws Exception {
        for (String file : new String[] {"ok-enumerate-instances.http", "ok-enumerate-many.http"}) {
            try (RawHttp http = new RawHttp(server.port())) {
                RawHttp.Reply r = http.exchange(withHeader(file, "Accept-Encoding: gzip, deflate"));
                assertEquals(200, r.status());
                assertEquals("gzip", r.header("Content-Encoding"));
                byte[] plain;
                try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(r.body()))) {
                    plain = in.readAllBytes();
                }
                assertFalse(CimXmlEndpointTest.decode(plain).isError());
            }
        }
        RawHttp.Reply identity = once("ok-enumerate-instances");
        assertNull(identity.header("Content-Encoding"));
        try (RawHttp http = new RawHttp(server.port())) {
            RawHttp.Reply refused = http.exchange(withHeader("ok-enumerate-instances.http", "Accept-Encoding: gzip;q=0"));
            assertNull(refused.header("Content-Encoding"));
        }
    }

    @Test
    void authenticationIsCheckedBeforeTheBody() throws Exception {
        try (RawHttp http = new RawHttp(secured.port())) {
            RawHttp.Reply r = http.exchange(RawHttp.golden("ok-enumerate-instances.http"));
            assertEquals(401, r.status());
            assertEquals("Basic realm=\"cimom\"", r.header("WWW-Authenticate"));
            assertNull(r.header("CIMError"));
            // same connection, now with credentials (the SBLIM client retries this way)
            String auth = "Authorization: Basic " + Base64.getEncoder().encodeToString("u:p".getBytes(StandardCharsets.UTF_8));
            RawHttp.Reply ok = http.exchange(withHeader("ok-enumerate-instances.http", auth));
            assertEquals(200, ok.status());
            assertEquals("u", OPS.lastContext.user());
            String bad = "Authorization: Basic " + Base64.getEncoder().encodeToString("u:x".getBytes(StandardCharsets.UTF_8));
            assertEquals(401, http.exchange(withHeader("ok-enumerate-instances.http", bad)).status());
        }
        try (RawHttp http = new RawHttp(secured.port())) {
            // authentication comes before CIM header checks (step 3 before step 5)
            assertEquals(401, http.exchange(RawHttp.golden("fail-unsupported-operation.http")).status());
        }
    }

    private static RawHttp.Reply once(String file) throws Exception {
        try (RawHttp http = new RawHttp(server.port())) {
            return http.exchange(RawHttp.golden(file + ".http"));
        }
    }

    @Test
    void responseBufferMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> CimServerConfig.DEFAULT.withResponseBuffer(0, 1));
    }
}
