package org.replicacim.repository;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.replicacim.cim.CimClass;
import org.replicacim.cim.CimException;
import org.replicacim.cim.CimInstance;
import org.replicacim.cim.CimName;
import org.replicacim.cim.CimProperty;
import org.replicacim.cim.CimStatus;
import org.replicacim.cim.Namespace;
import org.replicacim.cim.QualifierDeclaration;
import org.replicacim.mof.MofClassDeclaration;
import org.replicacim.mof.MofCompilation;
import org.replicacim.mof.MofCompiler;
import org.replicacim.mof.MofError;
import org.replicacim.mof.MofInstance;
import org.replicacim.mof.MofQualifierDeclaration;
import org.replicacim.mof.MofSource;

/**
 * The class repository: namespaces (with aliases) holding classes compiled from MOF and resolved once at load
 * through inheritance, so every look-up is a map access. Names of namespaces, classes and qualifiers compare
 * without case. Immutable and safe to share between threads.
 */
public final class ClassRepository {
    /** The interop namespace. */
    public static final Namespace INTEROP = Namespace.of("root/interop");
    /** The storage namespace of the iSCSI target array. */
    public static final Namespace STORAGE = Namespace.of("root/cimv2/storage/iscsitarget");
    /** The names clients also use for the interop namespace. */
    public static final List<Namespace> INTEROP_ALIASES = List.of(Namespace.of("interop"), Namespace.of("root/PG_Interop"));

    private final Map<Namespace, NamespaceSchema> schemas;
    private final Map<Namespace, Namespace> canonical;

    private ClassRepository(Map<Namespace, NamespaceSchema> schemas, Map<Namespace, Namespace> canonical) {
        this.schemas = Collections.unmodifiableMap(schemas);
        this.canonical = Collections.unmodifiableMap(canonical);
    }

    /** Starts a repository definition: one MOF root per namespace, plus aliases. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Loads the server's schema: {@code mof/interop.mof} into root/interop (aliases interop and root/PG_Interop) and
     * {@code mof/iscsitarget.mof} into root/cimv2/storage/iscsitarget, from {@code mofDirectory} when given, else
     * from the {@code mof/} directory on the classpath (inside the jar).
     */
    public static ClassRepository loadStandard(Path mofDirectory) throws RepositoryException {
        Builder b = builder();
        if (mofDirectory != null) {
            b.namespace(INTEROP, MofSource.file(mofDirectory.resolve("interop.mof")));
            b.namespace(STORAGE, MofSource.file(mofDirectory.resolve("iscsitarget.mof")));
        } else {
            b.namespace(INTEROP, MofSource.classpath("mof/interop.mof"));
            b.namespace(STORAGE, MofSource.classpath("mof/iscsitarget.mof"));
        }
        for (Namespace alias : INTEROP_ALIASES) {
            b.alias(alias, INTEROP);
        }
        return b.build();
    }

    /** Whether {@code mofDirectory} holds the two top-level files {@link #loadStandard} reads. */
    public static boolean isMofDirectory(Path mofDirectory) {
        return Files.isRegularFile(mofDirectory.resolve("interop.mof")) && Files.isRegularFile(mofDirectory.resolve("iscsitarget.mof"));
    }

    // ---- namespaces ---------------------------------------------------------------------------------

    /** The namespaces the repository holds (without aliases), sorted. */
    public List<Namespace> namespaces() {
        List<Namespace> out = new ArrayList<>(schemas.keySet());
        Collections.sort(out);
        return out;
    }

    /** Whether the namespace, or an alias of it, exists. */
    public boolean hasNamespace(Namespace ns) {
        return ns != null && canonical.containsKey(ns);
    }

    /** The namespace an alias stands for (a real namespace maps to itself); INVALID_NAMESPACE if unknown. */
    public Namespace canonical(Namespace ns) throws CimException {
        Namespace c = ns == null ? null : canonical.get(ns);
        if (c == null) {
            throw new CimException(CimStatus.INVALID_NAMESPACE, "no namespace " + ns);
        }
        return c;
    }

    private NamespaceSchema schema(Namespace ns) throws CimException {
        return schemas.get(canonical(ns));
    }

    private NamespaceSchema schemaOrNull(Namespace ns) {
        Namespace c = ns == null ? null : canonical.get(ns);
        return c == null ? null : schemas.get(c);
    }

    // ---- classes ------------------------------------------------------------------------------------

    /** The resolved class, or empty when the namespace or class does not exist. */
    public Optional<CimClass> findClass(Namespace ns, CimName name) {
        NamespaceSchema s = schemaOrNull(ns);
        return s == null || name == null ? Optional.empty() : Optional.ofNullable(s.get(name));
    }

    /** The resolved class; INVALID_NAMESPACE or NOT_FOUND (as GetClass answers) when absent. */
    public CimClass getClass(Namespace ns, CimName name) throws CimException {
        CimClass c = schema(ns).get(name);
        if (c == null) {
            throw new CimException(CimStatus.NOT_FOUND, "no class " + name + " in namespace " + ns);
        }
        return c;
    }

