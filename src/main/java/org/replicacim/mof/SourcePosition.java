package org.replicacim.mof;

import java.util.Objects;

/** A place in a MOF source: the file as named by its {@link MofSource}, a 1-based line and a 1-based column. */
public record SourcePosition(String file, int line, int column) {
    /** Checks the file name is present. */
    public SourcePosition {
        Objects.requireNonNull(file, "file");
    }

    /** The conventional {@code file:line:col} form. */
    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
