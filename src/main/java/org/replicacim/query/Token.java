package org.replicacim.query;

import java.util.Locale;

/** One lexical token of a query: its kind, its text, its value (for literals) and its 0-based offset. */
record Token(Kind kind, String text, Object value, int position) {
    /** The kinds of token. */
    enum Kind { IDENTIFIER, STRING, INTEGER, REAL, SYMBOL, END }

    /** Whether this is the given keyword (an identifier, compared without case). */
    boolean isKeyword(String keyword) {
        return kind == Kind.IDENTIFIER && text.equalsIgnoreCase(keyword);
    }

    /** Whether this is the given symbol. */
    boolean isSymbol(String symbol) {
        return kind == Kind.SYMBOL && text.equals(symbol);
    }

    /** How the token is shown in an error message. */
    String describe() {
        return switch (kind) {
            case END -> "the end of the query";
            case STRING -> "string " + abbreviate(text);
            case IDENTIFIER -> QueryLexer.KEYWORDS.contains(text.toUpperCase(Locale.ROOT))
                    ? "keyword '" + text + "'" : "'" + abbreviate(text) + "'";
            default -> "'" + abbreviate(text) + "'";
        };
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
