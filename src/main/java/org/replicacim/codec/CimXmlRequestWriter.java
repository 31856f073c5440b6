package org.replicacim.codec;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.util.Objects;
import org.replicacim.cim.ObjectPath;
import org.replicacim.codec.dtd.IMethodCallElement;
import org.replicacim.message.IntrinsicRequest;
import org.replicacim.message.InvokeMethodRequest;
import org.replicacim.message.OperationRequest;
import org.replicacim.message.ParamValue;

/**
 * Client side: encodes an OperationRequest as a SIMPLEREQ document (IMETHODCALL with the operation's IPARAMVALUEs,
 * absent ones left out; or METHODCALL on a LOCALINSTANCEPATH/LOCALCLASSPATH), plus the CIMMethod/CIMObject header
 * values. Thread-safe and stateless.
 */
public final class CimXmlRequestWriter {
    /** A writer with nothing to configure. */
    public CimXmlRequestWriter() {
    }

    /** Writes the request document to the stream (UTF-8) and flushes it. */
    public void write(OperationRequest request, String messageId, OutputStream stream) {
        CimXmlOutput out = new CimXmlOutput(stream);
        out.raw(CimXmlOutput.DECLARATION);
        out.writeStartElement("CIM");
        out.writeAttribute("CIMVERSION", Envelope.CIM_VERSION);
        out.writeAttribute("DTDVERSION", Envelope.DTD_VERSION);
        out.writeStartElement("MESSAGE");
        out.writeAttribute("ID", Objects.requireNonNull(messageId, "messageId"));
        out.writeAttribute("PROTOCOLVERSION", Envelope.PROTOCOL_VERSION);
        out.writeStartElement("SIMPLEREQ");
        if (request instanceof InvokeMethodRequest m) {
            methodCall(m, new ModelWriter(out, null), out);
        } else {
            jakarta.xml.bind.Marshaller m = XmlIo.marshaller();
            XmlIo.marshal(m, imethodCall((IntrinsicRequest) request), out);
            XmlIo.release(m);
        }
        out.writeEndDocument();
        out.flush();
        out.release();
    }

    /** The request document as bytes. */
    public byte[] toBytes(OperationRequest request, String messageId) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        write(request, messageId, b);
        return b.toByteArray();
    }

    /** The CIMMethod header value: the operation or method name. */
    public static String cimMethod(OperationRequest request) {
        return request instanceof IntrinsicRequest r ? IntrinsicOperations.operationName(r) : request.operationName();
    }

    /** The CIMObject header value before percent-encoding (§1.4): namespace, or namespace:path of the method target. */
    public static String cimObject(OperationRequest request) {
        if (request instanceof InvokeMethodRequest m) {
            String path = m.target().local().toString();
            return m.namespace().value() + ":" + path;
        }
        return request.namespace().value();
    }

    /** IMETHODCALL still goes through JAXB: its parameters are encoded by IntrinsicOperations. */
    private static IMethodCallElement imethodCall(IntrinsicRequest r) {
        IMethodCallElement e = new IMethodCallElement();
        e.name = IntrinsicOperations.operationName(r);
        e.localNamespacePath = ModelEncoder.localNamespace(Objects.requireNonNull(r.namespace(), "namespace"));
        e.params.addAll(IntrinsicOperations.encode(r, new ModelEncoder(null)));
        return e;
    }

    private static void methodCall(InvokeMethodRequest m, ModelWriter w, CimXmlOutput out) {
        String name = m.methodName().value();
        ObjectPath target = m.target().withNamespace(m.namespace());
        out.open("METHODCALL");
        out.attr("NAME", name);
        if (target.isClassPath()) {
            w.localClassPath(target);
        } else {
            w.localInstancePath(target);
        }
        for (ParamValue p : m.parameters()) {
            w.paramValue(p);
        }
        out.close("METHODCALL");
    }
}
