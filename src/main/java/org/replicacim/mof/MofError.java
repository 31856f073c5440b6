package org.replicacim.mof;

import java.util.Objects;

import org.replicacim.cim.CimName;

/** One MOF error: where it is and what is wrong (for syntax errors, what was expected). */
public record MofError(SourcePosition position, String message) {
    /** Checks both parts are present. */
    public MofError {
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(message, "message");
    }

    /** The error for a superclass no class declares; the compiler and the repository both use it, so reports do not repeat. */
    public static MofError unknownSuperclass(SourcePosition position, CimName superclass, CimName cls) {
        return new MofError(position, "unknown superclass " + superclass + " of class " + cls + ": no such class is declared");
    }

    /** The {@code file:line:col: message} form used in every report. */
    @Override
    public String toString() {
        return position + ": " + message;
    }
}
