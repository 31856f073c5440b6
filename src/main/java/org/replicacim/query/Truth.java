package org.replicacim.query;

/** The three truth values of query conditions: a comparison involving NULL is UNKNOWN, and only TRUE matches. */
enum Truth {
    TRUE, FALSE, UNKNOWN;

    /** TRUE or FALSE for a Java boolean. */
    static Truth of(boolean b) {
        return b ? TRUE : FALSE;
    }

    /** Three-valued negation (NOT UNKNOWN is UNKNOWN). */
    Truth not() {
        return switch (this) {
            case TRUE -> FALSE;
            case FALSE -> TRUE;
            case UNKNOWN -> UNKNOWN;
        };
    }

    /** Three-valued conjunction. */
    Truth and(Truth other) {
        if (this == FALSE || other == FALSE) {
            return FALSE;
        }
        return this == TRUE && other == TRUE ? TRUE : UNKNOWN;
    }

    /** Three-valued disjunction. */
    Truth or(Truth other) {
        if (this == TRUE || other == TRUE) {
            return TRUE;
        }
        return this == FALSE && other == FALSE ? FALSE : UNKNOWN;
    }

    /** Whether this is TRUE. */
    boolean isTrue() {
        return this == TRUE;
    }
}
