package org.replicacim.app.admin;

/** What the {@code replicacim} admin verbs exit with; listed in every command's help. */
public final class ExitCode {
    /** The command did what it was asked. */
    public static final int OK = 0;
    /** The server refused: a CIM error (its status code is printed) or a method's non-zero return value. */
    public static final int CIM_ERROR = 1;
    /** Bad arguments or options (picocli's usage exit code). */
    public static final int USAGE = 2;
    /** The server could not be reached, or answered with an HTTP error rather than CIM-XML. */
    public static final int CONNECTION = 3;
    /** A job the command waited for ended in Exception, Killed or Terminated. */
    public static final int JOB_FAILED = 4;
    /** A job was still running when the command stopped waiting (--timeout). */
    public static final int TIMED_OUT = 5;

    /** For picocli's {@code exitCodeList}: "code:meaning". */
    public static final String[] LIST = {
        "0:ok",
        "1:CIM error (the status code or method return value is printed)",
        "2:bad arguments or options",
        "3:cannot reach the server (connection refused, HTTP error, not CIM-XML)",
        "4:the job waited for failed (Exception, Killed, Terminated)",
        "5:gave up waiting for a job (--timeout); it goes on running",
    };

    private ExitCode() {
    }
}
