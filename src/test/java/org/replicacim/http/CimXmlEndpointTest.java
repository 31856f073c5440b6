package org.replicacim.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.replicacim.cim.Namespace;
import org.replicacim.codec.CimXmlResponseReader;
import org.replicacim.codec.DecodedResponse;
import org.replicacim.codec.Limits;

/**
 * Every request-validation failure of protocol reference §1.5, and the plain successes, sent as golden raw requests
 * over a real socket to a real CimServer on a free loopback port: status code and CIMError header asserted.
 */
class CimXmlEndpointTest {
    private static final TestOperations OPS = new TestOperations();
    private static CimServer server;

    @BeforeAll
    static void start() throws Exception {
        QuietLogs.apply();
        OPS.put(TestOperations.instance(Namespace.of("root/cimv2"), "T_Foo", "vol-1"));
        OPS.put(TestOperations.instance(Namespace.of("root/cimv2"), "T_Foo", "vol-2"));
        server = new CimServer(OPS, CimServerConfig.DEFAULT.withPort(0).withThreads(4, 16).withMaxBodyBytes(64 * 1024));
        server.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
    }

    /** One row of the table: the golden file, the expected status and CIMError (null = header must be absent). */
    record Case(String file, int status, String cimError) {
        @Override
        public String toString() {
            return file + " -> " + status + (cimError == null ? "" : " " + cimError);
        }
    }

