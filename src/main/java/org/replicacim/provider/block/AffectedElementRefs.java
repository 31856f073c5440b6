package org.replicacim.provider.block;

import java.util.ArrayList;
import java.util.List;
import org.replicacim.cim.ObjectPath;

/**
 * How the elements a job affects are written into the CIM-free job service: the object path's text form, optionally
 * preceded by the CIM_AffectedJobElement.ElementEffects values in brackets, e.g. {@code [5]/root/ns:Class.Key="v"}.
 * A plain path (no brackets) has effect 0 Unknown.
 */
public final class AffectedElementRefs {
    /** ElementEffects value: the job created the element. */
    public static final int CREATE = 5;
    /** ElementEffects value: the job has the element to itself while it runs. */
    public static final int EXCLUSIVE_USE = 2;
    /** ElementEffects value: the job slows the element down while it runs. */
    public static final int PERFORMANCE_IMPACT = 3;

    /** One affected element read back: its path (with namespace) and its ElementEffects. */
    public record Ref(ObjectPath path, List<Integer> effects) {
        public Ref {
            effects = List.copyOf(effects);
        }
    }

    private AffectedElementRefs() {
    }

    /** The text form of {@code path} (which should carry its namespace) with the given effects. */
    public static String encode(ObjectPath path, int... effects) {
        StringBuilder sb = new StringBuilder();
        if (effects.length > 0) {
            sb.append('[');
            for (int i = 0; i < effects.length; i++) {
                sb.append(i == 0 ? "" : ",").append(effects[i]);
            }
            sb.append(']');
        }
        return sb.append(path.withHost(null)).toString();
    }

    /** Reads an element written by {@link #encode} or by {@code ObjectPath.toString()}; null if it is not one. */
    public static Ref parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        List<Integer> effects = new ArrayList<>();
        String rest = text;
        if (text.startsWith("[")) {
            int end = text.indexOf(']');
            if (end < 0) {
                return null;
            }
            for (String e : text.substring(1, end).split(",")) {
                try {
                    effects.add(Integer.parseInt(e.trim()));
                } catch (NumberFormatException x) {
                    return null;
                }
            }
            rest = text.substring(end + 1);
        }
        try {
            ObjectPath p = ObjectPath.parse(rest);
            if (p.isClassPath()) {
                return null;
            }
            return new Ref(p.withHost(null), effects.isEmpty() ? List.of(0) : effects);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
