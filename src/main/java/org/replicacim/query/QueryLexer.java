package org.replicacim.query;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.replicacim.cim.CimException;

/**
 * Splits query text into tokens. Strings take single or double quotes; inside them a doubled quote or a backslash
 * before the quote or a backslash stands for that character, and other backslashes are kept (so LIKE patterns
 * keep their escapes). Integers are decimal, hexadecimal ({@code 0x1F}) or binary ({@code 101B}); reals are
 * decimal with a fraction and/or exponent. Signs are left to the parser.
 */
final class QueryLexer {
    /** Words that cannot name a property. */
    static final Set<String> KEYWORDS = Set.of("SELECT", "FROM", "WHERE", "AS", "AND", "OR", "NOT", "IS", "NULL",
            "TRUE", "FALSE", "ISA", "LIKE", "ANY", "EVERY");

    private static final String[] SYMBOLS = {"<>", "!=", "<=", ">=", "::", "=", "<", ">", "(", ")", ",", ".", "*",
        "[", "]", "{", "}", "+", "-"};

    private final String text;
    private int pos;

    private QueryLexer(String text) {
        this.text = text;
    }

    /** The tokens of the text, ending with an END token. */
    static List<Token> tokenize(String text) throws CimException {
        QueryLexer lexer = new QueryLexer(text);
        List<Token> tokens = new ArrayList<>();
        Token t;
        do {
            t = lexer.next();
            tokens.add(t);
        } while (t.kind() != Token.Kind.END);
        return tokens;
    }

    private Token next() throws CimException {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
        if (pos >= text.length()) {
            return new Token(Token.Kind.END, "", null, pos);
        }
        char c = text.charAt(pos);
        if (c == '\'' || c == '"') {
            return string(c);
        }
        if (isDigit(c) || (c == '.' && pos + 1 < text.length() && isDigit(text.charAt(pos + 1)))) {
            return number();
        }
        if (Character.isLetter(c) || c == '_') {
            int start = pos;
            while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
                pos++;
            }
            return new Token(Token.Kind.IDENTIFIER, text.substring(start, pos), null, start);
        }
        for (String s : SYMBOLS) {
            if (text.startsWith(s, pos)) {
                int start = pos;
                pos += s.length();
                return new Token(Token.Kind.SYMBOL, s, null, start);
            }
        }
        throw QueryErrors.invalid("unexpected character '" + c + "'", pos);
    }

    private Token string(char quote) throws CimException {
        int start = pos++;
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw QueryErrors.invalid("string not terminated", start);
            }
            char c = text.charAt(pos);
            if (c == quote) {
                if (pos + 1 < text.length() && text.charAt(pos + 1) == quote) {
                    sb.append(quote);
                    pos += 2;
                    continue;
                }
                pos++;
                return new Token(Token.Kind.STRING, sb.toString(), sb.toString(), start);
            }
            if (c == '\\' && pos + 1 < text.length()
                    && (text.charAt(pos + 1) == quote || text.charAt(pos + 1) == '\\')) {
                sb.append(text.charAt(pos + 1));
                pos += 2;
                continue;
            }
            sb.append(c);
            pos++;
        }
    }

    private Token number() throws CimException {
        int start = pos;
        if (text.startsWith("0x", pos) || text.startsWith("0X", pos)) {
            pos += 2;
            int digits = pos;
            while (pos < text.length() && Character.digit(text.charAt(pos), 16) >= 0) {
                pos++;
            }
            if (pos == digits) {
                throw QueryErrors.invalid("hexadecimal number without digits", start);
            }
            return integer(start, new BigInteger(text.substring(digits, pos), 16));
        }
        while (pos < text.length() && isDigit(text.charAt(pos))) {
            pos++;
        }
        String intPart = text.substring(start, pos);
        if (pos < text.length() && (text.charAt(pos) == 'b' || text.charAt(pos) == 'B')
                && intPart.matches("[01]+")
                && (pos + 1 >= text.length() || !isIdentifierPart(text.charAt(pos + 1)))) {
            pos++;
            return integer(start, new BigInteger(intPart, 2));
        }
        boolean real = false;
        if (pos < text.length() && text.charAt(pos) == '.'
                && (pos + 1 >= text.length() || isDigit(text.charAt(pos + 1)) || !isIdentifierPart(text.charAt(pos + 1)))) {
            real = true;
            pos++;
            while (pos < text.length() && isDigit(text.charAt(pos))) {
                pos++;
            }
        }
        if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
            int mark = pos++;
            if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
                pos++;
            }
            int digits = pos;
            while (pos < text.length() && isDigit(text.charAt(pos))) {
                pos++;
            }
            if (pos == digits) {
                throw QueryErrors.invalid("exponent without digits", mark);
            }
            real = true;
        }
        if (pos < text.length() && isIdentifierPart(text.charAt(pos))) {
            throw QueryErrors.invalid("malformed number '" + text.substring(start, pos + 1) + "'", start);
        }
        String literal = text.substring(start, pos);
        if (literal.length() > 100) {
            throw QueryErrors.invalid("number too long", start);
        }
        if (real) {
            return new Token(Token.Kind.REAL, literal, new BigDecimal(literal), start);
        }
        return integer(start, new BigInteger(literal));
    }

    private Token integer(int start, BigInteger value) throws CimException {
        if (value.bitLength() > 64) {
            throw QueryErrors.invalid("integer out of range", start);
        }
        return new Token(Token.Kind.INTEGER, text.substring(start, pos), value, start);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isIdentifierPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }
}
