package org.replicacim.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.replicacim.cim.CimClass;
import org.replicacim.cim.CimException;
import org.replicacim.cim.CimMethod;
import org.replicacim.cim.CimName;
import org.replicacim.cim.CimProperty;
import org.replicacim.cim.CimQualifier;
import org.replicacim.cim.CimStatus;
import org.replicacim.cim.CimValue;
import org.replicacim.cim.Namespace;
import org.replicacim.mof.MofSource;

/** The class repository over a small fixture schema: inheritance, flavors, overrides, subclasses, associations, failures. */
class ClassRepositoryTest {
    static final Namespace NS = Namespace.of("root/test");
    static final Namespace OTHER = Namespace.of("root/other");
    static final Path FIXTURES = Path.of("src/test/resources/mof/fixtures");

    static ClassRepository repo;

    @BeforeAll
    static void load() throws RepositoryException {
        repo = ClassRepository.builder()
                .namespace(NS, MofSource.file(FIXTURES.resolve("schema.mof")))
                .namespace(OTHER, MofSource.classpath("mof/fixtures/schema.mof"))
                .alias(Namespace.of("test"), NS)
                .build();
    }

    static CimName n(String s) {
        return CimName.of(s);
    }

    static CimClass get(String name) throws CimException {
        return repo.getClass(NS, name);
    }

    @Test
    void namespacesAliasesAndCaseInsensitiveLookUp() throws CimException {
        assertEquals(List.of(OTHER, NS), repo.namespaces());
        assertTrue(repo.hasNamespace(Namespace.of("ROOT/Test")));
        assertTrue(repo.hasNamespace(Namespace.of("TEST")));
        assertEquals(NS, repo.canonical(Namespace.of("test")));
        CimClass c = repo.getClass(Namespace.of("Test"), "test_CONCRETEJOB");
        assertEquals("Test_ConcreteJob", c.name().value());
        assertSame(c, repo.getClass(NS, n("Test_ConcreteJob")), "resolved once, cached");
        assertEquals(12, repo.classes(NS).size());
        assertEquals(28, repo.qualifierDeclarations(NS).size());
        assertTrue(repo.qualifierDeclaration(NS, n("key")).isPresent());
    }

    @Test
    void namespacesFromTheSameFilesShareResolvedClasses() throws CimException {
        // the same files reached from the filesystem and the classpath are equal declarations
        assertEquals(get("Test_ConcreteJob"), repo.getClass(OTHER, "Test_ConcreteJob"));
    }

    @Test
    void lookUpFailuresCarryTheDsp0200Status() {
        assertEquals(CimStatus.NOT_FOUND, assertThrows(CimException.class, () -> repo.getClass(NS, "Nope")).status());
        assertEquals(CimStatus.NOT_FOUND, assertThrows(CimException.class, () -> repo.getClass(NS, "not a name")).status());
        assertEquals(CimStatus.INVALID_NAMESPACE,
                assertThrows(CimException.class, () -> repo.getClass(Namespace.of("root/nope"), "Test_Job")).status());
        assertEquals(CimStatus.INVALID_CLASS,
                assertThrows(CimException.class, () -> repo.subclassNames(NS, n("Nope"), true)).status());
        assertTrue(repo.findClass(NS, n("Nope")).isEmpty());
        assertTrue(repo.findClass(Namespace.of("root/nope"), n("Test_Job")).isEmpty());
    }

    @Test
    void inheritedMembersCarryClassOriginAndPropagated() throws CimException {
        CimClass job = get("Test_ConcreteJob");
        assertEquals("Test_Job", job.superclass().value());
        assertEquals(List.of("InstanceID", "Caption", "ElementName", "Status", "JobState", "PercentComplete"),
                job.properties().stream().map(p -> p.name().value()).toList());
        CimProperty caption = job.property("Caption");
        assertEquals(n("Test_ManagedElement"), caption.classOrigin());
        assertTrue(caption.propagated());
        CimProperty id = job.property("InstanceID");
        assertEquals(n("Test_ConcreteJob"), id.classOrigin(), "an override is the overriding class's own");
        assertFalse(id.propagated());
        CimProperty percent = job.property("PercentComplete");
        assertEquals(n("Test_Job"), percent.classOrigin());
        assertEquals(CimValue.uint16(0), percent.value(), "default inherited");
        assertEquals(CimValue.uint16(2), job.property("JobState").value(), "default overridden");
        assertEquals(CimValue.uint64(512), get("Test_Snapshot").property("BlockSize").value(),
                "an override without a default keeps the inherited default");
        CimMethod m = job.method("RequestStateChange");
        assertEquals(n("Test_ConcreteJob"), m.classOrigin());
        assertEquals(2, m.parameters().size());
        assertTrue(m.parameter("RequestedState").isInput());
        assertFalse(m.parameter("Job").isInput());
        CimMethod inherited = get("Test_Job").method("RequestStateChange");
        assertEquals(n("Test_Job"), inherited.classOrigin());
        assertFalse(inherited.propagated());
    }

