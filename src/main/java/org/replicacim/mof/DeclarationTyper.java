package org.replicacim.mof;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

import org.replicacim.cim.CimClass;
import org.replicacim.cim.CimDateTime;
import org.replicacim.cim.CimInstance;
import org.replicacim.cim.CimMethod;
import org.replicacim.cim.CimName;
import org.replicacim.cim.CimParameter;
import org.replicacim.cim.CimProperty;
import org.replicacim.cim.CimQualifier;
import org.replicacim.cim.CimType;
import org.replicacim.cim.CimValue;
import org.replicacim.cim.Flavors;
import org.replicacim.cim.Namespace;
import org.replicacim.cim.ObjectPath;
import org.replicacim.cim.QualifierDeclaration;
import org.replicacim.cim.Scope;
import org.replicacim.mof.MofCompiler.Located;
import org.replicacim.mof.MofSyntax.ClassDecl;
import org.replicacim.mof.MofSyntax.Feature;
import org.replicacim.mof.MofSyntax.Initializer;
import org.replicacim.mof.MofSyntax.InstanceDecl;
import org.replicacim.mof.MofSyntax.Literal;
import org.replicacim.mof.MofSyntax.LiteralKind;
import org.replicacim.mof.MofSyntax.Name;
import org.replicacim.mof.MofSyntax.PropertyValue;
import org.replicacim.mof.MofSyntax.Qualifier;
import org.replicacim.mof.MofSyntax.QualifierDecl;

/**
 * Turns the productions of a whole compilation into typed declarations: qualifier declarations first, then classes
 * (qualifiers looked up and scope-checked, default values typed, reference classes checked), then instances.
 */
final class DeclarationTyper {
    private static final String DATA_TYPES =
            "boolean, string, char16, datetime, uint8, sint8, uint16, sint16, uint32, sint32, uint64, sint64, real32 or real64";

    private final List<MofError> errors;
    private final Map<Namespace, Map<CimName, MofQualifierDeclaration>> qualifiers = new HashMap<>();
    private final Map<Namespace, Map<CimName, ClassDecl>> classNames = new HashMap<>();
    private final Map<Namespace, Map<CimName, CimClass>> typedClasses = new HashMap<>();

    DeclarationTyper(List<MofError> errors) {
        this.errors = errors;
    }

    /** A value that could not be typed; the message says what was expected. */
    private static final class TypeError extends Exception {
        private static final long serialVersionUID = 1L;

        TypeError(String message) {
            super(message);
        }
    }

    MofCompilation type(List<Located> items, Iterable<String> files) {
        List<MofQualifierDeclaration> qualifierDecls = new ArrayList<>();
        for (Located l : items) {
            if (l.production() instanceof QualifierDecl q) {
                MofQualifierDeclaration d = qualifierDeclaration(q, l.namespace());
                if (d != null) {
                    qualifierDecls.add(d);
                }
            }
        }
        for (Located l : items) {
            if (l.production() instanceof ClassDecl c) {
                CimName name = name(c.name());
                if (name == null) {
                    continue;
                }
                ClassDecl first = classNames.computeIfAbsent(l.namespace(), k -> new HashMap<>()).putIfAbsent(name, c);
                if (first != null) {
                    error(c.name().position(), "duplicate class " + name + ": already declared at " + first.name().position());
                }
            }
        }
        List<MofClassDeclaration> classes = new ArrayList<>();
        Set<ClassDecl> seen = new HashSet<>();
        for (Located l : items) {
            if (l.production() instanceof ClassDecl c && seen.add(c)) {
                CimName name = name(c.name());
                if (name != null && classNames.get(l.namespace()).get(name) == c) {
                    MofClassDeclaration d = classDeclaration(c, l.namespace());
                    classes.add(d);
                    typedClasses.computeIfAbsent(l.namespace(), k -> new HashMap<>()).put(d.name(), d.cimClass());
                }
            }
        }
        List<MofInstance> instances = new InstanceTyper().type(items);
        List<String> fileList = new ArrayList<>();
        files.forEach(fileList::add);
        return new MofCompilation(qualifierDecls, classes, instances, fileList, errors);
    }

