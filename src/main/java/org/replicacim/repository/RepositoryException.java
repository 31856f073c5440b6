package org.replicacim.repository;

import java.util.List;

import org.replicacim.mof.MofError;

/**
 * The repository could not be loaded: the MOF has errors. The message is a multi-line report listing every error
 * as {@code file:line:col: message}; the server prints it and refuses to start.
 */
public final class RepositoryException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient List<MofError> errors;

    /** Creates the exception for the given errors, introduced by a line saying what was being loaded. */
    public RepositoryException(String what, List<MofError> errors) {
        super(format(what, errors));
        this.errors = List.copyOf(errors);
    }

    /** The errors, sorted by file, line and column. */
    public List<MofError> errors() {
        return errors;
    }

    private static String format(String what, List<MofError> errors) {
        StringBuilder sb = new StringBuilder("cannot load the class repository from ").append(what).append(": ")
                .append(errors.size()).append(errors.size() == 1 ? " MOF error" : " MOF errors");
        for (MofError e : errors) {
            sb.append(System.lineSeparator()).append("  ").append(e);
        }
        return sb.toString();
    }
}
