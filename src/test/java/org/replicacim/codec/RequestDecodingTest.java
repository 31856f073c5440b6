package org.replicacim.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.replicacim.cim.CimInstance;
import org.replicacim.cim.CimName;
import org.replicacim.cim.CimStatus;
import org.replicacim.cim.CimType;
import org.replicacim.cim.CimValue;
import org.replicacim.message.IntrinsicRequest;
import org.replicacim.message.InvokeMethodRequest;
import org.replicacim.message.OperationRequest;
import org.replicacim.message.ParamValue;

/** IPARAMVALUE rules of §3.1 (defaults, duplicates, unknown, required, NULL) and what real clients send (§1.13, §9). */
class RequestDecodingTest {

    record ParamCase(String description, String operation, String params, OperationRequest expected, CimStatus status,
                     String fragment) {
        @Override
        public String toString() {
            return description;
        }
    }

    static final String CN = "<IPARAMVALUE NAME=\"ClassName\"><CLASSNAME NAME=\"T_V\"/></IPARAMVALUE>";
    static final String IN = "<IPARAMVALUE NAME=\"InstanceName\"><INSTANCENAME CLASSNAME=\"T_V\"><KEYBINDING NAME=\"K\">"
            + "<KEYVALUE>v</KEYVALUE></KEYBINDING></INSTANCENAME></IPARAMVALUE>";

    static ParamCase ok(String d, String op, String params, OperationRequest expected) {
        return new ParamCase(d, op, params, expected, null, null);
    }

    static ParamCase bad(String d, String op, String params, CimStatus s, String fragment) {
        return new ParamCase(d, op, params, null, s, fragment);
    }