    private void error(SourcePosition pos, String message) {
        errors.add(new MofError(pos, message));
    }

    private CimName name(Name n) {
        if (!CimName.isValid(n.text())) {
            error(n.position(), "expected a CIM identifier (letters, digits, '_'), found '" + n.text() + "'");
            return null;
        }
        return CimName.of(n.text());
    }

    // ---- qualifier declarations ---------------------------------------------------------------------

    private MofQualifierDeclaration qualifierDeclaration(QualifierDecl q, Namespace ns) {
        CimName name = name(q.name());
        CimType type = dataType(q.type(), false);
        if (name == null || type == null) {
            return null;
        }
        EnumSet<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (Name s : q.scopes()) {
            Scope scope = Scope.fromKeyword(s.text());
            if (scope == null) {
                error(s.position(), "unknown scope '" + s.text()
                        + "': expected class, association, indication, property, reference, method, parameter or any");
                return null;
            }
            scopes.add(scope);
        }
        Flavors flavors = flavors(Flavors.DEFAULT, q.flavors());
        if (flavors == null) {
            return null;
        }
        CimValue def = null;
        if (q.defaultValue() != null) {
            def = value(q.defaultValue(), type, q.array(), "the default of qualifier " + name, true, null);
            if (def == null) {
                return null;
            }
        }
        QualifierDeclaration decl = new QualifierDeclaration(name, type, q.array(), q.arraySize(), def, scopes, flavors);
        MofQualifierDeclaration d = new MofQualifierDeclaration(decl, ns, q.name().position());
        MofQualifierDeclaration first = qualifiers.computeIfAbsent(ns, k -> new HashMap<>()).putIfAbsent(name, d);
        if (first != null) {
            error(q.name().position(), "duplicate qualifier declaration " + name + ": already declared at " + first.position());
            return null;
        }
        return d;
    }

    private Flavors flavors(Flavors start, List<Name> names) {
        Flavors f = start;
        Boolean override = null;
        Boolean toSubclass = null;
        for (Name n : names) {
            String k = n.text().toLowerCase(Locale.ROOT);
            Boolean ov = null;
            Boolean ts = null;
            switch (k) {
                case "enableoverride" -> ov = true;
                case "disableoverride" -> ov = false;
                case "tosubclass" -> ts = true;
                case "restricted" -> ts = false;
                case "translatable" -> f = f.withTranslatable(true);
                case "toinstance" -> { }
                default -> {
                    error(n.position(), "unknown flavor '" + n.text()
                            + "': expected EnableOverride, DisableOverride, ToSubclass, Restricted or Translatable");
                    return null;
                }
            }
            if ((ov != null && override != null && !ov.equals(override)) || (ts != null && toSubclass != null && !ts.equals(toSubclass))) {
                error(n.position(), "conflicting flavor '" + n.text() + "': EnableOverride/DisableOverride and "
                        + "ToSubclass/Restricted each take one of the two");
                return null;
            }
            if (ov != null) {
                override = ov;
                f = f.withOverridable(ov);
            }
            if (ts != null) {
                toSubclass = ts;
                f = f.withToSubclass(ts);
            }
        }
        return f;
    }

    private CimType dataType(Name type, boolean allowReference) {
        CimType t = CimType.fromName(type.text());
        if (t == null || (t == CimType.REFERENCE && !allowReference)) {
            error(type.position(), "unknown data type '" + type.text() + "': expected " + DATA_TYPES);
            return null;
        }
        return t;
    }

    // ---- applied qualifiers -------------------------------------------------------------------------

