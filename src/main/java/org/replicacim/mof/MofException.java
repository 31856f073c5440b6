package org.replicacim.mof;

import java.util.List;

/** Thrown when a MOF compilation has errors; the message lists every error as {@code file:line:col: message}. */
public final class MofException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient List<MofError> errors;

    /** Creates the exception for a non-empty list of errors. */
    public MofException(List<MofError> errors) {
        super(format(errors));
        this.errors = List.copyOf(errors);
    }

    /** The errors, in the order they were found. */
    public List<MofError> errors() {
        return errors;
    }

    /** A multi-line report: a count, then one error per line. */
    public static String format(List<MofError> errors) {
        StringBuilder sb = new StringBuilder();
        sb.append("MOF compilation failed with ").append(errors.size()).append(errors.size() == 1 ? " error:" : " errors:");
        for (MofError e : errors) {
            sb.append(System.lineSeparator()).append("  ").append(e);
        }
        return sb.toString();
    }
}
