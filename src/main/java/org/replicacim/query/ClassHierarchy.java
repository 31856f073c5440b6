package org.replicacim.query;

import org.replicacim.cim.CimName;

/** Answers subclass questions for ISA tests and FROM-class checks; the class repository supplies it. */
@FunctionalInterface
public interface ClassHierarchy {
    /** A hierarchy that knows no subclasses: a class "is a" only itself. */
    ClassHierarchy EXACT_ONLY = (cls, ancestor) -> false;

    /** Whether {@code cls} derives, directly or not, from {@code ancestor} (equal names are handled by the caller). */
    boolean isSubclassOf(CimName cls, CimName ancestor);

    /** Whether {@code cls} is {@code ancestor} itself or one of its subclasses. */
    default boolean isA(CimName cls, CimName ancestor) {
        return cls.equals(ancestor) || isSubclassOf(cls, ancestor);
    }
}
