package org.replicacim.codec;

import java.io.InputStream;
import org.replicacim.cim.CimException;
import org.replicacim.codec.dtd.CimElement;
import org.replicacim.codec.dtd.IMethodCallElement;
import org.replicacim.codec.dtd.MessageElement;
import org.replicacim.codec.dtd.MethodCallElement;
import org.replicacim.codec.dtd.MultiReqElement;
import org.replicacim.codec.dtd.SimpleReqElement;

/**
 * Server side: reads a CIM-XML operation request (SIMPLEREQ with IMETHODCALL or METHODCALL) from an HTTP body with the
 * hardened parser. Thread-safe and stateless.
 *
 * <p>Use {@link #parse} when the HTTP layer needs to compare CIMMethod/CIMObject with the body before decoding
 * parameters (protocol reference §1.5 order), or {@link #read} to do everything at once.
 */
public final class CimXmlRequestReader {

    /** A reader with nothing to configure. */
    public CimXmlRequestReader() {
    }

    /**
     * Parses and decodes a request. Envelope faults throw CimProtocolException (HTTP error with CIMError); operation
     * and parameter faults throw CimException (an ERROR element in a 200 answer).
     */
    public DecodedRequest read(InputStream body, Limits limits) throws CimProtocolException, CimException {
        return parse(body, limits).decode();
    }

    /**
     * Parses the envelope: well-formed UTF-8 XML within the limits, no DTD, CIM 2.x / DTD 2.x / protocol 1.x, a single
     * SIMPLEREQ with a structurally valid IMETHODCALL or METHODCALL.
     */
    public ParsedRequest parse(InputStream body, Limits limits) throws CimProtocolException {
        try {
            CimElement cim = XmlIo.unmarshal(body, limits, CimElement.class);
            MessageElement msg = Envelope.message(cim);
            if (msg.body instanceof MultiReqElement) {
                throw CodecFault.protocol(ProtocolError.HEADER_MISMATCH,
                        "MULTIREQ body without a CIMBatch header: multiple operations are not supported");
            }
            if (!(msg.body instanceof SimpleReqElement req)) {
                throw CodecFault.invalid("MESSAGE must hold SIMPLEREQ in an operation request, not "
                        + (msg.body == null ? "nothing" : XmlIo.rootName(msg.body.getClass())));
            }
            IMethodCallElement i = req.call instanceof IMethodCallElement x ? x : null;
            MethodCallElement m = req.call instanceof MethodCallElement x ? x : null;
            if (i == null && m == null) {
                throw CodecFault.invalid("SIMPLEREQ without IMETHODCALL or METHODCALL");
            }
            ParsedRequest.checkStructure(i, m);
            return new ParsedRequest(msg.id, msg.protocolVersion, i, m, limits);
        } catch (CodecFault f) {
            if (f.isProtocol()) {
                throw f.toProtocolException();
            }
            throw new CimProtocolException(ProtocolError.REQUEST_NOT_VALID, f.getMessage(), f);
        }
    }
}
