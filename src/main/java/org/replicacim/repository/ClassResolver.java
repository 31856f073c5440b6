package org.replicacim.repository;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.replicacim.cim.CimClass;
import org.replicacim.cim.CimMethod;
import org.replicacim.cim.CimName;
import org.replicacim.cim.CimParameter;
import org.replicacim.cim.CimProperty;
import org.replicacim.cim.CimQualifier;
import org.replicacim.cim.CimValue;
import org.replicacim.mof.MofClassDeclaration;
import org.replicacim.mof.MofError;
import org.replicacim.mof.SourcePosition;

/**
 * Resolves the class declarations of one namespace through inheritance: inherited members with class origin and
 * propagated flag, qualifiers propagated by flavor (ToSubclass unless Restricted), DisableOverride and Override
 * checks, association rules and key rules. Every problem becomes a {@link MofError} at the offending declaration.
 */
final class ClassResolver {
    private final Map<CimName, MofClassDeclaration> declarations = new LinkedHashMap<>();
    private final Map<CimName, CimClass> resolved = new LinkedHashMap<>();
    private final Set<CimName> failed = new HashSet<>();
    private final List<CimName> inProgress = new ArrayList<>();
    private final List<MofError> errors;

    ClassResolver(List<MofClassDeclaration> classes, List<MofError> errors) {
        this.errors = errors;
        for (MofClassDeclaration d : classes) {
            MofClassDeclaration first = declarations.putIfAbsent(d.name(), d);
            if (first != null && !first.equals(d)) {
                error(d.position(), "duplicate class " + d.name() + ": already declared at " + first.position());
            }
        }
    }

    /** Resolves every class; classes with errors (or with an ancestor that has errors) are left out. */
    Map<CimName, CimClass> resolveAll() {
        for (CimName name : declarations.keySet()) {
            resolve(name);
        }
        Map<CimName, CimClass> out = new LinkedHashMap<>();
        for (CimName name : declarations.keySet()) {
            CimClass c = resolved.get(name);
            if (c != null) {
                out.put(c.name(), c);
            }
        }
        return out;
    }

    private void error(SourcePosition pos, String message) {
        errors.add(new MofError(pos, message));
    }

    private CimClass resolve(CimName name) {
        CimClass done = resolved.get(name);
        if (done != null || failed.contains(name)) {
            return done;
        }
        MofClassDeclaration d = declarations.get(name);
        int at = inProgress.indexOf(name);
        if (at >= 0) {
            StringBuilder cycle = new StringBuilder();
            for (CimName n : inProgress.subList(at, inProgress.size())) {
                cycle.append(n).append(" -> ");
            }
            error(d.position(), "circular inheritance: " + cycle + d.name());
            failed.add(name);
            return null;
        }
        inProgress.add(name);
        CimClass c = build(d);
        inProgress.remove(inProgress.size() - 1);
        if (c == null) {
            failed.add(name);
        } else {
            resolved.put(name, c);
        }
        return c;
    }

    private CimClass build(MofClassDeclaration d) {
        CimClass local = d.cimClass();
        CimClass sup = null;
        if (local.superclass() != null) {
            if (!declarations.containsKey(local.superclass())) {
                SourcePosition pos = d.superclassPosition() != null ? d.superclassPosition() : d.position();
                errors.add(MofError.unknownSuperclass(pos, local.superclass(), local.name()));
                return null;
            }
            sup = resolve(local.superclass());
            if (sup == null) {
                return null;
            }
        }
        int errorsBefore = errors.size();
        String where = "class " + local.name();
        CimClass.Builder b = CimClass.builder(local.name()).superclass(sup == null ? null : sup.name());
        b.qualifiers(merge(sup == null ? List.of() : sup.qualifiers(), local.qualifiers(), where, d.position()));

        Map<CimName, CimProperty> properties = new LinkedHashMap<>();
        if (sup != null) {
            for (CimProperty p : sup.properties()) {
                properties.put(p.name(), inherit(p));
            }
        }
        boolean superHasKeys = sup != null && !sup.keyProperties().isEmpty();
        for (CimProperty p : local.properties()) {
            CimProperty merged = overrideProperty(d, sup, properties.get(p.name()), p);
            if (merged == null) {
                continue;
            }
            if (superHasKeys && merged.isKey() && (properties.get(p.name()) == null || !properties.get(p.name()).isKey())) {
                error(d.positionOfProperty(p.name()), "key property " + local.name() + "." + p.name()
                        + " is not allowed: superclass " + sup.name() + " already defines the keys "
                        + names(sup.keyProperties()) + ", and a subclass may not add keys");
            }
            properties.put(p.name(), merged);
        }
        properties.values().forEach(b::property);

        Map<CimName, CimMethod> methods = new LinkedHashMap<>();
        if (sup != null) {
            for (CimMethod m : sup.methods()) {
                methods.put(m.name(), inherit(m));
            }
        }
        for (CimMethod m : local.methods()) {
            CimMethod merged = overrideMethod(d, sup, methods.get(m.name()), m);
            if (merged != null) {
                methods.put(m.name(), merged);
            }
        }
        methods.values().forEach(b::method);
        CimClass c = b.build();
        checkAssociation(d, sup, c);
        return errors.size() == errorsBefore ? c : null;
    }

