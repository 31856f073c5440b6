package org.replicacim.codec;

/**
 * A request fault that DSP0200 answers at the HTTP level rather than with an ERROR element: the HTTP status and the
 * {@code CIMError} header value (protocol reference §1.7); {@link #headerValue()} is null where no CIMError is sent.
 */
public enum ProtocolError {
    /** Not well-formed XML, invalid UTF-8, a DTD, or a parser limit hit. */
    REQUEST_NOT_WELL_FORMED("request-not-well-formed", 400),
    /** Well-formed XML that violates the CIM-XML DTD structure. */
    REQUEST_NOT_VALID("request-not-valid", 400),
    /** MESSAGE PROTOCOLVERSION (or the CIMProtocolVersion header) has a major version other than 1. */
    UNSUPPORTED_PROTOCOL_VERSION("unsupported-protocol-version", 501),
    /** A CIMBatch header: multiple operations are not supported. */
    MULTIPLE_REQUESTS_UNSUPPORTED("multiple-requests-unsupported", 501),
    /** CIM CIMVERSION with a major version other than 2. */
    UNSUPPORTED_CIM_VERSION("unsupported-cim-version", 501),
    /** CIM DTDVERSION with a major version other than 2. */
    UNSUPPORTED_DTD_VERSION("unsupported-dtd-version", 501),
    /** Headers disagree with the body; also a MULTIREQ body (which can only arrive without CIMBatch). */
    HEADER_MISMATCH("header-mismatch", 400),
    /** CIMOperation / CIMExport with a value other than MethodCall / MethodRequest. */
    UNSUPPORTED_OPERATION("unsupported-operation", 400),
    /** The body is longer than {@link Limits#maxBytes()}: 413 without CIMError. */
    REQUEST_TOO_LARGE(null, 413);

    private final String headerValue;
    private final int httpStatus;

    ProtocolError(String headerValue, int httpStatus) {
        this.headerValue = headerValue;
        this.httpStatus = httpStatus;
    }

    /** The exact CIMError header value, or null when the answer carries no CIMError header. */
    public String headerValue() {
        return headerValue;
    }

    /** The HTTP status code of the answer. */
    public int httpStatus() {
        return httpStatus;
    }
}
