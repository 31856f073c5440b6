package org.replicacim.cim;

import java.util.List;
import java.util.Objects;

/** The one exception for CIM errors: a status code, a description for the client and optional CIM_Error instances. */
public final class CimException extends Exception {
    private static final long serialVersionUID = 1L;

    private final CimStatus status;
    private final transient List<CimInstance> errors;

    public CimException(CimStatus status, String description) {
        this(status, description, List.of(), null);
    }

    public CimException(CimStatus status, String description, Throwable cause) {
        this(status, description, List.of(), cause);
    }

    public CimException(CimStatus status, String description, List<CimInstance> errors, Throwable cause) {
        super(description, cause);
        this.status = Objects.requireNonNull(status, "status");
        this.errors = List.copyOf(errors);
    }

    public CimStatus status() {
        return status;
    }

    /** The description sent to the client (may be null). */
    public String description() {
        return getMessage();
    }

    /** CIM_Error instances that explain the failure in detail. */
    public List<CimInstance> errors() {
        return errors;
    }

    @Override
    public String toString() {
        return status.symbol() + (getMessage() == null ? "" : ": " + getMessage());
    }
}
