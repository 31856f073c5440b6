package org.replicacim.mof;

import java.util.Objects;

import org.replicacim.cim.Namespace;
import org.replicacim.cim.QualifierDeclaration;

/** A qualifier declaration as compiled, with its position and the namespace a pragma put it in (null when none). */
public record MofQualifierDeclaration(QualifierDeclaration declaration, Namespace namespace, SourcePosition position) {
    /** Checks the declaration and position are present. */
    public MofQualifierDeclaration {
        Objects.requireNonNull(declaration, "declaration");
        Objects.requireNonNull(position, "position");
    }
}
