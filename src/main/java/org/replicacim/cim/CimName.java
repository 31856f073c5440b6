package org.replicacim.cim;

import java.util.Locale;
import java.util.Objects;

/** A CIM identifier (class, property, method, parameter or qualifier name): keeps its spelling, compares without case. */
public final class CimName implements Comparable<CimName> {
    private final String name;
    private final String folded;

    private CimName(String name) {
        this.name = name;
        this.folded = name.toLowerCase(Locale.ROOT);
    }

    /** Creates a name; rejects what DSP0004 does not allow as an identifier. */
    public static CimName of(String name) {
        Objects.requireNonNull(name, "name");
        if (!isValid(name)) {
            throw new IllegalArgumentException("not a valid CIM identifier: '" + name + "'");
        }
        return new CimName(name);
    }

    public static boolean isValid(String name) {
        if (name == null || name.isEmpty()) {
            return false;
        }
        char first = name.charAt(0);
        if (!(Character.isLetter(first) || first == '_')) {
            return false;
        }
        for (int i = 1; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '_')) {
                return false;
            }
        }
        return true;
    }

    /** The name as it was spelled. */
    public String value() {
        return name;
    }

    /** The lower-case form used for comparison and hashing. */
    public String folded() {
        return folded;
    }

    public boolean is(String other) {
        return other != null && name.equalsIgnoreCase(other);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CimName other && folded.equals(other.folded);
    }

    @Override
    public int hashCode() {
        return folded.hashCode();
    }

    @Override
    public int compareTo(CimName o) {
        return folded.compareTo(o.folded);
    }

    @Override
    public String toString() {
        return name;
    }
}