    private List<CimQualifier> qualifiers(List<Qualifier> raw, Scope scope, Namespace ns, String element) {
        List<CimQualifier> out = new ArrayList<>();
        Map<CimName, MofQualifierDeclaration> declared = qualifiers.getOrDefault(ns, Map.of());
        Set<CimName> seen = new HashSet<>();
        for (Qualifier q : raw) {
            CimName name = name(q.name());
            if (name == null) {
                continue;
            }
            MofQualifierDeclaration md = declared.get(name);
            if (md == null) {
                error(q.name().position(), "unknown qualifier " + q.name().text() + " on " + element
                        + ": expected a declared qualifier (add a Qualifier declaration)");
                continue;
            }
            QualifierDeclaration d = md.declaration();
            if (!seen.add(name)) {
                error(q.name().position(), "qualifier " + d.name() + " appears twice on " + element);
                continue;
            }
            if (!allows(d, scope)) {
                StringJoiner sj = new StringJoiner(", ");
                d.scopes().stream().sorted().forEach(s -> sj.add(s.keyword()));
                error(q.name().position(), "qualifier " + d.name() + " may not be used on " + element
                        + ": its scope is " + sj + ", not " + scope.keyword());
                continue;
            }
            CimValue v;
            if (q.value() == null) {
                if (d.type() != CimType.BOOLEAN || d.array()) {
                    error(q.name().position(), "qualifier " + d.name() + " on " + element + " needs a "
                            + d.type() + (d.array() ? "[]" : "") + " value");
                    continue;
                }
                v = CimValue.bool(true);
            } else {
                v = value(q.value(), d.type(), d.array(), "qualifier " + d.name() + " on " + element, true, null);
                if (v == null) {
                    continue;
                }
            }
            Flavors f = flavors(d.flavors(), q.flavors());
            if (f == null) {
                continue;
            }
            out.add(new CimQualifier(d.name(), v, f, false));
        }
        return out;
    }

    private static boolean allows(QualifierDeclaration d, Scope scope) {
        if (d.allows(scope)) {
            return true;
        }
        return (scope == Scope.ASSOCIATION || scope == Scope.INDICATION) && d.allows(Scope.CLASS);
    }

    // ---- classes ------------------------------------------------------------------------------------

    private MofClassDeclaration classDeclaration(ClassDecl c, Namespace ns) {
        CimName name = CimName.of(c.name().text());
        String kind = c.kind().text().toLowerCase(Locale.ROOT);
        Scope scope = kind.equals("association") || flagged(c.qualifiers(), "Association") ? Scope.ASSOCIATION
                : kind.equals("indication") || flagged(c.qualifiers(), "Indication") ? Scope.INDICATION : Scope.CLASS;
        CimClass.Builder b = CimClass.builder(name);
        List<CimQualifier> classQualifiers = new ArrayList<>(qualifiers(c.qualifiers(), scope, ns, "class " + name));
        if (!kind.equals("class")) {
            String flag = kind.equals("association") ? "Association" : "Indication";
            if (CimQualifier.find(classQualifiers, flag) == null) {
                MofQualifierDeclaration d = qualifiers.getOrDefault(ns, Map.of()).get(CimName.of(flag));
                Flavors f = d != null ? d.declaration().flavors() : Flavors.DEFAULT.withOverridable(false);
                classQualifiers.add(new CimQualifier(d != null ? d.declaration().name() : CimName.of(flag),
                        CimValue.bool(true), f, false));
            }
        }
        b.qualifiers(classQualifiers);
        SourcePosition superPos = null;
        if (c.superclass() != null) {
            CimName sup = name(c.superclass());
            superPos = c.superclass().position();
            if (sup != null) {
                if (sup.equals(name)) {
                    error(superPos, "class " + name + " cannot be its own superclass");
                } else if (!classNames.getOrDefault(ns, Map.of()).containsKey(sup)) {
                    errors.add(MofError.unknownSuperclass(superPos, sup, name));
                }
                b.superclass(sup);
            }
        }
        Map<CimName, SourcePosition> propertyPositions = new LinkedHashMap<>();
        Map<CimName, SourcePosition> methodPositions = new LinkedHashMap<>();
        Set<CimName> withDefault = new HashSet<>();
        for (Feature f : c.features()) {
            CimName fname = name(f.name());
            if (fname == null) {
                continue;
            }
            if (f.method()) {
                if (methodPositions.containsKey(fname)) {
                    error(f.name().position(), "duplicate method " + name + "." + fname + ": already declared at "
                            + methodPositions.get(fname));
                    continue;
                }
                methodPositions.put(fname, f.name().position());
                CimMethod m = method(f, fname, name, ns);
                if (m != null) {
                    b.method(m);
                }
            } else {
                if (propertyPositions.containsKey(fname)) {
                    error(f.name().position(), "duplicate property " + name + "." + fname + ": already declared at "
                            + propertyPositions.get(fname));
                    continue;
                }
                propertyPositions.put(fname, f.name().position());
                CimProperty p = property(f, fname, name, ns);
                if (p != null) {
                    b.property(p);
                    if (f.defaultValue() != null) {
                        withDefault.add(fname);
                    }
                }
            }
        }
        return new MofClassDeclaration(b.build(), ns, c.name().position(), superPos, propertyPositions, methodPositions,
                withDefault);
    }

