package org.replicacim.mof;

import java.util.Objects;

/** One MOF error: where it is and what is wrong (for syntax errors, what was expected). */
public record MofError(SourcePosition position, String message) {
    /** Checks both parts are present. */
    public MofError {
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(message, "message");
    }

    /** The {@code file:line:col: message} form used in every report. */
    @Override
    public String toString() {
        return position + ": " + message;
    }
}