    @Test
    void qualifiersPropagateByFlavor() throws CimException {
        CimClass concrete = get("Test_ConcreteJob");
        assertFalse(concrete.isAbstract(), "Abstract is Restricted");
        assertTrue(get("Test_Job").isAbstract());
        assertEquals("2.41.0", CimQualifier.stringValue(concrete.qualifiers(), "Version"));
        CimQualifier uml = concrete.qualifier("UMLPackagePath");
        assertEquals("CIM::Core::Jobs", uml.value().asString(), "ToSubclass by default");
        assertTrue(uml.propagated());
        assertFalse(concrete.qualifier("Description").propagated(), "restated locally");
        assertNull(get("Test_Job").qualifier("Experimental"), "Experimental is Restricted");
        assertTrue(get("Test_LogicalElement").qualifier("Experimental") != null);
        assertNull(get("Test_Job").property("ElementName").qualifier("Deprecated"), "Deprecated is Restricted");
        CimQualifier units = concrete.property("PercentComplete").qualifier("Units");
        assertTrue(units.propagated());
        assertTrue(concrete.property("InstanceID").qualifier("Override") != null, "on the element that carries it");
        assertNull(get("Test_Snapshot").property("InstanceID").qualifier("Override"), "Override is Restricted");
        assertTrue(concrete.property("InstanceID").qualifier("Description").propagated());
        assertTrue(concrete.property("InstanceID").qualifier("Key") != null);
        assertEquals(CimValue.Embedded.OBJECT, get("Test_InstCreation").property("SourceInstance").embedded());
    }

    @Test
    void keysAssociationAndIndicationFlagsAreInherited() throws CimException {
        assertEquals(List.of("InstanceID"), names(get("Test_ConcreteJob").keyProperties()));
        assertEquals(List.of("InstanceID"), names(get("Test_Snapshot").keyProperties()));
        assertEquals(List.of(), names(get("Test_LogicalElement").keyProperties()));
        CimClass ss = get("Test_StorageSynchronized");
        assertTrue(ss.isAssociation());
        assertFalse(ss.isAbstract());
        assertEquals(List.of("Antecedent", "Dependent"), names(ss.keyProperties()));
        assertEquals(n("Test_Volume"), ss.property("Dependent").referenceClass());
        assertEquals(n("Test_Synchronized"), ss.property("Dependent").classOrigin());
        assertTrue(get("Test_Dependency").isAbstract());
        assertTrue(get("Test_InstCreation").isIndication());
        assertFalse(get("Test_InstCreation").isAbstract());
        assertFalse(get("Test_Volume").isAssociation());
    }

    @Test
    void subclassEnumerationShallowAndDeep() throws CimException {
        assertEquals(Set.of("Test_LogicalElement"), set(repo.subclassNames(NS, n("test_managedelement"), false)));
        assertEquals(Set.of("Test_LogicalElement", "Test_Job", "Test_ConcreteJob", "Test_Volume", "Test_Snapshot"),
                set(repo.subclassNames(NS, n("Test_ManagedElement"), true)));
        assertEquals(Set.of("Test_Job", "Test_Volume"), set(repo.subclassNames(NS, n("Test_LogicalElement"), false)));
        assertEquals(List.of(), repo.subclassNames(NS, n("Test_Snapshot"), true));
        assertEquals(Set.of("Test_ManagedElement", "Test_Indication", "Test_Dependency", "Test_AffectedJobElement"),
                set(repo.topLevelClasses(NS)));
        assertEquals(set(repo.topLevelClasses(NS)), set(repo.subclassNames(NS, null, false)));
        assertEquals(12, repo.subclassNames(NS, null, true).size());
        List<CimName> deep = repo.subclassNames(NS, n("Test_ManagedElement"), true);
        assertTrue(deep.indexOf(n("Test_Volume")) < deep.indexOf(n("Test_Snapshot")), "parents before children");
        assertTrue(repo.isSubclassOf(NS, n("test_snapshot"), n("Test_ManagedElement")));
        assertTrue(repo.isSubclassOf(NS, n("Test_Snapshot"), n("Test_Snapshot")));
        assertFalse(repo.isSubclassOf(NS, n("Test_ManagedElement"), n("Test_Snapshot")));
        assertFalse(repo.isSubclassOf(NS, n("Nope"), n("Test_ManagedElement")));
        assertEquals(List.of("Test_Snapshot", "Test_Volume", "Test_LogicalElement", "Test_ManagedElement"),
                repo.superclassChain(NS, n("Test_Snapshot")).stream().map(CimName::value).toList());
    }

