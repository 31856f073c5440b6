package org.replicacim.codec;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.replicacim.cim.*;
import org.replicacim.message.*;

class SmokeTest {
    @Test
    void wbemcliRequestAndResponse() throws Exception {
        String req = """
            <?xml version="1.0" encoding="utf-8" ?>
            <CIM CIMVERSION="2.0" DTDVERSION="2.0">
            <MESSAGE ID="4711" PROTOCOLVERSION="1.0"><SIMPLEREQ><IMETHODCALL NAME="EnumerateInstances"><LOCALNAMESPACEPATH><NAMESPACE NAME="root"></NAMESPACE><NAMESPACE NAME="cimv2"></NAMESPACE></LOCALNAMESPACEPATH>
            <IPARAMVALUE NAME="ClassName"><CLASSNAME NAME="T_Foo"/></IPARAMVALUE>
            <IPARAMVALUE NAME="DeepInheritance"><VALUE>TRUE</VALUE></IPARAMVALUE>
            <IPARAMVALUE NAME="LocalOnly"><VALUE>FALSE</VALUE></IPARAMVALUE>
            <IPARAMVALUE NAME="IncludeQualifiers"><VALUE>FALSE</VALUE></IPARAMVALUE>
            <IPARAMVALUE NAME="IncludeClassOrigin"><VALUE>TRUE</VALUE></IPARAMVALUE>
            </IMETHODCALL></SIMPLEREQ>
            </MESSAGE></CIM>
            """;
        DecodedRequest d = new CimXmlRequestReader().read(new ByteArrayInputStream(req.getBytes(StandardCharsets.UTF_8)), Limits.DEFAULT);
        System.out.println(d);
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        CimXmlResponseWriter w = new CimXmlResponseWriter(bo);
        w.begin("4711");
        w.beginIMethodResponse("EnumerateInstances");
        w.beginReturnValue();
        CimInstance emb = CimInstance.builder("CIM_ReplicationSettingData").property("ElementName", CimValue.string("nightly & \"c\"\r\n")).build();
        ObjectPath p = ObjectPath.builder("T_Foo").namespace("root/cimv2").key("Id", "a<b").key("N", CimValue.uint16(5)).build();
        CimInstance i = CimInstance.builder("T_Foo").path(p).property("Id", CimValue.string("a<b"))
            .property("Empty", CimValue.string("")).property("Null", CimValue.nullValue(CimType.UINT8, false))
            .property("Arr", CimValue.uint16Array(1, 2)).property("Emb", CimValue.embedded(CimValue.Embedded.INSTANCE, emb))
            .property(CimProperty.reference("Ref", CimName.of("T_Foo"), p)).build();
        w.write(ReturnKind.NAMED_INSTANCE, i);
        w.endReturnValue();
        w.endIMethodResponse();
        w.end();
        String xml = bo.toString(StandardCharsets.UTF_8);
        System.out.println(xml);
        DecodedResponse r = new CimXmlResponseReader().read(new ByteArrayInputStream(bo.toByteArray()), Limits.DEFAULT);
        CimInstance back = r.values(CimInstance.class).get(0);
        System.out.println(back);
        assertEquals(i.withPath(p.local()), back);
    }
}
