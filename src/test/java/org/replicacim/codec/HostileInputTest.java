package org.replicacim.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.replicacim.cim.CimStatus;

/** Hostile and broken inputs are refused fast, with the right fault and a message that says why (§8.2). */
class HostileInputTest {

    record Hostile(String description, byte[] body, Limits limits, ProtocolError protocolError, CimStatus status,
                   String fragment) {
        @Override
        public String toString() {
            return description;
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static Hostile protocol(String d, String body, ProtocolError e, String fragment) {
        return new Hostile(d, utf8(body), Limits.DEFAULT, e, null, fragment);
    }

    static Hostile status(String d, String body, CimStatus s, String fragment) {
        return new Hostile(d, utf8(body), Limits.DEFAULT, null, s, fragment);
    }

    static String deep(int depth) {
        StringBuilder sb = new StringBuilder();
        sb.append("<IPARAMVALUE NAME=\"PropertyList\">");
        for (int i = 0; i < depth; i++) {
            sb.append("<VALUE.ARRAY>");
        }
        for (int i = 0; i < depth; i++) {
            sb.append("</VALUE.ARRAY>");
        }
        return Wire.imethod("GetClass", sb.append("</IPARAMVALUE>").toString());
    }

    static byte[] invalidUtf8() {
        String doc = Wire.imethod("GetClass", "<IPARAMVALUE NAME=\"ClassName\"><VALUE>T@</VALUE></IPARAMVALUE>");
        int at = doc.indexOf('@');
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(utf8(doc.substring(0, at)));
        b.writeBytes(new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF});
        b.writeBytes(utf8(doc.substring(at + 1)));
        return b.toByteArray();
    }

    static Stream<Hostile> hostile() {
        String billion = Wire.DECL + "<!DOCTYPE CIM [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
                + "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">"
                + "<!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\"><!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">"
                + "<!ENTITY g \"&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;\"><!ENTITY h \"&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;\">]>"
                + Wire.imethod("GetClass", "<IPARAMVALUE NAME=\"ClassName\"><VALUE>&h;</VALUE></IPARAMVALUE>").substring(Wire.DECL.length());
        String xxe = Wire.DECL + "<!DOCTYPE CIM [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + Wire.imethod("GetClass", "<IPARAMVALUE NAME=\"ClassName\"><VALUE>&x;</VALUE></IPARAMVALUE>").substring(Wire.DECL.length());
        String doctype = Wire.DECL + "<!DOCTYPE CIM SYSTEM \"http://www.dmtf.org/cim.dtd\">"
                + Wire.imethod("EnumerateQualifiers", "").substring(Wire.DECL.length());
        return Stream.of(
            protocol("XXE: external entity", xxe, ProtocolError.REQUEST_NOT_WELL_FORMED, ""),
            protocol("billion laughs", billion, ProtocolError.REQUEST_NOT_WELL_FORMED, ""),
            protocol("DOCTYPE without entities", doctype, ProtocolError.REQUEST_NOT_WELL_FORMED, "DOCTYPE"),
            protocol("10,000-deep nesting (refused by structure)", deep(10_000), ProtocolError.REQUEST_NOT_VALID, "VALUE.ARRAY"),
            new Hostile("10,000-deep nesting under a low depth limit", utf8(deep(10_000)),
                new Limits(16L << 20, 6, 1_000_000, 65_536, 4), ProtocolError.REQUEST_NOT_WELL_FORMED, null,
                "nested deeper than the limit of 6"),
            new Hostile("10,000-deep unknown elements", utf8(Wire.imethod("EnumerateQualifiers", "").replace("<SIMPLEREQ>",
                "<SIMPLEREQ>" + "<X>".repeat(10_000) + "</X>".repeat(10_000))), new Limits(16L << 20, 3, 1_000_000, 65_536, 4),
                ProtocolError.REQUEST_NOT_WELL_FORMED, null, "deeper than the limit of 3"),
            protocol("undeclared entity", Wire.imethod("GetClass", "<IPARAMVALUE NAME=\"ClassName\"><VALUE>&foo;</VALUE></IPARAMVALUE>"),
                ProtocolError.REQUEST_NOT_WELL_FORMED, "foo"),
            protocol("control character reference", Wire.imethod("GetClass", "<IPARAMVALUE NAME=\"ClassName\"><VALUE>a&#1;</VALUE></IPARAMVALUE>"),
                ProtocolError.REQUEST_NOT_WELL_FORMED, ""),
            protocol("raw control character", Wire.imethod("GetClass", "<IPARAMVALUE NAME=\"ClassName\"><VALUE>a\u0001</VALUE></IPARAMVALUE>"),
                ProtocolError.REQUEST_NOT_WELL_FORMED, ""),
            protocol("unclosed element", Wire.imethod("GetClass", "<IPARAMVALUE NAME=\"ClassName\">"), ProtocolError.REQUEST_NOT_WELL_FORMED, ""),
            protocol("not XML at all", "GET / HTTP/1.1", ProtocolError.REQUEST_NOT_WELL_FORMED, ""),
            protocol("empty body", "", ProtocolError.REQUEST_NOT_WELL_FORMED, ""),
            protocol("XML namespace on an element", Wire.imethod("EnumerateQualifiers", "").replace("<SIMPLEREQ>", "<SIMPLEREQ xmlns=\"urn:x\">"),
                ProtocolError.REQUEST_NOT_VALID, "namespace"),
            new Hostile("invalid UTF-8", invalidUtf8(), Limits.DEFAULT, ProtocolError.REQUEST_NOT_WELL_FORMED, null, "UTF-8"),
            new Hostile("too many elements", utf8(Wire.imethod("EnumerateQualifiers", "")), Limits.DEFAULT.withMaxElements(5),
                ProtocolError.REQUEST_NOT_VALID, null, "more than 5 elements"),
            new Hostile("attribute too long", utf8(Wire.imethod("GetClass", "<IPARAMVALUE NAME=\"ClassName\"><CLASSNAME NAME=\""
                + "A".repeat(70_000) + "\"/></IPARAMVALUE>")), Limits.DEFAULT, ProtocolError.REQUEST_NOT_VALID, null, "attribute NAME of CLASSNAME longer"),
            status("uint8 of 256", ValueCodecTest.newInstance("<PROPERTY NAME=\"P\" TYPE=\"uint8\"><VALUE>256</VALUE></PROPERTY>"),
                CimStatus.INVALID_PARAMETER, "PROPERTY 'P'"),
            status("malformed datetime", ValueCodecTest.newInstance("<PROPERTY NAME=\"D\" TYPE=\"datetime\"><VALUE>2025-11-23T14:15:02Z</VALUE></PROPERTY>"),
                CimStatus.INVALID_PARAMETER, "PROPERTY 'D'"),
            status("XXE inside an embedded instance", Wire.method("M", "<PARAMVALUE NAME=\"RSD\" PARAMTYPE=\"string\" EmbeddedObject=\"instance\"><VALUE>"
                + Wire.esc("<!DOCTYPE INSTANCE [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><INSTANCE CLASSNAME=\"T\"><PROPERTY NAME=\"P\" TYPE=\"string\"><VALUE>&x;</VALUE></PROPERTY></INSTANCE>")
                + "</VALUE></PARAMVALUE>"), CimStatus.INVALID_PARAMETER, "embedded object"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostile")
    void refusedFastWithAClearError(Hostile h) {
        long start = System.nanoTime();
        Wire.Outcome o = Wire.readRequest(h.body(), h.limits());
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertEquals(h.protocolError(), o.protocolError(), h + " → " + o);
        assertEquals(h.status(), o.status(), h + " → " + o);
        assertTrue(o.message().contains(h.fragment()), h + ": '" + o.message() + "' lacks '" + h.fragment() + "'");
        assertFalse(o.message().contains("root:x:0:0"), "file content leaked: " + o.message());
        assertTrue(took.toMillis() < 2000, h + " took " + took);
    }

    /** An endless body: a valid start, then a string value that never ends. */
    static final class EndlessBody extends InputStream {
        private final byte[] head = utf8(Wire.imethod("GetClass", "<IPARAMVALUE NAME=\"ClassName\"><VALUE>@")
                .substring(0, Wire.imethod("GetClass", "<IPARAMVALUE NAME=\"ClassName\"><VALUE>@").indexOf('@')));
        long served;

        @Override
        public int read() {
            int b = served < head.length ? head[(int) served] : 'x';
            served++;
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) {
            for (int i = 0; i < len; i++) {
                buf[off + i] = (byte) read();
            }
            return len;
        }
    }

    @Test
    void hundredMebibyteBodyStopsAtTheLimit() {
        EndlessBody body = new EndlessBody();
        long start = System.nanoTime();
        Wire.Outcome o;
        try {
            o = new Wire.Outcome(new CimXmlRequestReader().parse(body, Limits.DEFAULT), null, null, null);
        } catch (CimProtocolException e) {
            o = new Wire.Outcome(null, e.error(), null, e.getMessage());
        }
        assertEquals(ProtocolError.REQUEST_TOO_LARGE, o.protocolError(), o.toString());
        assertEquals(413, o.protocolError().httpStatus());
        assertTrue(body.served <= Limits.DEFAULT.maxBytes() + 1, "read " + body.served + " bytes");
        assertTrue(body.served < 100L * 1024 * 1024, "stopped before 100 MiB");
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 5000, "slow");
        assertTrue(o.message().contains(Long.toString(Limits.DEFAULT.maxBytes())), o.message());
    }

    @Test
    void protocolErrorsCarryTheCimErrorHeaderValues() {
        assertEquals("request-not-well-formed", ProtocolError.REQUEST_NOT_WELL_FORMED.headerValue());
        assertEquals("request-not-valid", ProtocolError.REQUEST_NOT_VALID.headerValue());
        assertEquals("unsupported-protocol-version", ProtocolError.UNSUPPORTED_PROTOCOL_VERSION.headerValue());
        assertEquals("multiple-requests-unsupported", ProtocolError.MULTIPLE_REQUESTS_UNSUPPORTED.headerValue());
        assertEquals("unsupported-cim-version", ProtocolError.UNSUPPORTED_CIM_VERSION.headerValue());
        assertEquals("unsupported-dtd-version", ProtocolError.UNSUPPORTED_DTD_VERSION.headerValue());
        assertEquals("header-mismatch", ProtocolError.HEADER_MISMATCH.headerValue());
        assertEquals(501, ProtocolError.UNSUPPORTED_CIM_VERSION.httpStatus());
        assertEquals(400, ProtocolError.REQUEST_NOT_VALID.httpStatus());
    }
}
