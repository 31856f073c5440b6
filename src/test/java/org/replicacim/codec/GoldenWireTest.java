package org.replicacim.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.replicacim.cim.CimDateTime;
import org.replicacim.cim.CimException;
import org.replicacim.cim.CimInstance;
import org.replicacim.cim.CimName;
import org.replicacim.cim.CimProperty;
import org.replicacim.cim.CimType;
import org.replicacim.cim.CimValue;
import org.replicacim.cim.ObjectPath;
import org.replicacim.message.IntrinsicRequest;
import org.replicacim.message.IntrinsicRequest.PullOptions;
import org.replicacim.message.InvokeMethodRequest;
import org.replicacim.message.MethodResult;
import org.replicacim.message.OperationRequest;
import org.replicacim.message.ParamValue;
import org.replicacim.message.PullStatus;
import org.replicacim.message.ReturnKind;

/**
 * Golden wire files: src/test/resources/wire/&lt;Operation&gt;/NNN-request.xml and NNN-response.xml, composed by us, one
 * pair per intrinsic operation plus a method call, an error and an export. Our writers must reproduce them byte for
 * byte and our readers must decode them to the model objects they came from. Run with {@code -Dwire.update=true} to
 * rewrite them after an intended change of the wire form.
 */
class GoldenWireTest {
    static final Path WIRE = Path.of("src/test/resources/wire");
    static final boolean UPDATE = Boolean.getBoolean("wire.update");
    static final CimName VOL = CimName.of("RCIM_StorageVolume");

    /** One golden pair: the request, what the server answers (objects of the operation's kind, pull status, or an error). */
    record Golden(String operation, String number, OperationRequest request, List<Object> objects, PullStatus pull,
                  MethodResult methodResult, CimException error) {
        @Override
        public String toString() {
            return operation + "/" + number;
        }
    }

    static final PullOptions PULL = new PullOptions(null, null, 30L, false, 100);
    static final List<CimName> PROPS = List.of(CimName.of("ElementName"), CimName.of("BlockSize"));

    static Golden g(IntrinsicRequest r, Object... objects) {
        return new Golden(r.operationName(), "001", r, List.of(objects), null, null, null);
    }

    static Golden pull(IntrinsicRequest r, PullStatus ps, Object... objects) {
        return new Golden(r.operationName(), "001", r, List.of(objects), ps, null, null);
    }