    /** Whether the qualifier is written on the class at all: it then decides the scope, whatever its value. */
    private static boolean flagged(List<Qualifier> raw, String flag) {
        for (Qualifier q : raw) {
            if (q.name().text().equalsIgnoreCase(flag)) {
                return true;
            }
        }
        return false;
    }

    private CimProperty property(Feature f, CimName fname, CimName cls, Namespace ns) {
        String element = (f.reference() ? "reference " : "property ") + cls + "." + fname;
        CimType type;
        CimName refClass = null;
        if (f.reference()) {
            type = CimType.REFERENCE;
            refClass = referencedClass(f.type(), ns, element);
            if (refClass == null) {
                return null;
            }
        } else {
            type = dataType(f.type(), false);
            if (type == null) {
                return null;
            }
        }
        List<CimQualifier> qs = qualifiers(f.qualifiers(), f.reference() ? Scope.REFERENCE : Scope.PROPERTY, ns, element);
        CimValue def = null;
        if (f.defaultValue() != null) {
            def = value(f.defaultValue(), type, f.array(), element, false, null);
            if (def == null) {
                return null;
            }
        }
        return new CimProperty(fname, type, f.array(), f.arraySize(), refClass, def, qs, null, false, null);
    }

    private CimName referencedClass(Name type, Namespace ns, String element) {
        CimName ref = name(type);
        if (ref == null) {
            return null;
        }
        ClassDecl target = classNames.getOrDefault(ns, Map.of()).get(ref);
        if (target == null) {
            error(type.position(), "unknown class " + ref + " in " + element + ": expected a declared class");
            return null;
        }
        return CimName.of(target.name().text());
    }

    private CimMethod method(Feature f, CimName fname, CimName cls, Namespace ns) {
        String element = "method " + cls + "." + fname;
        if (f.reference()) {
            error(f.type().position(), "the return type of " + element + " must be one of " + DATA_TYPES + ", not a reference");
            return null;
        }
        CimType ret = dataType(f.type(), false);
        if (ret == null) {
            return null;
        }
        List<CimQualifier> qs = qualifiers(f.qualifiers(), Scope.METHOD, ns, element);
        List<CimParameter> params = new ArrayList<>();
        Set<CimName> seen = new HashSet<>();
        for (Feature p : f.parameters()) {
            CimName pname = name(p.name());
            if (pname == null) {
                continue;
            }
            String pelement = "parameter " + pname + " of " + element;
            if (!seen.add(pname)) {
                error(p.name().position(), "duplicate " + pelement);
                continue;
            }
            CimType ptype;
            CimName refClass = null;
            if (p.reference()) {
                ptype = CimType.REFERENCE;
                refClass = referencedClass(p.type(), ns, pelement);
                if (refClass == null) {
                    continue;
                }
            } else {
                ptype = dataType(p.type(), false);
                if (ptype == null) {
                    continue;
                }
            }
            if (p.defaultValue() != null) {
                error(p.defaultValue().position(), "unexpected default value for " + pelement
                        + ": parameters take no default in this compiler");
                continue;
            }
            List<CimQualifier> pq = qualifiers(p.qualifiers(), Scope.PARAMETER, ns, pelement);
            params.add(new CimParameter(pname, ptype, p.array(), p.arraySize(), refClass, pq));
        }
        return new CimMethod(fname, ret, params, qs, null, false);
    }