    private static String names(List<CimProperty> props) {
        List<String> out = new ArrayList<>();
        props.forEach(p -> out.add(p.name().value()));
        return String.join(", ", out);
    }

    private void checkAssociation(MofClassDeclaration d, CimClass sup, CimClass c) {
        if (c.isAssociation()) {
            if (sup != null && !sup.isAssociation()) {
                error(d.position(), "association " + c.name() + " cannot be a subclass of " + sup.name()
                        + ", which is not an association");
            }
            if (c.referenceProperties().size() < 2) {
                error(d.position(), "association " + c.name() + " needs at least two references, has "
                        + c.referenceProperties().size());
            }
        } else {
            for (CimProperty p : d.cimClass().properties()) {
                if (p.isReference()) {
                    error(d.positionOfProperty(p.name()), "reference " + c.name() + "." + p.name()
                            + " is only allowed in an association: expected the class to carry the Association qualifier");
                }
            }
        }
    }

    // ---- qualifiers ---------------------------------------------------------------------------------

    /** Inherited qualifiers that propagate (ToSubclass), then local ones; a local one may not change a DisableOverride value. */
    private List<CimQualifier> merge(List<CimQualifier> inherited, List<CimQualifier> local, String where,
                                     SourcePosition pos) {
        Map<CimName, CimQualifier> out = new LinkedHashMap<>();
        for (CimQualifier q : inherited) {
            if (q.flavors().toSubclass()) {
                out.put(q.name(), q.propagated() ? q : q.asPropagated());
            }
        }
        for (CimQualifier q : local) {
            CimQualifier old = out.get(q.name());
            if (old != null && !old.flavors().overridable() && !old.value().equals(q.value())) {
                error(pos, "qualifier " + q.name() + " on " + where + " may not be overridden (it is DisableOverride): "
                        + "inherited value " + old.value() + ", found " + q.value());
                continue;
            }
            out.put(q.name(), q);
        }
        return new ArrayList<>(out.values());
    }

    private static List<CimQualifier> propagate(List<CimQualifier> qualifiers) {
        List<CimQualifier> out = new ArrayList<>();
        for (CimQualifier q : qualifiers) {
            if (q.flavors().toSubclass()) {
                out.add(q.propagated() ? q : q.asPropagated());
            }
        }
        return out;
    }

    // ---- properties ---------------------------------------------------------------------------------

    private static CimProperty inherit(CimProperty p) {
        return new CimProperty(p.name(), p.type(), p.array(), p.arraySize(), p.referenceClass(), p.value(),
                propagate(p.qualifiers()), p.classOrigin(), true, null);
    }

