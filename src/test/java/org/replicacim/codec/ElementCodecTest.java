package org.replicacim.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.replicacim.cim.CimClass;
import org.replicacim.cim.CimInstance;
import org.replicacim.cim.CimStatus;
import org.replicacim.cim.CimType;
import org.replicacim.cim.CimValue;
import org.replicacim.cim.ObjectPath;
import org.replicacim.cim.Scope;
import org.replicacim.message.ClassWithPath;
import org.replicacim.message.IntrinsicRequest;
import org.replicacim.message.InvokeMethodRequest;
import org.replicacim.message.ReturnKind;

/**
 * One or more valid and invalid forms of every DSP0201 element the codec reads, in requests and responses. Invalid
 * forms must fail with the right fault and a message naming the element (and attribute) at fault.
 */
class ElementCodecTest {

    /** A document, and either a check of the decoded result or the expected fault with a fragment of its message. */
    record ElementCase(String element, String description, String xml, boolean response, Predicate<Object> check,
                       ProtocolError protocolError, CimStatus status, String messageFragment) {
        @Override
        public String toString() {
            return element + ": " + description;
        }
    }

    static ElementCase okReq(String element, String d, String xml, Predicate<Object> check) {
        return new ElementCase(element, d, xml, false, check, null, null, null);
    }

    static ElementCase okRsp(String element, String d, String xml, Predicate<Object> check) {
        return new ElementCase(element, d, xml, true, check, null, null, null);
    }

    static ElementCase badReq(String element, String d, String xml, ProtocolError pe, String fragment) {
        return new ElementCase(element, d, xml, false, null, pe, null, fragment);
    }

    static ElementCase badReq(String element, String d, String xml, CimStatus s, String fragment) {
        return new ElementCase(element, d, xml, false, null, null, s, fragment);
    }

    static ElementCase badRsp(String element, String d, String xml, ProtocolError pe, String fragment) {
        return new ElementCase(element, d, xml, true, null, pe, null, fragment);
    }

    static String inst(String body) {
        return Wire.imethod("CreateInstance", "<IPARAMVALUE NAME=\"NewInstance\"><INSTANCE CLASSNAME=\"T_V\">" + body
                + "</INSTANCE></IPARAMVALUE>");
    }

    static String cls(String body) {
        return Wire.imethod("CreateClass", "<IPARAMVALUE NAME=\"NewClass\"><CLASS NAME=\"T_C\">" + body + "</CLASS></IPARAMVALUE>");
    }

    static String rv(String items) {
        return Wire.response("<IMETHODRESPONSE NAME=\"X\"><IRETURNVALUE>" + items + "</IRETURNVALUE></IMETHODRESPONSE>");
    }

    static final String IPATH = "<INSTANCEPATH><NAMESPACEPATH><HOST>h</HOST>" + Wire.NS + "</NAMESPACEPATH>"
            + "<INSTANCENAME CLASSNAME=\"T_V\"><KEYBINDING NAME=\"K\"><KEYVALUE>v</KEYVALUE></KEYBINDING></INSTANCENAME></INSTANCEPATH>";
    static final String CPATH = "<CLASSPATH><NAMESPACEPATH><HOST>h</HOST>" + Wire.NS + "</NAMESPACEPATH><CLASSNAME NAME=\"T_V\"/></CLASSPATH>";

    static CimInstance created(Object o) {
        return ((IntrinsicRequest.CreateInstance) o).newInstance();
    }

    static CimClass createdClass(Object o) {
        return ((IntrinsicRequest.CreateClass) o).newClass();
    }

    static DecodedResponse.Returned first(Object o) {
        return ((DecodedResponse) o).objects().get(0);
    }

