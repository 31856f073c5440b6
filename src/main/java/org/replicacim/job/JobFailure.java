package org.replicacim.job;

/** Ends a job in Exception with an error code (the method's return code it stands for) and a description. */
public final class JobFailure extends Exception {
    private static final long serialVersionUID = 1L;

    private final int errorCode;

    public JobFailure(int errorCode, String description) {
        super(description);
        this.errorCode = errorCode;
    }

    public JobFailure(int errorCode, String description, Throwable cause) {
        super(description, cause);
        this.errorCode = errorCode;
    }

    public int errorCode() {
        return errorCode;
    }
}
