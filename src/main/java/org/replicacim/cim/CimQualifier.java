package org.replicacim.cim;

import java.util.List;
import java.util.Objects;

/** A qualifier applied to a class, property, method or parameter: its value, flavors and whether it was inherited. */
public record CimQualifier(CimName name, CimValue value, Flavors flavors, boolean propagated) {
    public CimQualifier {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(flavors, "flavors");
    }

    public static CimQualifier of(String name, CimValue value) {
        return new CimQualifier(CimName.of(name), value, Flavors.DEFAULT, false);
    }

    public static CimQualifier flag(String name) {
        return of(name, CimValue.bool(true));
    }

    public CimQualifier asPropagated() {
        return new CimQualifier(name, value, flavors, true);
    }

    /** Finds a qualifier by name in a list; null if absent. */
    public static CimQualifier find(List<CimQualifier> qualifiers, String name) {
        for (CimQualifier q : qualifiers) {
            if (q.name().is(name)) {
                return q;
            }
        }
        return null;
    }

    /** Whether a boolean qualifier is present and true. */
    public static boolean isTrue(List<CimQualifier> qualifiers, String name) {
        CimQualifier q = find(qualifiers, name);
        return q != null && q.value().type() == CimType.BOOLEAN && !q.value().isNull() && q.value().asBoolean();
    }

    /** The string value of a qualifier, or null. */
    public static String stringValue(List<CimQualifier> qualifiers, String name) {
        CimQualifier q = find(qualifiers, name);
        return q == null || q.value().isNull() || q.value().isArray() || q.value().type() != CimType.STRING
                ? null : q.value().asString();
    }
}
