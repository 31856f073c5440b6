package org.replicacim.cim;

import java.util.Locale;

/** Where a qualifier may be used (DSP0004 scopes). */
public enum Scope {
    CLASS, ASSOCIATION, INDICATION, PROPERTY, REFERENCE, METHOD, PARAMETER, ANY;

    /** The MOF/CIM-XML spelling, e.g. {@code association}. */
    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Scope fromKeyword(String s) {
        for (Scope sc : values()) {
            if (sc.name().equalsIgnoreCase(s)) {
                return sc;
            }
        }
        return null;
    }
}
