package org.replicacim.mof;

import java.math.BigInteger;

/** The MOF spellings of literals: string and char escapes, and integers in decimal, hex, binary and octal. */
final class MofLiterals {
    private MofLiterals() {
    }

    /** An invalid escape sequence, with its offset inside the literal's body. */
    static final class BadEscapeException extends Exception {
        private static final long serialVersionUID = 1L;
        private final int offset;

        BadEscapeException(int offset, String message) {
            super(message);
            this.offset = offset;
        }

        int offset() {
            return offset;
        }
    }

    /** Resolves {@code \b \t \n \f \r \" \' \\ \xH..HHHH} in the body of a string or char literal. */
    static String unescape(String body) throws BadEscapeException {
        StringBuilder sb = new StringBuilder(body.length());
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (i + 1 >= body.length()) {
                throw new BadEscapeException(i, "expected an escape character after '\\'");
            }
            char e = body.charAt(++i);
            switch (e) {
                case 'b' -> sb.append('\b');
                case 't' -> sb.append('\t');
                case 'n' -> sb.append('\n');
                case 'f' -> sb.append('\f');
                case 'r' -> sb.append('\r');
                case '"' -> sb.append('"');
                case '\'' -> sb.append('\'');
                case '\\' -> sb.append('\\');
                case 'x', 'X' -> {
                    int start = i + 1;
                    int end = start;
                    while (end < body.length() && end - start < 4 && Character.digit(body.charAt(end), 16) >= 0) {
                        end++;
                    }
                    if (end == start) {
                        throw new BadEscapeException(i - 1, "expected 1 to 4 hex digits after '\\" + e + "'");
                    }
                    sb.append((char) Integer.parseInt(body.substring(start, end), 16));
                    i = end - 1;
                }
                default -> throw new BadEscapeException(i - 1, "invalid escape '\\" + e
                        + "': expected one of \\b \\t \\n \\f \\r \\\" \\' \\\\ \\xHHHH");
            }
        }
        return sb.toString();
    }

    /**
     * Parses a MOF integer: decimal, {@code 0x} hex, binary with a trailing {@code b}, octal with a leading {@code 0};
     * an optional sign. Throws IllegalArgumentException naming what was expected.
     */
    static BigInteger parseInteger(String text) {
        String t = text;
        boolean negative = false;
        if (t.startsWith("+") || t.startsWith("-")) {
            negative = t.charAt(0) == '-';
            t = t.substring(1);
        }
        int radix;
        String digits;
        String kind;
        if (t.length() > 2 && (t.startsWith("0x") || t.startsWith("0X"))) {
            radix = 16;
            digits = t.substring(2);
            kind = "hex";
        } else if (t.length() > 1 && (t.endsWith("b") || t.endsWith("B"))) {
            radix = 2;
            digits = t.substring(0, t.length() - 1);
            kind = "binary";
        } else if (t.length() > 1 && t.startsWith("0")) {
            radix = 8;
            digits = t.substring(1);
            kind = "octal";
        } else {
            radix = 10;
            digits = t;
            kind = "decimal";
        }
        for (int i = 0; i < digits.length(); i++) {
            if (Character.digit(digits.charAt(i), radix) < 0) {
                throw new IllegalArgumentException("invalid " + kind + " integer '" + text + "': expected only "
                        + (radix == 2 ? "0 and 1" : radix == 8 ? "digits 0-7" : radix == 16 ? "hex digits" : "digits"));
            }
        }
        if (digits.isEmpty()) {
            throw new IllegalArgumentException("invalid integer '" + text + "'");
        }
        BigInteger v = new BigInteger(digits, radix);
        return negative ? v.negate() : v;
    }
}
