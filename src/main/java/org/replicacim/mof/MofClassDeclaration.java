package org.replicacim.mof;

import java.util.Map;
import java.util.Objects;

import org.replicacim.cim.CimClass;
import org.replicacim.cim.CimName;
import org.replicacim.cim.Namespace;

/**
 * A class as written in MOF, not yet resolved: only its own members and qualifiers (typed and checked), where it was
 * declared (and where its superclass was named, null for a root class), where each of its properties and methods
 * was declared, and the namespace a {@code #pragma namespace} put it in (null when none).
 */
public record MofClassDeclaration(CimClass cimClass, Namespace namespace, SourcePosition position,
                                  SourcePosition superclassPosition,
                                  Map<CimName, SourcePosition> propertyPositions,
                                  Map<CimName, SourcePosition> methodPositions) {
    /** Copies the position maps. */
    public MofClassDeclaration {
        Objects.requireNonNull(cimClass, "cimClass");
        Objects.requireNonNull(position, "position");
        propertyPositions = Map.copyOf(propertyPositions);
        methodPositions = Map.copyOf(methodPositions);
    }

    /** The class name as written. */
    public CimName name() {
        return cimClass.name();
    }

    /** Where a property was declared, or the class position if unknown. */
    public SourcePosition positionOfProperty(CimName property) {
        return propertyPositions.getOrDefault(property, position);
    }

    /** Where a method was declared, or the class position if unknown. */
    public SourcePosition positionOfMethod(CimName method) {
        return methodPositions.getOrDefault(method, position);
    }
}
