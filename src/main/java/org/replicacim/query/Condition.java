package org.replicacim.query;

import java.util.List;

import org.replicacim.cim.CimName;

/** A node of a WHERE clause or FQL filter, evaluated in three-valued logic. */
sealed interface Condition {
    /** The condition's truth for the candidate instance. */
    Truth evaluate(EvaluationContext ctx);

    /** A test of one value, so that ANY/EVERY can apply it to each array element. */
    sealed interface ValueTest {
        /** The test's truth for one value of its left side. */
        Truth test(QueryValue value, EvaluationContext ctx);
    }

    /** All of the parts (AND). */
    record And(List<Condition> parts) implements Condition {
        /** Copies the parts. */
        public And {
            parts = List.copyOf(parts);
        }

        @Override
        public Truth evaluate(EvaluationContext ctx) {
            Truth t = Truth.TRUE;
            for (Condition c : parts) {
                t = t.and(c.evaluate(ctx));
                if (t == Truth.FALSE) {
                    return t;
                }
            }
            return t;
        }
    }

    /** Any of the parts (OR). */
    record Or(List<Condition> parts) implements Condition {
        /** Copies the parts. */
        public Or {
            parts = List.copyOf(parts);
        }

        @Override
        public Truth evaluate(EvaluationContext ctx) {
            Truth t = Truth.FALSE;
            for (Condition c : parts) {
                t = t.or(c.evaluate(ctx));
                if (t == Truth.TRUE) {
                    return t;
                }
            }
            return t;
        }
    }

    /** The negation (NOT). */
    record Not(Condition inner) implements Condition {
        @Override
        public Truth evaluate(EvaluationContext ctx) {
            return inner.evaluate(ctx).not();
        }
    }

    /** {@code left op right}. */
    record Comparison(Operand left, ComparisonOperator op, Operand right) implements Condition, ValueTest {
        @Override
        public Truth evaluate(EvaluationContext ctx) {
            return test(left.evaluate(ctx), ctx);
        }

        @Override
        public Truth test(QueryValue value, EvaluationContext ctx) {
            return ValueComparison.compare(value, op, right.evaluate(ctx));
        }
    }

    /** {@code operand [NOT] LIKE pattern}; a value that is not a string gives UNKNOWN. */
    record Like(Operand operand, LikePattern pattern, boolean negated) implements Condition, ValueTest {
        @Override
        public Truth evaluate(EvaluationContext ctx) {
            return test(operand.evaluate(ctx), ctx);
        }

        @Override
        public Truth test(QueryValue value, EvaluationContext ctx) {
            if (value.kind() != QueryValue.Kind.STRING) {
                return Truth.UNKNOWN;
            }
            return Truth.of(pattern.matches(value.asString()) != negated);
        }
    }

    /** {@code operand IS [NOT] NULL}; never UNKNOWN. */
    record NullTest(Operand operand, boolean negated) implements Condition {
        @Override
        public Truth evaluate(EvaluationContext ctx) {
            return Truth.of(operand.evaluate(ctx).isNull() != negated);
        }
    }

    /** {@code operand ISA Class}: the object's (or reference's) class is that class or a subclass. */
    record IsA(Operand operand, CimName className) implements Condition {
        @Override
        public Truth evaluate(EvaluationContext ctx) {
            QueryValue v = operand.evaluate(ctx);
            if (v.isNull()) {
                return Truth.UNKNOWN;
            }
            CimName cls = Operand.classOf(v);
            return cls == null ? Truth.UNKNOWN : Truth.of(ctx.hierarchy().isA(cls, className));
        }
    }

    /**
     * {@code [NOT] ANY|EVERY array test}: ANY is TRUE when some element passes, EVERY when all do (an empty array
     * passes EVERY and fails ANY); a NULL array is UNKNOWN; a scalar counts as a one-element array.
     */
    record Quantified(Operand array, boolean every, boolean negated, ValueTest test) implements Condition {
        @Override
        public Truth evaluate(EvaluationContext ctx) {
            QueryValue v = array.evaluate(ctx);
            if (v.isNull()) {
                return Truth.UNKNOWN;
            }
            Truth t = every ? Truth.TRUE : Truth.FALSE;
            for (QueryValue element : v.elements()) {
                Truth e = test.test(element, ctx);
                t = every ? t.and(e) : t.or(e);
            }
            return negated ? t.not() : t;
        }
    }
}