    static Stream<Case> envelopeFailures() {
        return Stream.of(
                new Case("fail-get", 405, null),                                  // step 1
                new Case("fail-put", 405, null),
                new Case("fail-options", 405, null),
                new Case("fail-mpost-http10", 400, null),                         // step 2
                new Case("fail-mpost-no-man", 501, null),
                new Case("fail-mpost-foreign-man", 501, null),
                new Case("fail-no-cimoperation", 400, null),                      // step 4
                new Case("fail-cimexport", 400, null),
                new Case("fail-unsupported-operation", 400, "unsupported-operation"), // step 5
                new Case("fail-cimbatch", 501, "multiple-requests-unsupported"),  // step 6
                new Case("fail-content-type", 400, null),                         // step 7
                new Case("fail-charset", 400, null),
                new Case("fail-no-content-type", 400, null),
                new Case("fail-too-large", 413, null),                            // step 8
                new Case("fail-protocol-version-header", 501, "unsupported-protocol-version"), // step 9
                new Case("fail-not-well-formed", 400, "request-not-well-formed"), // step 10
                new Case("fail-dtd", 400, "request-not-well-formed"),
                new Case("fail-cim-version", 501, "unsupported-cim-version"),     // step 11
                new Case("fail-dtd-version", 501, "unsupported-dtd-version"),
                new Case("fail-protocol-version-body", 501, "unsupported-protocol-version"), // step 12
                new Case("fail-not-valid", 400, "request-not-valid"),             // step 13
                new Case("fail-multireq", 400, "header-mismatch"),
                new Case("fail-method-mismatch", 400, "header-mismatch"),         // step 14
                new Case("fail-method-missing", 400, "header-mismatch"),
                new Case("fail-object-mismatch", 400, "header-mismatch"),
                new Case("fail-object-missing", 400, "header-mismatch"),
                new Case("fail-object-bad-utf8", 400, "header-mismatch"),
                new Case("fail-method-object-keys", 400, "header-mismatch"),
                new Case("fail-method-object-class", 400, "header-mismatch"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("envelopeFailures")
    void envelopeFailureGetsHttpStatusAndCimError(Case c) throws Exception {
        try (RawHttp http = new RawHttp(server.port())) {
            RawHttp.Reply r = http.exchange(RawHttp.golden(c.file() + ".http"));
            assertEquals(c.status(), r.status(), r.statusLine());
            assertEquals(c.cimError(), r.header("CIMError"), "CIMError header");
            assertEquals(0, r.body().length, "error answers carry no body");
            assertNull(r.header("CIMOperation"), "no CIM operation header on HTTP errors");
            if (c.status() == 405) {
                assertEquals("POST, M-POST", r.header("Allow"));
            }
            if (c.status() == 501 && c.cimError() == null) {
                assertNull(r.header("CIMProtocolVersion"), "M-POST refusal must let SBLIM fall back to POST");
                assertNull(r.header("CIMErrorDescription"));
            }
        }
    }

    @Test
    void postEnumerateInstancesAnswersMethodResponse() throws Exception {
        try (RawHttp http = new RawHttp(server.port())) {
            RawHttp.Reply r = http.exchange(RawHttp.golden("ok-enumerate-instances.http"));
            assertEquals(200, r.status());
            assertEquals("MethodResponse", r.header("CIMOperation"));
            assertEquals("application/xml; charset=\"utf-8\"", r.header("Content-Type"));
            assertNotNull(r.header("Content-Length"), "small responses go out whole");
            assertNotNull(r.header("WBEMServerResponseTime"));
            DecodedResponse d = decode(r.body());
            assertEquals("4711", d.messageId());
            assertEquals("EnumerateInstances", d.name());
            assertEquals(2, d.objects().size());
            assertFalse(d.isError());
        }
    }

    @Test
    void keepAliveServesSeveralRequestsOnOneConnection() throws Exception {
        try (RawHttp http = new RawHttp(server.port())) {
            for (String f : new String[] {"ok-enumerate-instances", "fail-method-mismatch", "ok-pywbem-style",
                    "cim-error-unknown-operation", "method-echo"}) {
                RawHttp.Reply r = http.exchange(RawHttp.golden(f + ".http"));
                assertTrue(r.status() == 200 || r.status() == 400, f);
            }
        }
    }

    @Test
    void lenientHeaderFormsAreAccepted() throws Exception {
        for (String f : new String[] {"ok-pywbem-style", "ok-path-root", "method-echo-sblim"}) {
            try (RawHttp http = new RawHttp(server.port())) {
                RawHttp.Reply r = http.exchange(RawHttp.golden(f + ".http"));
                assertEquals(200, r.status(), f + ": " + r.header("CIMErrorDescription"));
                assertFalse(decode(r.body()).isError(), f);
            }
        }
    }

    @Test
    void mpostIsAnsweredWithPrefixedHeaders() throws Exception {
        try (RawHttp http = new RawHttp(server.port())) {
            RawHttp.Reply r = http.exchange(RawHttp.golden("ok-mpost.http"));
            assertEquals(200, r.status());
            assertEquals("MethodResponse", r.header("23-CIMOperation"));
            assertNull(r.header("CIMOperation"));
            assertEquals("", r.header("Ext"));
            assertTrue(r.header("Man").startsWith("http://www.dmtf.org/cim/mapping/http/v1.0"));
            assertTrue(r.header("Man").endsWith("ns=23"));
            assertEquals(2, decode(r.body()).objects().size());
        }
    }

    @Test
    void unknownIntrinsicIsCimErrorSevenInside200() throws Exception {
        RawHttp.Reply r = once("cim-error-unknown-operation");
        assertEquals(200, r.status());
        DecodedResponse d = decode(r.body());
        assertTrue(d.isError());
        assertEquals(7, d.error().status().code());
        assertEquals("FrobnicateInstances", d.name());
    }

    @Test
    void errorBeforeFirstObjectIsCleanErrorResponse() throws Exception {
        RawHttp.Reply r = once("cim-error-early");
        assertEquals(200, r.status());
        assertNotNull(r.header("Content-Length"));
        DecodedResponse d = decode(r.body());
        assertEquals(5, d.error().status().code());
    }

    @Test
    void unexpectedExceptionBecomesGenericFailedWithRequestId() throws Exception {
        for (String f : new String[] {"cim-error-boom", "method-boom", "method-throw"}) {
            RawHttp.Reply r = once(f);
            assertEquals(200, r.status(), f);
            String text = r.bodyText();
            DecodedResponse d = decode(r.body());
            assertEquals(1, d.error().status().code(), f);
            assertTrue(d.error().getMessage().contains("request id"), d.error().getMessage());
            assertFalse(text.contains("/var/lib") || text.contains("/opt/") || text.contains("/etc/"), text);
            assertFalse(text.contains("Exception") || text.contains("at org."), text);
        }
    }

    @Test
    void methodsCompleteAsynchronously() throws Exception {
        RawHttp.Reply echo = once("method-echo");
        DecodedResponse d = decode(echo.body());
        assertEquals(0L, ((Number) d.methodResult().returnValue().value()).longValue());
        assertEquals("hello & bye", d.methodResult().outParameter("Text").value().value());
        RawHttp.Reply later = once("method-later");
        assertEquals(4096L, ((Number) decode(later.body()).methodResult().returnValue().value()).longValue());
        RawHttp.Reply fail = once("method-fail");
        assertEquals(16, decode(fail.body()).error().status().code());
    }

    @Test
    void chunkedRequestBodyOverTheLimitIs413() throws Exception {
        String head = RawHttp.resource("ok-enumerate-instances.http");
        head = head.substring(0, head.indexOf("\n\n")).replace("Content-Length: @LENGTH@", "Transfer-Encoding: chunked");
        byte[] chunk = new byte[70 * 1024];
        java.util.Arrays.fill(chunk, (byte) ' ');
        byte[] prefix = RawHttp.request(head, (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        try (RawHttp http = new RawHttp(server.port())) {
            http.send(prefix);
            http.send(chunk);
            http.send("\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            RawHttp.Reply r = http.read();
            assertEquals(413, r.status());
            assertNull(r.header("CIMError"));
        }
    }

    @Test
    void unknownPathIs404WithoutBody() throws Exception {
        String req = RawHttp.resource("ok-enumerate-instances.http").replace("POST /cimom", "POST /elsewhere");
        int split = req.indexOf("\n\n");
        try (RawHttp http = new RawHttp(server.port())) {
            RawHttp.Reply r = http.exchange(RawHttp.request(req.substring(0, split).replace("@LENGTH@", "0"), new byte[0]));
            assertEquals(404, r.status());
            assertEquals(0, r.body().length);
        }
    }

    static RawHttp.Reply once(String file) throws Exception {
        try (RawHttp http = new RawHttp(server.port())) {
            return http.exchange(RawHttp.golden(file + ".http"));
        }
    }

    static DecodedResponse decode(byte[] body) throws Exception {
        return new CimXmlResponseReader().read(new ByteArrayInputStream(body), Limits.CLIENT);
    }
}
