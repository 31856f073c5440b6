package org.replicacim.query;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

import org.replicacim.cim.CimClass;
import org.replicacim.cim.CimDateTime;
import org.replicacim.cim.CimInstance;
import org.replicacim.cim.CimType;
import org.replicacim.cim.CimValue;
import org.replicacim.cim.ObjectPath;

/**
 * A value met while evaluating a condition: NULL, a scalar of one comparison kind, or an array. Integers are
 * BigInteger, finite reals BigDecimal (non-finite reals Double), char16 a String, embedded objects a CimInstance
 * or CimClass. A value written in the query text is a literal, which may be converted to the other side's kind.
 */
final class QueryValue {
    /** The kinds values are compared by. */
    enum Kind { NULL, STRING, INTEGER, REAL, BOOLEAN, DATETIME, REFERENCE, OBJECT, ARRAY }

    static final QueryValue NULL = new QueryValue(Kind.NULL, null, false);

    private final Kind kind;
    private final Object payload;
    private final boolean literal;

    private QueryValue(Kind kind, Object payload, boolean literal) {
        this.kind = kind;
        this.payload = payload;
        this.literal = literal;
    }

    /** The value of a property; null (a property the instance lacks) and CIM NULL both give NULL. */
    static QueryValue ofCim(CimValue value) {
        if (value == null || value.isNull()) {
            return NULL;
        }
        if (!value.isArray()) {
            return ofScalar(value.type(), value.value());
        }
        List<QueryValue> out = new ArrayList<>();
        for (Object e : value.elements()) {
            out.add(e == null ? NULL : ofScalar(value.type(), e));
        }
        return new QueryValue(Kind.ARRAY, Collections.unmodifiableList(out), false);
    }

    /** One scalar in its CimValue Java form. */
    static QueryValue ofScalar(CimType type, Object element) {
        if (element instanceof CimInstance || element instanceof CimClass) {
            return new QueryValue(Kind.OBJECT, element, false);
        }
        switch (type) {
            case STRING:
                return new QueryValue(Kind.STRING, element, false);
            case CHAR16:
                return new QueryValue(Kind.STRING, element.toString(), false);
            case BOOLEAN:
                return new QueryValue(Kind.BOOLEAN, element, false);
            case DATETIME:
                return new QueryValue(Kind.DATETIME, element, false);
            case REFERENCE:
                return new QueryValue(Kind.REFERENCE, element, false);
            case REAL32:
                return new QueryValue(Kind.REAL, real(((Float) element).doubleValue(), Float.toString((Float) element)), false);
            case REAL64:
                return new QueryValue(Kind.REAL, real((Double) element, Double.toString((Double) element)), false);
            default:
                return new QueryValue(Kind.INTEGER, element instanceof BigInteger b ? b
                        : BigInteger.valueOf(((Number) element).longValue()), false);
        }
    }

    private static Object real(double d, String shortest) {
        return Double.isFinite(d) ? new BigDecimal(shortest) : (Object) d;
    }

    /** An instance (or class) as a value, e.g. the candidate instance itself. */
    static QueryValue ofObject(Object instanceOrClass) {
        return new QueryValue(Kind.OBJECT, Objects.requireNonNull(instanceOrClass), false);
    }

    /** A string literal. */
    static QueryValue literalString(String s) {
        return new QueryValue(Kind.STRING, s, true);
    }

    /** An integer literal. */
    static QueryValue literalInteger(BigInteger i) {
        return new QueryValue(Kind.INTEGER, i, true);
    }

    /** A real literal. */
    static QueryValue literalReal(BigDecimal d) {
        return new QueryValue(Kind.REAL, d, true);
    }

    /** A boolean literal. */
    static QueryValue literalBoolean(boolean b) {
        return new QueryValue(Kind.BOOLEAN, b, true);
    }

    /** An array literal. */
    static QueryValue literalArray(List<QueryValue> elements) {
        return new QueryValue(Kind.ARRAY, List.copyOf(elements), true);
    }

    /** A converted literal of another kind (used when a string literal meets a typed value). */
    static QueryValue converted(Kind kind, Object payload) {
        return new QueryValue(kind, payload, true);
    }

    Kind kind() {
        return kind;
    }

    /** The Java form (see the class comment); null for NULL. */
    Object payload() {
        return payload;
    }

    /** Whether the value was written in the query text. */
    boolean isLiteral() {
        return literal;
    }

    boolean isNull() {
        return kind == Kind.NULL;
    }

    /** The elements of an array value. */
    @SuppressWarnings("unchecked")
    List<QueryValue> elements() {
        return kind == Kind.ARRAY ? (List<QueryValue>) payload : List.of(this);
    }

    /** The string of a STRING value. */
    String asString() {
        return (String) payload;
    }

    /** The datetime of a DATETIME value. */
    CimDateTime asDateTime() {
        return (CimDateTime) payload;
    }

    /** The path of a REFERENCE value. */
    ObjectPath asReference() {
        return (ObjectPath) payload;
    }

    @Override
    public String toString() {
        return kind == Kind.NULL ? "NULL" : kind + ":" + payload;
    }
}
