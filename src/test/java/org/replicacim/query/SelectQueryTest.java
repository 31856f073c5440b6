package org.replicacim.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.replicacim.cim.CimException;
import org.replicacim.cim.CimInstance;
import org.replicacim.cim.CimName;
import org.replicacim.cim.CimProperty;
import org.replicacim.cim.CimStatus;

class SelectQueryTest {

    /** A query run against a sample instance, with the expected match. */
    record MatchCase(String description, String language, String query, String instance, boolean expected) {
        @Override
        public String toString() {
            return description;
        }
    }

    private static MatchCase wql(String description, String where, boolean expected) {
        return new MatchCase(description, "WQL", "SELECT * FROM CIM_StorageVolume WHERE " + where, "volume", expected);
    }

    private static MatchCase cql(String description, String where, boolean expected) {
        return new MatchCase(description, "DMTF:CQL", "SELECT * FROM CIM_StorageVolume WHERE " + where, "volume",
                expected);
    }

    private static MatchCase on(String description, String language, String query, String instance, boolean expected) {
        return new MatchCase(description, language, query, instance, expected);
    }

    static Stream<MatchCase> matchCases() {
        return Stream.of(
                // FROM class and no WHERE
                on("no WHERE, same class", "WQL", "SELECT * FROM RCIM_StorageVolume", "volume", true),
                on("no WHERE, superclass", "WQL", "SELECT * FROM CIM_ManagedElement", "volume", true),
                on("no WHERE, unrelated class", "WQL", "SELECT * FROM CIM_ConcreteJob", "volume", false),
                on("no WHERE, subclass of the instance's class", "WQL", "SELECT * FROM RCIM_Volume2", "volume", false),
                on("FROM class name case-insensitive", "wql", "select * from rcim_storagevolume", "volume", true),
                // strings
                wql("string =", "DeviceID = 'vol-1'", true),
                wql("string = double quotes", "DeviceID = \"vol-1\"", true),
                wql("string = is case-sensitive", "DeviceID = 'VOL-1'", false),
                wql("string <>", "DeviceID <> 'vol-2'", true),
                wql("string !=", "DeviceID != 'vol-1'", false),
                wql("string <", "DeviceID < 'vol-2'", true),
                wql("string >=", "DeviceID >= 'vol-1'", true),
                wql("string >", "DeviceID > 'vol-1'", false),
                wql("literal on the left", "'vol-1' = DeviceID", true),
                wql("literal on the left, ordering", "'vol-0' < DeviceID", true),
                wql("doubled quote in string", "ElementName <> 'it''s'", true),
                wql("property name case-insensitive", "deviceid = 'vol-1' AND ELEMENTNAME = 'db-primary'", true),
                wql("char16 equals one-character string", "Initial = 'v'", true),
                wql("char16 ordering", "Initial > 'a'", true),
                // integers
                wql("uint64 =", "BlockSize = 512", true),
                wql("uint64 hex", "BlockSize = 0x200", true),
                wql("uint64 binary", "BlockSize = 1000000000B", true),
                wql("uint64 max", "NumberOfBlocks = 18446744073709551615", true),
                wql("uint64 max > sint64 max", "NumberOfBlocks > 9223372036854775807", true),
                wql("uint64 max as hex", "NumberOfBlocks = 0xFFFFFFFFFFFFFFFF", true),
                wql("sint32 negative", "Priority = -5", true),
                wql("sint32 <", "Priority < 0", true),
                wql("sint32 >= with plus", "Priority >= +5", false),
                wql("uint8 <=", "Level <= 3", true),
                wql("integer vs real literal", "BlockSize = 512.0", true),
                wql("integer vs exponent literal", "BlockSize < 5.13e2", true),
                wql("integer vs string literal is parsed", "BlockSize = '512'", true),
                wql("integer vs non-numeric string is unknown", "BlockSize = 'big'", false),
                wql("not of an unknown comparison is unknown", "NOT (BlockSize = 'big')", false),
                // reals
                wql("real64 =", "Temperature = 36.6", true),
                wql("real64 >", "Temperature > 36", true),
                wql("real32 = its decimal form", "Ratio = 0.1", true),
                wql("real32 <", "Ratio < 0.2", true),
                // booleans
                wql("boolean = TRUE", "IsThin = TRUE", true),
                wql("boolean = true lower case", "IsThin = true", true),
                wql("boolean <> FALSE", "IsThin <> FALSE", true),
                wql("boolean vs string literal", "IsThin = 'TRUE'", true),
                wql("boolean has no order", "IsThin > FALSE", false),
                wql("boolean vs integer is unknown", "IsThin = 1", false),
                // datetimes
                wql("datetime = string", "Created = '20240101120000.000000+000'", true),
                wql("datetime = same instant other offset", "Created = '20240101130000.000000+060'", true),
                wql("datetime <", "Created < '20250101000000.000000+000'", true),
                wql("datetime >", "Created > '20250101000000.000000+000'", false),
                wql("datetime vs garbage is unknown", "Created = 'yesterday'", false),
                wql("interval >", "Retention > '00000000120000.000000:000'", true),
                wql("interval vs timestamp is unknown", "Retention < '20250101000000.000000+000'", false),
                // references
                wql("reference = path", "Owner = 'root/cimv2:RCIM_System.Name=\"array1\"'", true),
                wql("reference = path without namespace", "Owner = 'RCIM_System.Name=\"array1\"'", true),
                wql("reference <> other path", "Owner <> 'RCIM_System.Name=\"array2\"'", true),
                wql("reference key member", "Owner.Name = 'array1'", true),
                wql("reference has no order", "Owner < 'RCIM_System.Name=\"array2\"'", false),
                // property vs property
                wql("property = property", "SystemName = SystemName", true),
                wql("property <> property of other type", "SystemName <> BlockSize", false),
                wql("property < property", "Priority < BlockSize", true),
                // NULL and missing
                wql("NULL property IS NULL", "Description IS NULL", true),
                wql("NULL property IS NOT NULL", "Description IS NOT NULL", false),
                wql("missing property IS NULL", "NoSuchProperty IS NULL", true),
                wql("present property IS NOT NULL", "DeviceID IS NOT NULL", true),
                wql("NULL = literal is not true", "Description = 'x'", false),
                wql("NULL <> literal is not true", "Description <> 'x'", false),
                wql("= NULL is never true", "Description = NULL", false),
                wql("<> NULL is never true", "DeviceID <> NULL", false),
                wql("NOT (NULL = x) is still unknown", "NOT (Description = 'x')", false),
                wql("missing property compares as NULL", "NoSuchProperty <> 1", false),
                wql("UNKNOWN OR TRUE", "Description = 'x' OR DeviceID = 'vol-1'", true),
                wql("UNKNOWN AND FALSE negated", "NOT (Description = 'x' AND DeviceID = 'nope')", true),
                // boolean logic
                wql("AND both true", "DeviceID = 'vol-1' AND BlockSize = 512", true),
                wql("AND one false", "DeviceID = 'vol-1' AND BlockSize = 513", false),
                wql("OR one true", "DeviceID = 'x' OR BlockSize = 512", true),
                wql("OR none true", "DeviceID = 'x' OR BlockSize = 1", false),
                wql("NOT", "NOT DeviceID = 'x'", true),
                wql("NOT NOT", "NOT NOT DeviceID = 'x'", false),
                wql("AND binds tighter than OR", "DeviceID = 'x' AND BlockSize = 1 OR IsThin = TRUE", true),
                wql("parentheses override", "DeviceID = 'x' AND (BlockSize = 1 OR IsThin = TRUE)", false),
                wql("keywords in lower case", "not (deviceid = 'x') and isthin = true or level = 0", true),
                wql("nested parentheses", "((((DeviceID = 'vol-1'))))", true),
                // LIKE (WQL)
                wql("LIKE prefix %", "ElementName LIKE 'db-%'", true),
                wql("LIKE must match whole string", "ElementName LIKE 'db-'", false),
                wql("LIKE _", "DeviceID LIKE 'vol-_'", true),
                wql("LIKE set", "DeviceID LIKE 'vol-[0-9]'", true),
                wql("LIKE negated set", "DeviceID LIKE 'vol-[^0-9]'", false),
                wql("NOT LIKE", "ElementName NOT LIKE '%backup%'", true),
                wql("LIKE regex characters are literal", "ElementName LIKE 'db.primary'", false),
                wql("LIKE on non-string is unknown", "BlockSize LIKE '5%'", false),
                wql("LIKE on NULL is unknown", "Description LIKE '%'", false),
                // LIKE (CQL, DMTF regex, whole string)
                cql("CQL LIKE .*", "ElementName LIKE 'db-.*'", true),
                cql("CQL LIKE whole string", "ElementName LIKE 'db'", false),
                cql("CQL LIKE alternation", "ElementName LIKE 'db-(primary|secondary)'", true),
                cql("CQL LIKE % is literal", "ElementName LIKE 'db-%'", false),
                // ISA
                wql("instance ISA its class via FROM name", "CIM_StorageVolume ISA RCIM_StorageVolume", true),
                on("alias ISA", "DMTF:CQL", "SELECT * FROM CIM_StorageVolume AS v WHERE v ISA CIM_ManagedElement",
                        "volume", true),
                on("alias ISA unrelated", "DMTF:CQL", "SELECT * FROM CIM_StorageVolume v WHERE v ISA CIM_Job",
                        "volume", false),
                wql("embedded ISA", "Job ISA CIM_Job", true),
                wql("embedded ISA quoted class", "Job ISA 'CIM_ConcreteJob'", true),
                wql("embedded ISA unrelated", "Job ISA CIM_StorageVolume", false),
                wql("reference ISA", "Owner ISA RCIM_System", true),
                wql("NULL ISA is unknown", "Description ISA CIM_Job", false),
                wql("NOT ISA", "NOT Job ISA CIM_StorageVolume", true),
                // embedded instances and indications
                wql("embedded member", "Job.JobState = 7", true),
                wql("embedded member case-insensitive", "job.jobstate = 7", true),
                wql("embedded missing member is NULL", "Job.Nothing IS NULL", true),
                wql("member of non-object is NULL", "DeviceID.Length IS NULL", true),
                on("indication filter (WQL)", "WQL", "SELECT * FROM CIM_InstModification WHERE SourceInstance ISA "
                        + "CIM_ConcreteJob AND SourceInstance.JobState <> PreviousInstance.JobState",
                        "modification", true),
                on("indication filter (CQL scoped)", "DMTF:CQL", "SELECT * FROM CIM_InstModification WHERE "
                        + "SourceInstance ISA CIM_ConcreteJob AND SourceInstance.CIM_ConcreteJob::JobState <> "
                        + "PreviousInstance.CIM_ConcreteJob::JobState", "modification", true),
                on("CQL scope by a superclass", "DMTF:CQL", "SELECT * FROM CIM_Indication WHERE "
                        + "SourceInstance.CIM_Job::JobState = 7", "modification", true),
                on("CQL scope not satisfied is NULL", "DMTF:CQL", "SELECT * FROM CIM_Indication WHERE "
                        + "SourceInstance.CIM_StorageVolume::JobState IS NULL", "modification", true),
                on("indication filter on superclass FROM", "WQL",
                        "SELECT * FROM CIM_Indication WHERE PreviousInstance.JobState = 4", "modification", true),
                on("indication filter rejects other class", "WQL",
                        "SELECT * FROM CIM_InstModification WHERE SourceInstance ISA CIM_StorageVolume",
                        "modification", false),
                // class-qualified and aliased properties
                wql("class-qualified property", "CIM_StorageVolume.DeviceID = 'vol-1'", true),
                on("alias-qualified property", "DMTF:CQL",
                        "SELECT * FROM CIM_StorageVolume AS v WHERE v.DeviceID = 'vol-1'", "volume", true),
                on("top-level scoped property", "DMTF:CQL",
                        "SELECT * FROM CIM_StorageVolume WHERE CIM_StorageVolume::DeviceID = 'vol-1'", "volume", true),
                // arrays
                wql("array element", "OperationalStatus[0] = 2", true),
                wql("whole array [*] = itself", "OperationalStatus[*] = OperationalStatus", true),
                wql("whole array [*] ANY", "OperationalStatus[*] ANY = 2", true),
                on("array change in an indication (CQL)", "DMTF:CQL", "SELECT * FROM CIM_InstModification WHERE "
                        + "SourceInstance.CIM_ConcreteJob::JobState[*] <> PreviousInstance.CIM_ConcreteJob::JobState[*]",
                        "modification", true),
                wql("array element out of range is NULL", "OperationalStatus[5] IS NULL", true),
                wql("ANY in WQL too", "OperationalStatus ANY = 32768", true),
                wql("array vs scalar is unknown", "OperationalStatus = 2", false),
                on("language name CQL", "cql", "SELECT * FROM CIM_StorageVolume WHERE DeviceID = 'vol-1'",
                        "volume", true),
                on("language name CIM:CQL", "CIM:CQL", "SELECT * FROM CIM_StorageVolume WHERE DeviceID = 'vol-1'",
                        "volume", true),
                on("language name with blanks", " WQL ", "SELECT * FROM CIM_StorageVolume", "volume", true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matchCases")
    void matches(MatchCase c) throws CimException {
        SelectQuery q = SelectQuery.parse(c.language(), c.query());
        assertEquals(c.expected(), q.matches(SampleInstances.named(c.instance()), SampleInstances.HIERARCHY),
                c.query());
    }

    /** A query that must be refused, with the status and part of the message. */
    record InvalidCase(String description, String language, String query, CimStatus status, String message) {
        @Override
        public String toString() {
            return description;
        }
    }

    private static InvalidCase invalid(String description, String query, String message) {
        return new InvalidCase(description, "WQL", query, CimStatus.INVALID_QUERY, message);
    }

    static Stream<InvalidCase> invalidCases() {
        return Stream.of(
                new InvalidCase("unknown language", "SQL", "SELECT * FROM X", CimStatus.QUERY_LANGUAGE_NOT_SUPPORTED,
                        "'SQL'"),
                new InvalidCase("FQL is not a SELECT language", "DMTF:FQL", "SELECT * FROM X",
                        CimStatus.QUERY_LANGUAGE_NOT_SUPPORTED, "DMTF:FQL"),
                new InvalidCase("null language", null, "SELECT * FROM X", CimStatus.QUERY_LANGUAGE_NOT_SUPPORTED,
                        "not supported"),
                new InvalidCase("language checked before syntax", "XQL", "garbage",
                        CimStatus.QUERY_LANGUAGE_NOT_SUPPORTED, "XQL"),
                invalid("null text", null, "empty query"),
                invalid("empty text", "   ", "empty query"),
                invalid("no SELECT", "FROM X", "expected SELECT but found keyword 'FROM' at position 1"),
                invalid("no FROM", "SELECT * X", "expected FROM but found 'X' at position 10"),
                invalid("no class", "SELECT * FROM", "expected a class name but found the end of the query at position 14"),
                invalid("keyword as class", "SELECT * FROM WHERE", "expected a class name"),
                invalid("empty select list", "SELECT FROM X", "expected a property name but found keyword 'FROM'"),
                invalid("trailing comma in select list", "SELECT a, FROM X", "expected a property name"),
                invalid("join", "SELECT * FROM A, B", "only one class may follow FROM"),
                invalid("DISTINCT", "SELECT DISTINCT a FROM X", "DISTINCT is not supported"),
                invalid("ORDER BY", "SELECT * FROM X ORDER BY a", "ORDER BY is not supported at position 17"),
                invalid("empty WHERE", "SELECT * FROM X WHERE", "expected a property or a literal but found the end"),
                invalid("missing operator", "SELECT * FROM X WHERE a 5",
                        "expected a comparison operator, LIKE, IS or ISA but found '5' at position 25"),
                invalid("bare property", "SELECT * FROM X WHERE a", "expected a comparison operator"),
                invalid("missing right operand", "SELECT * FROM X WHERE a =", "expected a property or a literal"),
                invalid("double operator", "SELECT * FROM X WHERE a = = 1", "found '='"),
                invalid("unclosed parenthesis", "SELECT * FROM X WHERE (a = 1", "expected ')' to close the '(' at position 23"),
                invalid("extra parenthesis", "SELECT * FROM X WHERE a = 1)", "unexpected ')'"),
                invalid("dangling AND", "SELECT * FROM X WHERE a = 1 AND", "found the end of the query"),
                invalid("dangling OR", "SELECT * FROM X WHERE a = 1 OR OR b = 2", "found keyword 'OR'"),
                invalid("unterminated string", "SELECT * FROM X WHERE a = 'abc", "string not terminated at position 27"),
                invalid("unexpected character", "SELECT * FROM X WHERE a = #", "unexpected character '#' at position 27"),
                invalid("malformed number", "SELECT * FROM X WHERE a = 12ab", "malformed number"),
                invalid("hex without digits", "SELECT * FROM X WHERE a = 0x", "hexadecimal number without digits"),
                invalid("exponent without digits", "SELECT * FROM X WHERE a = 1e", "exponent without digits"),
                invalid("integer too big", "SELECT * FROM X WHERE a = 99999999999999999999999", "integer out of range"),
                invalid("IS without NULL", "SELECT * FROM X WHERE a IS 5", "expected NULL"),
                invalid("IS NOT without NULL", "SELECT * FROM X WHERE a IS NOT", "expected NULL"),
                invalid("ISA without class", "SELECT * FROM X WHERE a ISA 5", "expected a class name but found '5'"),
                invalid("LIKE without string", "SELECT * FROM X WHERE a LIKE b", "expected a quoted LIKE pattern"),
                invalid("bad WQL LIKE set", "SELECT * FROM X WHERE a LIKE 'ab[cd'", "bad LIKE pattern"),
                new InvalidCase("bad CQL LIKE pattern", "DMTF:CQL", "SELECT * FROM X WHERE a LIKE '*a'",
                        CimStatus.INVALID_QUERY, "nothing to repeat"),
                invalid("keyword as property", "SELECT * FROM X WHERE select = 1", "keyword 'select'"),
                invalid("ISA on a literal", "SELECT * FROM X WHERE 'a' ISA Y", "ISA needs a property or the FROM class on its left, not a literal at position 23"),
                invalid("unclosed [*]", "SELECT * FROM X WHERE a[* = 1", "expected ']' to close '[*]'"),
                invalid("negative index", "SELECT * FROM X WHERE a[-1] = 1", "expected an array index"),
                invalid("unclosed index", "SELECT * FROM X WHERE a[1 = 1", "expected ']'"),
                invalid("sign without number", "SELECT * FROM X WHERE a = -b", "expected a number after '-'"),
                invalid("star in the middle", "SELECT a.*.b FROM X", "expected FROM but found '.'"),
                invalid("star after an embedded member", "SELECT X.a.* FROM X", "'.*' must follow the FROM class"),
                invalid("star after a property", "SELECT a.* FROM X", "'.*' must follow the FROM class or its alias"),
                invalid("path ends in a dot", "SELECT * FROM X WHERE a. = 1", "expected a property name"),
                invalid("NOT without condition", "SELECT * FROM X WHERE NOT", "found the end of the query"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidCases")
    void refuses(InvalidCase c) {
        CimException e = assertThrows(CimException.class, () -> SelectQuery.parse(c.language(), c.query()));
        assertEquals(c.status(), e.status(), e.getMessage());
        assertTrue(e.getMessage().contains(c.message()), () -> "message '" + e.getMessage() + "' lacks '"
                + c.message() + "'");
    }

    /** A parsed SELECT and what its accessors report. */
    record ShapeCase(String query, String fromClass, String alias, List<String> selectList) {
        @Override
        public String toString() {
            return query;
        }
    }

    static Stream<ShapeCase> shapeCases() {
        return Stream.of(
                new ShapeCase("SELECT * FROM CIM_StorageVolume", "CIM_StorageVolume", null, null),
                new ShapeCase("SELECT DeviceID FROM CIM_StorageVolume", "CIM_StorageVolume", null, List.of("DeviceID")),
                new ShapeCase("SELECT DeviceID, BlockSize, deviceid FROM X", "X", null, List.of("DeviceID", "BlockSize")),
                new ShapeCase("SELECT X.DeviceID, x.BlockSize FROM X", "X", null, List.of("DeviceID", "BlockSize")),
                new ShapeCase("SELECT v.DeviceID FROM X AS v", "X", "v", List.of("DeviceID")),
                new ShapeCase("SELECT v.DeviceID FROM X v WHERE v.BlockSize > 1", "X", "v", List.of("DeviceID")),
                new ShapeCase("SELECT v.* FROM X AS v", "X", "v", null),
                new ShapeCase("SELECT X.* FROM X", "X", null, null),
                new ShapeCase("SELECT Job.JobState FROM X", "X", null, List.of("Job")),
                new ShapeCase("SELECT CIM_X::Name FROM X", "X", null, List.of("Name")),
                new ShapeCase("select devICEid from x where devICEid = 'a'", "x", null, List.of("devICEid")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapeCases")
    void reportsItsShape(ShapeCase c) throws CimException {
        SelectQuery q = SelectQuery.parse("WQL", c.query());
        assertEquals(CimName.of(c.fromClass()), q.fromClass());
        assertEquals(c.alias() == null ? null : CimName.of(c.alias()), q.alias());
        if (c.selectList() == null) {
            assertNull(q.selectList());
        } else {
            assertEquals(c.selectList().stream().map(CimName::of).toList(), q.selectList());
        }
    }

    /** A projection and the properties it keeps, in the instance's order. */
    record ProjectionCase(String query, List<String> kept) {
        @Override
        public String toString() {
            return query;
        }
    }

    static Stream<ProjectionCase> projectionCases() {
        return Stream.of(
                new ProjectionCase("SELECT DeviceID FROM CIM_StorageVolume", List.of("DeviceID")),
                new ProjectionCase("SELECT BlockSize, deviceid FROM CIM_StorageVolume", List.of("DeviceID", "BlockSize")),
                new ProjectionCase("SELECT NoSuchProperty FROM CIM_StorageVolume", List.of()),
                new ProjectionCase("SELECT v.IsThin, Job.JobState FROM CIM_StorageVolume v", List.of("IsThin", "Job")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("projectionCases")
    void projects(ProjectionCase c) throws CimException {
        CimInstance projected = SelectQuery.parse("WQL", c.query()).project(SampleInstances.VOLUME);
        List<String> names = new ArrayList<>();
        for (CimProperty p : projected.properties()) {
            names.add(p.name().value());
        }
        assertEquals(c.kept(), names);
        assertEquals(SampleInstances.VOLUME_PATH, projected.path());
        assertEquals(SampleInstances.VOLUME.className(), projected.className());
    }

    /** A query and the top-level properties its WHERE clause reads. */
    record ReferencesCase(String query, List<String> properties) {
        @Override
        public String toString() {
            return query;
        }
    }

    static Stream<ReferencesCase> referencesCases() {
        return Stream.of(
                new ReferencesCase("SELECT * FROM X", List.of()),
                new ReferencesCase("SELECT a FROM X WHERE b = 1", List.of("b")),
                new ReferencesCase("SELECT * FROM X WHERE b = c OR NOT (d LIKE 'x' AND e IS NULL) AND f ISA Y",
                        List.of("b", "c", "d", "e", "f")),
                new ReferencesCase("SELECT * FROM X AS v WHERE v.b = 1 AND X.c = 2 AND v ISA Y", List.of("b", "c")),
                new ReferencesCase("SELECT * FROM X WHERE S.CIM_Job::J <> P.CIM_Job::J AND S ISA CIM_Job",
                        List.of("S", "P")),
                new ReferencesCase("SELECT * FROM X WHERE ANY a = b AND 1 = 1", List.of("a", "b")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("referencesCases")
    void reportsTheWherePropertiesItReads(ReferencesCase c) throws CimException {
        assertEquals(c.properties().stream().map(CimName::of).toList(),
                List.copyOf(SelectQuery.parse("WQL", c.query()).whereProperties()));
    }

    @Test
    void selectStarProjectsTheInstanceUnchanged() throws CimException {
        assertSame(SampleInstances.VOLUME, SelectQuery.parse("WQL", "SELECT * FROM X").project(SampleInstances.VOLUME));
    }

    @Test
    void reportsLanguageAndText() throws CimException {
        SelectQuery q = SelectQuery.parse("cql", "SELECT * FROM X WHERE a = 1");
        assertEquals("DMTF:CQL", q.language());
        assertEquals("SELECT * FROM X WHERE a = 1", q.text());
        assertTrue(q.hasWhere());
        assertEquals("WQL", SelectQuery.parse("wql", "SELECT * FROM X").language());
    }

    @Test
    void namesSupportedLanguages() {
        assertTrue(SelectQuery.isSupportedLanguage("WQL"));
        assertTrue(SelectQuery.isSupportedLanguage("dmtf:cql"));
        assertTrue(SelectQuery.isSupportedLanguage("CQL"));
        assertEquals(false, SelectQuery.isSupportedLanguage("DMTF:FQL"));
        assertEquals(false, SelectQuery.isSupportedLanguage(null));
    }
}
