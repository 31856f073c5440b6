package org.replicacim.cim;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A typed CIM value: a scalar or an array of one intrinsic type, range-checked when built; may be NULL.
 *
 * <p>Java forms: boolean → Boolean, string → String, char16 → Character, uint8 → Short, sint8 → Byte,
 * uint16 → Integer, sint16 → Short, uint32 → Long, sint32 → Integer, uint64 → BigInteger, sint64 → Long,
 * real32 → Float, real64 → Double, datetime → CimDateTime, reference → ObjectPath. A string carrying an
 * embedded object holds a CimInstance (or CimClass) and says so in {@link #embedded()}. Arrays hold an
 * unmodifiable List whose elements may be null.
 */
public final class CimValue {
    /** Whether a string value carries an embedded CIM object, and which kind the schema allows. */
    public enum Embedded { NONE, INSTANCE, OBJECT }

    private static final BigInteger UINT64_MAX = new BigInteger("18446744073709551615");

    private final CimType type;
    private final boolean array;
    private final Object value;
    private final Embedded embedded;

    private CimValue(CimType type, boolean array, Object value, Embedded embedded) {
        this.type = type;
        this.array = array;
        this.value = value;
        this.embedded = embedded;
    }

    // ---- factories -------------------------------------------------------------------------------

    /** A scalar of the given type; converts compatible Java values and range-checks numbers. */
    public static CimValue of(CimType type, Object scalar) {
        Objects.requireNonNull(type, "type");
        return new CimValue(type, false, scalar == null ? null : coerce(type, scalar, Embedded.NONE), Embedded.NONE);
    }

    /** An array of the given type; elements may be null. */
    public static CimValue array(CimType type, List<?> elements) {
        Objects.requireNonNull(type, "type");
        if (elements == null) {
            return new CimValue(type, true, null, Embedded.NONE);
        }
        return new CimValue(type, true, coerceAll(type, elements, Embedded.NONE), Embedded.NONE);
    }

    /** A NULL value of the given type. */
    public static CimValue nullValue(CimType type, boolean array) {
        return new CimValue(type, array, null, Embedded.NONE);
    }

    /** A string value that carries an embedded instance (or, with OBJECT, an instance or class). */
    public static CimValue embedded(Embedded kind, Object instanceOrClass) {
        if (kind == Embedded.NONE) {
            throw new IllegalArgumentException("use of(STRING, …) for plain strings");
        }
        return new CimValue(CimType.STRING, false,
                instanceOrClass == null ? null : coerce(CimType.STRING, instanceOrClass, kind), kind);
    }

    /** An array of embedded objects. */
    public static CimValue embeddedArray(Embedded kind, List<?> elements) {
        if (kind == Embedded.NONE) {
            throw new IllegalArgumentException("use array(STRING, …) for plain strings");
        }
        return new CimValue(CimType.STRING, true, elements == null ? null : coerceAll(CimType.STRING, elements, kind), kind);
    }

    public static CimValue string(String s) {
        return of(CimType.STRING, s);
    }

    public static CimValue bool(boolean b) {
        return of(CimType.BOOLEAN, b);
    }

    public static CimValue uint8(int v) {
        return of(CimType.UINT8, v);
    }

    public static CimValue uint16(int v) {
        return of(CimType.UINT16, v);
    }

    public static CimValue uint32(long v) {
        return of(CimType.UINT32, v);
    }

    public static CimValue uint64(long v) {
        if (v < 0) {
            throw new IllegalArgumentException("uint64 out of range: " + v);
        }
        return of(CimType.UINT64, BigInteger.valueOf(v));
    }

    public static CimValue uint64(BigInteger v) {
        return of(CimType.UINT64, v);
    }

    public static CimValue sint8(int v) {
        return of(CimType.SINT8, v);
    }

    public static CimValue sint16(int v) {
        return of(CimType.SINT16, v);
    }

    public static CimValue sint32(int v) {
        return of(CimType.SINT32, v);
    }

    public static CimValue sint64(long v) {
        return of(CimType.SINT64, v);
    }

    public static CimValue real32(float v) {
        return of(CimType.REAL32, v);
    }

    public static CimValue real64(double v) {
        return of(CimType.REAL64, v);
    }

    public static CimValue char16(char c) {
        return of(CimType.CHAR16, c);
    }

    public static CimValue datetime(CimDateTime d) {
        return of(CimType.DATETIME, d);
    }

    public static CimValue reference(ObjectPath p) {
        return of(CimType.REFERENCE, p);
    }

    public static CimValue uint16Array(int... values) {
        List<Object> l = new ArrayList<>(values.length);
        for (int v : values) {
            l.add(v);
        }
        return array(CimType.UINT16, l);
    }

    public static CimValue stringArray(String... values) {
        return array(CimType.STRING, List.of((Object[]) values));
    }

    // ---- parsing from text -----------------------------------------------------------------------

    /**
     * Parses the text form of one scalar of the given type, as CIM-XML and MOF carry it (liberal on input:
     * booleans in any case, hex integers, leading '+', INF/NaN reals). Throws IllegalArgumentException naming
     * the fault. Reference values have no text form here.
     */
    public static Object parseScalar(CimType type, String text) {
        Objects.requireNonNull(text, "text");
        switch (type) {
            case STRING:
                return text;
            case BOOLEAN: {
                String t = text.trim();
                if (t.equalsIgnoreCase("true")) {
                    return Boolean.TRUE;
                }
                if (t.equalsIgnoreCase("false")) {
                    return Boolean.FALSE;
                }
                throw new IllegalArgumentException("not a boolean: '" + text + "'");
            }
            case CHAR16:
                if (text.length() != 1) {
                    throw new IllegalArgumentException("char16 needs exactly one character, got " + text.length());
                }
                return text.charAt(0);
            case UINT8: case SINT8: case UINT16: case SINT16: case UINT32: case SINT32: case UINT64: case SINT64:
                return coerce(type, parseInteger(type, text), Embedded.NONE);
            case REAL32: {
                double d = parseReal(text);
                float f = (float) d;
                if (Float.isInfinite(f) && !Double.isInfinite(d)) {
                    throw new IllegalArgumentException("real32 out of range: '" + text + "'");
                }
                return f;
            }
            case REAL64:
                return parseReal(text);
            case DATETIME:
                return CimDateTime.parse(text);
            case REFERENCE:
                return ObjectPath.parse(text);
            default:
                throw new IllegalArgumentException("unknown type " + type);
        }
    }

    private static BigInteger parseInteger(CimType type, String text) {
        String t = text.trim();
        if (t.isEmpty()) {
            throw new IllegalArgumentException("empty " + type + " value");
        }
        boolean negative = false;
        int i = 0;
        if (t.charAt(0) == '+' || t.charAt(0) == '-') {
            negative = t.charAt(0) == '-';
            i = 1;
        }
        int radix = 10;
        if (t.length() > i + 1 && t.charAt(i) == '0' && (t.charAt(i + 1) == 'x' || t.charAt(i + 1) == 'X')) {
            radix = 16;
            i += 2;
        }
        String digits = t.substring(i);
        if (digits.isEmpty()) {
            throw new IllegalArgumentException("not a " + type + " value: '" + text + "'");
        }
        for (int k = 0; k < digits.length(); k++) {
            if (Character.digit(digits.charAt(k), radix) < 0) {
                throw new IllegalArgumentException("not a " + type + " value: '" + text + "'");
            }
        }
        if (digits.length() > 40) {
            throw new IllegalArgumentException(type + " value out of range: '" + text + "'");
        }
        BigInteger v = new BigInteger(digits, radix);
        return negative ? v.negate() : v;
    }

    private static double parseReal(String text) {
        String t = text.trim();
        String u = t.toUpperCase(Locale.ROOT);
        switch (u) {
            case "INF": case "+INF": case "INFINITY": case "+INFINITY":
                return Double.POSITIVE_INFINITY;
            case "-INF": case "-INFINITY":
                return Double.NEGATIVE_INFINITY;
            case "NAN":
                return Double.NaN;
            default:
                break;
        }
        // Only decimal syntax: Java also accepts "0x1p3", "1d" or "1f", which CIM does not.
        if (!t.matches("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?")) {
            throw new IllegalArgumentException("not a real value: '" + text + "'");
        }
        double d = Double.parseDouble(t);
        if (Double.isInfinite(d)) {
            throw new IllegalArgumentException("real value out of range: '" + text + "'");
        }
        return d;
    }

    /** The canonical wire text of one scalar element of this value's type (not for references or embedded objects). */
    public static String formatScalar(CimType type, Object element) {
        switch (type) {
            case BOOLEAN:
                return ((Boolean) element) ? "TRUE" : "FALSE";
            case REAL32:
                return formatReal(Float.toString((Float) element));
            case REAL64:
                return formatReal(Double.toString((Double) element));
            default:
                return element.toString();
        }
    }

    private static String formatReal(String javaText) {
        switch (javaText) {
            case "Infinity":
                return "INF";
            case "-Infinity":
                return "-INF";
            case "NaN":
                return "NaN";
            default:
                return javaText;
        }
    }

    // ---- coercion --------------------------------------------------------------------------------

    private static List<Object> coerceAll(CimType type, List<?> elements, Embedded kind) {
        List<Object> out = new ArrayList<>(elements.size());
        for (Object e : elements) {
            out.add(e == null ? null : coerce(type, e, kind));
        }
        return Collections.unmodifiableList(out);
    }

    private static Object coerce(CimType type, Object v, Embedded kind) {
        if (kind != Embedded.NONE) {
            if (v instanceof CimInstance || (kind == Embedded.OBJECT && v instanceof CimClass)) {
                return v;
            }
            throw new IllegalArgumentException("embedded " + kind.name().toLowerCase(Locale.ROOT)
                    + " value must be a " + (kind == Embedded.OBJECT ? "CimInstance or CimClass" : "CimInstance")
                    + ", got " + v.getClass().getSimpleName());
        }
        switch (type) {
            case STRING:
                if (v instanceof String) {
                    return v;
                }
                break;
            case BOOLEAN:
                if (v instanceof Boolean) {
                    return v;
                }
                break;
            case CHAR16:
                if (v instanceof Character) {
                    return v;
                }
                if (v instanceof String s && s.length() == 1) {
                    return s.charAt(0);
                }
                break;
            case DATETIME:
                if (v instanceof CimDateTime) {
                    return v;
                }
                break;
            case REFERENCE:
                if (v instanceof ObjectPath) {
                    return v;
                }
                break;
            case REAL32:
                if (v instanceof Number n) {
                    return n.floatValue();
                }
                break;
            case REAL64:
                if (v instanceof Number n) {
                    return n.doubleValue();
                }
                break;
            default:
                if (v instanceof Number n && !(v instanceof Float) && !(v instanceof Double)) {
                    return integer(type, n instanceof BigInteger b ? b : BigInteger.valueOf(n.longValue()));
                }
                break;
        }
        throw new IllegalArgumentException(type + " cannot hold a " + v.getClass().getSimpleName() + " (" + v + ")");
    }

    private static Object integer(CimType type, BigInteger v) {
        BigInteger min;
        BigInteger max;
        switch (type) {
            case UINT8: min = BigInteger.ZERO; max = BigInteger.valueOf(255); break;
            case SINT8: min = BigInteger.valueOf(-128); max = BigInteger.valueOf(127); break;
            case UINT16: min = BigInteger.ZERO; max = BigInteger.valueOf(65535); break;
            case SINT16: min = BigInteger.valueOf(-32768); max = BigInteger.valueOf(32767); break;
            case UINT32: min = BigInteger.ZERO; max = BigInteger.valueOf(4294967295L); break;
            case SINT32: min = BigInteger.valueOf(Integer.MIN_VALUE); max = BigInteger.valueOf(Integer.MAX_VALUE); break;
            case UINT64: min = BigInteger.ZERO; max = UINT64_MAX; break;
            case SINT64: min = BigInteger.valueOf(Long.MIN_VALUE); max = BigInteger.valueOf(Long.MAX_VALUE); break;
            default: throw new IllegalArgumentException("not an integer type: " + type);
        }
        if (v.compareTo(min) < 0 || v.compareTo(max) > 0) {
            throw new IllegalArgumentException(type + " value out of range (" + min + ".." + max + "): " + v);
        }
        switch (type) {
            case UINT8: case SINT16: return v.shortValue();
            case SINT8: return v.byteValue();
            case UINT16: case SINT32: return v.intValue();
            case UINT32: case SINT64: return v.longValue();
            default: return v;
        }
    }

    // ---- accessors -------------------------------------------------------------------------------

    public CimType type() {
        return type;
    }

    public boolean isArray() {
        return array;
    }

    public boolean isNull() {
        return value == null;
    }

    public Embedded embedded() {
        return embedded;
    }

    /** The Java form (see the class comment); a List for arrays; null for NULL. */
    public Object value() {
        return value;
    }

    /** The elements of an array value (empty for NULL), or a one-element list for a non-NULL scalar. */
    public List<Object> elements() {
        if (value == null) {
            return List.of();
        }
        if (array) {
            @SuppressWarnings("unchecked")
            List<Object> l = (List<Object>) value;
            return l;
        }
        return Collections.singletonList(value);
    }

    public String asString() {
        return (String) value;
    }

    public boolean asBoolean() {
        return (Boolean) value;
    }

    /** The value of any integer type as a long (uint64 above Long.MAX_VALUE throws). */
    public long asLong() {
        Object v = value;
        if (v instanceof BigInteger b) {
            return b.longValueExact();
        }
        return ((Number) v).longValue();
    }

    public int asInt() {
        return Math.toIntExact(asLong());
    }

    public ObjectPath asReference() {
        return (ObjectPath) value;
    }

    public CimDateTime asDateTime() {
        return (CimDateTime) value;
    }

    public CimInstance asInstance() {
        return (CimInstance) value;
    }

    /** The value as the same data in another array-ness or type is not offered: values are immutable. */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof CimValue other)) {
            return false;
        }
        return type == other.type && array == other.array && embedded == other.embedded
                && Objects.equals(value, other.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, array, value);
    }

    @Override
    public String toString() {
        if (value == null) {
            return "NULL";
        }
        if (!array) {
            return element(value);
        }
        StringBuilder sb = new StringBuilder("{");
        for (Object e : elements()) {
            if (sb.length() > 1) {
                sb.append(", ");
            }
            sb.append(e == null ? "NULL" : element(e));
        }
        return sb.append('}').toString();
    }

    private String element(Object e) {
        if (type == CimType.STRING && embedded == Embedded.NONE) {
            return "\"" + e + "\"";
        }
        if (type == CimType.STRING || type == CimType.REFERENCE || type == CimType.DATETIME) {
            return e.toString();
        }
        return formatScalar(type, e);
    }
}
