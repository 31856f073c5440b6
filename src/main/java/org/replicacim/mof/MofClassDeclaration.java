package org.replicacim.mof;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.replicacim.cim.CimClass;
import org.replicacim.cim.CimName;
import org.replicacim.cim.Namespace;

/**
 * A class as written in MOF, not yet resolved: only its own members and qualifiers (typed and checked), where it was
 * declared (and where its superclass was named, null for a root class), where each of its properties and methods
 * was declared, which properties were given a default value (an override without one keeps the inherited default),
 * and the namespace a {@code #pragma namespace} put it in (null when none).
 */
public record MofClassDeclaration(CimClass cimClass, Namespace namespace, SourcePosition position,
                                  SourcePosition superclassPosition,
                                  Map<CimName, SourcePosition> propertyPositions,
                                  Map<CimName, SourcePosition> methodPositions,
                                  Set<CimName> propertiesWithDefault) {
    /** Copies the position maps. */
    public MofClassDeclaration {
        Objects.requireNonNull(cimClass, "cimClass");
        Objects.requireNonNull(position, "position");
        propertyPositions = Map.copyOf(propertyPositions);
        methodPositions = Map.copyOf(methodPositions);
        propertiesWithDefault = Set.copyOf(propertiesWithDefault);
    }

    /** The class name as written. */
    public CimName name() {
        return cimClass.name();
    }

    /** Where a property was declared, or the class position if unknown. */
    public SourcePosition positionOfProperty(CimName property) {
        return propertyPositions.getOrDefault(property, position);
    }

    /** Whether the declaration gave the property a default value (possibly NULL). */
    public boolean hasDefault(CimName property) {
        return propertiesWithDefault.contains(property);
    }

    /** Where a method was declared, or the class position if unknown. */
    public SourcePosition positionOfMethod(CimName method) {
        return methodPositions.getOrDefault(method, position);
    }
}