    private CimProperty overrideProperty(MofClassDeclaration d, CimClass sup, CimProperty inherited, CimProperty local) {
        CimName cls = d.name();
        SourcePosition pos = d.positionOfProperty(local.name());
        String kind = local.isReference() ? "reference" : "property";
        String where = kind + " " + cls + "." + local.name();
        if (!checkOverride(pos, where, kind, sup, inherited != null, local.name(), local.qualifier("Override"))) {
            return null;
        }
        if (inherited == null) {
            return new CimProperty(local.name(), local.type(), local.array(), local.arraySize(), local.referenceClass(),
                    local.value(), local.qualifiers(), cls, false, null);
        }
        if (inherited.type() != local.type() || inherited.array() != local.array()) {
            error(pos, "bad override of " + where + ": type " + describe(local) + " does not match inherited "
                    + inherited.classOrigin() + "." + inherited.name() + " of type " + describe(inherited));
            return null;
        }
        if (local.isReference() && !isSameOrSubclass(local.referenceClass(), inherited.referenceClass())) {
            error(pos, "bad override of " + where + ": REF " + local.referenceClass() + " is not "
                    + inherited.referenceClass() + " or a subclass of it");
            return null;
        }
        List<CimQualifier> qualifiers = merge(inherited.qualifiers(), local.qualifiers(), where, pos);
        CimValue value = d.hasDefault(local.name()) ? local.value() : inherited.value();
        return new CimProperty(local.name(), local.type(), local.array(),
                local.arraySize() != null ? local.arraySize() : inherited.arraySize(), local.referenceClass(), value,
                qualifiers, cls, false, null);
    }

    private static String describe(CimProperty p) {
        return (p.isReference() ? "REF " + p.referenceClass() : p.type().wireName()) + (p.array() ? "[]" : "");
    }

    /**
     * An element that redefines an inherited one must say Override with its own name; Override must name an
     * inherited element. Reports and returns false when not.
     */
    private boolean checkOverride(SourcePosition pos, String where, String kind, CimClass sup, boolean inherited,
                                  CimName name, CimQualifier override) {
        if (override == null) {
            if (inherited) {
                error(pos, where + " redefines the inherited " + kind + " of " + sup.name()
                        + " without Override(\"" + name + "\")");
                return false;
            }
            return true;
        }
        String target = override.value().isNull() ? null : override.value().asString();
        if (target == null || target.isEmpty()) {
            error(pos, "bad override on " + where + ": expected Override(\"" + name + "\") naming the inherited " + kind);
            return false;
        }
        if (!name.is(target)) {
            error(pos, "bad override on " + where + ": Override(\"" + target + "\") must name the " + kind
                    + " itself; renaming an inherited " + kind + " is not supported");
            return false;
        }
        if (!inherited) {
            error(pos, "bad override on " + where + ": Override(\"" + target + "\") names no inherited " + kind
                    + (sup == null ? " (the class has no superclass)" : " of " + sup.name()));
            return false;
        }
        return true;
    }

    private boolean isSameOrSubclass(CimName cls, CimName ancestor) {
        Set<CimName> seen = new HashSet<>();
        for (CimName c = cls; c != null && seen.add(c); ) {
            if (c.equals(ancestor)) {
                return true;
            }
            MofClassDeclaration d = declarations.get(c);
            c = d == null ? null : d.cimClass().superclass();
        }
        return false;
    }

    // ---- methods ------------------------------------------------------------------------------------

    private static CimMethod inherit(CimMethod m) {
        List<CimParameter> params = new ArrayList<>();
        for (CimParameter p : m.parameters()) {
            params.add(p.withQualifiers(propagate(p.qualifiers())));
        }
        return new CimMethod(m.name(), m.returnType(), params, propagate(m.qualifiers()), m.classOrigin(), true);
    }

    private CimMethod overrideMethod(MofClassDeclaration d, CimClass sup, CimMethod inherited, CimMethod local) {
        CimName cls = d.name();
        SourcePosition pos = d.positionOfMethod(local.name());
        String where = "method " + cls + "." + local.name();
        if (!checkOverride(pos, where, "method", sup, inherited != null, local.name(), local.qualifier("Override"))) {
            return null;
        }
        if (inherited == null) {
            return local.withOrigin(cls, false);
        }
        if (inherited.returnType() != local.returnType()) {
            error(pos, "bad override of " + where + ": return type " + local.returnType() + " does not match inherited "
                    + inherited.classOrigin() + "." + inherited.name() + " returning " + inherited.returnType());
            return null;
        }
        List<CimParameter> params = new ArrayList<>();
        for (CimParameter p : local.parameters()) {
            CimParameter old = inherited.parameter(p.name());
            params.add(old == null ? p
                    : p.withQualifiers(merge(old.qualifiers(), p.qualifiers(), "parameter " + p.name() + " of " + where, pos)));
        }
        return new CimMethod(local.name(), local.returnType(), params,
                merge(inherited.qualifiers(), local.qualifiers(), where, pos), cls, false);
    }
}
