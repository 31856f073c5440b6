package org.replicacim.mof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.replicacim.cim.CimClass;
import org.replicacim.cim.CimDateTime;
import org.replicacim.cim.CimInstance;
import org.replicacim.cim.CimMethod;
import org.replicacim.cim.CimParameter;
import org.replicacim.cim.CimProperty;
import org.replicacim.cim.CimQualifier;
import org.replicacim.cim.CimType;
import org.replicacim.cim.CimValue;
import org.replicacim.cim.Namespace;
import org.replicacim.cim.ObjectPath;
import org.replicacim.cim.QualifierDeclaration;
import org.replicacim.cim.Scope;

/** Table-driven tests of the MOF compiler: every construct compiles, every error kind names file:line:col and what was expected. */
class MofCompilerTest {
    static final String QUALIFIERS = resource("mof/fixtures/qualifiers.mof");

    static String resource(String name) {
        try (InputStream in = MofCompilerTest.class.getClassLoader().getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Compiles {@code t.mof} after the fixture qualifiers, as a root that includes both. */
    static MofCompilation compile(String mof) {
        return compile(Map.of("t.mof", mof));
    }

    static MofCompilation compile(Map<String, String> extra) {
        Map<String, String> files = new java.util.HashMap<>(extra);
        files.put("qualifiers.mof", QUALIFIERS);
        files.put("root.mof", "#pragma include (\"qualifiers.mof\")\n#pragma include (\"t.mof\")\n");
        return new MofCompiler().compile(MofSource.inMemory("root.mof", files));
    }

    static CimClass cls(MofCompilation c, String name) {
        for (MofClassDeclaration d : c.classes()) {
            if (d.name().is(name)) {
                return d.cimClass();
            }
        }
        throw new AssertionError("no class " + name + " in " + c.classes());
    }

    record Valid(String description, String mof, Consumer<MofCompilation> check) {
        @Override
        public String toString() {
            return description;
        }
    }

    static Valid valid(String description, String mof, Consumer<MofCompilation> check) {
        return new Valid(description, mof, check);
    }

    static Stream<Valid> validCases() {
        return Stream.of(
                valid("every intrinsic type with a default value", """
                        class T {
                          uint8 U8 = 255; sint8 S8 = -128; uint16 U16 = 0x10; uint32 U32 = 101b; sint32 S32 = 017;
                          uint64 U64 = 18446744073709551615; sint64 S64 = -9223372036854775808;
                          real32 R32 = 1.5; real64 R64 = -2.5e3; real64 FromInt = 7; boolean B = TRUE; char16 C = 'x';
                          string S = "a" "b"   "c"; datetime D = "20260101120000.000000+000"; string N = NULL;
                        };
                        """, c -> {
                    CimClass t = cls(c, "T");
                    assertEquals(15, t.properties().size());
                    assertEquals((short) 255, t.property("U8").value().value());
                    assertEquals((byte) -128, t.property("S8").value().value());
                    assertEquals(16, t.property("U16").value().value());
                    assertEquals(5L, t.property("U32").value().value());
                    assertEquals(15, t.property("S32").value().value());
                    assertEquals(new BigInteger("18446744073709551615"), t.property("U64").value().value());
                    assertEquals(Long.MIN_VALUE, t.property("S64").value().value());
                    assertEquals(1.5f, t.property("R32").value().value());
                    assertEquals(-2500.0, t.property("R64").value().value());
                    assertEquals(7.0, t.property("FromInt").value().value());
                    assertEquals(Boolean.TRUE, t.property("B").value().value());
                    assertEquals('x', t.property("C").value().value());
                    assertEquals("abc", t.property("S").value().asString());
                    assertEquals(CimDateTime.parse("20260101120000.000000+000"), t.property("D").value().value());
                    assertTrue(t.property("N").value().isNull());
                    assertEquals(CimType.DATETIME, t.property("D").type());
                }),
                valid("string and char escapes", """
                        class T { string S = "tab\\t quote\\" apos\\' back\\\\ hex\\x41\\X263A nl\\n"; char16 C = '\\x41'; char16 Q = '\\''; };
                        """, c -> {
                    assertEquals("tab\t quote\" apos' back\\ hexA\u263A nl\n", cls(c, "T").property("S").value().asString());
                    assertEquals('A', cls(c, "T").property("C").value().value());
                    assertEquals('\'', cls(c, "T").property("Q").value().value());
                }),
                valid("negative binary and octal, signed hex", "class T { sint8 A = -101b; sint16 B = -010; sint32 C = -0x1F; };",
                        c -> {
                            assertEquals((byte) -5, cls(c, "T").property("A").value().value());
                            assertEquals((short) -8, cls(c, "T").property("B").value().value());
                            assertEquals(-31, cls(c, "T").property("C").value().value());
                        }),
                valid("arrays: variable, fixed size, default, NULL", """
                        class T { uint16 A[] = {1, 2, 3}; string F[4]; string E[] = {}; sint32 N[] = NULL; uint8 WithNull[] = {1, NULL}; };
                        """, c -> {
                    CimClass t = cls(c, "T");
                    assertEquals(CimValue.uint16Array(1, 2, 3), t.property("A").value());
                    assertTrue(t.property("F").array());
                    assertEquals(4, t.property("F").arraySize());
                    assertEquals(List.of(), t.property("E").value().value());
                    assertTrue(t.property("N").value().isNull() && t.property("N").array());
                    assertEquals(2, t.property("WithNull").value().elements().size());
                }),
                valid("class qualifiers, boolean shorthand, scalar for an array qualifier", """
                        [Abstract, Version ("2.41.0"), Deprecated ("T2"), Description ("d")]
                        class T { };
                        """, c -> {
                    CimClass t = cls(c, "T");
                    assertTrue(t.isAbstract());
                    assertEquals("2.41.0", CimQualifier.stringValue(t.qualifiers(), "Version"));
                    assertEquals(CimValue.stringArray("T2"), t.qualifier("Deprecated").value());
                    assertFalse(t.qualifier("Abstract").flavors().toSubclass());
                    assertTrue(t.qualifier("Description").flavors().translatable());
                }),
                valid("qualifier names and flavors are case-insensitive; explicit flavors on use", """
                        class T { [KEY, description ("x") : Restricted DisableOverride] string Id; };
                        """, c -> {
                    CimProperty id = cls(c, "T").property("id");
                    assertTrue(id.isKey());
                    assertEquals("Key", id.qualifier("key").name().value());
                    assertFalse(id.qualifier("Description").flavors().toSubclass());
                    assertFalse(id.qualifier("Description").flavors().overridable());
                }),
                valid("association with references and qualifiers on them", """
                        class A { [Key] string Id; };
                        [Association, Aggregation] class R { [Key, Aggregate, Max (1)] A REF Left; [Key, Min (0)] A ref Right; };
                        """, c -> {
                    CimClass r = cls(c, "R");
                    assertTrue(r.isAssociation());
                    assertEquals(2, r.referenceProperties().size());
                    assertEquals("A", r.property("Left").referenceClass().value());
                    assertEquals(1L, r.property("Left").qualifier("Max").value().value());
                }),
                valid("association and indication keywords (DSP0004 3.0 style)", """
                        class A { };
                        association R { A REF X; A REF Y; };
                        indication I { string Message; };
                        """, c -> {
                    assertTrue(cls(c, "R").isAssociation());
                    assertTrue(cls(c, "I").isIndication());
                    assertFalse(cls(c, "I").qualifier("Indication").flavors().overridable());
                }),
                valid("methods: return types, IN/OUT, REF and array parameters, embedded instances", """
                        class Job { [Key] string Id; };
                        class Svc {
                          [ValueMap {"0", "1", "4096"}, Values {"OK", "Error", "Job Started"}]
                          uint32 Create([IN, Required] string ElementName, [IN] uint16 Types[], [IN (false), OUT] Job REF Job,
                                        [IN, EmbeddedInstance ("Job")] string Settings, [IN] Job REF Members[]);
                          boolean Ping();
                        };
                        """, c -> {
                    CimMethod m = cls(c, "Svc").method("create");
                    assertEquals(CimType.UINT32, m.returnType());
                    assertEquals(5, m.parameters().size());
                    CimParameter job = m.parameter("Job");
                    assertEquals(CimType.REFERENCE, job.type());
                    assertEquals("Job", job.referenceClass().value());
                    assertFalse(job.isInput());
                    assertTrue(job.isOutput());
                    assertTrue(m.parameter("Types").array());
                    assertTrue(m.parameter("Members").array());
                    assertEquals(CimValue.Embedded.INSTANCE, m.parameter("Settings").embedded());
                    assertEquals(0, cls(c, "Svc").method("Ping").parameters().size());
                }),
                valid("qualifier declarations: type, array, default, scopes, flavors", """
                        Qualifier MyQ : string[] = {"a", "b"}, Scope (class, property), Flavor (DisableOverride, Restricted, Translatable);
                        Qualifier Sized : uint8[4], Scope (any);
                        Qualifier Plain : real64 = 1.5, Scope (method);
                        """, c -> {
                    QualifierDeclaration q = c.qualifierDeclarations().stream()
                            .map(MofQualifierDeclaration::declaration).filter(d -> d.name().is("myq")).findFirst().orElseThrow();
                    assertEquals(CimType.STRING, q.type());
                    assertTrue(q.array());
                    assertEquals(CimValue.stringArray("a", "b"), q.defaultValue());
                    assertEquals(java.util.Set.of(Scope.CLASS, Scope.PROPERTY), q.scopes());
                    assertFalse(q.flavors().overridable());
                    assertFalse(q.flavors().toSubclass());
                    assertTrue(q.flavors().translatable());
                    QualifierDeclaration sized = c.qualifierDeclarations().stream()
                            .map(MofQualifierDeclaration::declaration).filter(d -> d.name().is("Sized")).findFirst().orElseThrow();
                    assertEquals(4, sized.arraySize());
                    assertTrue(sized.flavors().overridable() && sized.flavors().toSubclass());
                }),
                valid("comments anywhere, keywords in any case, keywords as names", """
                        // line comment
                        /* block
                           comment */ CLASS Of /* inline */ {
                          string Class; uint16 Instance; boolean Ref; string Scope; string Flavor; string Qualifier; string As;
                          uint32 Association(); // trailing
                        };
                        INSTANCE OF Of { Class = "c"; Ref = false; };
                        """, c -> {
                    CimClass of = cls(c, "Of");
                    assertEquals(7, of.properties().size());
                    assertNotNull(of.method("Association"));
                    assertEquals(1, c.instances().size());
                }),
                valid("instances with aliases; an alias used before its instance", """
                        class A { [Key] string Id; uint16 N; };
                        [Association] class R { [Key] A REF L; [Key] A REF Rt; };
                        instance of R as $link { L = $a1; Rt = $A2; };
                        instance of A as $a1 { Id = "one"; N = 1; };
                        instance of A as $a2 { Id = "two"; };
                        instance of A { N = 3; };
                        """, c -> {
                    assertEquals(4, c.instances().size());
                    MofInstance link = c.instances().get(0);
                    assertEquals("link", link.alias());
                    CimInstance r = link.instance();
                    ObjectPath l = r.value("L").asReference();
                    assertEquals("A", l.className().value());
                    assertEquals(CimValue.string("one"), l.key("Id"));
                    assertEquals(CimValue.string("two"), r.value("Rt").asReference().key("Id"));
                    assertNotNull(r.path());
                    assertNull(c.instances().get(3).instance().path(), "no key value, no path");
                }),
                valid("instance property declared in a superclass; reference as an object path string", """
                        class A { [Key] string Id; };
                        class B : A { string More; };
                        [Association] class R { [Key] A REF L; [Key] A REF Rt; };
                        instance of B { Id = "b"; More = "m"; };
                        instance of R { L = "A.Id=\\"x\\""; Rt = NULL; };
                        """, c -> {
                    assertEquals(CimValue.string("b"), c.instances().get(0).instance().value("Id"));
                    assertEquals("A", c.instances().get(1).instance().value("L").asReference().className().value());
                }),
                valid("#pragma namespace puts later declarations in that namespace; other pragmas are accepted", """
                        class Default { };
                        #pragma namespace ("root/cimv2")
                        #pragma locale ("en_US")
                        #PRAGMA instancelocale ("en_US")
                        class Moved { };
                        """, c -> {
                    assertNull(c.classes().get(0).namespace());
                    assertEquals(Namespace.of("root/cimv2"), c.classes().get(1).namespace());
                }),
                valid("declaration order does not matter: subclass and reference before the class", """
                        [Association] class R { [Key] B REF X; [Key] B REF Y; };
                        class B : A { };
                        class A { };
                        """, c -> {
                    assertTrue(c.ok());
                    assertEquals("A", cls(c, "B").superclass().value());
                }),
                valid("positions of classes, superclasses and members", "class A { };\nclass B : A {\n  string P;\n  uint32 M();\n};\n",
                        c -> {
                            MofClassDeclaration b = c.classes().get(1);
                            assertEquals(new SourcePosition("t.mof", 2, 7), b.position());
                            assertEquals(new SourcePosition("t.mof", 2, 11), b.superclassPosition());
                            assertEquals(new SourcePosition("t.mof", 3, 10), b.positionOfProperty(b.cimClass().property("P").name()));
                            assertEquals(new SourcePosition("t.mof", 4, 10), b.positionOfMethod(b.cimClass().method("M").name()));
                        }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validCases")
    void compilesValidMof(Valid test) {
        MofCompilation c = compile(test.mof());
        assertEquals(List.of(), c.errors(), test.description());
        test.check().accept(c);
    }

    record Invalid(String description, String mof, String position, String message) {
        @Override
        public String toString() {
            return description;
        }
    }

    static Invalid invalid(String description, String mof, String position, String message) {
        return new Invalid(description, mof, position, message);
    }

    static Stream<Invalid> invalidCases() {
        return Stream.of(
                invalid("missing ';' after a property", "class A {\n  string S\n};", "t.mof:3:1",
                        "expected '(', '[', ';' or '=', found '}'"),
                invalid("missing ';' after a class", "class A { }\nclass B { };", "t.mof:2:1", "expected ';', found 'class'"),
                invalid("missing class name", "class { };", "t.mof:1:7", "expected identifier, found '{'"),
                invalid("garbage at top level", "string S;", "t.mof:1:1",
                        "expected '#pragma', 'class', 'association', 'indication', 'instance', 'qualifier', '[' or end of file, found 'string'"),
                invalid("unexpected character", "class A { string @S; };", "t.mof:1:18", "found unexpected character '@'"),
                invalid("unterminated string", "class A { string S = \"abc;\n};", "t.mof:1:22",
                        "unterminated string literal: expected a closing '\"'"),
                invalid("unterminated comment", "class A { };\n/* never closed\n", "t.mof:2:1",
                        "unterminated comment: expected '*/' before the end of the file"),
                invalid("invalid escape", "class A { string S = \"ab\\qc\"; };", "t.mof:1:25", "invalid escape '\\q': expected one of"),
                invalid("\\x without hex digits", "class A { string S = \"\\xg\"; };", "t.mof:1:23", "expected 1 to 4 hex digits after '\\x'"),
                invalid("char16 with two characters", "class A { char16 C = 'ab'; };", "t.mof:1:22", "found unexpected character"),
                invalid("qualifier declaration without scope", "Qualifier Q : boolean = false;", "t.mof:1:30",
                        "expected ',', found ';'"),
                invalid("unknown qualifier", "class A { [Bogus] string S; };", "t.mof:1:12",
                        "unknown qualifier Bogus on property A.S: expected a declared qualifier"),
                invalid("qualifier outside its scope", "[Key] class A { };", "t.mof:1:2",
                        "qualifier Key may not be used on class A: its scope is property, reference, not class"),
                invalid("qualifier used twice", "class A { [Key, key] string S; };", "t.mof:1:17", "qualifier Key appears twice"),
                invalid("non-boolean qualifier without a value", "[Description] class A { };", "t.mof:1:2",
                        "qualifier Description on class A needs a string value"),
                invalid("qualifier value of the wrong type", "class A { [Key (\"yes\")] string S; };", "t.mof:1:17",
                        "type mismatch: expected a boolean value for qualifier Key on property A.S, found string \"yes\""),
                invalid("unknown flavor on use", "class A { [Key : Sticky] string S; };", "t.mof:1:18", "unknown flavor 'Sticky'"),
                invalid("default of the wrong type", "class A { uint8 X = \"a\"; };", "t.mof:1:21",
                        "type mismatch: expected a uint8 value for property A.X, found string \"a\""),
                invalid("boolean default for a string", "class A { string X = true; };", "t.mof:1:22",
                        "expected a string value for property A.X, found boolean true"),
                invalid("real default for an integer", "class A { uint32 X = 1.5; };", "t.mof:1:22",
                        "expected a uint32 value for property A.X, found real 1.5"),
                invalid("integer out of range", "class A { uint8 X = 256; };", "t.mof:1:21", "value 256 out of range for uint8 in property A.X"),
                invalid("negative unsigned", "class A { uint32 X = -1; };", "t.mof:1:22", "value -1 out of range for uint32"),
                invalid("bad binary literal", "class A { uint8 X = 102b; };", "t.mof:1:21", "invalid binary integer '102b': expected only 0 and 1"),
                invalid("bad octal literal", "class A { uint8 X = 09; };", "t.mof:1:21", "invalid octal integer '09': expected only digits 0-7"),
                invalid("invalid datetime", "class A { datetime D = \"yesterday\"; };", "t.mof:1:24", "invalid datetime \"yesterday\""),
                invalid("array for a scalar", "class A { uint8 X = {1, 2}; };", "t.mof:1:21",
                        "type mismatch: expected a uint8 value for property A.X, found an array"),
                invalid("scalar for an array property", "class A { uint8 X[] = 1; };", "t.mof:1:23",
                        "expected an array value { ... } of uint8 for property A.X, found integer 1"),
                invalid("array size zero", "class A { uint8 X[0]; };", "t.mof:1:19", "expected a positive array size, found '0'"),
                invalid("alias outside an instance", "class A { string X = $a; };", "t.mof:1:22",
                        "unexpected alias $a in property A.X: aliases are only values of instance references"),
                invalid("unknown data type", "class A { strin X; };", "t.mof:1:11", "unknown data type 'strin': expected boolean, string"),
                invalid("reference to an unknown class", "[Association] class R { Nope REF X; };", "t.mof:1:25",
                        "unknown class Nope in reference R.X: expected a declared class"),
                invalid("reference parameter to an unknown class", "class A { uint32 M(Nope REF P); };", "t.mof:1:20",
                        "unknown class Nope in parameter P of method A.M"),
                invalid("method returning a reference", "class A { A REF M(); };", "t.mof:1:11", "return type of method A.M must be one of"),
                invalid("parameter with a default", "class A { uint32 M(uint8 P = 1); };", "t.mof:1:30",
                        "unexpected default value for parameter P of method A.M"),
                invalid("duplicate parameter", "class A { uint32 M(uint8 P, string p); };", "t.mof:1:36", "duplicate parameter p of method A.M"),
                invalid("duplicate class", "class A { };\nclass a { };", "t.mof:2:7", "duplicate class a: already declared at t.mof:1:7"),
                invalid("duplicate property", "class A { string S; uint8 s; };", "t.mof:1:27",
                        "duplicate property A.s: already declared at t.mof:1:18"),
                invalid("duplicate method", "class A { uint32 M(); uint32 m(); };", "t.mof:1:30", "duplicate method A.m"),
                invalid("unknown superclass", "class B : Nope { };", "t.mof:1:11",
                        "unknown superclass Nope of class B: no such class is declared"),
                invalid("own superclass", "class B : b { };", "t.mof:1:11", "class B cannot be its own superclass"),
                invalid("duplicate qualifier declaration", "Qualifier KEY : boolean = false, Scope (property);", "t.mof:1:11",
                        "duplicate qualifier declaration KEY: already declared at qualifiers.mof:14:11"),
                invalid("unknown scope", "Qualifier Q : boolean, Scope (klass);", "t.mof:1:31", "unknown scope 'klass': expected class,"),
                invalid("unknown flavor", "Qualifier Q : boolean, Scope (any), Flavor (Inherit);", "t.mof:1:45", "unknown flavor 'Inherit'"),
                invalid("conflicting flavors", "Qualifier Q : boolean, Scope (any), Flavor (EnableOverride, DisableOverride);",
                        "t.mof:1:61", "conflicting flavor 'DisableOverride'"),
                invalid("qualifier default of the wrong type", "Qualifier Q : uint8 = \"x\", Scope (any);", "t.mof:1:23",
                        "expected a uint8 value for the default of qualifier Q"),
                invalid("qualifier of reference type", "Qualifier Q : reference, Scope (any);", "t.mof:1:15", "unknown data type 'reference'"),
                invalid("unknown pragma", "#pragma frobnicate (\"x\")", "t.mof:1:9", "unknown pragma 'frobnicate': expected include, namespace"),
                invalid("include of a missing file", "\n#pragma include (\"missing.mof\")", "t.mof:2:18",
                        "cannot read included file 'missing.mof' (missing.mof): no such file"),
                invalid("include with two arguments", "#pragma include (\"a.mof\", \"b.mof\")", "t.mof:1:9",
                        "expected exactly one string argument to #pragma include, found 2"),
                invalid("bad namespace pragma", "#pragma namespace (\"root//1x\")", "t.mof:1:20", "expected a namespace name"),
                invalid("instance of an unknown class", "instance of Nope { };", "t.mof:1:13",
                        "unknown class Nope in instance declaration"),
                invalid("instance property the class lacks", "class A { };\ninstance of A { X = 1; };", "t.mof:2:17",
                        "class A has no property X (declared or inherited)"),
                invalid("instance value of the wrong type", "class A { uint8 X; };\ninstance of A { X = \"1\"; };", "t.mof:2:21",
                        "expected a uint8 value for property A.X"),
                invalid("instance property set twice", "class A { uint8 X; };\ninstance of A { X = 1; x = 2; };", "t.mof:2:24",
                        "property x is set twice"),
                invalid("unknown alias", "class A { [Key] string Id; };\n[Association] class R { [Key] A REF L; [Key] A REF M; };\n"
                        + "instance of R { L = $nope; };", "t.mof:3:21", "unknown alias $nope in property R.L"),
                invalid("duplicate alias", "class A { [Key] string Id; };\ninstance of A as $x { Id = \"1\"; };\n"
                        + "instance of A as $X { Id = \"2\"; };", "t.mof:3:18", "duplicate alias $X: already used at t.mof:2:18"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidCases")
    void reportsInvalidMof(Invalid test) {
        MofCompilation c = compile(test.mof());
        assertFalse(c.ok(), test.description() + ": expected an error");
        MofError first = c.errors().get(0);
        assertEquals(test.position(), first.position().toString(), test.description() + ": " + c.errors());
        assertTrue(first.message().contains(test.message()),
                test.description() + ": message was '" + first.message() + "', expected it to contain '" + test.message() + "'");
        assertEquals(1, c.errors().size(), test.description() + ": one error only, got " + c.errors());
    }
}
