package org.replicacim.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.replicacim.cim.CimException;
import org.replicacim.cim.CimStatus;

class FqlQueryTest {

    /** A filter run against a sample instance, with the expected match. */
    record MatchCase(String description, String filter, String instance, boolean expected) {
        @Override
        public String toString() {
            return description;
        }
    }

    private static MatchCase volume(String description, String filter, boolean expected) {
        return new MatchCase(description, filter, "volume", expected);
    }

    private static MatchCase system(String description, String filter, boolean expected) {
        return new MatchCase(description, filter, "system", expected);
    }

    static Stream<MatchCase> matchCases() {
        return Stream.of(
                // the example from the protocol notes
                volume("spec example", "OperationalStatus ANY = 2 AND ElementName LIKE \"^db-.*\"", true),
                // scalar comparisons
                volume("string =", "DeviceID = \"vol-1\"", true),
                volume("string = single quotes", "DeviceID = 'vol-1'", true),
                volume("string escaped quote", "ElementName <> \"a\\\"b\"", true),
                volume("string <>", "DeviceID <> \"vol-1\"", false),
                volume("uint64 >=", "BlockSize >= 512", true),
                volume("uint64 hex", "BlockSize = 0x200", true),
                volume("uint64 binary", "BlockSize = 1000000000b", true),
                volume("uint64 max", "NumberOfBlocks = 18446744073709551615", true),
                volume("sint32 negative", "Priority > -6", true),
                volume("real", "Temperature < 40.5", true),
                volume("real exponent", "Temperature > 3.6E1", true),
                volume("boolean", "IsThin = TRUE", true),
                volume("boolean false", "IsThin = FALSE", false),
                volume("datetime", "Created >= \"20240101120000.000000+000\"", true),
                volume("datetime earlier", "Created < \"20231231235959.999999+000\"", false),
                volume("reference", "Owner = \"/root/cimv2:RCIM_System.Name=\\\"array1\\\"\"", true),
                volume("reference other", "Owner = 'RCIM_System.Name=\"other\"'", false),
                volume("property vs property", "DeviceID <> SystemName", true),
                volume("case-insensitive names and keywords", "deviceid = \"vol-1\" and ISTHIN = true", true),
                // boolean logic
                volume("AND", "DeviceID = \"vol-1\" AND BlockSize = 512", true),
                volume("OR", "DeviceID = \"x\" OR BlockSize = 512", true),
                volume("NOT", "NOT DeviceID = \"x\"", true),
                volume("NOT parentheses", "NOT (DeviceID = \"vol-1\" OR BlockSize = 1)", false),
                volume("precedence", "BlockSize = 1 AND DeviceID = \"x\" OR IsThin = TRUE", true),
                volume("parentheses", "BlockSize = 1 AND (DeviceID = \"x\" OR IsThin = TRUE)", false),
                // NULL
                volume("IS NULL on NULL", "Description IS NULL", true),
                volume("IS NULL on missing", "Whatever IS NULL", true),
                volume("IS NOT NULL", "DeviceID IS NOT NULL", true),
                volume("IS NOT NULL on NULL", "Description IS NOT NULL", false),
                volume("compare with NULL literal", "Description = NULL", false),
                volume("compare NULL property", "Description <> \"x\"", false),
                volume("NULL array IS NULL", "NullList IS NULL", true),
                volume("empty array IS NOT NULL", "EmptyList IS NOT NULL", true),
                // LIKE (DMTF regex, unanchored)
                volume("LIKE unanchored", "ElementName LIKE \"prim\"", true),
                volume("LIKE anchored start", "ElementName LIKE \"^prim\"", false),
                volume("LIKE anchored both", "ElementName LIKE \"^db-primary$\"", true),
                volume("LIKE dot", "DeviceID LIKE \"^vol.1$\"", true),
                volume("LIKE star of previous", "DeviceID LIKE \"^vo*l-1$\"", true),
                volume("LIKE plus", "DeviceID LIKE \"^vol-[0-9]+$\"", true),
                volume("LIKE question", "DeviceID LIKE \"^vols?-1$\"", true),
                volume("LIKE bounds", "DeviceID LIKE \"^[a-z]{3}-1$\"", true),
                volume("LIKE bounds too few", "DeviceID LIKE \"^[a-z]{4,5}-1$\"", false),
                volume("LIKE alternation", "ElementName LIKE \"^(db|web)-\"", true),
                volume("LIKE negated choice suffix", "DeviceID LIKE \"^vol-[abc]^$\"", true),
                volume("LIKE negated choice prefix", "DeviceID LIKE \"^vol-[^0-9]$\"", false),
                volume("LIKE escaped dot", "DeviceID LIKE \"vol\\.1\"", false),
                volume("NOT LIKE", "ElementName NOT LIKE \"backup\"", true),
                volume("LIKE on NULL", "Description LIKE \".*\"", false),
                volume("LIKE on number", "BlockSize LIKE \"5\"", false),
                // arrays: ANY / EVERY (postfix and prefix forms)
                volume("ANY postfix", "OperationalStatus ANY = 32768", true),
                volume("ANY postfix none", "OperationalStatus ANY = 3", false),
                volume("ANY prefix", "ANY OperationalStatus = 2", true),
                volume("EVERY prefix", "EVERY OperationalStatus >= 2", true),
                volume("EVERY prefix false", "EVERY OperationalStatus = 2", false),
                volume("EVERY postfix", "OperationalStatus EVERY > 1", true),
                volume("NOT ANY prefix", "NOT ANY OperationalStatus = 3", true),
                volume("NOT ANY postfix", "OperationalStatus NOT ANY = 2", false),
                volume("NOT EVERY prefix", "NOT EVERY OperationalStatus = 2", true),
                volume("NOT EVERY postfix", "OperationalStatus NOT EVERY >= 2", false),
                volume("ANY LIKE", "ANY Names LIKE \"^g\"", true),
                volume("EVERY LIKE", "EVERY Names LIKE \"a\"", true),
                volume("EVERY NOT LIKE", "Names EVERY NOT LIKE \"z\"", true),
                volume("ANY of empty array", "EmptyList ANY = 1", false),
                volume("EVERY of empty array", "EmptyList EVERY = 1", true),
                volume("ANY of NULL array is unknown", "NullList ANY = 1", false),
                volume("NOT ANY of NULL array is unknown", "NOT ANY NullList = 1", false),
                volume("ANY skips NULL elements", "Sparse ANY = 3", true),
                volume("EVERY with a NULL element is unknown", "Sparse EVERY > 0", false),
                volume("ANY against property", "OperationalStatus ANY = Level", false),
                volume("ANY on scalar", "ANY BlockSize = 512", true),
                // indexed access
                volume("index 0", "OperationalStatus[0] = 2", true),
                volume("index 1", "OperationalStatus[1] = 32768", true),
                volume("index out of range", "OperationalStatus[2] IS NULL", true),
                volume("index on NULL element", "Sparse[1] IS NULL", true),
                volume("index vs index", "Sparse[0] < Sparse[2]", true),
                volume("index LIKE", "Names[1] LIKE \"^beta$\"", true),
                volume("index on scalar is NULL", "BlockSize[0] IS NULL", true),
                // array literals
                volume("array = literal", "OperationalStatus = {2, 32768}", true),
                volume("array = literal with hex", "OperationalStatus = {0x2, 0x8000}", true),
                volume("array = literal other order", "OperationalStatus = {32768, 2}", false),
                volume("array <> shorter literal", "OperationalStatus <> {2}", true),
                volume("empty array = {}", "EmptyList = {}", true),
                volume("string array literal", "Names = {\"alpha\", \"beta\", \"gamma\"}", true),
                volume("array with NULL element = literal is unknown", "Sparse = {1, 2, 3}", false),
                volume("array vs ordering is unknown", "OperationalStatus < {3}", false),
                // embedded instances
                volume("embedded member", "Job.JobState = 7", true),
                volume("embedded member LIKE", "Job.Name LIKE \"^Back\"", true),
                volume("embedded missing member", "Job.Missing IS NULL", true),
                volume("member of NULL", "Description.X IS NULL", true),
                system("embedded array index and member", "Jobs[1].JobState = 4", true),
                system("embedded array index out of range", "Jobs[9].JobState IS NULL", true),
                system("ISA of embedded element", "Jobs[0] ISA CIM_ConcreteJob", true),
                system("ANY over embedded instances", "Jobs ANY = Jobs[0]", true),
                new MatchCase("embedded both sides", "SourceInstance.JobState <> PreviousInstance.JobState",
                        "modification", true),
                new MatchCase("embedded comparison", "SourceInstance.PercentComplete > PreviousInstance.PercentComplete",
                        "modification", true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matchCases")
    void matches(MatchCase c) throws CimException {
        FqlQuery q = FqlQuery.parse("DMTF:FQL", c.filter());
        assertEquals(c.expected(), q.matches(SampleInstances.named(c.instance()), SampleInstances.HIERARCHY),
                c.filter());
    }

    @Test
    void isaWithoutHierarchyKnowsOnlyExactClasses() throws CimException {
        FqlQuery exact = FqlQuery.parse("DMTF:FQL", "Job ISA CIM_ConcreteJob");
        FqlQuery superclass = FqlQuery.parse("DMTF:FQL", "Job ISA CIM_Job");
        assertTrue(exact.matches(SampleInstances.VOLUME));
        assertFalse(superclass.matches(SampleInstances.VOLUME));
        assertTrue(superclass.matches(SampleInstances.VOLUME, SampleInstances.HIERARCHY));
    }

    /** A filter that must be refused, with the status and part of the message. */
    record InvalidCase(String description, String language, String filter, CimStatus status, String message) {
        @Override
        public String toString() {
            return description;
        }
    }

    private static InvalidCase invalid(String description, String filter, String message) {
        return new InvalidCase(description, "DMTF:FQL", filter, CimStatus.INVALID_QUERY, message);
    }

    static Stream<InvalidCase> invalidCases() {
        return Stream.of(
                new InvalidCase("WQL is not FQL", "WQL", "a = 1", CimStatus.QUERY_LANGUAGE_NOT_SUPPORTED, "'WQL'"),
                new InvalidCase("CQL is not FQL", "DMTF:CQL", "a = 1", CimStatus.QUERY_LANGUAGE_NOT_SUPPORTED,
                        "DMTF:FQL"),
                new InvalidCase("FQL without prefix", "FQL", "a = 1", CimStatus.QUERY_LANGUAGE_NOT_SUPPORTED, "'FQL'"),
                new InvalidCase("null language", null, "a = 1", CimStatus.QUERY_LANGUAGE_NOT_SUPPORTED, "null"),
                invalid("empty filter", "", "empty query"),
                invalid("a SELECT is not a filter", "SELECT * FROM X", "keyword 'SELECT' at position 1"),
                invalid("bare property", "a", "expected a comparison operator"),
                invalid("missing literal", "a =", "expected a property or a literal but found the end of the query"),
                invalid("unclosed array literal", "a = {1, 2", "expected '}' to close the array literal at position 5"),
                invalid("array literal trailing comma", "a = {1, }", "expected a property or a literal but found '}'"),
                invalid("nested array literal", "a = {{1}}", "found '{'"),
                invalid("property in array literal", "a = {b}", "found 'b'"),
                invalid("ANY without operator", "ANY a", "expected a comparison operator"),
                invalid("ANY without array", "ANY = 1", "found '='"),
                invalid("ANY then IS NULL", "a ANY IS NULL", "expected a comparison operator"),
                invalid("NOT ANY without test", "NOT ANY", "found the end of the query"),
                invalid("index not an integer", "a[b] = 1", "expected an array index"),
                invalid("index real", "a[1.5] = 1", "expected an array index"),
                invalid("index too big", "a[9999999999] = 1", "expected an array index"),
                invalid("LIKE nothing to repeat", "a LIKE \"*\"", "'*' has nothing to repeat"),
                invalid("LIKE double multiplier", "a LIKE \"a**\"", "'*' has nothing to repeat"),
                invalid("LIKE unclosed choice", "a LIKE \"[ab\"", "'[' without ']'"),
                invalid("LIKE empty choice", "a LIKE \"[]\"", "empty '[ ]'"),
                invalid("LIKE stray bracket", "a LIKE \"a]\"", "']' without '['"),
                invalid("LIKE unclosed group", "a LIKE \"(ab\"", "'(' without ')'"),
                invalid("LIKE stray paren", "a LIKE \"ab)\"", "')' without '('"),
                invalid("LIKE bad bounds", "a LIKE \"a{x}\"", "is not {m}, {m,} or {m,n}"),
                invalid("LIKE reversed bounds", "a LIKE \"a{3,2}\"", "maximum below its minimum"),
                invalid("LIKE huge bounds", "a LIKE \"a{5000}\"", "repeat count above 1000"),
                invalid("LIKE reversed range", "a LIKE \"[z-a]\"", "range out of order"),
                invalid("LIKE trailing backslash", "a LIKE \"ab\\\\\"", "'\\' at the end of the pattern"),
                invalid("LIKE position", "Name LIKE \"(\"", "at position 11"),
                invalid("trailing garbage", "a = 1 b", "unexpected 'b' at position 7"),
                invalid("lone NOT", "NOT", "found the end of the query"),
                invalid("binary with other digits", "a = 102B", "malformed number"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidCases")
    void refuses(InvalidCase c) {
        CimException e = assertThrows(CimException.class, () -> FqlQuery.parse(c.language(), c.filter()));
        assertEquals(c.status(), e.status(), e.getMessage());
        assertTrue(e.getMessage().contains(c.message()), () -> "message '" + e.getMessage() + "' lacks '"
                + c.message() + "'");
    }

    @Test
    void reportsThePropertiesItReads() throws CimException {
        FqlQuery q = FqlQuery.parse("DMTF:FQL", "OperationalStatus ANY = 2 AND Job.JobState <> Level OR Names[1] LIKE 'x'");
        assertEquals(java.util.List.of("OperationalStatus", "Job", "Level", "Names"),
                q.properties().stream().map(n -> n.value()).toList());
    }

    @Test
    void languageNameIgnoresCase() throws CimException {
        assertTrue(FqlQuery.isSupportedLanguage(" Dmtf:Fql "));
        assertFalse(FqlQuery.isSupportedLanguage("WQL"));
        assertEquals("a = 1", FqlQuery.parse("dmtf:fql", "a = 1").text());
        assertEquals("DMTF:FQL", FqlQuery.LANGUAGE);
    }
}
