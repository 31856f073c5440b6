package org.replicacim.query;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

import org.replicacim.cim.CimName;

/** Collects the top-level properties a condition reads, so callers can check them against the class. */
final class ConditionProperties {
    private ConditionProperties() {
    }

    /** The first step of every property path in the condition, in order of appearance; empty for null. */
    static Set<CimName> of(Condition condition) {
        Set<CimName> out = new LinkedHashSet<>();
        if (condition != null) {
            collect(condition, out);
        }
        return Collections.unmodifiableSet(out);
    }

    private static void collect(Condition c, Set<CimName> out) {
        if (c instanceof Condition.And and) {
            and.parts().forEach(p -> collect(p, out));
        } else if (c instanceof Condition.Or or) {
            or.parts().forEach(p -> collect(p, out));
        } else if (c instanceof Condition.Not not) {
            collect(not.inner(), out);
        } else if (c instanceof Condition.Comparison cmp) {
            add(cmp.left(), out);
            add(cmp.right(), out);
        } else if (c instanceof Condition.Like like) {
            add(like.operand(), out);
        } else if (c instanceof Condition.NullTest test) {
            add(test.operand(), out);
        } else if (c instanceof Condition.IsA isa) {
            add(isa.operand(), out);
        } else if (c instanceof Condition.Quantified q) {
            add(q.array(), out);
            collect((Condition) q.test(), out);
        }
    }

    private static void add(Operand o, Set<CimName> out) {
        if (o instanceof Operand.PropertyPath path) {
            out.add(path.head());
        }
    }
}
