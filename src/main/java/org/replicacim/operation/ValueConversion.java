package org.replicacim.operation;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.replicacim.cim.CimClass;
import org.replicacim.cim.CimException;
import org.replicacim.cim.CimProperty;
import org.replicacim.cim.CimStatus;
import org.replicacim.cim.CimType;
import org.replicacim.cim.CimValue;
import org.replicacim.cim.KeyBinding;
import org.replicacim.cim.Namespace;
import org.replicacim.cim.ObjectPath;

/**
 * Converts what clients send into the types the schema declares: untyped parameter text (wbemcli), numeric keys
 * without a TYPE, embedded instances sent as plain strings; and checks object paths against a class's keys.
 */
public final class ValueConversion {
    private final Function<String, Object> embeddedParser;

    /** @param embeddedParser parses {@code <INSTANCE …>} / {@code <CLASS …>} text; throws IllegalArgumentException */
    public ValueConversion(Function<String, Object> embeddedParser) {
        this.embeddedParser = embeddedParser;
    }

    /**
     * The value converted to the declared type. {@code failure} is the status to report when it cannot be
     * (INVALID_PARAMETER for parameters and properties, TYPE_MISMATCH for SetProperty).
     */
    public CimValue convert(CimValue given, CimType type, boolean array, CimValue.Embedded embedded, String what,
                            CimStatus failure) throws CimException {
        if (given == null) {
            return embedded == CimValue.Embedded.NONE ? CimValue.nullValue(type, array)
                    : (array ? CimValue.embeddedArray(embedded, null) : CimValue.embedded(embedded, null));
        }
        if (given.isArray() != array) {
            // A single value where an array is declared is a one-element array (lenient, as pywbem accepts).
            if (array && !given.isNull()) {
                List<Object> one = new ArrayList<>();
                one.add(given.value());
                given = given.embedded() == CimValue.Embedded.NONE ? CimValue.array(given.type(), one)
                        : CimValue.embeddedArray(given.embedded(), one);
            } else if (given.isNull()) {
                return convert(null, type, array, embedded, what, failure);
            } else {
                throw new CimException(failure, what + " must be " + (array ? "an array" : "a single value"));
            }
        }
        if (given.isNull()) {
            return convert(null, type, array, embedded, what, failure);
        }
        try {
            if (embedded != CimValue.Embedded.NONE && type == CimType.STRING) {
                return toEmbedded(given, array, embedded, what, failure);
            }
            if (given.type() == type && given.embedded() == CimValue.Embedded.NONE) {
                return given;
            }
            List<Object> out = new ArrayList<>();
            for (Object e : given.elements()) {
                out.add(e == null ? null : element(given.type(), e, type, what, failure));
            }
            return array ? CimValue.array(type, out) : CimValue.of(type, out.get(0));
        } catch (IllegalArgumentException e) {
            throw new CimException(failure, what + ": " + e.getMessage());
        }
    }

    private CimValue toEmbedded(CimValue given, boolean array, CimValue.Embedded embedded, String what,
                                CimStatus failure) throws CimException {
        List<Object> out = new ArrayList<>();
        for (Object e : given.elements()) {
            if (e == null || !(e instanceof String s)) {
                out.add(e);
                continue;
            }
            if (s.trim().isEmpty()) {
                out.add(null);
                continue;
            }
            if (!s.trim().startsWith("<")) {
                throw new CimException(failure, what + " must hold an embedded " + embedded.name().toLowerCase()
                        + " (INSTANCE XML text)");
            }
            try {
                out.add(embeddedParser.apply(s));
            } catch (IllegalArgumentException ex) {
                throw new CimException(failure, what + ": " + ex.getMessage());
            }
        }
        try {
            return array ? CimValue.embeddedArray(embedded, out) : CimValue.embedded(embedded, out.get(0));
        } catch (IllegalArgumentException ex) {
            throw new CimException(failure, what + ": " + ex.getMessage());
        }
    }