    static Stream<Golden> goldens() {
        var ns = Fixtures.NS;
        ObjectPath v7 = Fixtures.volumePath("vol-7").local();
        CimInstance vol7 = Fixtures.volume("vol-7");
        CimInstance vol8 = Fixtures.volume("vol-8");
        PullStatus more = new PullStatus(false, "9c1d6c5e-6b3a-4c64-9f0e-0f5b7f2a1d33");
        PullStatus done = new PullStatus(true, "");
        List<Golden> all = new ArrayList<>(List.of(
            g(new IntrinsicRequest.GetClass(ns, VOL, false, true, true, null), Fixtures.volumeClass()),
            g(new IntrinsicRequest.EnumerateClasses(ns, CimName.of("CIM_StorageVolume"), true, false, true, false),
                Fixtures.volumeClass()),
            g(new IntrinsicRequest.EnumerateClassNames(ns, null, true), VOL, CimName.of("RCIM_StorageSynchronized")),
            g(new IntrinsicRequest.CreateClass(ns, Fixtures.volumeClass())),
            g(new IntrinsicRequest.ModifyClass(ns, Fixtures.volumeClass())),
            g(new IntrinsicRequest.DeleteClass(ns, VOL)),
            g(new IntrinsicRequest.GetQualifier(ns, CimName.of("Key")), Fixtures.keyQualifier()),
            g(new IntrinsicRequest.SetQualifier(ns, Fixtures.keyQualifier())),
            g(new IntrinsicRequest.DeleteQualifier(ns, CimName.of("Key"))),
            g(new IntrinsicRequest.EnumerateQualifiers(ns), Fixtures.keyQualifier()),
            g(new IntrinsicRequest.GetInstance(ns, v7, false, false, false, PROPS), vol7.withPath(null)),
            g(new IntrinsicRequest.EnumerateInstances(ns, VOL, false, true, false, true, null), vol7, vol8),
            g(new IntrinsicRequest.EnumerateInstanceNames(ns, VOL), vol7.path(), vol8.path()),
            g(new IntrinsicRequest.CreateInstance(ns, vol7.withPath(null)), v7),
            g(new IntrinsicRequest.ModifyInstance(ns, vol7.withPath(v7), false, PROPS)),
            g(new IntrinsicRequest.DeleteInstance(ns, v7)),
            g(new IntrinsicRequest.GetProperty(ns, v7, CimName.of("BlockSize")), CimValue.uint64(512)),
            g(new IntrinsicRequest.SetProperty(ns, v7, CimName.of("ElementName"), CimValue.string("renamed\r\nvolume"), false)),
            g(new IntrinsicRequest.Associators(ns, v7, CimName.of("RCIM_StorageSynchronized"), null, "SystemElement",
                "SyncedElement", false, false, null), vol8),
            g(new IntrinsicRequest.AssociatorNames(ns, v7, null, VOL, null, null), vol8.path()),
            g(new IntrinsicRequest.References(ns, v7, CimName.of("RCIM_StorageSynchronized"), "SystemElement", false,
                true, PROPS), Fixtures.sync()),
            g(new IntrinsicRequest.ReferenceNames(ns, v7, null, null), Fixtures.syncPath()),
            g(new IntrinsicRequest.ExecQuery(ns, "WQL", "SELECT * FROM RCIM_StorageVolume WHERE BlockSize > 256"), vol7),
            pull(new IntrinsicRequest.OpenEnumerateInstances(ns, VOL, true, false, PROPS, PULL), more, vol7),
            pull(new IntrinsicRequest.OpenEnumerateInstancePaths(ns, VOL, PULL), done, vol7.path(), vol8.path()),
            pull(new IntrinsicRequest.OpenReferenceInstances(ns, v7, null, "SystemElement", false, null, PULL), done,
                Fixtures.sync()),
            pull(new IntrinsicRequest.OpenReferenceInstancePaths(ns, v7, null, null, PULL), done, Fixtures.syncPath()),
            pull(new IntrinsicRequest.OpenAssociatorInstances(ns, v7, null, VOL, null, null, false, null, PULL), done, vol8),
            pull(new IntrinsicRequest.OpenAssociatorInstancePaths(ns, v7, null, null, "SystemElement", "SyncedElement",
                PullOptions.DEFAULT), done, vol8.path()),
            pull(new IntrinsicRequest.OpenQueryInstances(ns, "DMTF:FQL", "BlockSize > 256", false,
                new PullOptions(null, null, null, false, 10)), done, vol7.withPath(null)),
            pull(new IntrinsicRequest.PullInstancesWithPath(ns, more.enumerationContext(), 100), done, vol8),
            pull(new IntrinsicRequest.PullInstancePaths(ns, more.enumerationContext(), 100), more),
            pull(new IntrinsicRequest.PullInstances(ns, more.enumerationContext(), 100), done, vol8.withPath(null)),
            g(new IntrinsicRequest.CloseEnumeration(ns, more.enumerationContext())),
            g(new IntrinsicRequest.EnumerationCount(ns, more.enumerationContext())),
            new Golden("GetInstance", "002", new IntrinsicRequest.GetInstance(ns, Fixtures.volumePath("vol-9").local(),
                false, false, false, null), List.of(), null, null, Fixtures.notFound()),
            new Golden("CreateElementReplica", "001", new InvokeMethodRequest(ns,
                ObjectPath.builder("RCIM_ReplicationService").namespace(ns).key("CreationClassName", "RCIM_ReplicationService")
                    .key("Name", "RS1").key("SystemCreationClassName", "RCIM_ComputerSystem").key("SystemName", "array1").build(),
                CimName.of("CreateElementReplica"), List.of(
                    ParamValue.of("ElementName", CimValue.string("snap-db-data-0600")),
                    ParamValue.of("SyncType", CimValue.uint16(7)),
                    ParamValue.of("Mode", CimValue.uint16(3)),
                    ParamValue.of("SourceElement", CimValue.reference(Fixtures.volumePath("vol-7"))),
                    ParamValue.of("ReplicationSettingData", CimValue.embedded(CimValue.Embedded.INSTANCE, Fixtures.settingData())),
                    ParamValue.of("WaitForCopyState", CimValue.nullValue(CimType.UINT16, false)))),
                List.of(), null, new MethodResult(CimValue.uint32(4096), List.of(
                    ParamValue.of("Job", CimValue.reference(Fixtures.jobPath())),
                    ParamValue.of("Synchronization", CimValue.nullValue(CimType.REFERENCE, false)))), null)));
        return all.stream();
    }

    static byte[] requestBytes(Golden g) {
        return new CimXmlRequestWriter().toBytes(g.request(), "1001");
    }

    static byte[] responseBytes(Golden g) {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        CimXmlResponseWriter w = new CimXmlResponseWriter(bo, CimXmlResponseWriter.Options.DEFAULT.withHost(Fixtures.HOST));
        w.begin("1001");
        String name = CimXmlRequestWriter.cimMethod(g.request());
        if (g.request() instanceof InvokeMethodRequest) {
            w.writeMethodResponse(name, g.methodResult());
        } else if (g.error() != null) {
            w.writeIMethodError(name, g.error());
        } else {
            IntrinsicRequest r = (IntrinsicRequest) g.request();
            w.beginIMethodResponse(name);
            if (r.returnKind() != ReturnKind.NONE) {
                w.beginReturnValue();
                for (Object o : g.objects()) {
                    w.write(r.returnKind(), o);
                }
                w.endReturnValue();
            }
            if (g.pull() != null) {
                w.writePullStatus(g.pull());
            }
            w.endIMethodResponse();
        }
        w.end();
        return bo.toByteArray();
    }