    static Stream<ElementCase> cases() {
        String gi = "<IPARAMVALUE NAME=\"InstanceName\"><INSTANCENAME CLASSNAME=\"T_V\"><KEYBINDING NAME=\"K\"><KEYVALUE>v</KEYVALUE></KEYBINDING></INSTANCENAME></IPARAMVALUE>";
        return Stream.of(
            // ---- envelope
            okReq("CIM", "CIMVERSION 2.3", Wire.imethod("EnumerateQualifiers", "").replace("CIMVERSION=\"2.0\"", "CIMVERSION=\"2.3\""), o -> true),
            badReq("CIM", "CIMVERSION 3.0", Wire.imethod("EnumerateQualifiers", "").replace("CIMVERSION=\"2.0\"", "CIMVERSION=\"3.0\""), ProtocolError.UNSUPPORTED_CIM_VERSION, "CIMVERSION"),
            badReq("CIM", "DTDVERSION 1.1", Wire.imethod("EnumerateQualifiers", "").replace("DTDVERSION=\"2.0\"", "DTDVERSION=\"1.1\""), ProtocolError.UNSUPPORTED_DTD_VERSION, "DTDVERSION"),
            badReq("CIM", "no CIMVERSION", Wire.imethod("EnumerateQualifiers", "").replace(" CIMVERSION=\"2.0\"", ""), ProtocolError.REQUEST_NOT_VALID, "CIM without CIMVERSION"),
            badReq("CIM", "unknown attribute", Wire.imethod("EnumerateQualifiers", "").replace("<CIM ", "<CIM FOO=\"1\" "), ProtocolError.REQUEST_NOT_VALID, "unknown attribute FOO on element CIM"),
            badReq("CIM", "wrong root element", Wire.DECL + "<CIMX CIMVERSION=\"2.0\"/>", ProtocolError.REQUEST_NOT_VALID, "CIMX"),
            badReq("MESSAGE", "PROTOCOLVERSION 2.0", Wire.imethod("EnumerateQualifiers", "").replace("PROTOCOLVERSION=\"1.0\"", "PROTOCOLVERSION=\"2.0\""), ProtocolError.UNSUPPORTED_PROTOCOL_VERSION, "PROTOCOLVERSION"),
            badReq("MESSAGE", "no ID", Wire.imethod("EnumerateQualifiers", "").replace(" ID=\"7\"", ""), ProtocolError.REQUEST_NOT_VALID, "MESSAGE without ID"),
            badReq("MESSAGE", "holds a response", Wire.response("<IMETHODRESPONSE NAME=\"X\"></IMETHODRESPONSE>"), ProtocolError.REQUEST_NOT_VALID, "SIMPLERSP"),
            badReq("MULTIREQ", "not supported", Wire.DECL + "<CIM CIMVERSION=\"2.0\" DTDVERSION=\"2.0\"><MESSAGE ID=\"1\" PROTOCOLVERSION=\"1.0\"><MULTIREQ><SIMPLEREQ/><SIMPLEREQ/></MULTIREQ></MESSAGE></CIM>", ProtocolError.HEADER_MISMATCH, "MULTIREQ"),
            okReq("CORRELATOR", "accepted and ignored", Wire.request("<CORRELATOR NAME=\"c\" TYPE=\"string\"><VALUE>x</VALUE></CORRELATOR><IMETHODCALL NAME=\"EnumerateQualifiers\">" + Wire.NS + "</IMETHODCALL>"), o -> o instanceof IntrinsicRequest.EnumerateQualifiers),
            badReq("SIMPLEREQ", "empty", Wire.request(""), ProtocolError.REQUEST_NOT_VALID, "SIMPLEREQ without IMETHODCALL or METHODCALL"),
            badReq("SIMPLEREQ", "unknown child", Wire.request("<FOO/>"), ProtocolError.REQUEST_NOT_VALID, "FOO"),
            okReq("IMETHODCALL", "name in any case", Wire.imethod("enumeratequalifiers", ""), o -> o instanceof IntrinsicRequest.EnumerateQualifiers),
            badReq("IMETHODCALL", "no NAME", Wire.request("<IMETHODCALL>" + Wire.NS + "</IMETHODCALL>"), ProtocolError.REQUEST_NOT_VALID, "IMETHODCALL without NAME"),
            badReq("IMETHODCALL", "no LOCALNAMESPACEPATH", Wire.request("<IMETHODCALL NAME=\"EnumerateQualifiers\"></IMETHODCALL>"), ProtocolError.REQUEST_NOT_VALID, "LOCALNAMESPACEPATH missing"),
            badReq("IMETHODCALL", "unknown operation", Wire.imethod("FrobnicateInstances", ""), CimStatus.NOT_SUPPORTED, "FrobnicateInstances"),
            badReq("LOCALNAMESPACEPATH", "empty", Wire.request("<IMETHODCALL NAME=\"EnumerateQualifiers\"><LOCALNAMESPACEPATH></LOCALNAMESPACEPATH></IMETHODCALL>"), ProtocolError.REQUEST_NOT_VALID, "LOCALNAMESPACEPATH without NAMESPACE"),
            badReq("NAMESPACE", "no NAME", Wire.request("<IMETHODCALL NAME=\"EnumerateQualifiers\"><LOCALNAMESPACEPATH><NAMESPACE/></LOCALNAMESPACEPATH></IMETHODCALL>"), ProtocolError.REQUEST_NOT_VALID, "NAMESPACE without NAME"),
            badReq("NAMESPACE", "not a namespace name", Wire.request("<IMETHODCALL NAME=\"EnumerateQualifiers\"><LOCALNAMESPACEPATH><NAMESPACE NAME=\"a b\"/></LOCALNAMESPACEPATH></IMETHODCALL>"), CimStatus.INVALID_NAMESPACE, "a b"),
            okReq("METHODCALL", "on an instance path", Wire.method("Start", ""), o -> ((InvokeMethodRequest) o).target().key("Name").asString().equals("s1")),
            okReq("METHODCALL", "on a class path", Wire.request("<METHODCALL NAME=\"Start\"><LOCALCLASSPATH>" + Wire.NS + "<CLASSNAME NAME=\"RCIM_Svc\"/></LOCALCLASSPATH></METHODCALL>"), o -> ((InvokeMethodRequest) o).target().isClassPath()),
            badReq("METHODCALL", "no path", Wire.request("<METHODCALL NAME=\"Start\"></METHODCALL>"), ProtocolError.REQUEST_NOT_VALID, "without LOCALCLASSPATH or LOCALINSTANCEPATH"),
            badReq("LOCALCLASSPATH", "no CLASSNAME", Wire.request("<METHODCALL NAME=\"Start\"><LOCALCLASSPATH>" + Wire.NS + "</LOCALCLASSPATH></METHODCALL>"), ProtocolError.REQUEST_NOT_VALID, "LOCALCLASSPATH without CLASSNAME"),
            badReq("LOCALINSTANCEPATH", "no INSTANCENAME", Wire.request("<METHODCALL NAME=\"Start\"><LOCALINSTANCEPATH>" + Wire.NS + "</LOCALINSTANCEPATH></METHODCALL>"), ProtocolError.REQUEST_NOT_VALID, "LOCALINSTANCEPATH without INSTANCENAME"),
            badReq("IPARAMVALUE", "no NAME", Wire.imethod("GetClass", "<IPARAMVALUE><CLASSNAME NAME=\"T\"/></IPARAMVALUE>"), ProtocolError.REQUEST_NOT_VALID, "IPARAMVALUE without NAME"),
            badReq("IPARAMVALUE", "unknown child element", Wire.imethod("GetClass", "<IPARAMVALUE NAME=\"ClassName\"><FOO/></IPARAMVALUE>"), ProtocolError.REQUEST_NOT_VALID, "FOO"),
            badReq("PARAMVALUE", "no NAME", Wire.method("Start", "<PARAMVALUE><VALUE>1</VALUE></PARAMVALUE>"), ProtocolError.REQUEST_NOT_VALID, "PARAMVALUE without NAME"),
            badReq("PARAMVALUE", "unknown PARAMTYPE", Wire.method("Start", "<PARAMVALUE NAME=\"P\" PARAMTYPE=\"uint7\"><VALUE>1</VALUE></PARAMVALUE>"), ProtocolError.REQUEST_NOT_VALID, "PARAMTYPE=\"uint7\""),
            badReq("PARAMVALUE", "bad EmbeddedObject", Wire.method("Start", "<PARAMVALUE NAME=\"P\" PARAMTYPE=\"string\" EmbeddedObject=\"thing\"><VALUE>x</VALUE></PARAMVALUE>"), ProtocolError.REQUEST_NOT_VALID, "EmbeddedObject=\"thing\""),
            badReq("PARAMVALUE", "TYPE attribute is not CIM-XML", Wire.method("Start", "<PARAMVALUE NAME=\"P\" TYPE=\"string\"><VALUE>x</VALUE></PARAMVALUE>"), ProtocolError.REQUEST_NOT_VALID, "unknown attribute TYPE on element PARAMVALUE"),
            // ---- paths
            okReq("CLASSNAME", "self-closing", Wire.imethod("GetClass", "<IPARAMVALUE NAME=\"ClassName\"><CLASSNAME NAME=\"T_V\"/></IPARAMVALUE>"), o -> ((IntrinsicRequest.GetClass) o).className().is("T_V")),
            badReq("CLASSNAME", "no NAME", Wire.imethod("GetClass", "<IPARAMVALUE NAME=\"ClassName\"><CLASSNAME/></IPARAMVALUE>"), ProtocolError.REQUEST_NOT_VALID, "CLASSNAME without NAME"),
            badReq("CLASSNAME", "not a CIM name", Wire.imethod("GetClass", "<IPARAMVALUE NAME=\"ClassName\"><CLASSNAME NAME=\"1abc\"/></IPARAMVALUE>"), CimStatus.INVALID_PARAMETER, "CLASSNAME NAME=\"1abc\""),
            okReq("INSTANCENAME", "keys", Wire.imethod("GetInstance", gi), o -> ((IntrinsicRequest.GetInstance) o).instanceName().key("K").asString().equals("v")),
            badReq("INSTANCENAME", "no CLASSNAME", Wire.imethod("GetInstance", "<IPARAMVALUE NAME=\"InstanceName\"><INSTANCENAME></INSTANCENAME></IPARAMVALUE>"), ProtocolError.REQUEST_NOT_VALID, "INSTANCENAME without CLASSNAME"),
            badReq("INSTANCENAME", "unnamed KEYVALUE form", Wire.imethod("GetInstance", "<IPARAMVALUE NAME=\"InstanceName\"><INSTANCENAME CLASSNAME=\"T\"><KEYVALUE>v</KEYVALUE></INSTANCENAME></IPARAMVALUE>"), CimStatus.INVALID_PARAMETER, "unnamed key"),
            badReq("KEYBINDING", "no NAME", Wire.imethod("GetInstance", "<IPARAMVALUE NAME=\"InstanceName\"><INSTANCENAME CLASSNAME=\"T_V\"><KEYBINDING><KEYVALUE>v</KEYVALUE></KEYBINDING></INSTANCENAME></IPARAMVALUE>"), ProtocolError.REQUEST_NOT_VALID, "KEYBINDING without NAME inside INSTANCENAME 'T_V'"),
            badReq("KEYBINDING", "no value", Wire.imethod("GetInstance", "<IPARAMVALUE NAME=\"InstanceName\"><INSTANCENAME CLASSNAME=\"T_V\"><KEYBINDING NAME=\"K\"></KEYBINDING></INSTANCENAME></IPARAMVALUE>"), ProtocolError.REQUEST_NOT_VALID, "KEYBINDING 'K' without KEYVALUE"),
            badReq("KEYBINDING", "same key twice", Wire.imethod("GetInstance", "<IPARAMVALUE NAME=\"InstanceName\"><INSTANCENAME CLASSNAME=\"T_V\"><KEYBINDING NAME=\"K\"><KEYVALUE>a</KEYVALUE></KEYBINDING><KEYBINDING NAME=\"k\"><KEYVALUE>b</KEYVALUE></KEYBINDING></INSTANCENAME></IPARAMVALUE>"), CimStatus.INVALID_PARAMETER, "given twice"),
            badReq("KEYVALUE", "bad VALUETYPE", Wire.imethod("GetInstance", "<IPARAMVALUE NAME=\"InstanceName\"><INSTANCENAME CLASSNAME=\"T_V\"><KEYBINDING NAME=\"K\"><KEYVALUE VALUETYPE=\"text\">v</KEYVALUE></KEYBINDING></INSTANCENAME></IPARAMVALUE>"), ProtocolError.REQUEST_NOT_VALID, "KEYVALUE VALUETYPE=\"text\""),
            badReq("KEYVALUE", "bad TYPE", Wire.imethod("GetInstance", "<IPARAMVALUE NAME=\"InstanceName\"><INSTANCENAME CLASSNAME=\"T_V\"><KEYBINDING NAME=\"K\"><KEYVALUE TYPE=\"int\">v</KEYVALUE></KEYBINDING></INSTANCENAME></IPARAMVALUE>"), ProtocolError.REQUEST_NOT_VALID, "KEYVALUE TYPE=\"int\""),
            okRsp("INSTANCEPATH", "full path", rv(IPATH), o -> first(o).kind() == ReturnKind.INSTANCE_PATH && "h".equals(((ObjectPath) first(o).value()).host())),
            badRsp("INSTANCEPATH", "no NAMESPACEPATH", rv("<INSTANCEPATH><INSTANCENAME CLASSNAME=\"T\"></INSTANCENAME></INSTANCEPATH>"), ProtocolError.REQUEST_NOT_VALID, "INSTANCEPATH without NAMESPACEPATH"),
            badRsp("NAMESPACEPATH", "no HOST", rv("<INSTANCEPATH><NAMESPACEPATH>" + Wire.NS + "</NAMESPACEPATH><INSTANCENAME CLASSNAME=\"T\"><KEYBINDING NAME=\"K\"><KEYVALUE>v</KEYVALUE></KEYBINDING></INSTANCENAME></INSTANCEPATH>"), ProtocolError.REQUEST_NOT_VALID, "NAMESPACEPATH without HOST"),
            okRsp("HOST", "with port", rv(IPATH.replace("<HOST>h</HOST>", "<HOST>h:5989</HOST>")), o -> "h:5989".equals(((ObjectPath) first(o).value()).host())),
            okRsp("OBJECTPATH", "instance path", "x".isEmpty() ? "" : rv("<OBJECTPATH>" + IPATH + "</OBJECTPATH>"), o -> first(o).kind() == ReturnKind.OBJECT_PATH),
            okRsp("OBJECTPATH", "class path", rv("<OBJECTPATH>" + CPATH + "</OBJECTPATH>"), o -> ((ObjectPath) first(o).value()).isClassPath()),
            badRsp("OBJECTPATH", "empty", rv("<OBJECTPATH></OBJECTPATH>"), ProtocolError.REQUEST_NOT_VALID, "OBJECTPATH without INSTANCEPATH or CLASSPATH"),
            badRsp("CLASSPATH", "no NAMESPACEPATH", rv("<OBJECTPATH><CLASSPATH><CLASSNAME NAME=\"T\"/></CLASSPATH></OBJECTPATH>"), ProtocolError.REQUEST_NOT_VALID, "CLASSPATH without NAMESPACEPATH"),
            // ---- values
            okReq("VALUE", "self-closing is an empty string", inst("<PROPERTY NAME=\"P\" TYPE=\"string\"><VALUE/></PROPERTY>"), o -> "".equals(created(o).value("P").asString())),
            okReq("VALUE", "CDATA", inst("<PROPERTY NAME=\"P\" TYPE=\"string\"><VALUE><![CDATA[<a&b>]]></VALUE></PROPERTY>"), o -> "<a&b>".equals(created(o).value("P").asString())),
            okReq("VALUE", "comments ignored", inst("<!-- c --><PROPERTY NAME=\"P\" TYPE=\"uint8\"><VALUE>5</VALUE></PROPERTY>"), o -> created(o).value("P").asInt() == 5),
            badReq("VALUE", "child element in VALUE", inst("<PROPERTY NAME=\"P\" TYPE=\"string\"><VALUE><B/></VALUE></PROPERTY>"), ProtocolError.REQUEST_NOT_VALID, ""),
            okReq("VALUE.ARRAY", "empty is an empty array", inst("<PROPERTY.ARRAY NAME=\"A\" TYPE=\"uint8\"><VALUE.ARRAY></VALUE.ARRAY></PROPERTY.ARRAY>"), o -> created(o).value("A").elements().isEmpty() && !created(o).value("A").isNull()),
            okReq("VALUE.ARRAY", "one empty VALUE in a numeric array is empty (wbemcli)", inst("<PROPERTY.ARRAY NAME=\"A\" TYPE=\"uint8\"><VALUE.ARRAY><VALUE></VALUE></VALUE.ARRAY></PROPERTY.ARRAY>"), o -> created(o).value("A").elements().isEmpty()),
            okReq("VALUE.NULL", "NULL element", inst("<PROPERTY.ARRAY NAME=\"A\" TYPE=\"string\"><VALUE.ARRAY><VALUE.NULL/><VALUE>x</VALUE></VALUE.ARRAY></PROPERTY.ARRAY>"), o -> created(o).value("A").elements().get(0) == null),
            okReq("VALUE.REFERENCE", "LOCALINSTANCEPATH", Wire.method("Start", "<PARAMVALUE NAME=\"R\"><VALUE.REFERENCE><LOCALINSTANCEPATH>" + Wire.NS + "<INSTANCENAME CLASSNAME=\"T\"><KEYBINDING NAME=\"K\"><KEYVALUE>v</KEYVALUE></KEYBINDING></INSTANCENAME></LOCALINSTANCEPATH></VALUE.REFERENCE></PARAMVALUE>"), o -> ((InvokeMethodRequest) o).parameter("R").value().asReference().namespace().value().equals("root/cimv2")),
            okReq("VALUE.REFERENCE", "INSTANCENAME", Wire.method("Start", "<PARAMVALUE NAME=\"R\"><VALUE.REFERENCE><INSTANCENAME CLASSNAME=\"T\"><KEYBINDING NAME=\"K\"><KEYVALUE>v</KEYVALUE></KEYBINDING></INSTANCENAME></VALUE.REFERENCE></PARAMVALUE>"), o -> ((InvokeMethodRequest) o).parameter("R").value().asReference().namespace() == null),
            okReq("VALUE.REFERENCE", "CLASSNAME", Wire.method("Start", "<PARAMVALUE NAME=\"R\"><VALUE.REFERENCE><CLASSNAME NAME=\"T\"/></VALUE.REFERENCE></PARAMVALUE>"), o -> ((InvokeMethodRequest) o).parameter("R").value().asReference().isClassPath()),
            badReq("VALUE.REFERENCE", "empty", Wire.method("Start", "<PARAMVALUE NAME=\"R\"><VALUE.REFERENCE></VALUE.REFERENCE></PARAMVALUE>"), ProtocolError.REQUEST_NOT_VALID, "VALUE.REFERENCE without a path"),
            okReq("VALUE.REFARRAY", "references and NULL", Wire.method("Start", "<PARAMVALUE NAME=\"R\" PARAMTYPE=\"reference\"><VALUE.REFARRAY><VALUE.REFERENCE>" + IPATH + "</VALUE.REFERENCE><VALUE.NULL/></VALUE.REFARRAY></PARAMVALUE>"), o -> ((InvokeMethodRequest) o).parameter("R").value().elements().size() == 2),
            okReq("VALUE.NAMEDINSTANCE", "ModifiedInstance", Wire.imethod("ModifyInstance", "<IPARAMVALUE NAME=\"ModifiedInstance\"><VALUE.NAMEDINSTANCE><INSTANCENAME CLASSNAME=\"T_V\"><KEYBINDING NAME=\"K\"><KEYVALUE>v</KEYVALUE></KEYBINDING></INSTANCENAME><INSTANCE CLASSNAME=\"T_V\"></INSTANCE></VALUE.NAMEDINSTANCE></IPARAMVALUE>"), o -> ((IntrinsicRequest.ModifyInstance) o).modifiedInstance().path() != null),
            badReq("VALUE.NAMEDINSTANCE", "no INSTANCE", Wire.imethod("ModifyInstance", "<IPARAMVALUE NAME=\"ModifiedInstance\"><VALUE.NAMEDINSTANCE><INSTANCENAME CLASSNAME=\"T_V\"></INSTANCENAME></VALUE.NAMEDINSTANCE></IPARAMVALUE>"), ProtocolError.REQUEST_NOT_VALID, "INSTANCE missing"),
            okRsp("VALUE.OBJECT", "instance", rv("<VALUE.OBJECT><INSTANCE CLASSNAME=\"T\"></INSTANCE></VALUE.OBJECT>"), o -> first(o).kind() == ReturnKind.INSTANCE),
            okRsp("VALUE.OBJECTWITHPATH", "class with class path", rv("<VALUE.OBJECTWITHPATH>" + CPATH + "<CLASS NAME=\"T_V\"></CLASS></VALUE.OBJECTWITHPATH>"), o -> first(o).value() instanceof ClassWithPath),
            badRsp("VALUE.OBJECTWITHPATH", "instance with a class path", rv("<VALUE.OBJECTWITHPATH>" + CPATH + "<INSTANCE CLASSNAME=\"T_V\"></INSTANCE></VALUE.OBJECTWITHPATH>"), ProtocolError.REQUEST_NOT_VALID, "INSTANCE paired with a class path"),
            okRsp("VALUE.OBJECTWITHLOCALPATH", "instance", rv("<VALUE.OBJECTWITHLOCALPATH><LOCALINSTANCEPATH>" + Wire.NS + "<INSTANCENAME CLASSNAME=\"T\"><KEYBINDING NAME=\"K\"><KEYVALUE>v</KEYVALUE></KEYBINDING></INSTANCENAME></LOCALINSTANCEPATH><INSTANCE CLASSNAME=\"T\"></INSTANCE></VALUE.OBJECTWITHLOCALPATH>"), o -> ((CimInstance) first(o).value()).path() != null),
            okRsp("VALUE.INSTANCEWITHPATH", "pull result", rv("<VALUE.INSTANCEWITHPATH>" + IPATH + "<INSTANCE CLASSNAME=\"T_V\"></INSTANCE></VALUE.INSTANCEWITHPATH>"), o -> first(o).kind() == ReturnKind.INSTANCE_WITH_PATH),
            badRsp("VALUE.INSTANCEWITHPATH", "no path", rv("<VALUE.INSTANCEWITHPATH><INSTANCE CLASSNAME=\"T_V\"></INSTANCE></VALUE.INSTANCEWITHPATH>"), ProtocolError.REQUEST_NOT_VALID, "VALUE.INSTANCEWITHPATH without INSTANCEPATH"),
            okRsp("ENUMERATIONCONTEXT", "DTD 2.3 context accepted in requests", Wire.response("<IMETHODRESPONSE NAME=\"X\"></IMETHODRESPONSE>"), o -> true),
            okReq("ENUMERATIONCONTEXT", "as IPARAMVALUE", Wire.imethod("CloseEnumeration", "<IPARAMVALUE NAME=\"EnumerationContext\"><ENUMERATIONCONTEXT>ctx</ENUMERATIONCONTEXT></IPARAMVALUE>"), o -> ((IntrinsicRequest.CloseEnumeration) o).enumerationContext().equals("ctx")),
            // ---- objects
            badReq("INSTANCE", "no CLASSNAME", Wire.imethod("CreateInstance", "<IPARAMVALUE NAME=\"NewInstance\"><INSTANCE></INSTANCE></IPARAMVALUE>"), ProtocolError.REQUEST_NOT_VALID, "INSTANCE without CLASSNAME"),
            okReq("INSTANCE", "xml:lang tolerated", Wire.imethod("CreateInstance", "<IPARAMVALUE NAME=\"NewInstance\"><INSTANCE CLASSNAME=\"T\" xml:lang=\"en\"></INSTANCE></IPARAMVALUE>"), o -> created(o).className().is("T")),
            badReq("INSTANCE", "property twice", inst("<PROPERTY NAME=\"P\" TYPE=\"string\"></PROPERTY><PROPERTY NAME=\"p\" TYPE=\"string\"></PROPERTY>"), CimStatus.INVALID_PARAMETER, "property p given twice"),
            okReq("PROPERTY", "NULL (no VALUE)", inst("<PROPERTY NAME=\"P\" TYPE=\"uint32\"></PROPERTY>"), o -> created(o).value("P").isNull() && created(o).value("P").type() == CimType.UINT32),
            okReq("PROPERTY", "self-closing", inst("<PROPERTY NAME=\"P\" TYPE=\"uint32\"/>"), o -> created(o).value("P").isNull()),
            okReq("PROPERTY", "CLASSORIGIN and PROPAGATED", inst("<PROPERTY NAME=\"P\" TYPE=\"uint32\" CLASSORIGIN=\"T_B\" PROPAGATED=\"true\"></PROPERTY>"), o -> created(o).property("P").propagated() && created(o).property("P").classOrigin().is("T_B")),
            badReq("PROPERTY", "no NAME", inst("<PROPERTY TYPE=\"uint32\"></PROPERTY>"), ProtocolError.REQUEST_NOT_VALID, "PROPERTY without NAME inside INSTANCE 'T_V'"),
            badReq("PROPERTY", "no TYPE", inst("<PROPERTY NAME=\"P\"></PROPERTY>"), ProtocolError.REQUEST_NOT_VALID, "PROPERTY without TYPE inside PROPERTY 'P'"),
            badReq("PROPERTY", "bad TYPE", inst("<PROPERTY NAME=\"P\" TYPE=\"integer\"></PROPERTY>"), ProtocolError.REQUEST_NOT_VALID, "PROPERTY TYPE=\"integer\""),
            badReq("PROPERTY", "bad PROPAGATED", inst("<PROPERTY NAME=\"P\" TYPE=\"string\" PROPAGATED=\"yes\"></PROPERTY>"), ProtocolError.REQUEST_NOT_VALID, "PROPERTY PROPAGATED=\"yes\""),
            badReq("PROPERTY", "EmbeddedObject on a uint8", inst("<PROPERTY NAME=\"P\" TYPE=\"uint8\" EmbeddedObject=\"instance\"></PROPERTY>"), ProtocolError.REQUEST_NOT_VALID, "has EmbeddedObject but TYPE uint8"),
            badReq("PROPERTY", "unknown attribute", inst("<PROPERTY NAME=\"P\" TYPE=\"uint8\" SIZE=\"1\"></PROPERTY>"), ProtocolError.REQUEST_NOT_VALID, "unknown attribute SIZE on element PROPERTY"),
            okReq("PROPERTY.ARRAY", "NULL array", inst("<PROPERTY.ARRAY NAME=\"A\" TYPE=\"uint16\"></PROPERTY.ARRAY>"), o -> created(o).value("A").isNull() && created(o).value("A").isArray()),
            badReq("PROPERTY.ARRAY", "bad ARRAYSIZE", inst("<PROPERTY.ARRAY NAME=\"A\" TYPE=\"uint16\" ARRAYSIZE=\"-1\"></PROPERTY.ARRAY>"), ProtocolError.REQUEST_NOT_VALID, "PROPERTY.ARRAY ARRAYSIZE=\"-1\""),
            okReq("PROPERTY.REFERENCE", "NULL reference", inst("<PROPERTY.REFERENCE NAME=\"R\" REFERENCECLASS=\"T\"></PROPERTY.REFERENCE>"), o -> created(o).value("R").isNull() && created(o).property("R").referenceClass().is("T")),
            badReq("PROPERTY.REFERENCE", "no NAME", inst("<PROPERTY.REFERENCE></PROPERTY.REFERENCE>"), ProtocolError.REQUEST_NOT_VALID, "PROPERTY.REFERENCE without NAME"),
            okReq("QUALIFIER", "flavors", cls("<QUALIFIER NAME=\"Abstract\" TYPE=\"boolean\" OVERRIDABLE=\"false\" TOSUBCLASS=\"false\" TRANSLATABLE=\"true\"><VALUE>TRUE</VALUE></QUALIFIER>"), o -> !createdClass(o).qualifier("Abstract").flavors().overridable() && createdClass(o).qualifier("Abstract").flavors().translatable()),
            okReq("QUALIFIER", "array value", cls("<QUALIFIER NAME=\"ValueMap\" TYPE=\"string\"><VALUE.ARRAY><VALUE>1</VALUE></VALUE.ARRAY></QUALIFIER>"), o -> createdClass(o).qualifier("ValueMap").value().isArray()),
            badReq("QUALIFIER", "no TYPE", cls("<QUALIFIER NAME=\"Abstract\"><VALUE>TRUE</VALUE></QUALIFIER>"), ProtocolError.REQUEST_NOT_VALID, "QUALIFIER without TYPE"),
            badReq("QUALIFIER", "bad value", cls("<QUALIFIER NAME=\"Abstract\" TYPE=\"boolean\"><VALUE>perhaps</VALUE></QUALIFIER>"), CimStatus.INVALID_PARAMETER, "QUALIFIER 'Abstract'"),
            okReq("CLASS", "superclass, members", cls("<PROPERTY NAME=\"P\" TYPE=\"string\"></PROPERTY><METHOD NAME=\"M\" TYPE=\"uint32\"></METHOD>").replace("NAME=\"T_C\"", "NAME=\"T_C\" SUPERCLASS=\"T_B\""), o -> createdClass(o).superclass().is("T_B") && createdClass(o).method("M") != null),
            badReq("CLASS", "no NAME", Wire.imethod("CreateClass", "<IPARAMVALUE NAME=\"NewClass\"><CLASS></CLASS></IPARAMVALUE>"), ProtocolError.REQUEST_NOT_VALID, "CLASS without NAME"),
            badReq("METHOD", "no TYPE", cls("<METHOD NAME=\"M\"></METHOD>"), ProtocolError.REQUEST_NOT_VALID, "METHOD without TYPE"),
            badReq("METHOD", "parameter twice", cls("<METHOD NAME=\"M\" TYPE=\"uint32\"><PARAMETER NAME=\"a\" TYPE=\"string\"/><PARAMETER NAME=\"A\" TYPE=\"string\"/></METHOD>"), CimStatus.INVALID_PARAMETER, "declared twice"),
            okReq("PARAMETER", "all four kinds", cls("<METHOD NAME=\"M\" TYPE=\"uint32\"><PARAMETER NAME=\"a\" TYPE=\"string\"/><PARAMETER.ARRAY NAME=\"b\" TYPE=\"uint8\" ARRAYSIZE=\"4\"/><PARAMETER.REFERENCE NAME=\"c\" REFERENCECLASS=\"T\"/><PARAMETER.REFARRAY NAME=\"d\"/></METHOD>"), o -> createdClass(o).method("M").parameters().size() == 4 && createdClass(o).method("M").parameter("b").arraySize() == 4 && createdClass(o).method("M").parameter("d").array()),
            badReq("PARAMETER", "no TYPE", cls("<METHOD NAME=\"M\" TYPE=\"uint32\"><PARAMETER NAME=\"a\"/></METHOD>"), ProtocolError.REQUEST_NOT_VALID, "PARAMETER without TYPE"),
            badReq("PARAMETER.ARRAY", "no NAME", cls("<METHOD NAME=\"M\" TYPE=\"uint32\"><PARAMETER.ARRAY TYPE=\"uint8\"/></METHOD>"), ProtocolError.REQUEST_NOT_VALID, "PARAMETER.ARRAY without NAME"),
            badReq("PARAMETER.REFERENCE", "no NAME", cls("<METHOD NAME=\"M\" TYPE=\"uint32\"><PARAMETER.REFERENCE/></METHOD>"), ProtocolError.REQUEST_NOT_VALID, "PARAMETER.REFERENCE without NAME"),
            badReq("PARAMETER.REFARRAY", "no NAME", cls("<METHOD NAME=\"M\" TYPE=\"uint32\"><PARAMETER.REFARRAY/></METHOD>"), ProtocolError.REQUEST_NOT_VALID, "PARAMETER.REFARRAY without NAME"),
            okReq("QUALIFIER.DECLARATION", "scope and default", Wire.imethod("SetQualifier", "<IPARAMVALUE NAME=\"QualifierDeclaration\"><QUALIFIER.DECLARATION NAME=\"Key\" TYPE=\"boolean\" OVERRIDABLE=\"false\"><SCOPE PROPERTY=\"true\" REFERENCE=\"true\"/><VALUE>FALSE</VALUE></QUALIFIER.DECLARATION></IPARAMVALUE>"), o -> ((IntrinsicRequest.SetQualifier) o).qualifierDeclaration().scopes().equals(java.util.Set.of(Scope.PROPERTY, Scope.REFERENCE))),
            okReq("SCOPE", "all seven is ANY", Wire.imethod("SetQualifier", "<IPARAMVALUE NAME=\"QualifierDeclaration\"><QUALIFIER.DECLARATION NAME=\"D\" TYPE=\"string\"><SCOPE CLASS=\"true\" ASSOCIATION=\"true\" REFERENCE=\"true\" PROPERTY=\"true\" METHOD=\"true\" PARAMETER=\"true\" INDICATION=\"true\"/></QUALIFIER.DECLARATION></IPARAMVALUE>"), o -> ((IntrinsicRequest.SetQualifier) o).qualifierDeclaration().scopes().equals(java.util.Set.of(Scope.ANY))),
            badReq("SCOPE", "bad flag", Wire.imethod("SetQualifier", "<IPARAMVALUE NAME=\"QualifierDeclaration\"><QUALIFIER.DECLARATION NAME=\"D\" TYPE=\"string\"><SCOPE CLASS=\"1\"/></QUALIFIER.DECLARATION></IPARAMVALUE>"), ProtocolError.REQUEST_NOT_VALID, "SCOPE CLASS=\"1\""),
            badReq("QUALIFIER.DECLARATION", "ISARRAY false with VALUE.ARRAY", Wire.imethod("SetQualifier", "<IPARAMVALUE NAME=\"QualifierDeclaration\"><QUALIFIER.DECLARATION NAME=\"D\" TYPE=\"string\" ISARRAY=\"false\"><VALUE.ARRAY></VALUE.ARRAY></QUALIFIER.DECLARATION></IPARAMVALUE>"), ProtocolError.REQUEST_NOT_VALID, "ISARRAY=false"),
            // ---- responses
            okRsp("IMETHODRESPONSE", "void (no IRETURNVALUE)", Wire.response("<IMETHODRESPONSE NAME=\"DeleteInstance\"></IMETHODRESPONSE>"), o -> !((DecodedResponse) o).hasReturnValue()),
            okRsp("IRETURNVALUE", "self-closing empty", Wire.response("<IMETHODRESPONSE NAME=\"EnumerateInstances\"><IRETURNVALUE/></IMETHODRESPONSE>"), o -> ((DecodedResponse) o).hasReturnValue() && ((DecodedResponse) o).objects().isEmpty()),
            okRsp("IRETURNVALUE", "CLASSNAME list", rv("<CLASSNAME NAME=\"A\"/><CLASSNAME NAME=\"B\"/>"), o -> ((DecodedResponse) o).objects().size() == 2),
            okRsp("IRETURNVALUE", "VALUE (GetProperty)", rv("<VALUE>512</VALUE>"), o -> first(o).value().equals(CimValue.string("512"))),
            okRsp("PARAMVALUE", "pull status", Wire.response("<IMETHODRESPONSE NAME=\"PullInstancesWithPath\"><IRETURNVALUE></IRETURNVALUE><PARAMVALUE NAME=\"EndOfSequence\" PARAMTYPE=\"boolean\"><VALUE>false</VALUE></PARAMVALUE><PARAMVALUE NAME=\"EnumerationContext\"><VALUE>c1</VALUE></PARAMVALUE></IMETHODRESPONSE>"), o -> "c1".equals(((DecodedResponse) o).pullStatus().enumerationContext())),
            badRsp("PARAMVALUE", "EndOfSequence FALSE without a context", Wire.response("<IMETHODRESPONSE NAME=\"PullInstancesWithPath\"><IRETURNVALUE></IRETURNVALUE><PARAMVALUE NAME=\"EndOfSequence\" PARAMTYPE=\"boolean\"><VALUE>FALSE</VALUE></PARAMVALUE></IMETHODRESPONSE>"), ProtocolError.REQUEST_NOT_VALID, "context"),
            okRsp("ERROR", "with CIM_Error instance", Wire.response("<IMETHODRESPONSE NAME=\"X\"><ERROR CODE=\"4\" DESCRIPTION=\"CIM_ERR_INVALID_PARAMETER: bad\"><INSTANCE CLASSNAME=\"CIM_Error\"><PROPERTY NAME=\"Message\" TYPE=\"string\"><VALUE>bad</VALUE></PROPERTY></INSTANCE></ERROR></IMETHODRESPONSE>"), o -> ((DecodedResponse) o).error().status() == CimStatus.INVALID_PARAMETER && ((DecodedResponse) o).error().description().equals("bad") && ((DecodedResponse) o).error().errors().size() == 1),
            okRsp("ERROR", "unknown code", Wire.response("<IMETHODRESPONSE NAME=\"X\"><ERROR CODE=\"29\"/></IMETHODRESPONSE>"), o -> ((DecodedResponse) o).error().status() == CimStatus.FAILED && ((DecodedResponse) o).error().description().contains("29")),
            badRsp("ERROR", "no CODE", Wire.response("<IMETHODRESPONSE NAME=\"X\"><ERROR/></IMETHODRESPONSE>"), ProtocolError.REQUEST_NOT_VALID, "ERROR without CODE"),
            okRsp("METHODRESPONSE", "return value and out parameters", Wire.response("<METHODRESPONSE NAME=\"M\"><RETURNVALUE PARAMTYPE=\"uint32\"><VALUE>0</VALUE></RETURNVALUE><PARAMVALUE NAME=\"Job\" PARAMTYPE=\"reference\"><VALUE.REFERENCE>" + IPATH + "</VALUE.REFERENCE></PARAMVALUE></METHODRESPONSE>"), o -> ((DecodedResponse) o).methodResult().returnValue().equals(CimValue.uint32(0))),
            okRsp("RETURNVALUE", "embedded instance", Wire.response("<METHODRESPONSE NAME=\"M\"><RETURNVALUE PARAMTYPE=\"string\" EmbeddedObject=\"instance\"><VALUE>&lt;INSTANCE CLASSNAME=\"T\"&gt;&lt;/INSTANCE&gt;</VALUE></RETURNVALUE></METHODRESPONSE>"), o -> ((DecodedResponse) o).methodResult().returnValue().embedded() == CimValue.Embedded.INSTANCE),
            badRsp("METHODRESPONSE", "no NAME", Wire.response("<METHODRESPONSE></METHODRESPONSE>"), ProtocolError.REQUEST_NOT_VALID, "METHODRESPONSE without NAME"),
            badRsp("SIMPLERSP", "empty", Wire.response(""), ProtocolError.REQUEST_NOT_VALID, "SIMPLERSP"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void element(ElementCase c) {
        Wire.Outcome o = c.response() ? Wire.readResponse(c.xml()) : Wire.readRequest(c.xml());
        if (c.check() != null) {
            assertTrue(o.ok(), c + " → " + o);
            assertTrue(c.check().test(o.value()), c + " decoded to " + o.value());
            return;
        }
        assertEquals(c.protocolError(), o.protocolError(), c + " → " + o);
        assertEquals(c.status(), o.status(), c + " → " + o);
        assertTrue(o.message().contains(c.messageFragment()), c + ": message '" + o.message() + "' lacks '" + c.messageFragment() + "'");
    }
}
