package org.replicacim.query;

/** The comparison operators of WQL, CQL and FQL, with their spellings. */
enum ComparisonOperator {
    EQ("="), NE("<>"), LT("<"), LE("<="), GT(">"), GE(">=");

    private final String symbol;

    ComparisonOperator(String symbol) {
        this.symbol = symbol;
    }

    /** The operator for a token's text ({@code !=} is read as {@code <>}); null if the text is no operator. */
    static ComparisonOperator fromSymbol(String text) {
        if ("!=".equals(text)) {
            return NE;
        }
        for (ComparisonOperator op : values()) {
            if (op.symbol.equals(text)) {
                return op;
            }
        }
        return null;
    }

    /** Whether the operator needs an order (not only equality). */
    boolean isOrdering() {
        return this != EQ && this != NE;
    }

    /** Applies the operator to the sign of a comparison result. */
    boolean test(int comparison) {
        return switch (this) {
            case EQ -> comparison == 0;
            case NE -> comparison != 0;
            case LT -> comparison < 0;
            case LE -> comparison <= 0;
            case GT -> comparison > 0;
            case GE -> comparison >= 0;
        };
    }

    /** The operator's spelling. */
    String symbol() {
        return symbol;
    }
}