    static Stream<ParamCase> params() {
        var ns = Fixtures.NS;
        var t = CimName.of("T_V");
        var path = org.replicacim.cim.ObjectPath.builder("T_V").key("K", "v").build();
        return Stream.of(
            ok("GetClass defaults", "GetClass", CN, new IntrinsicRequest.GetClass(ns, t, true, true, false, null)),
            ok("EnumerateInstances defaults", "EnumerateInstances", CN,
                new IntrinsicRequest.EnumerateInstances(ns, t, true, true, false, false, null)),
            ok("EnumerateClassNames without ClassName", "EnumerateClassNames", "",
                new IntrinsicRequest.EnumerateClassNames(ns, null, false)),
            ok("explicit NULL ClassName", "EnumerateClasses", "<IPARAMVALUE NAME=\"ClassName\"></IPARAMVALUE>",
                new IntrinsicRequest.EnumerateClasses(ns, null, false, true, true, false)),
            ok("parameter names in any case", "GetClass", CN.replace("ClassName", "classname")
                + "<IPARAMVALUE NAME=\"LOCALONLY\"><VALUE>false</VALUE></IPARAMVALUE>",
                new IntrinsicRequest.GetClass(ns, t, false, true, false, null)),
            ok("ClassName as a VALUE string", "GetClass", "<IPARAMVALUE NAME=\"ClassName\"><VALUE>T_V</VALUE></IPARAMVALUE>",
                new IntrinsicRequest.GetClass(ns, t, true, true, false, null)),
            ok("empty PropertyList means none", "GetInstance", IN + "<IPARAMVALUE NAME=\"PropertyList\"><VALUE.ARRAY></VALUE.ARRAY></IPARAMVALUE>",
                new IntrinsicRequest.GetInstance(ns, path, true, false, false, List.of())),
            ok("NULL PropertyList means all", "GetInstance", IN + "<IPARAMVALUE NAME=\"PropertyList\"></IPARAMVALUE>",
                new IntrinsicRequest.GetInstance(ns, path, true, false, false, null)),
            ok("keyless INSTANCENAME as ObjectName is a class (wbemcli ai on a class)", "AssociatorNames",
                "<IPARAMVALUE NAME=\"ObjectName\"><INSTANCENAME CLASSNAME=\"T_V\"></INSTANCENAME></IPARAMVALUE>",
                new IntrinsicRequest.AssociatorNames(ns, org.replicacim.cim.ObjectPath.ofClass(null, t), null, null, null, null)),
            ok("LocalOnly and IncludeQualifiers accepted and ignored on Open", "OpenEnumerateInstances", CN
                + "<IPARAMVALUE NAME=\"LocalOnly\"><VALUE>FALSE</VALUE></IPARAMVALUE><IPARAMVALUE NAME=\"IncludeQualifiers\"><VALUE>FALSE</VALUE></IPARAMVALUE>",
                new IntrinsicRequest.OpenEnumerateInstances(ns, t, true, false, null, IntrinsicRequest.PullOptions.DEFAULT)),
            ok("NULL OperationTimeout", "OpenEnumerateInstancePaths", CN + "<IPARAMVALUE NAME=\"OperationTimeout\"></IPARAMVALUE>",
                new IntrinsicRequest.OpenEnumerateInstancePaths(ns, t, IntrinsicRequest.PullOptions.DEFAULT)),
            ok("SetProperty without NewValue is NULL", "SetProperty", IN + "<IPARAMVALUE NAME=\"PropertyName\"><VALUE>P</VALUE></IPARAMVALUE>",
                new IntrinsicRequest.SetProperty(ns, path, CimName.of("P"), null, false)),
            ok("SetProperty VALUE is an untyped string", "SetProperty", IN + "<IPARAMVALUE NAME=\"PropertyName\"><VALUE>P</VALUE></IPARAMVALUE><IPARAMVALUE NAME=\"NewValue\"><VALUE>12</VALUE></IPARAMVALUE>",
                new IntrinsicRequest.SetProperty(ns, path, CimName.of("P"), CimValue.string("12"), false)),
            bad("duplicate parameter", "GetClass", CN + CN.replace("ClassName", "CLASSNAME"), CimStatus.INVALID_PARAMETER, "given twice"),
            bad("unknown parameter", "GetClass", CN + "<IPARAMVALUE NAME=\"Deep\"><VALUE>TRUE</VALUE></IPARAMVALUE>", CimStatus.INVALID_PARAMETER, "'Deep'"),
            bad("LocalOnly is unknown on Pull", "PullInstances", "<IPARAMVALUE NAME=\"EnumerationContext\"><VALUE>c</VALUE></IPARAMVALUE><IPARAMVALUE NAME=\"MaxObjectCount\"><VALUE>1</VALUE></IPARAMVALUE><IPARAMVALUE NAME=\"LocalOnly\"><VALUE>TRUE</VALUE></IPARAMVALUE>", CimStatus.INVALID_PARAMETER, "LocalOnly"),
            bad("missing required parameter", "GetInstance", "", CimStatus.INVALID_PARAMETER, "needs IPARAMVALUE 'InstanceName'"),
            bad("required parameter NULL", "GetClass", "<IPARAMVALUE NAME=\"ClassName\"></IPARAMVALUE>", CimStatus.INVALID_PARAMETER, "NULL"),
            bad("NULL boolean", "GetClass", CN + "<IPARAMVALUE NAME=\"LocalOnly\"></IPARAMVALUE>", CimStatus.INVALID_PARAMETER, "cannot be NULL"),
            bad("boolean not a boolean", "GetClass", CN + "<IPARAMVALUE NAME=\"LocalOnly\"><VALUE>1</VALUE></IPARAMVALUE>", CimStatus.INVALID_PARAMETER, "LocalOnly"),
            bad("wrong element for ClassName", "GetClass", "<IPARAMVALUE NAME=\"ClassName\"><VALUE.ARRAY></VALUE.ARRAY></IPARAMVALUE>", CimStatus.INVALID_PARAMETER, "must hold a CLASSNAME, not VALUE.ARRAY"),
            bad("MaxObjectCount out of uint32 range", "PullInstancePaths", "<IPARAMVALUE NAME=\"EnumerationContext\"><VALUE>c</VALUE></IPARAMVALUE><IPARAMVALUE NAME=\"MaxObjectCount\"><VALUE>-1</VALUE></IPARAMVALUE>", CimStatus.INVALID_PARAMETER, "MaxObjectCount"),
            bad("Pull without MaxObjectCount", "PullInstancePaths", "<IPARAMVALUE NAME=\"EnumerationContext\"><VALUE>c</VALUE></IPARAMVALUE>", CimStatus.INVALID_PARAMETER, "MaxObjectCount"),
            bad("bad name in PropertyList", "GetInstance", IN + "<IPARAMVALUE NAME=\"PropertyList\"><VALUE.ARRAY><VALUE>a-b</VALUE></VALUE.ARRAY></IPARAMVALUE>", CimStatus.INVALID_PARAMETER, "a-b"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("params")
    void intrinsicParameters(ParamCase c) {
        Wire.Outcome o = Wire.readRequest(Wire.imethod(c.operation(), c.params()));
        if (c.status() == null) {
            assertTrue(o.ok(), c + " → " + o);
            assertEquals(c.expected(), o.value());
        } else {
            assertEquals(c.status(), o.status(), c + " → " + o);
            assertTrue(o.message().contains(c.fragment()), o.message());
        }
    }

    static InvokeMethodRequest call(String params) {
        Wire.Outcome o = Wire.readRequest(Wire.method("CreateElementReplica", params));
        assertTrue(o.ok(), o.toString());
        return (InvokeMethodRequest) o.value();
    }

    static final String EMBEDDED = Wire.esc("<INSTANCE CLASSNAME=\"CIM_ReplicationSettingData\"><PROPERTY NAME=\"ElementName\" TYPE=\"string\"><VALUE>nightly &amp; consistent</VALUE></PROPERTY><PROPERTY NAME=\"ConsistentPointInTime\" TYPE=\"boolean\"><VALUE>TRUE</VALUE></PROPERTY></INSTANCE>");

    @Test
    void embeddedInstanceWithMixedCaseAttribute() {
        ParamValue p = call("<PARAMVALUE NAME=\"ReplicationSettingData\" PARAMTYPE=\"string\" EmbeddedObject=\"instance\"><VALUE>"
                + EMBEDDED + "</VALUE></PARAMVALUE>").parameter("ReplicationSettingData");
        assertEquals(CimValue.embedded(CimValue.Embedded.INSTANCE, Fixtures.settingData()), p.value());
        assertTrue(p.typeKnown());
    }

    @Test
    void embeddedInstanceWithUpperCaseAttributeFromSblim() {
        ParamValue p = call("<PARAMVALUE NAME=\"ReplicationSettingData\" PARAMTYPE=\"string\" EMBEDDEDOBJECT=\"instance\"><VALUE>"
                + EMBEDDED + "</VALUE></PARAMVALUE>").parameter("ReplicationSettingData");
        assertEquals(Fixtures.settingData(), p.value().asInstance());
    }

    @Test
    void embeddedInstanceAsDirectInstanceChild() {
        ParamValue p = call("<PARAMVALUE NAME=\"ReplicationSettingData\" PARAMTYPE=\"instance\"><INSTANCE CLASSNAME=\"CIM_ReplicationSettingData\">"
                + "<PROPERTY NAME=\"ElementName\" TYPE=\"string\"><VALUE>nightly &amp; consistent</VALUE></PROPERTY>"
                + "<PROPERTY NAME=\"ConsistentPointInTime\" TYPE=\"boolean\"><VALUE>true</VALUE></PROPERTY></INSTANCE></PARAMVALUE>")
                .parameter("ReplicationSettingData");
        assertEquals(Fixtures.settingData(), p.value().asInstance());
    }

    @Test
    void embeddedInstanceAsNamedInstanceChild() {
        ParamValue p = call("<PARAMVALUE NAME=\"Group\"><VALUE.NAMEDINSTANCE><INSTANCENAME CLASSNAME=\"T\"><KEYBINDING NAME=\"K\">"
                + "<KEYVALUE>v</KEYVALUE></KEYBINDING></INSTANCENAME><INSTANCE CLASSNAME=\"T\"></INSTANCE></VALUE.NAMEDINSTANCE></PARAMVALUE>")
                .parameter("Group");
        assertEquals(CimValue.Embedded.INSTANCE, p.value().embedded());
    }

    @Test
    void wbemcliParameterWithoutParamTypeIsAnUntypedString() {
        InvokeMethodRequest m = call("<PARAMVALUE NAME=\"SyncType\"><VALUE>7</VALUE></PARAMVALUE>"
                + "<PARAMVALUE NAME=\"Names\"><VALUE.ARRAY><VALUE>a</VALUE><VALUE>b</VALUE></VALUE.ARRAY></PARAMVALUE>"
                + "<PARAMVALUE NAME=\"ReplicationSettingData\"><VALUE>" + EMBEDDED + "</VALUE></PARAMVALUE>"
                + "<PARAMVALUE NAME=\"Empty\"></PARAMVALUE>"
                + "<PARAMVALUE NAME=\"SourceElement\"><VALUE.REFERENCE>" + ElementCodecTest.IPATH + "</VALUE.REFERENCE></PARAMVALUE>");
        assertEquals(new ParamValue(CimName.of("SyncType"), CimValue.string("7"), false), m.parameter("SyncType"));
        assertEquals(new ParamValue(CimName.of("Names"), CimValue.stringArray("a", "b"), false), m.parameter("Names"));
        ParamValue rsd = m.parameter("ReplicationSettingData");
        assertFalse(rsd.typeKnown());
        assertTrue(rsd.value().asString().startsWith("<INSTANCE"));
        assertEquals(Fixtures.settingData(), EmbeddedObjects.parser(Limits.DEFAULT).apply(rsd.value().asString()));
        assertTrue(m.parameter("Empty").value().isNull());
        assertFalse(m.parameter("Empty").typeKnown());
        assertEquals(CimType.REFERENCE, m.parameter("SourceElement").value().type(), "VALUE.REFERENCE is a reference regardless");
    }

    @Test
    void typedParameters() {
        InvokeMethodRequest m = call("<PARAMVALUE NAME=\"SyncType\" PARAMTYPE=\"uint16\"><VALUE>7</VALUE></PARAMVALUE>"
                + "<PARAMVALUE NAME=\"Flags\" PARAMTYPE=\"boolean\"><VALUE.ARRAY><VALUE>true</VALUE><VALUE>FALSE</VALUE></VALUE.ARRAY></PARAMVALUE>"
                + "<PARAMVALUE NAME=\"Wait\" PARAMTYPE=\"uint16\"></PARAMVALUE>");
        assertEquals(CimValue.uint16(7), m.parameter("SyncType").value());
        assertEquals(CimValue.array(CimType.BOOLEAN, List.of(true, false)), m.parameter("Flags").value());
        assertEquals(CimValue.nullValue(CimType.UINT16, false), m.parameter("Wait").value());
    }

    @Test
    void badTypedParameterIsInvalidParameter() {
        Wire.Outcome o = Wire.readRequest(Wire.method("M", "<PARAMVALUE NAME=\"SyncType\" PARAMTYPE=\"uint8\"><VALUE>256</VALUE></PARAMVALUE>"));
        assertEquals(CimStatus.INVALID_PARAMETER, o.status());
        assertTrue(o.message().contains("PARAMVALUE 'SyncType'"), o.message());
    }

    @Test
    void embeddedTextThatIsNotAnInstanceIsInvalidParameter() {
        Wire.Outcome o = Wire.readRequest(Wire.method("M", "<PARAMVALUE NAME=\"RSD\" PARAMTYPE=\"string\" EmbeddedObject=\"instance\"><VALUE>not xml</VALUE></PARAMVALUE>"));
        assertEquals(CimStatus.INVALID_PARAMETER, o.status(), o.toString());
        assertTrue(o.message().contains("PARAMVALUE 'RSD'"), o.message());
    }

    @Test
    void embeddedNestingIsBounded() {
        CimInstance inner = CimInstance.builder("T").property("P", CimValue.string("x")).build();
        for (int i = 0; i < 6; i++) {
            inner = CimInstance.builder("T").property("E", CimValue.embedded(CimValue.Embedded.INSTANCE, inner)).build();
        }
        String text = EmbeddedObjects.format(inner);
        Wire.Outcome o = Wire.readRequest(Wire.method("M", "<PARAMVALUE NAME=\"RSD\" PARAMTYPE=\"string\" EmbeddedObject=\"instance\"><VALUE>"
                + Wire.esc(text) + "</VALUE></PARAMVALUE>"));
        assertEquals(CimStatus.INVALID_PARAMETER, o.status(), o.toString());
        assertTrue(o.message().contains("nested deeper than 4"), o.message());
    }

    @Test
    void wbemcliRequestAsCaptured() throws Exception {
        String body = Wire.DECL + "<CIM CIMVERSION=\"2.0\" DTDVERSION=\"2.0\">\n<MESSAGE ID=\"4711\" PROTOCOLVERSION=\"1.0\"><SIMPLEREQ><IMETHODCALL NAME=\"EnumerateInstances\"><LOCALNAMESPACEPATH><NAMESPACE NAME=\"root\"></NAMESPACE><NAMESPACE NAME=\"cimv2\"></NAMESPACE></LOCALNAMESPACEPATH>\n"
                + "<IPARAMVALUE NAME=\"ClassName\"><CLASSNAME NAME=\"T_Foo\"/></IPARAMVALUE>\n<IPARAMVALUE NAME=\"DeepInheritance\"><VALUE>TRUE</VALUE></IPARAMVALUE>\n"
                + "<IPARAMVALUE NAME=\"LocalOnly\"><VALUE>FALSE</VALUE></IPARAMVALUE>\n<IPARAMVALUE NAME=\"IncludeQualifiers\"><VALUE>FALSE</VALUE></IPARAMVALUE>\n"
                + "<IPARAMVALUE NAME=\"IncludeClassOrigin\"><VALUE>TRUE</VALUE></IPARAMVALUE>\n</IMETHODCALL></SIMPLEREQ>\n</MESSAGE></CIM>\n";
        DecodedRequest d = new CimXmlRequestReader().read(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), Limits.DEFAULT);
        assertEquals("4711", d.messageId());
        assertEquals(new IntrinsicRequest.EnumerateInstances(Fixtures.NS, CimName.of("T_Foo"), false, true, false, true, null), d.request());
    }

    @Test
    void headerFactsForTheHttpLayer() throws Exception {
        String xml = Wire.request("<METHODCALL NAME=\"createElementReplica\"><LOCALINSTANCEPATH>" + Wire.NS
                + "<INSTANCENAME CLASSNAME=\"T_Svc\"><KEYBINDING NAME=\"Name\"><KEYVALUE VALUETYPE=\"string\">n\"1</KEYVALUE></KEYBINDING>"
                + "<KEYBINDING NAME=\"Port\"><KEYVALUE VALUETYPE=\"numeric\">5</KEYVALUE></KEYBINDING></INSTANCENAME></LOCALINSTANCEPATH></METHODCALL>");
        ParsedRequest p = new CimXmlRequestReader().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), Limits.DEFAULT);
        assertFalse(p.isIntrinsic());
        assertEquals("createElementReplica", p.methodName());
        assertEquals("root/cimv2", p.namespace());
        assertEquals("T_Svc", p.targetClassName());
        assertEquals(Map.of("Name", "n\"1", "Port", "5"), p.targetKeys());
        assertEquals("root/cimv2:T_Svc.Name=\"n\\\"1\",Port=5", p.cimObject());
        ParsedRequest i = new CimXmlRequestReader().parse(new ByteArrayInputStream(
                Wire.imethod("getclass", CN).getBytes(StandardCharsets.UTF_8)), Limits.DEFAULT);
        assertTrue(i.isIntrinsic());
        assertEquals("getclass", i.methodName());
        assertEquals("root/cimv2", i.cimObject());
        assertNull(i.targetClassName());
        assertEquals("GetClass", CimXmlRequestWriter.cimMethod(i.decode().request()));
    }

    @Test
    void unknownOperationKeepsTheEnvelopeForTheErrorAnswer() throws Exception {
        ParsedRequest p = new CimXmlRequestReader().parse(new ByteArrayInputStream(
                Wire.imethod("FrobnicateInstances", "").getBytes(StandardCharsets.UTF_8)), Limits.DEFAULT);
        assertEquals("7", p.messageId());
        assertEquals("FrobnicateInstances", p.methodName());
        try {
            p.decode();
        } catch (org.replicacim.cim.CimException e) {
            assertEquals(CimStatus.NOT_SUPPORTED, e.status());
            return;
        }
        throw new AssertionError("expected NOT_SUPPORTED");
    }
}
