package org.replicacim.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.replicacim.query.LikePattern.Flavor;

class LikePatternTest {

    /** One pattern, one subject, and whether they match. */
    record Case(Flavor flavor, String pattern, String subject, boolean expected) {
        @Override
        public String toString() {
            return flavor + " '" + pattern + "' ~ '" + subject + "'";
        }
    }

    private static Case wql(String pattern, String subject, boolean expected) {
        return new Case(Flavor.WQL, pattern, subject, expected);
    }

    private static Case find(String pattern, String subject, boolean expected) {
        return new Case(Flavor.DMTF_FIND, pattern, subject, expected);
    }

    private static Case whole(String pattern, String subject, boolean expected) {
        return new Case(Flavor.DMTF_WHOLE, pattern, subject, expected);
    }

    static Stream<Case> cases() {
        return Stream.of(
                wql("abc", "abc", true),
                wql("abc", "abcd", false),
                wql("abc", "ABC", false),
                wql("a%", "a", true),
                wql("a%", "abcdef", true),
                wql("%c", "abc", true),
                wql("%b%", "abc", true),
                wql("%", "", true),
                wql("a_c", "abc", true),
                wql("a_c", "ac", false),
                wql("a__", "abc", true),
                wql("[abc]x", "bx", true),
                wql("[abc]x", "dx", false),
                wql("[a-c]x", "cx", true),
                wql("[^a-c]x", "dx", true),
                wql("[^a-c]x", "ax", false),
                wql("[-a]", "-", true),
                wql("a.c", "abc", false),
                wql("a.c", "a.c", true),
                wql("a*c", "a*c", true),
                wql("(x)", "(x)", true),
                wql("a\\b", "a\\b", true),
                wql("line%", "line1\nline2", true),
                wql("$5^", "$5^", true),
                find("b", "abc", true),
                find("^b", "abc", false),
                find("c$", "abc", true),
                find("c$", "abc\n", false),
                find("^$", "", true),
                find("a|c$", "xa", true),
                find("^a.c$", "abc", true),
                find("^a.c$", "a\nc", true),
                find("x*", "abc", true),
                find("^ab*c$", "ac", true),
                find("^ab*c$", "abbbc", true),
                find("^ab+c$", "ac", false),
                find("^ab?c$", "abbc", false),
                find("^a{2}$", "aa", true),
                find("^a{2}$", "aaa", false),
                find("^a{2,}$", "aaaa", true),
                find("^a{1,2}$", "aaa", false),
                find("^[EF]{1,2}$", "FE", true),
                find("^r[au]t$", "rut", true),
                find("^r[au]^t$", "ret", true),
                find("^r[au]^t$", "rat", false),
                find("^r[^au]t$", "r.t", true),
                find("^(XYZ)+$", "XYZXYZ", true),
                find("^(DEF)?|GHI$", "GHI", true),
                find("^1[.]{2,3}n$", "1...n", true),
                find("^1[.]{2,3}n$", "1.n", false),
                find("a\\.c", "abc", false),
                find("a\\.c", "a.c", true),
                find("a\\*", "a*", true),
                find("[\\]]", "]", true),
                find("[a\\-z]", "-", true),
                find("[a\\-z]", "b", false),
                find("/x", "a/x", true),
                find("}", "}", true),
                find("é+", "caféé", true),
                whole("abc", "abc", true),
                whole("ab", "abc", false),
                whole("a.*", "abc", true),
                whole(".*b.*", "abc", true),
                whole("a|abc", "abc", true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matches(Case c) {
        assertEquals(c.expected(), LikePattern.compile(c.flavor(), c.pattern()).matches(c.subject()));
    }

    @Test
    void catastrophicBacktrackingIsCutShort() {
        LikePattern evil = LikePattern.compile(Flavor.DMTF_WHOLE, "(a*)*b");
        String subject = "a".repeat(5_000);
        long start = System.nanoTime();
        assertFalse(evil.matches(subject));
        assertFalse(Duration.ofNanos(System.nanoTime() - start).toSeconds() > 10, "took too long");
    }

    @Test
    void deepGroupsAreRefused() {
        String deep = "(".repeat(101) + "a" + ")".repeat(101);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LikePattern.compile(Flavor.DMTF_FIND, deep));
        assertEquals("groups nested deeper than 100 at offset 100 of the LIKE pattern", e.getMessage());
        LikePattern ok = LikePattern.compile(Flavor.DMTF_FIND, "(".repeat(100) + "a" + ")".repeat(100));
        assertEquals(true, ok.matches("a"));
    }
}
