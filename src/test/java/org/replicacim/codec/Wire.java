package org.replicacim.codec;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.replicacim.cim.CimException;
import org.replicacim.cim.CimStatus;

/** Helpers that wrap XML snippets in a CIM-XML envelope and run them through the readers, returning value or fault. */
final class Wire {
    private Wire() {
    }

    static final String DECL = "<?xml version=\"1.0\" encoding=\"utf-8\" ?>\n";
    static final String NS = "<LOCALNAMESPACEPATH><NAMESPACE NAME=\"root\"/><NAMESPACE NAME=\"cimv2\"/></LOCALNAMESPACEPATH>";

    /** A whole request document around a SIMPLEREQ body. */
    static String request(String simpleReqContent) {
        return DECL + "<CIM CIMVERSION=\"2.0\" DTDVERSION=\"2.0\"><MESSAGE ID=\"7\" PROTOCOLVERSION=\"1.0\"><SIMPLEREQ>"
                + simpleReqContent + "</SIMPLEREQ></MESSAGE></CIM>";
    }

    /** An IMETHODCALL in root/cimv2 with the given IPARAMVALUEs. */
    static String imethod(String name, String params) {
        return request("<IMETHODCALL NAME=\"" + name + "\">" + NS + params + "</IMETHODCALL>");
    }

    /** A METHODCALL on RCIM_Svc.Name="s1" in root/cimv2 with the given PARAMVALUEs. */
    static String method(String name, String params) {
        return request("<METHODCALL NAME=\"" + name + "\"><LOCALINSTANCEPATH>" + NS
                + "<INSTANCENAME CLASSNAME=\"RCIM_Svc\"><KEYBINDING NAME=\"Name\"><KEYVALUE VALUETYPE=\"string\">s1</KEYVALUE>"
                + "</KEYBINDING></INSTANCENAME></LOCALINSTANCEPATH>" + params + "</METHODCALL>");
    }

    /** A whole response document around a SIMPLERSP body. */
    static String response(String simpleRspContent) {
        return DECL + "<CIM CIMVERSION=\"2.0\" DTDVERSION=\"2.0\"><MESSAGE ID=\"7\" PROTOCOLVERSION=\"1.0\"><SIMPLERSP>"
                + simpleRspContent + "</SIMPLERSP></MESSAGE></CIM>";
    }

    /** The outcome of reading: the decoded object, or the fault. */
    record Outcome(Object value, ProtocolError protocolError, CimStatus status, String message) {
        boolean ok() {
            return protocolError == null && status == null;
        }

        @Override
        public String toString() {
            return ok() ? "OK " + value : (protocolError != null ? protocolError : status) + ": " + message;
        }
    }

    static Outcome readRequest(String xml) {
        return readRequest(xml.getBytes(StandardCharsets.UTF_8), Limits.DEFAULT);
    }

    static Outcome readRequest(byte[] xml, Limits limits) {
        try {
            return new Outcome(new CimXmlRequestReader().read(new ByteArrayInputStream(xml), limits).request(), null, null, null);
        } catch (CimProtocolException e) {
            return new Outcome(null, e.error(), null, e.getMessage());
        } catch (CimException e) {
            return new Outcome(null, null, e.status(), e.getMessage());
        }
    }

    static Outcome readResponse(String xml) {
        try {
            return new Outcome(new CimXmlResponseReader().read(
                    new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), Limits.DEFAULT), null, null, null);
        } catch (CimProtocolException e) {
            return new Outcome(null, e.error(), null, e.getMessage());
        } catch (CimException e) {
            return new Outcome(null, null, e.status(), e.getMessage());
        }
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