    // ---- values -------------------------------------------------------------------------------------

    /** Resolves an alias to the path of the instance that declared it. */
    private interface AliasResolver {
        ObjectPath resolve(Literal alias) throws TypeError;
    }

    /**
     * Types an initializer against (type, array). A scalar is accepted for an array only where
     * {@code scalarToArray} (qualifier values, as DMTF MOF writes {@code Deprecated("X")}). Errors are reported.
     */
    private CimValue value(Initializer init, CimType type, boolean array, String what, boolean scalarToArray,
                           AliasResolver aliases) {
        String expected = type + (array ? "[]" : "");
        if (init.array() && !array) {
            error(init.position(), "type mismatch: expected a " + expected + " value for " + what + ", found an array");
            return null;
        }
        try {
            if (!array) {
                Literal lit = init.values().get(0);
                return lit.kind() == LiteralKind.NULL ? CimValue.nullValue(type, false)
                        : CimValue.of(type, scalar(lit, type, what, aliases));
            }
            if (!init.array()) {
                Literal lit = init.values().get(0);
                if (lit.kind() == LiteralKind.NULL) {
                    return CimValue.nullValue(type, true);
                }
                if (!scalarToArray) {
                    error(init.position(), "type mismatch: expected an array value { ... } of " + type + " for " + what
                            + ", found " + lit.describe());
                    return null;
                }
            }
            List<Object> elements = new ArrayList<>();
            for (Literal lit : init.values()) {
                elements.add(lit.kind() == LiteralKind.NULL ? null : scalar(lit, type, what, aliases));
            }
            return CimValue.array(type, elements);
        } catch (TypeError e) {
            return null;
        }
    }

    private Object scalar(Literal lit, CimType type, String what, AliasResolver aliases) throws TypeError {
        try {
            return convert(lit, type, aliases);
        } catch (TypeError e) {
            error(lit.position(), e.getMessage().replace("{what}", what));
            throw e;
        }
    }

    private static Object convert(Literal lit, CimType type, AliasResolver aliases) throws TypeError {
        String mismatch = "type mismatch: expected a " + type + " value for {what}, found " + lit.describe();
        switch (lit.kind()) {
            case INTEGER -> {
                BigInteger v;
                try {
                    v = MofLiterals.parseInteger(lit.text());
                } catch (IllegalArgumentException e) {
                    throw new TypeError(e.getMessage() + " in {what}");
                }
                if (type.isInteger()) {
                    try {
                        return CimValue.of(type, v).value();
                    } catch (IllegalArgumentException e) {
                        throw new TypeError("value " + lit.text() + " out of range for " + type + " in {what}");
                    }
                }
                if (type.isReal()) {
                    return CimValue.of(type, v.doubleValue()).value();
                }
                throw new TypeError(mismatch);
            }
            case REAL -> {
                if (!type.isReal()) {
                    throw new TypeError(mismatch);
                }
                try {
                    return CimValue.parseScalar(type, lit.text());
                } catch (IllegalArgumentException e) {
                    throw new TypeError("value " + lit.text() + " out of range for " + type + " in {what}");
                }
            }
            case STRING -> {
                switch (type) {
                    case STRING:
                        return lit.text();
                    case DATETIME:
                        try {
                            return CimDateTime.parse(lit.text());
                        } catch (IllegalArgumentException e) {
                            throw new TypeError("invalid datetime \"" + lit.text() + "\" for {what}: expected "
                                    + "yyyymmddhhmmss.mmmmmmsutc or ddddddddhhmmss.mmmmmm:000");
                        }
                    case REFERENCE:
                        try {
                            return ObjectPath.parse(lit.text());
                        } catch (IllegalArgumentException e) {
                            throw new TypeError("invalid object path \"" + lit.text() + "\" for {what}: " + e.getMessage());
                        }
                    default:
                        throw new TypeError(mismatch);
                }
            }
            case CHAR -> {
                if (type != CimType.CHAR16) {
                    throw new TypeError(mismatch);
                }
                return lit.text().charAt(0);
            }
            case BOOLEAN -> {
                if (type != CimType.BOOLEAN) {
                    throw new TypeError(mismatch);
                }
                return Boolean.valueOf(lit.text().equalsIgnoreCase("true"));
            }
            case ALIAS -> {
                if (type != CimType.REFERENCE || aliases == null) {
                    throw new TypeError(aliases == null
                            ? "unexpected alias " + lit.text() + " in {what}: aliases are only values of instance references"
                            : mismatch);
                }
                return aliases.resolve(lit);
            }
            default -> throw new TypeError(mismatch);
        }
    }

