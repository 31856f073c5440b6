package org.replicacim.cim;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** The intrinsic CIM data types (DSP0004), named as they are on the wire. */
public enum CimType {
    BOOLEAN("boolean"),
    STRING("string"),
    CHAR16("char16"),
    UINT8("uint8"),
    SINT8("sint8"),
    UINT16("uint16"),
    SINT16("sint16"),
    UINT32("uint32"),
    SINT32("sint32"),
    UINT64("uint64"),
    SINT64("sint64"),
    REAL32("real32"),
    REAL64("real64"),
    DATETIME("datetime"),
    REFERENCE("reference");

    private static final Map<String, CimType> BY_NAME = new HashMap<>();

    static {
        for (CimType t : values()) {
            BY_NAME.put(t.wireName, t);
        }
    }

    private final String wireName;

    CimType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** Looks a type up by its DSP0004 name (case-insensitive); null if unknown. */
    public static CimType fromName(String name) {
        return name == null ? null : BY_NAME.get(name.trim().toLowerCase(Locale.ROOT));
    }

    public boolean isInteger() {
        return switch (this) {
            case UINT8, SINT8, UINT16, SINT16, UINT32, SINT32, UINT64, SINT64 -> true;
            default -> false;
        };
    }

    public boolean isReal() {
        return this == REAL32 || this == REAL64;
    }

    public boolean isNumeric() {
        return isInteger() || isReal();
    }

    public boolean isSigned() {
        return this == SINT8 || this == SINT16 || this == SINT32 || this == SINT64;
    }

    @Override
    public String toString() {
        return wireName;
    }
}
