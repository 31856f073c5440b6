package org.replicacim.cim;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Objects;

/** One key of an object path: a key property name and its value (string, boolean, number, datetime or reference). */
public record KeyBinding(CimName name, CimValue value) {
    public KeyBinding {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if (value.isArray() || value.isNull()) {
            throw new IllegalArgumentException("key " + name + " must have a non-NULL scalar value");
        }
        if (value.embedded() != CimValue.Embedded.NONE) {
            throw new IllegalArgumentException("key " + name + " cannot hold an embedded object");
        }
    }

    public static KeyBinding of(String name, String value) {
        return new KeyBinding(CimName.of(name), CimValue.string(value));
    }

    public static KeyBinding of(String name, CimValue value) {
        return new KeyBinding(CimName.of(name), value);
    }

    /** Key equality per CIM: names without case, numbers by value whatever their integer type, the rest exactly. */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof KeyBinding other) || !name.equals(other.name)) {
            return false;
        }
        return sameValue(value, other.value);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + valueHash(value);
    }

    static boolean sameValue(CimValue a, CimValue b) {
        if (a.type().isNumeric() && b.type().isNumeric()) {
            return numeric(a).compareTo(numeric(b)) == 0;
        }
        return a.type() == b.type() && a.value().equals(b.value());
    }

    private static int valueHash(CimValue v) {
        if (v.type().isNumeric()) {
            return numeric(v).stripTrailingZeros().hashCode();
        }
        return v.value().hashCode();
    }

    private static BigDecimal numeric(CimValue v) {
        Object o = v.value();
        if (o instanceof BigInteger b) {
            return new BigDecimal(b);
        }
        if (o instanceof Float || o instanceof Double) {
            double d = ((Number) o).doubleValue();
            return Double.isFinite(d) ? BigDecimal.valueOf(d) : BigDecimal.valueOf(Double.MAX_VALUE);
        }
        return BigDecimal.valueOf(((Number) o).longValue());
    }

    @Override
    public String toString() {
        return name + "=" + ObjectPath.keyText(value);
    }
}