    /** {@link #getClass(Namespace, CimName)} by a name string; an invalid name is NOT_FOUND. */
    public CimClass getClass(Namespace ns, String name) throws CimException {
        if (!CimName.isValid(name)) {
            schema(ns);
            throw new CimException(CimStatus.NOT_FOUND, "no class '" + name + "' in namespace " + ns);
        }
        return getClass(ns, CimName.of(name));
    }

    /** Whether the class exists in the namespace. */
    public boolean hasClass(Namespace ns, CimName name) {
        return findClass(ns, name).isPresent();
    }

    /** Every resolved class of the namespace, superclasses before subclasses. */
    public List<CimClass> classes(Namespace ns) throws CimException {
        return List.copyOf(schema(ns).classes().values());
    }

    /** The classes without a superclass. */
    public List<CimName> topLevelClasses(Namespace ns) throws CimException {
        return schema(ns).topLevel();
    }

    /**
     * The subclasses of a class, direct only or all descendants (depth-first, parents before children); with a
     * null class name, the top-level classes (and, when deep, every class). INVALID_CLASS for an unknown class,
     * as EnumerateClassNames answers.
     */
    public List<CimName> subclassNames(Namespace ns, CimName className, boolean deep) throws CimException {
        NamespaceSchema s = schema(ns);
        if (className == null) {
            return deep ? List.copyOf(s.classes().keySet()) : s.topLevel();
        }
        List<CimName> out = s.subclasses(className, deep);
        if (out == null) {
            throw new CimException(CimStatus.INVALID_CLASS, "no class " + className + " in namespace " + ns);
        }
        return out;
    }

    /** Whether {@code className} is {@code ancestor} or derives from it; false when either is unknown. */
    public boolean isSubclassOf(Namespace ns, CimName className, CimName ancestor) {
        NamespaceSchema s = schemaOrNull(ns);
        Set<CimName> chain = s == null || className == null ? null : s.ancestors(className);
        return chain != null && chain.contains(ancestor);
    }

    /** The class and its superclasses up to the root, nearest first; INVALID_CLASS when unknown. */
    public List<CimName> superclassChain(Namespace ns, CimName className) throws CimException {
        Set<CimName> chain = schema(ns).ancestors(className);
        if (chain == null) {
            throw new CimException(CimStatus.INVALID_CLASS, "no class " + className + " in namespace " + ns);
        }
        return List.copyOf(chain);
    }

    // ---- qualifiers and instances -------------------------------------------------------------------

    /** The qualifier declarations of the namespace, in declaration order, keyed by name. */
    public Map<CimName, QualifierDeclaration> qualifierDeclarations(Namespace ns) throws CimException {
        return schema(ns).qualifiers();
    }

    /** One qualifier declaration, or empty. */
    public Optional<QualifierDeclaration> qualifierDeclaration(Namespace ns, CimName name) {
        NamespaceSchema s = schemaOrNull(ns);
        return s == null ? Optional.empty() : Optional.ofNullable(s.qualifiers().get(name));
    }

    /** The instances declared in MOF ({@code instance of}) for the namespace. */
    public List<CimInstance> instances(Namespace ns) throws CimException {
        return schema(ns).instances();
    }

    // ---- associations -------------------------------------------------------------------------------

    /** Every association class of the namespace. */
    public List<CimName> associationClassNames(Namespace ns) throws CimException {
        return schema(ns).associations();
    }

    /**
     * The association classes with a reference that an instance of {@code className} can fill: the reference's
     * class is {@code className} or one of its superclasses. INVALID_CLASS for an unknown class.
     */
    public List<CimName> associationsReferencing(Namespace ns, CimName className) throws CimException {
        List<CimName> out = schema(ns).associationsReferencing(className);
        if (out == null) {
            throw new CimException(CimStatus.INVALID_CLASS, "no class " + className + " in namespace " + ns);
        }
        return out;
    }