    static void check(Path file, byte[] actual) throws IOException {
        if (UPDATE) {
            Files.createDirectories(file.getParent());
            Files.write(file, actual);
        }
        assertEquals(Files.readString(file, StandardCharsets.UTF_8), new String(actual, StandardCharsets.UTF_8),
                "golden file " + file);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldens")
    void requestMatchesGoldenFileAndDecodesBack(Golden g) throws Exception {
        Path file = WIRE.resolve(g.operation()).resolve(g.number() + "-request.xml");
        check(file, requestBytes(g));
        DecodedRequest d = new CimXmlRequestReader().read(Files.newInputStream(file), Limits.DEFAULT);
        assertEquals("1001", d.messageId());
        assertEquals(expectedRequest(g.request()), d.request());
    }

    /** What decoding gives back: SetProperty's NewValue arrives untyped; method params are typed by PARAMTYPE. */
    static OperationRequest expectedRequest(OperationRequest r) {
        return r;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldens")
    void responseMatchesGoldenFileAndDecodesBack(Golden g) throws Exception {
        Path file = WIRE.resolve(g.operation()).resolve(g.number() + "-response.xml");
        check(file, responseBytes(g));
        DecodedResponse d = new CimXmlResponseReader().read(Files.newInputStream(file), Limits.DEFAULT);
        assertEquals("1001", d.messageId());
        if (g.error() != null) {
            assertNotNull(d.error());
            assertEquals(g.error().status(), d.error().status());
            assertEquals(g.error().description(), d.error().description());
            return;
        }
        assertNull(d.error());
        if (g.request() instanceof InvokeMethodRequest) {
            MethodResult expected = new MethodResult(g.methodResult().returnValue(),
                    g.methodResult().outParameters().stream().filter(p -> !p.value().isNull()).toList());
            assertEquals(expected, d.methodResult());
            return;
        }
        IntrinsicRequest r = (IntrinsicRequest) g.request();
        assertEquals(g.pull(), d.pullStatus());
        assertEquals(r.returnKind() != ReturnKind.NONE, d.hasReturnValue());
        List<Object> expected = new ArrayList<>();
        for (Object o : g.objects()) {
            expected.add(expectedObject(r.returnKind(), o));
        }
        assertEquals(expected, d.objects().stream().map(DecodedResponse.Returned::value).toList());
        for (DecodedResponse.Returned ret : d.objects()) {
            assertEquals(r.returnKind(), ret.kind());
        }
    }

    /** What the response reader gives back for an object the writer wrote. */
    static Object expectedObject(ReturnKind kind, Object o) {
        return switch (kind) {
            case NAMED_INSTANCE -> ((CimInstance) o).withPath(((CimInstance) o).path().local());
            case INSTANCE_NAME -> ((ObjectPath) o).local();
            case VALUE -> CimValue.string(o.toString());
            default -> o;
        };
    }

    @org.junit.jupiter.api.Test
    void exportRequestAndResponseMatchGoldenFiles() throws Exception {
        CimInstance source = CimInstance.builder("RCIM_ConcreteJob").property("InstanceID", CimValue.string("job-91"))
                .property("JobState", CimValue.uint16(7)).build();
        CimInstance indication = CimInstance.builder("RCIM_InstModification")
                .property("IndicationIdentifier", CimValue.string("rcim:7f3a:000000017"))
                .property("IndicationTime", CimValue.datetime(CimDateTime.parse("20250314093000.123456+000")))
                .property("SequenceNumber", CimValue.sint64(17))
                .property("SourceInstance", CimValue.embedded(CimValue.Embedded.OBJECT, source))
                .property(CimProperty.of("PreviousInstance", CimValue.embedded(CimValue.Embedded.OBJECT,
                        source.withProperty("JobState", CimValue.uint16(4)))))
                .build();
        Path req = WIRE.resolve("ExportIndication/001-request.xml");
        check(req, CimXmlExport.requestBytes("1001", indication));
        CimXmlExport.ExportRequest er = CimXmlExport.readRequest(Files.newInputStream(req), Limits.DEFAULT);
        assertEquals(indication, er.indication());
        assertEquals("ExportIndication", er.methodName());
        Path rsp = WIRE.resolve("ExportIndication/001-response.xml");
        check(rsp, CimXmlExport.responseBytes("1001", "ExportIndication", null));
        CimXmlExport.ExportResponse back = CimXmlExport.readResponse(Files.newInputStream(rsp), Limits.DEFAULT);
        assertNull(back.error());
        Path err = WIRE.resolve("ExportIndication/002-response.xml");
        check(err, CimXmlExport.responseBytes("1002", "ExportIndication",
                new CimException(org.replicacim.cim.CimStatus.FAILED, "listener queue full")));
        assertEquals(org.replicacim.cim.CimStatus.FAILED,
                CimXmlExport.readResponse(Files.newInputStream(err), Limits.DEFAULT).error().status());
    }

    @org.junit.jupiter.api.Test
    void everyIntrinsicOperationHasAGoldenPair() {
        List<String> covered = goldens().map(Golden::operation).toList();
        for (String op : IntrinsicOperations.names()) {
            assertFalse(!covered.contains(op), "no golden wire pair for " + op);
        }
    }
}