    @Test
    void associationHelpers() throws CimException {
        assertEquals(Set.of("Test_Dependency", "Test_Synchronized", "Test_StorageSynchronized", "Test_AffectedJobElement"),
                set(repo.associationClassNames(NS)));
        assertEquals(Set.of("Test_Dependency", "Test_Synchronized", "Test_StorageSynchronized", "Test_AffectedJobElement"),
                set(repo.associationsReferencing(NS, n("Test_Snapshot"))));
        assertEquals(Set.of("Test_Dependency", "Test_AffectedJobElement"),
                set(repo.associationsReferencing(NS, n("Test_ManagedElement"))));
        assertEquals(List.of(), repo.associationsReferencing(NS, n("Test_InstCreation")));
        assertEquals(List.of("AffectedElement", "AffectingElement"),
                names(repo.referencesAccepting(NS, n("Test_AffectedJobElement"), n("Test_ConcreteJob"))));
        assertEquals(List.of("AffectedElement"),
                names(repo.referencesAccepting(NS, n("Test_AffectedJobElement"), n("Test_Volume"))));
    }

    static List<String> names(List<CimProperty> props) {
        return props.stream().map(p -> p.name().value()).toList();
    }

    static Set<String> set(List<CimName> names) {
        Set<String> out = new HashSet<>();
        names.forEach(x -> out.add(x.value()));
        return out;
    }

    // ---- start-up failures --------------------------------------------------------------------------

