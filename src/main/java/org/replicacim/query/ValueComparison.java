package org.replicacim.query;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Locale;

import org.replicacim.cim.CimDateTime;
import org.replicacim.cim.ObjectPath;
import org.replicacim.query.QueryValue.Kind;

/**
 * Compares two query values, typed by the value that came from the instance: numbers numerically (any integer or
 * real type, uint64 included), strings exactly, booleans, datetimes as points in time or as durations, references
 * as object paths. A string literal facing a typed value is parsed as that type. NULL, kinds that cannot be
 * compared, and order tests on kinds without an order all give UNKNOWN.
 */
final class ValueComparison {
    private ValueComparison() {
    }

    /** {@code left op right} in three-valued logic. */
    static Truth compare(QueryValue left, ComparisonOperator op, QueryValue right) {
        if (left.isNull() || right.isNull()) {
            return Truth.UNKNOWN;
        }
        if (left.kind() == Kind.ARRAY || right.kind() == Kind.ARRAY) {
            return compareArrays(left, op, right);
        }
        QueryValue a = convert(left, right);
        QueryValue b = convert(right, left);
        if (a == null || b == null) {
            return Truth.UNKNOWN;
        }
        Integer order = order(a, b);
        if (order == null) {
            return Truth.UNKNOWN;
        }
        if (op.isOrdering() && !isOrdered(a.kind())) {
            return Truth.UNKNOWN;
        }
        return Truth.of(op.test(order));
    }

    private static Truth compareArrays(QueryValue left, ComparisonOperator op, QueryValue right) {
        if (left.kind() != Kind.ARRAY || right.kind() != Kind.ARRAY || op.isOrdering()) {
            return Truth.UNKNOWN;
        }
        List<QueryValue> a = left.elements();
        List<QueryValue> b = right.elements();
        Truth equal;
        if (a.size() != b.size()) {
            equal = Truth.FALSE;
        } else {
            equal = Truth.TRUE;
            for (int i = 0; i < a.size() && equal != Truth.FALSE; i++) {
                equal = equal.and(compare(a.get(i), ComparisonOperator.EQ, b.get(i)));
            }
        }
        return op == ComparisonOperator.EQ ? equal : equal.not();
    }

    private static boolean isOrdered(Kind kind) {
        return kind == Kind.STRING || kind == Kind.INTEGER || kind == Kind.REAL || kind == Kind.DATETIME;
    }

    private static boolean isNumber(Kind kind) {
        return kind == Kind.INTEGER || kind == Kind.REAL;
    }

    /**
     * The value as the other side's kind, or null if it cannot be. Values of one kind, and numbers, stay as they
     * are; a string literal facing a value from the instance is parsed as that value's kind.
     */
    private static QueryValue convert(QueryValue value, QueryValue other) {
        if (value.kind() == other.kind() || (isNumber(value.kind()) && isNumber(other.kind()))) {
            return value;
        }
        if (other.kind() == Kind.STRING && other.isLiteral() && !value.isLiteral()) {
            return value; // the other side is the one converted
        }
        if (value.kind() != Kind.STRING || !value.isLiteral() || other.isLiteral()) {
            return null;
        }
        String text = value.asString().trim();
        try {
            switch (other.kind()) {
                case DATETIME:
                    return QueryValue.converted(Kind.DATETIME, CimDateTime.parse(text));
                case REFERENCE:
                    return QueryValue.converted(Kind.REFERENCE, ObjectPath.parse(text));
                case INTEGER:
                case REAL:
                    return QueryValue.converted(Kind.REAL, new BigDecimal(text));
                case BOOLEAN: {
                    String t = text.toLowerCase(Locale.ROOT);
                    return t.equals("true") || t.equals("false")
                            ? QueryValue.converted(Kind.BOOLEAN, Boolean.valueOf(t)) : null;
                }
                default:
                    return null;
            }
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The order of two values of one kind (or two numbers): negative, zero or positive; null if incomparable. */
    private static Integer order(QueryValue a, QueryValue b) {
        switch (a.kind()) {
            case STRING:
                return a.asString().compareTo(b.asString());
            case INTEGER:
            case REAL:
                return compareNumbers(a.payload(), b.payload());
            case DATETIME:
                return compareDateTimes(a.asDateTime(), b.asDateTime());
            case REFERENCE:
                return samePath(a.asReference(), b.asReference()) ? 0 : 1;
            default:
                return a.payload().equals(b.payload()) ? 0 : 1;
        }
    }

    /** Numeric order of BigInteger, BigDecimal or (non-finite) Double; null when NaN is involved. */
    static Integer compareNumbers(Object x, Object y) {
        if (x instanceof Double || y instanceof Double) {
            double dx = ((Number) x).doubleValue();
            double dy = ((Number) y).doubleValue();
            if (Double.isNaN(dx) || Double.isNaN(dy)) {
                return null;
            }
            return Double.compare(dx, dy);
        }
        return decimal(x).compareTo(decimal(y));
    }

    private static BigDecimal decimal(Object n) {
        return n instanceof BigInteger i ? new BigDecimal(i) : (BigDecimal) n;
    }

    private static Integer compareDateTimes(CimDateTime a, CimDateTime b) {
        if (a.isInterval() != b.isInterval()) {
            return null;
        }
        return a.isInterval() ? a.toDuration().compareTo(b.toDuration()) : a.toInstant().compareTo(b.toInstant());
    }

    /** Path equality; a path without a namespace matches any namespace. */
    private static boolean samePath(ObjectPath a, ObjectPath b) {
        if (a.namespace() == null || b.namespace() == null) {
            return a.local().equals(b.local());
        }
        return a.equals(b);
    }
}