    private static Object element(CimType from, Object e, CimType to, String what, CimStatus failure)
            throws CimException {
        if (from == CimType.STRING) {
            if (to == CimType.REFERENCE) {
                throw new CimException(failure, what + " must be a reference, not a string");
            }
            return CimValue.parseScalar(to, (String) e);
        }
        if (from.isNumeric() && to.isNumeric()) {
            if (to.isInteger()) {
                BigDecimal d = e instanceof BigInteger b ? new BigDecimal(b) : new BigDecimal(e.toString());
                try {
                    return d.toBigIntegerExact();
                } catch (ArithmeticException notWhole) {
                    throw new CimException(failure, what + " must be a whole number, got " + e);
                }
            }
            return ((Number) e).doubleValue();
        }
        if (to == CimType.STRING && (from.isNumeric() || from == CimType.BOOLEAN || from == CimType.DATETIME)) {
            // A client that typed a string-valued key as numeric (no TYPE attribute); keep its text.
            return CimValue.formatScalar(from, e);
        }
        if (to == CimType.CHAR16 && from == CimType.STRING) {
            return CimValue.parseScalar(to, (String) e);
        }
        throw new CimException(failure, what + " is " + to.wireName() + ", got a " + from.wireName() + " value");
    }

    /**
     * Checks that a path names every key of its class and nothing else, and converts key values to their
     * declared types. Reference keys without a namespace get {@code ns}. Host and namespace are set to ns.
     */
    public ObjectPath normalizePath(Namespace ns, CimClass cls, ObjectPath path) throws CimException {
        List<CimProperty> keys = cls.keyProperties();
        if (path.keys().size() != keys.size()) {
            throw new CimException(CimStatus.INVALID_PARAMETER, "wrong number of keys in path of " + cls.name()
                    + ": got " + path.keys().size() + ", the class has " + keys.size() + " (" + names(keys) + ")");
        }
        List<KeyBinding> out = new ArrayList<>(keys.size());
        for (CimProperty key : keys) {
            CimValue given = path.key(key.name().value());
            if (given == null) {
                throw new CimException(CimStatus.INVALID_PARAMETER, "path of " + cls.name() + " lacks key "
                        + key.name() + " (keys: " + names(keys) + ")");
            }
            CimValue v = convert(given, key.type(), false, CimValue.Embedded.NONE, "key " + key.name(),
                    CimStatus.INVALID_PARAMETER);
            if (v.isNull()) {
                throw new CimException(CimStatus.INVALID_PARAMETER, "key " + key.name() + " is NULL");
            }
            if (v.type() == CimType.REFERENCE) {
                v = localReferences(ns, v);
            }
            out.add(new KeyBinding(key.name(), v));
        }
        return ObjectPath.of(null, ns, cls.name(), out);
    }

    /**
     * Reference value(s) as this server keeps them: namespace filled in where missing, HOST dropped (clients put
     * whatever host they used there, wbemcli even garbage; the server writes its own host on output).
     */
    public static CimValue localReferences(Namespace ns, CimValue v) {
        if (v.isNull() || v.type() != CimType.REFERENCE) {
            return v;
        }
        List<Object> refs = new ArrayList<>();
        for (Object e : v.elements()) {
            ObjectPath p = (ObjectPath) e;
            refs.add(p == null ? null : (p.namespace() == null ? p.withNamespace(ns) : p).withHost(null));
        }
        return v.isArray() ? CimValue.array(CimType.REFERENCE, refs) : CimValue.reference((ObjectPath) refs.get(0));
    }

    private static String names(List<CimProperty> props) {
        StringBuilder sb = new StringBuilder();
        for (CimProperty p : props) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(p.name());
        }
        return sb.toString();
    }

    /** Whether two values are the same for CIM purposes (used to accept unchanged read-only properties). */
    public static boolean sameValue(CimValue a, CimValue b) {
        if (a == null || b == null) {
            return (a == null || a.isNull()) && (b == null || b.isNull());
        }
        if (a.isNull() || b.isNull()) {
            return a.isNull() && b.isNull();
        }
        return a.equals(b);
    }

}