    // ---- instances ----------------------------------------------------------------------------------

    /** Types instances; an alias resolves to its instance's path, computed on demand so order does not matter. */
    private final class InstanceTyper implements AliasResolver {
        private final Map<String, Integer> aliasIndex = new HashMap<>();
        private final List<InstanceDecl> decls = new ArrayList<>();
        private final List<Namespace> namespaces = new ArrayList<>();
        private final Map<Integer, MofInstance> done = new HashMap<>();
        private final Set<Integer> inProgress = new HashSet<>();
        private final Set<Integer> failed = new HashSet<>();

        List<MofInstance> type(List<Located> items) {
            for (Located l : items) {
                if (l.production() instanceof InstanceDecl d) {
                    int idx = decls.size();
                    decls.add(d);
                    namespaces.add(l.namespace());
                    if (d.alias() != null) {
                        String key = d.alias().text().toLowerCase(Locale.ROOT);
                        Integer first = aliasIndex.putIfAbsent(key, idx);
                        if (first != null) {
                            error(d.alias().position(), "duplicate alias " + d.alias().text() + ": already used at "
                                    + decls.get(first).alias().position());
                        }
                    }
                }
            }
            List<MofInstance> out = new ArrayList<>();
            for (int i = 0; i < decls.size(); i++) {
                MofInstance mi = instance(i);
                if (mi != null) {
                    out.add(mi);
                }
            }
            return out;
        }

        @Override
        public ObjectPath resolve(Literal alias) throws TypeError {
            Integer idx = aliasIndex.get(alias.text().toLowerCase(Locale.ROOT));
            if (idx == null) {
                throw new TypeError("unknown alias " + alias.text() + " in {what}: expected an alias declared with 'as'");
            }
            if (inProgress.contains(idx)) {
                throw new TypeError("alias " + alias.text() + " in {what} refers back to an instance being defined");
            }
            MofInstance mi = instance(idx);
            if (mi == null) {
                throw new TypeError("alias " + alias.text() + " in {what} names an instance that has errors");
            }
            if (mi.instance().path() == null) {
                throw new TypeError("alias " + alias.text() + " in {what} names an instance whose keys are not all set");
            }
            return mi.instance().path();
        }

        private MofInstance instance(int idx) {
            if (done.containsKey(idx)) {
                return done.get(idx);
            }
            if (failed.contains(idx)) {
                return null;
            }
            inProgress.add(idx);
            MofInstance mi = build(decls.get(idx), namespaces.get(idx));
            inProgress.remove(idx);
            if (mi == null) {
                failed.add(idx);
            } else {
                done.put(idx, mi);
            }
            return mi;
        }

