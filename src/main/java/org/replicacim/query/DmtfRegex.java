package org.replicacim.query;

/**
 * Translates the DMTF regular-expression subset (DSP1001, as used by FQL LIKE and here by CQL LIKE) into a
 * java.util.regex pattern, rejecting everything outside the subset.
 *
 * <p>Supported: ordinary characters; {@code .} (any character); {@code \} escaping the next character;
 * character choices {@code [abc]}, {@code [a-z]}, negated as {@code [abc]^} (DSP1001) or {@code [^abc]};
 * multipliers {@code *}, {@code +}, {@code ?}, {@code {m}}, {@code {m,}}, {@code {m,n}} (at most 1000) after one
 * item; groups {@code ( … )} (at most 100 deep) with an optional multiplier; choices with {@code |}; anchors
 * {@code ^} and {@code $}.
 */
final class DmtfRegex {
    static final int MAX_GROUP_DEPTH = 100;
    static final int MAX_REPEAT = 1000;

    private DmtfRegex() {
    }

    /** The equivalent Java regex; throws IllegalArgumentException naming the fault and its 0-based offset. */
    static String toJavaRegex(String p) {
        StringBuilder re = new StringBuilder(p.length() + 16);
        boolean repeatable = false;
        int depth = 0;
        int i = 0;
        while (i < p.length()) {
            char c = p.charAt(i);
            switch (c) {
                case '.':
                    re.append('.');
                    repeatable = true;
                    i++;
                    break;
                case '\\':
                    if (i + 1 >= p.length()) {
                        throw fault("'\\' at the end of the pattern", i);
                    }
                    LikePattern.appendLiteral(re, p.charAt(i + 1));
                    repeatable = true;
                    i += 2;
                    break;
                case '[':
                    i = characterChoice(p, i, re);
                    repeatable = true;
                    break;
                case ']':
                    throw fault("']' without '['", i);
                case '*':
                case '+':
                case '?':
                    if (!repeatable) {
                        throw fault("'" + c + "' has nothing to repeat", i);
                    }
                    re.append(c);
                    repeatable = false;
                    i++;
                    break;
                case '{':
                    if (!repeatable) {
                        throw fault("'{' has nothing to repeat", i);
                    }
                    i = bounds(p, i, re);
                    repeatable = false;
                    break;
                case '(':
                    if (++depth > MAX_GROUP_DEPTH) {
                        throw fault("groups nested deeper than " + MAX_GROUP_DEPTH, i);
                    }
                    re.append("(?:");
                    repeatable = false;
                    i++;
                    break;
                case ')':
                    if (--depth < 0) {
                        throw fault("')' without '('", i);
                    }
                    re.append(')');
                    repeatable = true;
                    i++;
                    break;
                case '|':
                case '^':
                    re.append(c);
                    repeatable = false;
                    i++;
                    break;
                case '$':
                    re.append("\\z"); // the very end: Java's '$' also matches before a final line break
                    repeatable = false;
                    i++;
                    break;
                default:
                    LikePattern.appendLiteral(re, c);
                    repeatable = true;
                    i++;
                    break;
            }
        }
        if (depth != 0) {
            throw fault("'(' without ')'", p.length());
        }
        return re.toString();
    }

    /** Translates {@code [ … ]} (with a trailing {@code ^} for negation) starting at {@code open}; returns the next offset. */
    private static int characterChoice(String p, int open, StringBuilder re) {
        StringBuilder set = new StringBuilder();
        int j = open + 1;
        boolean negated = false;
        if (j < p.length() && p.charAt(j) == '^') {
            negated = true;
            j++;
        }
        int members = 0;
        while (true) {
            if (j >= p.length()) {
                throw fault("'[' without ']'", open);
            }
            char c = p.charAt(j);
            if (c == ']') {
                break;
            }
            if (c == '\\') {
                if (j + 1 >= p.length()) {
                    throw fault("'\\' at the end of the pattern", j);
                }
                c = p.charAt(++j);
            } else if (c == '-' && members > 0 && j + 1 < p.length() && p.charAt(j + 1) != ']') {
                char low = set.charAt(set.length() - 1);
                char high = p.charAt(j + 1) == '\\' && j + 2 < p.length() ? p.charAt(j + 2) : p.charAt(j + 1);
                if (high < low) {
                    throw fault("range out of order in '[ ]'", j);
                }
                set.append('-');
                j++;
                continue;
            }
            LikePattern.appendLiteral(set, c);
            members++;
            j++;
        }
        if (members == 0) {
            throw fault("empty '[ ]'", open);
        }
        j++;
        if (j < p.length() && p.charAt(j) == '^') {
            negated = true;
            j++;
        }
        re.append('[').append(negated ? "^" : "").append(set).append(']');
        return j;
    }

    /** Translates {@code {m}}, {@code {m,}} or {@code {m,n}} starting at {@code open}; returns the next offset. */
    private static int bounds(String p, int open, StringBuilder re) {
        int close = p.indexOf('}', open);
        if (close < 0) {
            throw fault("'{' without '}'", open);
        }
        String body = p.substring(open + 1, close);
        if (!body.matches("\\d{1,4}(,\\d{0,4})?")) {
            throw fault("'{" + body + "}' is not {m}, {m,} or {m,n}", open);
        }
        int comma = body.indexOf(',');
        int min = Integer.parseInt(comma < 0 ? body : body.substring(0, comma));
        String maxText = comma < 0 ? body : body.substring(comma + 1);
        int max = maxText.isEmpty() ? min : Integer.parseInt(maxText);
        if (min > MAX_REPEAT || max > MAX_REPEAT) {
            throw fault("repeat count above " + MAX_REPEAT, open);
        }
        if (max < min) {
            throw fault("'{" + body + "}' has its maximum below its minimum", open);
        }
        re.append('{').append(body).append('}');
        return close + 1;
    }

    private static IllegalArgumentException fault(String what, int offset) {
        return new IllegalArgumentException(what + " at offset " + offset + " of the LIKE pattern");
    }
}
