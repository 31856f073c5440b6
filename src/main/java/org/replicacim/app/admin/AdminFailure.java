package org.replicacim.app.admin;

/** A failure of an admin verb with the exit code it ends the process with and a one-line message. */
public final class AdminFailure extends Exception {
    private static final long serialVersionUID = 1L;

    private final int exitCode;
    /** Extra fields for the JSON error document (e.g. the job's final state); may be null. */
    private final transient Object detail;

    public AdminFailure(int exitCode, String message) {
        this(exitCode, message, null);
    }

    public AdminFailure(int exitCode, String message, Object detail) {
        super(message);
        this.exitCode = exitCode;
        this.detail = detail;
    }

    public int exitCode() {
        return exitCode;
    }

    public Object detail() {
        return detail;
    }
}
