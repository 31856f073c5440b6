package org.replicacim.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.replicacim.cim.CimException;
import org.replicacim.cim.CimInstance;
import org.replicacim.cim.CimStatus;
import org.replicacim.cim.CimValue;
import org.replicacim.cim.ObjectPath;
import org.replicacim.message.ReturnKind;

/** What the writers emit follows §2.9 so that wbemcli, pywbem and SBLIM parse it. */
class EmitProfileTest {

    static Stream<Path> wireFiles() throws IOException {
        try (Stream<Path> s = Files.walk(GoldenWireTest.WIRE)) {
            return s.filter(p -> p.toString().endsWith(".xml")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wireFiles")
    void everyWrittenDocumentFollowsTheEmitProfile(Path file) throws IOException {
        String xml = Files.readString(file, StandardCharsets.UTF_8);
        assertTrue(xml.startsWith("<?xml version=\"1.0\" encoding=\"utf-8\" ?>\n<CIM CIMVERSION=\"2.0\" DTDVERSION=\"2.0\">"
                + "<MESSAGE ID=\""), file + ": declaration");
        assertFalse(xml.contains("/>"), file + ": self-closing element");
        assertFalse(xml.contains("standalone"), file + ": standalone");
        assertFalse(xml.contains("<!--"), file + ": comment");
        assertFalse(xml.contains("CDATA"), file + ": CDATA");
        assertFalse(xml.contains("DOCTYPE"), file + ": DOCTYPE");
        assertFalse(xml.contains("EMBEDDEDOBJECT"), file + ": upper-case EMBEDDEDOBJECT");
        assertFalse(xml.contains("xml:lang"), file + ": xml:lang");
        assertFalse(xml.contains("<ERROR") && xml.contains("<ERROR CODE") && xml.matches("(?s).*<ERROR[^>]*><INSTANCE.*"),
                file + ": CIM_Error instance inside ERROR");
        assertEquals(0xEF == (Files.readAllBytes(file)[0] & 0xFF), false, file + ": BOM");
    }

    static String response(java.util.function.Consumer<CimXmlResponseWriter> body, CimXmlResponseWriter.Options options) {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        CimXmlResponseWriter w = new CimXmlResponseWriter(bo, options);
        w.begin("1");
        body.accept(w);
        w.end();
        return bo.toString(StandardCharsets.UTF_8);
    }

    @Test
    void emptyResultIsAnExplicitIReturnValue() {
        String xml = response(w -> {
            w.beginIMethodResponse("EnumerateInstances");
            w.beginReturnValue();
            w.endReturnValue();
            w.endIMethodResponse();
        }, CimXmlResponseWriter.Options.DEFAULT);
        assertTrue(xml.contains("<IMETHODRESPONSE NAME=\"EnumerateInstances\"><IRETURNVALUE></IRETURNVALUE></IMETHODRESPONSE>"), xml);
    }

    @Test
    void voidResultHasNoIReturnValue() {
        String xml = response(w -> {
            w.beginIMethodResponse("DeleteInstance");
            w.endIMethodResponse();
        }, CimXmlResponseWriter.Options.DEFAULT);
        assertTrue(xml.contains("<IMETHODRESPONSE NAME=\"DeleteInstance\"></IMETHODRESPONSE>"), xml);
    }

    @Test
    void controlCharactersAndCarriageReturnsAreEscaped() {
        CimInstance i = CimInstance.builder("T").property("S", CimValue.string("a\rb\u0001c\uFFFEd\uD800e\tf\ng & <h>")).build();
        String xml = response(w -> {
            w.beginIMethodResponse("GetInstance");
            w.beginReturnValue();
            w.write(ReturnKind.INSTANCE, i);
            w.endReturnValue();
            w.endIMethodResponse();
        }, CimXmlResponseWriter.Options.DEFAULT);
        assertTrue(xml.contains("<VALUE>a&#13;b\uFFFDc\uFFFDd\uFFFDe\tf\ng &amp; &lt;h&gt;</VALUE>"), xml);
    }

    @Test
    void errorDescriptionEscapesQuotesTabsAndNewlinesAndHasNoInstancesByDefault() {
        CimInstance err = CimInstance.builder("CIM_Error").property("Message", CimValue.string("m")).build();
        CimException e = new CimException(CimStatus.INVALID_PARAMETER, "bad \"x\"\tand\nmore\r", List.of(err), null);
        String xml = response(w -> w.writeIMethodError("GetInstance", e), CimXmlResponseWriter.Options.DEFAULT);
        assertTrue(xml.contains("<ERROR CODE=\"4\" DESCRIPTION=\"CIM_ERR_INVALID_PARAMETER: bad &quot;x&quot;&#9;and&#10;more&#13;\"></ERROR>"), xml);
        String with = response(w -> w.writeIMethodError("GetInstance", e), CimXmlResponseWriter.Options.DEFAULT.withErrorInstances(true));
        assertTrue(with.contains("<ERROR CODE=\"4\" DESCRIPTION=\"CIM_ERR_INVALID_PARAMETER: bad &quot;x&quot;&#9;and&#10;more&#13;\">"
                + "<INSTANCE CLASSNAME=\"CIM_Error\">"), with);
    }

    @Test
    void methodErrorAndNullOutputsOmitted() throws Exception {
        String xml = response(w -> w.writeMethodError("Start", new CimException(CimStatus.METHOD_NOT_FOUND, null)),
                CimXmlResponseWriter.Options.DEFAULT);
        assertTrue(xml.contains("<METHODRESPONSE NAME=\"Start\"><ERROR CODE=\"17\" DESCRIPTION=\"CIM_ERR_METHOD_NOT_FOUND\"></ERROR></METHODRESPONSE>"), xml);
    }

    @Test
    void writerRefusesCallsOutOfOrder() {
        CimXmlResponseWriter w = new CimXmlResponseWriter(new ByteArrayOutputStream());
        assertThrows(IllegalStateException.class, () -> w.beginIMethodResponse("X"));
        w.begin("1");
        w.beginIMethodResponse("EnumerateInstances");
        assertTrue(w.canWriteError());
        w.beginReturnValue();
        assertFalse(w.canWriteError());
        assertThrows(IllegalStateException.class, () -> w.writeError(new CimException(CimStatus.FAILED, "x")));
        assertThrows(IllegalArgumentException.class, () -> w.write(ReturnKind.NAMED_INSTANCE,
                CimInstance.builder("T").build()));
        w.abandon();
        assertThrows(IllegalStateException.class, w::end);
    }

    /** Counts what reaches the socket. */
    static final class CountingSink extends OutputStream {
        long bytes;
        int flushes;

        @Override
        public void write(int b) {
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes += len;
        }

        @Override
        public void flush() {
            flushes++;
        }
    }

    @Test
    void streamsHundredThousandInstancesWithoutHoldingTheDocument() {
        CountingSink sink = new CountingSink();
        CimXmlResponseWriter w = new CimXmlResponseWriter(sink);
        w.begin("1");
        w.beginIMethodResponse("EnumerateInstances");
        w.beginReturnValue();
        assertFalse(w.committed());
        for (int n = 0; n < 100_000; n++) {
            w.write(ReturnKind.NAMED_INSTANCE, Fixtures.volume("vol-" + n));
            if (n == 2000) {
                assertTrue(sink.bytes > 0 && w.committed(), "bytes reach the stream while objects are still coming");
            }
        }
        long beforeEnd = sink.bytes;
        assertTrue(w.committed());
        w.endReturnValue();
        w.endIMethodResponse();
        w.end();
        assertEquals(100_000, w.objectsWritten());
        assertTrue(sink.flushes >= 100, "flushes: " + sink.flushes);
        assertTrue(beforeEnd > sink.bytes - 64 * 1024, "at most one buffer (32 KiB of text) held back: "
                + beforeEnd + " of " + sink.bytes);
    }

    @Test
    void hundredThousandInstancesParseBack() throws Exception {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        CimXmlResponseWriter w = new CimXmlResponseWriter(bo);
        w.begin("1");
        w.beginIMethodResponse("EnumerateInstanceNames");
        w.beginReturnValue();
        for (int n = 0; n < 100_000; n++) {
            w.write(ReturnKind.INSTANCE_NAME, Fixtures.volumePath("vol-" + n));
        }
        w.endReturnValue();
        w.endIMethodResponse();
        w.end();
        DecodedResponse d = new CimXmlResponseReader().read(new ByteArrayInputStream(bo.toByteArray()), Limits.CLIENT);
        assertEquals(100_000, d.objects().size());
        assertEquals(Fixtures.volumePath("vol-99999").local(), d.values(ObjectPath.class).get(99_999));
    }
}
