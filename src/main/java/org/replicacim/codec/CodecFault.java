package org.replicacim.codec;

import org.replicacim.cim.CimException;
import org.replicacim.cim.CimStatus;

/** Internal unchecked carrier of a decode fault: a protocol fault or a CIM status; converted at the API boundary. */
final class CodecFault extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final transient ProtocolError protocolError;
    final transient CimStatus status;

    private CodecFault(ProtocolError protocolError, CimStatus status, String message, Throwable cause) {
        super(message, cause);
        this.protocolError = protocolError;
        this.status = status;
    }

    static CodecFault invalid(String message) {
        return new CodecFault(ProtocolError.REQUEST_NOT_VALID, null, message, null);
    }

    static CodecFault protocol(ProtocolError error, String message) {
        return new CodecFault(error, null, message, null);
    }

    static CodecFault protocol(ProtocolError error, String message, Throwable cause) {
        return new CodecFault(error, null, message, cause);
    }

    static CodecFault status(CimStatus status, String message) {
        return new CodecFault(null, status, message, null);
    }

    static CodecFault badValue(String message, Throwable cause) {
        return new CodecFault(null, CimStatus.INVALID_PARAMETER, message, cause);
    }

    boolean isProtocol() {
        return protocolError != null;
    }

    CimProtocolException toProtocolException() {
        return new CimProtocolException(protocolError, getMessage(), getCause());
    }

    CimException toCimException() {
        return new CimException(status, getMessage(), getCause());
    }
}
