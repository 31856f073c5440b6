package org.replicacim.codec;

import java.util.Objects;

/** A CIM-XML document the codec refuses at the protocol level; the message names the element and attribute at fault. */
public final class CimProtocolException extends Exception {
    private static final long serialVersionUID = 1L;

    private final ProtocolError error;

    /** A protocol fault with a description. */
    public CimProtocolException(ProtocolError error, String message) {
        this(error, message, null);
    }

    /** A protocol fault with a description and its cause. */
    public CimProtocolException(ProtocolError error, String message, Throwable cause) {
        super(message, cause);
        this.error = Objects.requireNonNull(error, "error");
    }

    /** Which DSP0200 fault this is (HTTP status and CIMError header value). */
    public ProtocolError error() {
        return error;
    }

    @Override
    public String toString() {
        return error + ": " + getMessage();
    }
}
