package org.replicacim.cim;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/** A qualifier type declaration: name, type, default value, the scopes it may be used in and its flavors. */
public record QualifierDeclaration(CimName name, CimType type, boolean array, Integer arraySize,
                                   CimValue defaultValue, Set<Scope> scopes, Flavors flavors) {
    public QualifierDeclaration {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(flavors, "flavors");
        if (defaultValue == null) {
            defaultValue = CimValue.nullValue(type, array);
        }
        scopes = scopes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(scopes));
    }

    /** Whether the qualifier may be applied to an element of the given scope. */
    public boolean allows(Scope scope) {
        return scopes.contains(Scope.ANY) || scopes.contains(scope);
    }
}
