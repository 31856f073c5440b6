package org.replicacim.storage;

/** A backend refused or failed an operation; {@link #reason()} says which kind of fault it was. */
public final class BackendException extends Exception {
    /** Fault classes the replication layer maps to its own error codes. */
    public enum Reason {
        NOT_FOUND, NO_SPACE, INVALID_ARGUMENT, INVALID_STATE, IN_USE, UNSUPPORTED, IO_ERROR, CANCELLED
    }

    private final Reason reason;

    public BackendException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public BackendException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    @Override
    public String getMessage() {
        return reason + ": " + super.getMessage();
    }
}
