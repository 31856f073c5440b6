package org.replicacim.codec;

import org.replicacim.codec.dtd.CimElement;
import org.replicacim.codec.dtd.MessageElement;

/** Checks the CIM and MESSAGE envelope common to requests, responses and exports (versions, required attributes). */
final class Envelope {
    static final String CIM_VERSION = "2.0";
    static final String DTD_VERSION = "2.0";
    static final String PROTOCOL_VERSION = "1.0";

    private Envelope() {
    }

    static MessageElement message(CimElement cim) {
        String cv = ModelDecoder.required(cim.cimVersion, "CIM", "CIMVERSION", null);
        String dv = ModelDecoder.required(cim.dtdVersion, "CIM", "DTDVERSION", null);
        if (major(cv) != 2) {
            throw CodecFault.protocol(ProtocolError.UNSUPPORTED_CIM_VERSION, "CIM CIMVERSION=\"" + cv + "\": only 2.x is supported");
        }
        if (major(dv) != 2) {
            throw CodecFault.protocol(ProtocolError.UNSUPPORTED_DTD_VERSION, "CIM DTDVERSION=\"" + dv + "\": only 2.x is supported");
        }
        MessageElement msg = cim.message;
        if (msg == null) {
            throw CodecFault.invalid("CIM without MESSAGE");
        }
        ModelDecoder.required(msg.id, "MESSAGE", "ID", null);
        String pv = ModelDecoder.required(msg.protocolVersion, "MESSAGE", "PROTOCOLVERSION", null);
        if (major(pv) != 1) {
            throw CodecFault.protocol(ProtocolError.UNSUPPORTED_PROTOCOL_VERSION,
                    "MESSAGE PROTOCOLVERSION=\"" + pv + "\": only 1.x is supported");
        }
        if (msg.body == null) {
            throw CodecFault.invalid("MESSAGE '" + msg.id + "' holds no request or response");
        }
        return msg;
    }

    private static int major(String version) {
        String v = version.trim();
        int dot = v.indexOf('.');
        try {
            return Integer.parseInt(dot < 0 ? v : v.substring(0, dot));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