    /** The reference properties of an association class that an instance of {@code className} can fill. */
    public List<CimProperty> referencesAccepting(Namespace ns, CimName associationClass, CimName className)
            throws CimException {
        CimClass assoc = getClass(ns, associationClass);
        List<CimProperty> out = new ArrayList<>();
        for (CimProperty ref : assoc.referenceProperties()) {
            if (isSubclassOf(ns, className, ref.referenceClass())) {
                out.add(ref);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("ClassRepository[");
        for (Map.Entry<Namespace, NamespaceSchema> e : schemas.entrySet()) {
            sb.append(e.getKey()).append(": ").append(e.getValue().classes().size()).append(" classes; ");
        }
        return sb.append(']').toString();
    }

    /** Collects namespace roots and aliases, then compiles and resolves everything in {@link #build()}. */
    public static final class Builder {
        private final Map<Namespace, MofSource> roots = new LinkedHashMap<>();
        private final Map<Namespace, Namespace> aliases = new LinkedHashMap<>();

        private Builder() {
        }

        /** Compiles {@code root} (and its includes) into {@code ns}; a {@code #pragma namespace} may redirect parts. */
        public Builder namespace(Namespace ns, MofSource root) {
            roots.put(Objects.requireNonNull(ns, "ns"), Objects.requireNonNull(root, "root"));
            return this;
        }

        /** Makes {@code alias} another name of {@code target}. */
        public Builder alias(Namespace alias, Namespace target) {
            aliases.put(Objects.requireNonNull(alias, "alias"), Objects.requireNonNull(target, "target"));
            return this;
        }

        /**
         * Compiles every root with one compiler (shared files are parsed once), resolves each namespace (namespaces
         * compiled from identical declarations share one resolved schema) and fails with every MOF error at once.
         */
        public ClassRepository build() throws RepositoryException {
            MofCompiler compiler = new MofCompiler();
            Set<MofError> errors = new LinkedHashSet<>();
            List<String> fileOrder = new ArrayList<>();
            Map<Namespace, List<MofClassDeclaration>> classes = new LinkedHashMap<>();
            Map<Namespace, List<MofQualifierDeclaration>> qualifiers = new LinkedHashMap<>();
            Map<Namespace, List<MofInstance>> instances = new LinkedHashMap<>();
            for (Map.Entry<Namespace, MofSource> root : roots.entrySet()) {
                MofCompilation c = compiler.compile(root.getValue());
                errors.addAll(c.errors());
                c.files().forEach(f -> {
                    if (!fileOrder.contains(f)) {
                        fileOrder.add(f);
                    }
                });
                classes.computeIfAbsent(root.getKey(), k -> new ArrayList<>());
                qualifiers.computeIfAbsent(root.getKey(), k -> new ArrayList<>());
                instances.computeIfAbsent(root.getKey(), k -> new ArrayList<>());
                for (MofClassDeclaration d : c.classes()) {
                    classes.computeIfAbsent(target(d.namespace(), root.getKey()), k -> new ArrayList<>()).add(d);
                }
                for (MofQualifierDeclaration q : c.qualifierDeclarations()) {
                    qualifiers.computeIfAbsent(target(q.namespace(), root.getKey()), k -> new ArrayList<>()).add(q);
                }
                for (MofInstance i : c.instances()) {
                    instances.computeIfAbsent(target(i.namespace(), root.getKey()), k -> new ArrayList<>()).add(i);
                }
            }
            Map<Namespace, NamespaceSchema> schemas = new LinkedHashMap<>();
            Map<List<MofClassDeclaration>, Map<CimName, CimClass>> shared = new HashMap<>();
            for (Map.Entry<Namespace, List<MofClassDeclaration>> e : classes.entrySet()) {
                List<MofError> found = new ArrayList<>();
                Map<CimName, CimClass> resolved = shared.get(e.getValue());
                if (resolved == null) {
                    resolved = new ClassResolver(e.getValue(), found).resolveAll();
                    shared.put(e.getValue(), resolved);
                }
                errors.addAll(found);
                Map<CimName, QualifierDeclaration> qmap = new LinkedHashMap<>();
                for (MofQualifierDeclaration q : qualifiers.getOrDefault(e.getKey(), List.of())) {
                    qmap.putIfAbsent(q.declaration().name(), q.declaration());
                }
                List<CimInstance> inst = new ArrayList<>();
                for (MofInstance i : instances.getOrDefault(e.getKey(), List.of())) {
                    inst.add(i.instance());
                }
                schemas.put(e.getKey(), new NamespaceSchema(resolved, qmap, inst));
            }
            if (!errors.isEmpty()) {
                List<MofError> sorted = new ArrayList<>(errors);
                sorted.sort(Comparator.<MofError>comparingInt(er -> order(fileOrder, er.position().file()))
                        .thenComparingInt(er -> er.position().line())
                        .thenComparingInt(er -> er.position().column()));
                throw new RepositoryException(describeRoots(), sorted);
            }
            Map<Namespace, Namespace> canonical = new HashMap<>();
            for (Namespace ns : schemas.keySet()) {
                canonical.put(ns, ns);
            }
            for (Map.Entry<Namespace, Namespace> a : aliases.entrySet()) {
                Namespace target = canonical.get(a.getValue());
                if (target == null) {
                    throw new IllegalArgumentException("alias " + a.getKey() + " names unknown namespace " + a.getValue());
                }
                canonical.put(a.getKey(), target);
            }
            return new ClassRepository(schemas, canonical);
        }

        private static Namespace target(Namespace pragma, Namespace root) {
            return pragma == null ? root : pragma;
        }

        private static int order(List<String> files, String file) {
            int i = files.indexOf(file);
            return i < 0 ? Integer.MAX_VALUE : i;
        }

        private String describeRoots() {
            List<String> parts = new ArrayList<>();
            roots.forEach((ns, src) -> parts.add(src.name() + " (" + ns + ")"));
            return String.join(", ", parts);
        }
    }
}
