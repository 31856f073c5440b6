package org.replicacim.query;

import java.util.regex.Pattern;

/**
 * A compiled LIKE pattern. WQL patterns use {@code %} (any run), {@code _} (one character) and {@code [abc]},
 * {@code [a-z]}, {@code [^abc]} sets, and must match the whole string. CQL and FQL patterns use the DMTF
 * regular-expression subset of DSP1001 (see {@link DmtfRegex}); FQL looks for a match anywhere in the string
 * (anchor with {@code ^}/{@code $}), CQL requires the whole string to match.
 *
 * <p>Matching is bounded: a pattern that needs more than {@value #STEP_BUDGET} character reads on one value
 * (catastrophic backtracking) is treated as not matching.
 */
final class LikePattern {
    /** How a pattern is written and anchored. */
    enum Flavor { WQL, DMTF_WHOLE, DMTF_FIND }

    static final int STEP_BUDGET = 1_000_000;

    private final String source;
    private final Pattern pattern;
    private final boolean whole;

    private LikePattern(String source, Pattern pattern, boolean whole) {
        this.source = source;
        this.pattern = pattern;
        this.whole = whole;
    }

    /** Compiles a pattern; throws IllegalArgumentException naming the fault and its 0-based offset. */
    static LikePattern compile(Flavor flavor, String source) {
        String regex = flavor == Flavor.WQL ? wqlToRegex(source) : DmtfRegex.toJavaRegex(source);
        return new LikePattern(source, Pattern.compile(regex, Pattern.DOTALL), flavor != Flavor.DMTF_FIND);
    }

    /** Whether the string matches; false when the match exceeds the step budget. */
    boolean matches(String s) {
        BudgetedChars chars = new BudgetedChars(s);
        try {
            return whole ? pattern.matcher(chars).matches() : pattern.matcher(chars).find();
        } catch (BudgetedChars.Exhausted e) {
            return false;
        } catch (StackOverflowError e) {
            // java.util.regex recurses per repetition of a group; a huge value can exhaust the stack.
            return false;
        }
    }

    /** The pattern as written in the query. */
    String source() {
        return source;
    }

    private static String wqlToRegex(String p) {
        StringBuilder re = new StringBuilder();
        int i = 0;
        while (i < p.length()) {
            char c = p.charAt(i);
            if (c == '%') {
                re.append(".*");
                i++;
            } else if (c == '_') {
                re.append('.');
                i++;
            } else if (c == '[') {
                int close = p.indexOf(']', i + 2);
                if (close < 0) {
                    throw new IllegalArgumentException("'[' without ']' in LIKE pattern at offset " + i);
                }
                re.append('[');
                int j = i + 1;
                if (p.charAt(j) == '^') {
                    re.append('^');
                    j++;
                }
                for (; j < close; j++) {
                    char m = p.charAt(j);
                    boolean range = m == '-' && j > i + 1 && j + 1 < close && p.charAt(j - 1) != '^';
                    if (range) {
                        re.append('-');
                    } else {
                        appendLiteral(re, m);
                    }
                }
                re.append(']');
                i = close + 1;
            } else {
                appendLiteral(re, c);
                i++;
            }
        }
        return re.toString();
    }

    /** Appends one character so that java.util.regex reads it literally (also inside a character class). */
    static void appendLiteral(StringBuilder re, char c) {
        if (Character.isLetterOrDigit(c) || c > 127) {
            re.append(c);
        } else if (c < ' ' || c == 127) {
            re.append(String.format("\\x%02x", (int) c));
        } else {
            re.append('\\').append(c);
        }
    }

    /** A CharSequence that counts reads and stops a runaway match. */
    private static final class BudgetedChars implements CharSequence {
        private final String s;
        private final int[] steps;

        BudgetedChars(String s) {
            this(s, new int[1]);
        }

        private BudgetedChars(String s, int[] steps) {
            this.s = s;
            this.steps = steps;
        }

        @Override
        public char charAt(int index) {
            if (++steps[0] > STEP_BUDGET) {
                throw new Exhausted();
            }
            return s.charAt(index);
        }

        @Override
        public int length() {
            return s.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new BudgetedChars(s.substring(start, end), steps);
        }

        @Override
        public String toString() {
            return s;
        }

        /** Thrown when the budget is spent. */
        static final class Exhausted extends RuntimeException {
            private static final long serialVersionUID = 1L;

            Exhausted() {
                super(null, null, false, false);
            }
        }
    }
}
