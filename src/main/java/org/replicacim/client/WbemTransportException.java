package org.replicacim.client;

/**
 * A failure below the CIM level: the connection failed or broke, the server answered with an HTTP error (keeping its
 * {@code CIMError} header and description), or the answer was not a readable CIM-XML response.
 */
public final class WbemTransportException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int httpStatus;
    private final String cimError;
    private final String description;

    /** An HTTP-level failure; status 0 means no HTTP answer was received. */
    public WbemTransportException(int httpStatus, String cimError, String description, Throwable cause) {
        super(message(httpStatus, cimError, description), cause);
        this.httpStatus = httpStatus;
        this.cimError = cimError;
        this.description = description;
    }

    private static String message(int status, String cimError, String description) {
        StringBuilder sb = new StringBuilder();
        sb.append(status == 0 ? "no HTTP answer" : "HTTP " + status);
        if (cimError != null) {
            sb.append(" (CIMError: ").append(cimError).append(')');
        }
        if (description != null && !description.isEmpty()) {
            sb.append(": ").append(description);
        }
        return sb.toString();
    }

    /** The HTTP status of the answer, or 0 when there was none (connection failure, broken response). */
    public int httpStatus() {
        return httpStatus;
    }

    /** The value of the answer's {@code CIMError} header (e.g. {@code header-mismatch}), or null. */
    public String cimError() {
        return cimError;
    }

    /** The server's description ({@code CIMErrorDescription}, percent-decoded) or the local reason; may be null. */
    public String description() {
        return description;
    }
}
