package org.replicacim.codec;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;
import org.replicacim.cim.CimException;
import org.replicacim.cim.CimInstance;
import org.replicacim.cim.CimStatus;
import org.replicacim.codec.dtd.CimElement;
import org.replicacim.codec.dtd.ExpMethodCallElement;
import org.replicacim.codec.dtd.ExpMethodResponseElement;
import org.replicacim.codec.dtd.ExpParamValueElement;
import org.replicacim.codec.dtd.MessageElement;
import org.replicacim.codec.dtd.SimpleExpReqElement;
import org.replicacim.codec.dtd.SimpleExpRspElement;

/**
 * Indication export (protocol reference §7.5): the EXPMETHODCALL ExportIndication request a server sends to a
 * listener, with the indication as the INSTANCE of EXPPARAMVALUE NewIndication (its SourceInstance/PreviousInstance
 * properties travel as embedded objects), and the EXPMETHODRESPONSE a listener answers. Thread-safe and stateless.
 */
public final class CimXmlExport {
    /** The export method name. */
    public static final String EXPORT_INDICATION = "ExportIndication";
    /** The parameter carrying the indication. */
    public static final String NEW_INDICATION = "NewIndication";

    /** A decoded export request: MESSAGE ID, export method name and the indication instance. */
    public record ExportRequest(String messageId, String methodName, CimInstance indication) {
    }

    /** A decoded export response: MESSAGE ID, method name and the listener's error (null on success). */
    public record ExportResponse(String messageId, String methodName, CimException error) {
    }

    private CimXmlExport() {
    }

    /** Writes an ExportIndication request for one indication. */
    public static void writeRequest(String messageId, CimInstance indication, OutputStream stream) {
        ExpMethodCallElement call = new ExpMethodCallElement();
        call.name = EXPORT_INDICATION;
        ExpParamValueElement p = new ExpParamValueElement();
        p.name = NEW_INDICATION;
        p.instance = new ModelEncoder(null).instance(Objects.requireNonNull(indication, "indication"));
        call.params.add(p);
        write(messageId, "SIMPLEEXPREQ", call, stream);
    }

    /** The ExportIndication request as bytes (send them with Content-Length, never chunked). */
    public static byte[] requestBytes(String messageId, CimInstance indication) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        writeRequest(messageId, indication, b);
        return b.toByteArray();
    }

    /** Writes an export response: an empty EXPMETHODRESPONSE, or one holding ERROR when error is not null. */
    public static void writeResponse(String messageId, String methodName, CimException error, OutputStream stream) {
        ExpMethodResponseElement r = new ExpMethodResponseElement();
        r.name = Objects.requireNonNull(methodName, "methodName");
        if (error != null) {
            r.error = CimXmlResponseWriter.error(error, new ModelEncoder(null), false);
        }
        write(messageId, "SIMPLEEXPRSP", r, stream);
    }

    /** The export response as bytes. */
    public static byte[] responseBytes(String messageId, String methodName, CimException error) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        writeResponse(messageId, methodName, error, b);
        return b.toByteArray();
    }

    private static void write(String messageId, String wrapper, Object element, OutputStream stream) {
        CimXmlOutput out = new CimXmlOutput(stream);
        out.raw(CimXmlOutput.DECLARATION);
        out.writeStartElement("CIM");
        out.writeAttribute("CIMVERSION", Envelope.CIM_VERSION);
        out.writeAttribute("DTDVERSION", Envelope.DTD_VERSION);
        out.writeStartElement("MESSAGE");
        out.writeAttribute("ID", Objects.requireNonNull(messageId, "messageId"));
        out.writeAttribute("PROTOCOLVERSION", Envelope.PROTOCOL_VERSION);
        out.writeStartElement(wrapper);
        jakarta.xml.bind.Marshaller m = XmlIo.marshaller();
        XmlIo.marshal(m, element, out);
        XmlIo.release(m);
        out.writeEndDocument();
        out.flush();
        out.release();
    }

    /**
     * Reads an export request (listener side): envelope faults throw CimProtocolException; a method other than
     * ExportIndication is CIM_ERR_NOT_SUPPORTED; a parameter set other than one NewIndication INSTANCE is
     * CIM_ERR_INVALID_PARAMETER (as the pywbem listener answers).
     */
    public static ExportRequest readRequest(InputStream body, Limits limits) throws CimProtocolException, CimException {
        MessageElement msg;
        ExpMethodCallElement call;
        try {
            CimElement cim = XmlIo.unmarshal(body, limits, CimElement.class);
            msg = Envelope.message(cim);
            if (!(msg.body instanceof SimpleExpReqElement req) || req.call == null) {
                throw CodecFault.invalid("MESSAGE must hold SIMPLEEXPREQ with EXPMETHODCALL in an export request");
            }
            call = req.call;
            ModelDecoder.required(call.name, "EXPMETHODCALL", "NAME", null);
        } catch (CodecFault f) {
            throw f.isProtocol() ? f.toProtocolException()
                    : new CimProtocolException(ProtocolError.REQUEST_NOT_VALID, f.getMessage(), f);
        }
        try {
            if (!EXPORT_INDICATION.equalsIgnoreCase(call.name)) {
                throw CodecFault.status(CimStatus.NOT_SUPPORTED, "export method '" + call.name + "' is not supported");
            }
            if (call.params.size() != 1) {
                throw CodecFault.status(CimStatus.INVALID_PARAMETER,
                        "ExportIndication needs exactly one EXPPARAMVALUE, got " + call.params.size());
            }
            ExpParamValueElement p = call.params.get(0);
            if (p.name == null || !(p.name.equalsIgnoreCase(NEW_INDICATION) || p.name.equalsIgnoreCase("IndicationInstance"))
                    || p.instance == null) {
                throw CodecFault.status(CimStatus.INVALID_PARAMETER,
                        "ExportIndication needs EXPPARAMVALUE NewIndication holding an INSTANCE");
            }
            CimInstance i = new ModelDecoder(limits, 0).instance(p.instance, "EXPPARAMVALUE '" + p.name + "'");
            return new ExportRequest(msg.id, call.name, i);
        } catch (CodecFault f) {
            throw f.isProtocol() ? new CimException(CimStatus.INVALID_PARAMETER, f.getMessage(), f) : f.toCimException();
        }
    }

    /** Reads an export response (sender side). */
    public static ExportResponse readResponse(InputStream body, Limits limits) throws CimProtocolException, CimException {
        try {
            CimElement cim = XmlIo.unmarshal(body, limits, CimElement.class);
            MessageElement msg = Envelope.message(cim);
            if (!(msg.body instanceof SimpleExpRspElement rsp) || rsp.response == null) {
                throw CodecFault.invalid("MESSAGE must hold SIMPLEEXPRSP with EXPMETHODRESPONSE in an export response");
            }
            String name = ModelDecoder.required(rsp.response.name, "EXPMETHODRESPONSE", "NAME", null);
            CimException error = rsp.response.error == null ? null
                    : new ModelDecoder(limits, 0).error(rsp.response.error, "EXPMETHODRESPONSE");
            return new ExportResponse(msg.id, name, error);
        } catch (CodecFault f) {
            if (f.isProtocol()) {
                throw f.toProtocolException();
            }
            throw f.toCimException();
        }
    }
}
