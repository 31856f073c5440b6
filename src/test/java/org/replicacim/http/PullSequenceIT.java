package org.replicacim.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.replicacim.cim.CimInstance;
import org.replicacim.codec.DecodedResponse;
import org.replicacim.it.RunningServer;

/**
 * Pull sequences and parameter faults as golden raw requests against the real server: Open, Pull, EnumerationCount
 * and CloseEnumeration with the context taken from each answer, and the CIM status each misuse gets.
 */
class PullSequenceIT {
    @RegisterExtension
    static final RunningServer SERVER = new RunningServer();

    static DecodedResponse send(RawHttp http, String file, String context) throws Exception {
        RawHttp.Reply r = http.exchange(RawHttp.golden(file + ".http",
                context == null ? Map.of() : Map.of("CONTEXT", context)));
        assertEquals(200, r.status(), file + ": " + r.header("CIMErrorDescription"));
        assertEquals("MethodResponse", r.header("CIMOperation"));
        return CimXmlEndpointTest.decode(r.body());
    }

    static int errorCode(DecodedResponse d) {
        assertTrue(d.isError(), () -> d.name() + " succeeded unexpectedly");
        return d.error().status().code();
    }

    @Test
    void openPullCountAndEndOnOneConnection() throws Exception {
        try (RawHttp http = new RawHttp(SERVER.port())) {
            DecodedResponse open = send(http, "pull-open-instances", null);
            assertEquals("OpenEnumerateInstances", open.name());
            assertEquals(1, open.objects().size());
            assertFalse(open.pullStatus().endOfSequence());
            String ctx = open.pullStatus().enumerationContext();
            assertFalse(ctx.isEmpty());

            DecodedResponse count = send(http, "pull-count", ctx);
            assertEquals("1", count.values(org.replicacim.cim.CimValue.class).get(0).asString());

            // a pull of the wrong kind names no enumeration it may use, and leaves this one alone
            assertEquals(21, errorCode(send(http, "pull-instance-paths", ctx)), "a paths pull on an instance context");

            DecodedResponse other = send(http, "pull-open-instances", null);
            assertNotEquals(ctx, other.pullStatus().enumerationContext());
            assertFalse(send(http, "pull-close", other.pullStatus().enumerationContext()).isError());

            String ctx2 = ctx;
            DecodedResponse rest = send(http, "pull-instances-with-path", ctx2);
            assertTrue(rest.pullStatus().endOfSequence());
            assertEquals("", rest.pullStatus().enumerationContext());
            assertEquals(1, rest.objects().size());
            CimInstance second = (CimInstance) rest.objects().get(0).value();
            assertTrue(second.path() != null && second.path().namespace() != null, "pulled instances carry full paths");
            assertEquals(21, errorCode(send(http, "pull-close", ctx2)), "an exhausted enumeration is gone");
        }
    }

    @Test
    void openWithoutObjectsThenPullPathsThenClose() throws Exception {
        try (RawHttp http = new RawHttp(SERVER.port())) {
            DecodedResponse open = send(http, "pull-open-paths", null);
            assertTrue(open.objects().isEmpty(), "MaxObjectCount 0 only opens the enumeration");
            assertFalse(open.pullStatus().endOfSequence());
            String ctx = open.pullStatus().enumerationContext();
            assertEquals(4, errorCode(send(http, "pull-without-max", ctx)), "MaxObjectCount is required on Pull");
            DecodedResponse open2 = send(http, "pull-open-paths", null);
            String ctx2 = open2.pullStatus().enumerationContext();
            DecodedResponse closed = send(http, "pull-close", ctx2);
            assertFalse(closed.isError());
            assertFalse(closed.hasReturnValue(), "CloseEnumeration is void");
            assertEquals(21, errorCode(send(http, "pull-instance-paths", ctx2)));
            assertEquals(21, errorCode(send(http, "pull-count", "no-such-context")));
        }
    }

    @Test
    void openOptionsTheServerRefusesOrFilters() throws Exception {
        try (RawHttp http = new RawHttp(SERVER.port())) {
            assertEquals(26, errorCode(send(http, "pull-open-continue-on-error", null)));
            assertEquals(22, errorCode(send(http, "pull-open-timeout-zero", null)));
            DecodedResponse filtered = send(http, "pull-open-filtered", null);
            assertTrue(filtered.pullStatus().endOfSequence());
            assertEquals(1, filtered.objects().size(), "FQL keeps the one SNIA Server profile");
            DecodedResponse old = send(http, "pull-open-old-flags", null);
            assertFalse(old.isError(), "LocalOnly/IncludeQualifiers on Open are accepted and ignored");
            assertEquals(2, old.objects().size());
        }
    }

    @Test
    void intrinsicParameterFaults() throws Exception {
        try (RawHttp http = new RawHttp(SERVER.port())) {
            assertEquals(4, errorCode(send(http, "param-duplicate", null)));
            assertEquals(4, errorCode(send(http, "param-missing", null)));
            assertEquals(4, errorCode(send(http, "param-unknown", null)));
            assertEquals(4, errorCode(send(http, "param-null-flag", null)));
            DecodedResponse unknown = send(http, "op-unknown", null);
            assertEquals(7, errorCode(unknown));
            assertEquals("FrobnicateInstances", unknown.name(), "the answer echoes the request's name");
            assertEquals(7, errorCode(send(http, "op-create-class", null)));
        }
    }
}