        private MofInstance build(InstanceDecl d, Namespace ns) {
            CimName className = name(d.className());
            if (className == null) {
                return null;
            }
            Map<CimName, CimClass> classes = typedClasses.getOrDefault(ns, Map.of());
            CimClass cls = classes.get(className);
            if (cls == null) {
                error(d.className().position(), "unknown class " + className + " in instance declaration: expected a declared class");
                return null;
            }
            CimInstance.Builder b = CimInstance.builder(cls.name());
            Map<CimName, CimValue> keys = new LinkedHashMap<>();
            Set<CimName> set = new HashSet<>();
            boolean ok = true;
            for (PropertyValue pv : d.values()) {
                CimName pname = name(pv.name());
                if (pname == null) {
                    ok = false;
                    continue;
                }
                if (!set.add(pname)) {
                    error(pv.name().position(), "property " + pname + " is set twice in this instance of " + cls.name());
                    ok = false;
                    continue;
                }
                CimProperty decl = findProperty(classes, cls, pname);
                if (decl == null) {
                    error(pv.name().position(), "class " + cls.name() + " has no property " + pname
                            + " (declared or inherited)");
                    ok = false;
                    continue;
                }
                CimValue v = value(pv.value(), decl.type(), decl.array(), "property " + cls.name() + "." + decl.name(),
                        false, this);
                if (v == null) {
                    ok = false;
                    continue;
                }
                b.property(new CimProperty(decl.name(), decl.type(), decl.array(), null, decl.referenceClass(), v,
                        List.of(), null, false, CimValue.Embedded.NONE));
                if (isKey(classes, cls, pname)) {
                    keys.put(decl.name(), v);
                }
            }
            if (!ok) {
                return null;
            }
            List<CimName> keyNames = keyNames(classes, cls);
            boolean complete = !keyNames.isEmpty();
            for (CimName k : keyNames) {
                CimValue v = keys.get(k);
                complete &= v != null && !v.isNull() && !v.isArray();
            }
            if (complete) {
                ObjectPath.Builder pb = ObjectPath.builder(cls.name());
                for (CimName k : keyNames) {
                    pb.key(keyName(keys, k), keys.get(k));
                }
                b.path(pb.build());
            }
            String alias = d.alias() == null ? null : d.alias().text().substring(1);
            return new MofInstance(b.build(), alias, ns, d.className().position());
        }

        private CimName keyName(Map<CimName, CimValue> keys, CimName k) {
            for (CimName n : keys.keySet()) {
                if (n.equals(k)) {
                    return n;
                }
            }
            return k;
        }
    }

    private static CimProperty findProperty(Map<CimName, CimClass> classes, CimClass cls, CimName name) {
        Set<CimName> visited = new HashSet<>();
        for (CimClass c = cls; c != null && visited.add(c.name()); c = c.superclass() == null ? null : classes.get(c.superclass())) {
            CimProperty p = c.property(name);
            if (p != null) {
                return p;
            }
        }
        return null;
    }

    private static boolean isKey(Map<CimName, CimClass> classes, CimClass cls, CimName name) {
        Set<CimName> visited = new HashSet<>();
        for (CimClass c = cls; c != null && visited.add(c.name()); c = c.superclass() == null ? null : classes.get(c.superclass())) {
            CimProperty p = c.property(name);
            if (p != null && p.isKey()) {
                return true;
            }
        }
        return false;
    }

    private static List<CimName> keyNames(Map<CimName, CimClass> classes, CimClass cls) {
        List<CimName> out = new ArrayList<>();
        Set<CimName> visited = new HashSet<>();
        for (CimClass c = cls; c != null && visited.add(c.name()); c = c.superclass() == null ? null : classes.get(c.superclass())) {
            for (CimProperty p : c.properties()) {
                if (!out.contains(p.name()) && isKey(classes, cls, p.name())) {
                    out.add(p.name());
                }
            }
        }
        return out;
    }
}
