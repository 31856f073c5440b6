package org.replicacim.query;

import java.util.ArrayList;
import java.util.List;

import org.replicacim.cim.CimClass;
import org.replicacim.cim.CimInstance;
import org.replicacim.cim.CimName;
import org.replicacim.cim.ObjectPath;

/** One side of a comparison: a property path, a literal, or the candidate instance itself. */
sealed interface Operand {
    /** The operand's value for the candidate instance. */
    QueryValue evaluate(EvaluationContext ctx);

    /** A literal (scalar or array) written in the query. */
    record Literal(QueryValue value) implements Operand {
        @Override
        public QueryValue evaluate(EvaluationContext ctx) {
            return value;
        }
    }

    /** The candidate instance (written as the FROM class name or its alias). */
    record Self() implements Operand {
        @Override
        public QueryValue evaluate(EvaluationContext ctx) {
            return QueryValue.ofObject(ctx.instance());
        }
    }

    /**
     * One step of a property path: an optional CQL scope class ({@code Class::Prop}), the property name and an
     * optional array index.
     */
    record Step(CimName scope, CimName name, Integer index) {
        @Override
        public String toString() {
            return (scope == null ? "" : scope + "::") + name + (index == null ? "" : "[" + index + "]");
        }
    }

    /**
     * A property of the candidate instance, or a member of an embedded instance ({@code A.B}), or a key of a
     * reference ({@code Ref.Key}). A missing property, a member of NULL, a scope the object does not satisfy and an
     * index out of range all give NULL.
     */
    record PropertyPath(List<Step> steps) implements Operand {
        /** Copies the steps. */
        public PropertyPath {
            steps = List.copyOf(steps);
        }

        @Override
        public QueryValue evaluate(EvaluationContext ctx) {
            QueryValue current = QueryValue.ofObject(ctx.instance());
            for (Step step : steps) {
                current = member(current, step, ctx);
                if (step.index() != null) {
                    current = element(current, step.index());
                }
                if (current.isNull()) {
                    return current;
                }
            }
            return current;
        }

        private static QueryValue member(QueryValue holder, Step step, EvaluationContext ctx) {
            Object o = holder.payload();
            if (o instanceof CimInstance inst) {
                if (step.scope() != null && !ctx.hierarchy().isA(inst.className(), step.scope())) {
                    return QueryValue.NULL;
                }
                var p = inst.property(step.name());
                return p == null ? QueryValue.NULL : QueryValue.ofCim(p.value());
            }
            if (o instanceof ObjectPath path && step.scope() == null) {
                return QueryValue.ofCim(path.key(step.name().value()));
            }
            return QueryValue.NULL;
        }

        private static QueryValue element(QueryValue array, int index) {
            if (array.kind() != QueryValue.Kind.ARRAY || index >= array.elements().size()) {
                return QueryValue.NULL;
            }
            return array.elements().get(index);
        }

        /** The first property name of the path. */
        CimName head() {
            return steps.get(0).name();
        }

        @Override
        public String toString() {
            List<String> parts = new ArrayList<>();
            for (Step s : steps) {
                parts.add(s.toString());
            }
            return String.join(".", parts);
        }
    }

    /** The class name of an object or reference value, or null for other values. */
    static CimName classOf(QueryValue v) {
        Object o = v.payload();
        if (o instanceof CimInstance inst) {
            return inst.className();
        }
        if (o instanceof CimClass cls) {
            return cls.name();
        }
        if (o instanceof ObjectPath path) {
            return path.className();
        }
        return null;
    }
}