    static String qualifiers() {
        try (InputStream in = ClassRepositoryTest.class.getClassLoader().getResourceAsStream("mof/fixtures/qualifiers.mof")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static ClassRepository loadSnippet(String mof) throws RepositoryException {
        Map<String, String> files = new HashMap<>();
        files.put("qualifiers.mof", qualifiers());
        files.put("t.mof", mof);
        files.put("root.mof", "#pragma include (\"qualifiers.mof\")\n#pragma include (\"t.mof\")\n");
        return ClassRepository.builder().namespace(NS, MofSource.inMemory("root.mof", files)).build();
    }

    record Failure(String description, String mof, String position, String message) {
        @Override
        public String toString() {
            return description;
        }
    }

    static Failure failure(String description, String mof, String position, String message) {
        return new Failure(description, mof, position, message);
    }

    static final String BASE = "class A { [Key] string Id; uint16 N; uint32 M(uint8 P); };\n";

    static Stream<Failure> failures() {
        return Stream.of(
                failure("unknown superclass", "class B : Missing { };", "t.mof:1:11",
                        "unknown superclass Missing of class B: no such class is declared"),
                failure("circular inheritance", "class B : C { };\nclass C : B { };", "t.mof:1:7",
                        "circular inheritance: B -> C -> B"),
                failure("DisableOverride qualifier changed (Key)", BASE + "class B : A { [Override (\"Id\"), Key (false)] string Id; };",
                        "t.mof:2:53", "qualifier Key on property B.Id may not be overridden (it is DisableOverride): inherited value TRUE, found FALSE"),
                failure("DisableOverride class qualifier changed (Association)",
                        "[Association] class R { A REF X; A REF Y; };\n[Association (false)] class S : R { };\n" + "class A { };",
                        "t.mof:2:29", "qualifier Association on class S may not be overridden"),
                failure("redefinition without Override", BASE + "class B : A { uint16 N; };", "t.mof:2:22",
                        "property B.N redefines the inherited property of A without Override(\"N\")"),
                failure("method redefinition without Override", BASE + "class B : A { uint32 M(uint8 P); };", "t.mof:2:22",
                        "method B.M redefines the inherited method of A without Override(\"M\")"),
                failure("Override naming nothing inherited", BASE + "class B : A { [Override (\"X\")] uint16 X; };", "t.mof:2:39",
                        "bad override on property B.X: Override(\"X\") names no inherited property of A"),
                failure("Override in a root class", "class B { [Override (\"X\")] uint16 X; };", "t.mof:1:35",
                        "names no inherited property (the class has no superclass)"),
                failure("Override under another name", BASE + "class B : A { [Override (\"N\")] uint16 Other; };", "t.mof:2:39",
                        "Override(\"N\") must name the property itself"),
                failure("Override changing the type", BASE + "class B : A { [Override (\"N\")] string N; };", "t.mof:2:39",
                        "bad override of property B.N: type string does not match inherited A.N of type uint16"),
                failure("Override changing array-ness", BASE + "class B : A { [Override (\"N\")] uint16 N[]; };", "t.mof:2:39",
                        "type uint16[] does not match inherited A.N of type uint16"),
                failure("method Override changing the return type", BASE + "class B : A { [Override (\"M\")] uint16 M(); };",
                        "t.mof:2:39", "bad override of method B.M: return type uint16 does not match inherited A.M returning uint32"),
                failure("reference override to an unrelated class",
                        BASE + "class C { };\n[Association] class R { A REF X; A REF Y; };\n"
                                + "[Association] class S : R { [Override (\"X\")] C REF X; };",
                        "t.mof:4:52", "bad override of reference S.X: REF C is not A or a subclass of it"),
                failure("reference in a class that is not an association", BASE + "class B { A REF X; };", "t.mof:2:17",
                        "reference B.X is only allowed in an association"),
                failure("association with one reference", BASE + "[Association] class R { A REF X; };", "t.mof:2:21",
                        "association R needs at least two references, has 1"),
                failure("association below a plain class", BASE + "[Association] class R : A { A REF X; A REF Y; };", "t.mof:2:21",
                        "association R cannot be a subclass of A, which is not an association"),
                failure("subclass adding a key", BASE + "class B : A { [Key] string Other; };", "t.mof:2:28",
                        "key property B.Other is not allowed: superclass A already defines the keys Id"),
                failure("unknown qualifier (compiler error reported at start-up)", "class B { [Nope] string S; };", "t.mof:1:12",
                        "unknown qualifier Nope"),
                failure("default type mismatch (compiler error reported at start-up)", "class B { uint8 S = \"x\"; };", "t.mof:1:21",
                        "type mismatch: expected a uint8 value for property B.S"),
                failure("duplicate class (compiler error reported at start-up)", "class B { };\nclass B { };", "t.mof:2:7",
                        "duplicate class B"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void startUpFailsWithAClearMessage(Failure test) {
        RepositoryException e = assertThrows(RepositoryException.class, () -> loadSnippet(test.mof()), test.description());
        assertEquals(1, e.errors().size(), test.description() + ": " + e.errors());
        assertEquals(test.position(), e.errors().get(0).position().toString(), test.description() + ": " + e.getMessage());
        assertTrue(e.errors().get(0).message().contains(test.message()),
                test.description() + ": message was '" + e.errors().get(0).message() + "'");
        assertTrue(e.getMessage().contains(test.position() + ": "), e.getMessage());
    }

    @Test
    void startUpReportListsEveryErrorSortedWithPositions() {
        RepositoryException e = assertThrows(RepositoryException.class, () -> loadSnippet(
                "class B : Missing { };\nclass C { uint8 X = 300; };\n" + BASE + "class D : A { uint16 N; };\nclass E { strng S; };"));
        String nl = System.lineSeparator();
        assertEquals("cannot load the class repository from root.mof (root/test): 4 MOF errors" + nl
                + "  t.mof:1:11: unknown superclass Missing of class B: no such class is declared" + nl
                + "  t.mof:2:21: value 300 out of range for uint8 in property C.X" + nl
                + "  t.mof:4:22: property D.N redefines the inherited property of A without Override(\"N\")" + nl
                + "  t.mof:5:11: unknown data type 'strng': expected boolean, string, char16, datetime, uint8, sint8, uint16, "
                + "sint16, uint32, sint32, uint64, sint64, real32 or real64", e.getMessage());
    }

    @Test
    void missingRootFileIsReported() {
        RepositoryException e = assertThrows(RepositoryException.class,
                () -> ClassRepository.builder().namespace(NS, MofSource.file(Path.of("no/such/dir/interop.mof"))).build());
        assertTrue(e.getMessage().contains("no/such/dir/interop.mof:1:1: cannot read MOF file: no such file"), e.getMessage());
    }
}
