package org.replicacim.operation;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.replicacim.cim.CimClass;
import org.replicacim.cim.CimException;
import org.replicacim.cim.CimInstance;
import org.replicacim.cim.CimName;
import org.replicacim.cim.CimProperty;
import org.replicacim.cim.CimStatus;
import org.replicacim.cim.CimType;
import org.replicacim.cim.CimValue;
import org.replicacim.cim.Namespace;
import org.replicacim.cim.ObjectPath;
import org.replicacim.message.ClassWithPath;
import org.replicacim.message.IntrinsicRequest;
import org.replicacim.provider.AssociationProvider;
import org.replicacim.provider.InstanceProvider;
import org.replicacim.provider.OperationContext;
import org.replicacim.provider.ResultSink;

/** Associators, AssociatorNames, References and ReferenceNames, at instance level and at class level. */
final class AssociationOperations {
    private interface AssociationVisitor {
        void visit(CimClass assocClass, CimInstance association, CimName sourceRole) throws CimException;
    }

    private final Schema schema;
    private final Providers providers;
    private final ValueConversion conversion;
    private final InstanceShaping shaping;
    private final InstanceOperations instances;
    private final String host;

    AssociationOperations(Schema schema, Providers providers, ValueConversion conversion, InstanceShaping shaping,
                          InstanceOperations instances, String host) {
        this.schema = schema;
        this.providers = providers;
        this.conversion = conversion;
        this.shaping = shaping;
        this.instances = instances;
        this.host = host;
    }

    // ---- requests --------------------------------------------------------------------------------

    void associators(OperationContext ctx, IntrinsicRequest.Associators r, ResultSink<Object> out) throws CimException {
        if (r.objectName().isClassPath()) {
            classAssociators(ctx.namespace(), r.objectName(), r.assocClass(), r.resultClass(), r.role(), r.resultRole(),
                    out, true, r.includeQualifiers(), r.includeClassOrigin(), r.propertyList());
            return;
        }
        associatorInstances(ctx, r.objectName(), r.assocClass(), r.resultClass(), r.role(), r.resultRole(),
                r.includeClassOrigin(), r.propertyList(), out::accept);
    }

    void associatorNames(OperationContext ctx, IntrinsicRequest.AssociatorNames r, ResultSink<Object> out)
            throws CimException {
        if (r.objectName().isClassPath()) {
            classAssociators(ctx.namespace(), r.objectName(), r.assocClass(), r.resultClass(), r.role(), r.resultRole(),
                    out, false, false, false, null);
            return;
        }
        associatorPaths(ctx, r.objectName(), r.assocClass(), r.resultClass(), r.role(), r.resultRole(), out::accept);
    }

    void references(OperationContext ctx, IntrinsicRequest.References r, ResultSink<Object> out) throws CimException {
        if (r.objectName().isClassPath()) {
            classReferences(ctx.namespace(), r.objectName(), r.resultClass(), r.role(), out, true,
                    r.includeQualifiers(), r.includeClassOrigin(), r.propertyList());
            return;
        }
        referenceInstances(ctx, r.objectName(), r.resultClass(), r.role(), r.includeClassOrigin(), r.propertyList(),
                out::accept);
    }

    void referenceNames(OperationContext ctx, IntrinsicRequest.ReferenceNames r, ResultSink<Object> out)
            throws CimException {
        if (r.objectName().isClassPath()) {
            classReferences(ctx.namespace(), r.objectName(), r.resultClass(), r.role(), out, false, false, false, null);
            return;
        }
        referenceInstances(ctx, r.objectName(), r.resultClass(), r.role(), false, null,
                i -> out.accept(i.path()));
    }

    // ---- instance level --------------------------------------------------------------------------

    void referenceInstances(OperationContext ctx, ObjectPath objectName, CimName resultClass, String role,
                            boolean includeClassOrigin, List<CimName> propertyList, ResultSink<CimInstance> out)
            throws CimException {
        Namespace ns = ctx.namespace();
        checkFilterClass(ns, resultClass, "ResultClass");
        ObjectPath source = source(ns, objectName);
        traverse(ctx, source, resultClass, role, (assocClass, assoc, sourceRole) ->
                out.accept(shaping.shape(assoc, ns, assocClass, null, includeClassOrigin, propertyList)));
    }

    void associatorPaths(OperationContext ctx, ObjectPath objectName, CimName assocClass, CimName resultClass,
                         String role, String resultRole, ResultSink<ObjectPath> out) throws CimException {
        Namespace ns = ctx.namespace();
        checkFilterClass(ns, assocClass, "AssocClass");
        checkFilterClass(ns, resultClass, "ResultClass");
        checkRole(resultRole, "ResultRole");
        ObjectPath source = source(ns, objectName);
        Set<ObjectPath> seen = new LinkedHashSet<>();
        traverse(ctx, source, assocClass, role, (cls, assoc, sourceRole) -> {
            for (ObjectPath target : targets(ns, assoc, sourceRole, resultClass, resultRole)) {
                if (seen.add(target)) {
                    out.accept(target.withHost(host));
                }
            }
        });
    }

    void associatorInstances(OperationContext ctx, ObjectPath objectName, CimName assocClass, CimName resultClass,
                             String role, String resultRole, boolean includeClassOrigin, List<CimName> propertyList,
                             ResultSink<CimInstance> out) throws CimException {
        associatorPaths(ctx, objectName, assocClass, resultClass, role, resultRole, target -> {
            try {
                out.accept(instances.fetch(ctx.inNamespace(target.namespace()), target, includeClassOrigin,
                        propertyList));
            } catch (CimException e) {
                // An association may point at an object that vanished meanwhile; skip it.
                if (e.status() != CimStatus.NOT_FOUND && e.status() != CimStatus.INVALID_CLASS) {
                    throw e;
                }
            }
        });
    }

    private ObjectPath source(Namespace ns, ObjectPath objectName) throws CimException {
        CimClass cls = schema.getClass(ns, objectName.className());
        if (cls == null) {
            throw new CimException(CimStatus.INVALID_PARAMETER, "ObjectName names unknown class " + objectName.className());
        }
        Namespace own = objectName.namespace() == null ? ns : objectName.namespace();
        return conversion.normalizePath(own, cls, objectName);
    }

    private void checkFilterClass(Namespace ns, CimName cls, String what) throws CimException {
        if (cls != null && schema.getClass(ns, cls) == null) {
            throw new CimException(CimStatus.INVALID_PARAMETER, what + " names unknown class " + cls);
        }
    }

    private static void checkRole(String role, String what) throws CimException {
        if (role != null && !CimName.isValid(role)) {
            throw new CimException(CimStatus.INVALID_PARAMETER, what + " '" + role + "' is not a valid property name");
        }
    }

    /** Visits every association instance that references {@code source} (through {@code role}, if given). */
    private void traverse(OperationContext ctx, ObjectPath source, CimName assocFilter, String role,
                          AssociationVisitor visitor) throws CimException {
        checkRole(role, "Role");
        Namespace ns = ctx.namespace();
        ObjectPath wanted = source.withHost(null);
        for (CimName assocName : schema.associationClassNames(ns)) {
            if (assocFilter != null && !schema.isSubclassOf(ns, assocName, assocFilter)) {
                continue;
            }
            CimClass assoc = schema.getClass(ns, assocName);
            if (!refersTo(ns, assoc, source.className(), role)) {
                continue;
            }
            InstanceProvider p = providers.instances(ns, assoc);
            if (p == null) {
                continue;
            }
            ResultSink<CimInstance> filter = a -> {
                CimName via = matchingRole(ns, assoc, a, wanted, role);
                if (via != null) {
                    visitor.visit(assoc, a, via);
                }
            };
            if (p instanceof AssociationProvider ap) {
                ap.references(ctx, assoc, source, role, filter);
            } else {
                p.enumerateInstances(ctx, assoc, filter);
            }
        }
    }

    /** Whether the class declares a reference (named role, if given) that can point at an instance of {@code cls}. */
    private boolean refersTo(Namespace ns, CimClass assoc, CimName cls, String role) {
        for (CimProperty ref : assoc.referenceProperties()) {
            if (role != null && !ref.name().is(role)) {
                continue;
            }
            if (ref.referenceClass() == null || schema.isSubclassOf(ns, cls, ref.referenceClass())
                    || schema.isSubclassOf(ns, ref.referenceClass(), cls)) {
                return true;
            }
        }
        return false;
    }

    private static CimName matchingRole(Namespace ns, CimClass assoc, CimInstance a, ObjectPath wanted, String role) {
        for (CimProperty p : a.properties()) {
            if (p.value().type() != CimType.REFERENCE || p.value().isNull() || (role != null && !p.name().is(role))) {
                continue;
            }
            if (samePath(ns, p.value().asReference(), wanted)) {
                CimProperty decl = assoc.property(p.name());
                return decl == null ? p.name() : decl.name();
            }
        }
        return null;
    }

    private static boolean samePath(Namespace ns, ObjectPath ref, ObjectPath wanted) {
        ObjectPath r = ref.withHost(null);
        if (r.namespace() == null) {
            r = r.withNamespace(ns);
        }
        return r.equals(wanted);
    }

    private List<ObjectPath> targets(Namespace ns, CimInstance assoc, CimName sourceRole, CimName resultClass,
                                     String resultRole) {
        List<ObjectPath> out = new java.util.ArrayList<>();
        for (CimProperty p : assoc.properties()) {
            CimValue v = p.value();
            if (v.type() != CimType.REFERENCE || v.isNull() || p.name().equals(sourceRole)
                    || (resultRole != null && !p.name().is(resultRole))) {
                continue;
            }
            ObjectPath t = v.asReference().withHost(null);
            if (t.namespace() == null) {
                t = t.withNamespace(ns);
            }
            if (resultClass != null) {
                Namespace tns = t.namespace();
                if (schema.getClass(tns, t.className()) == null
                        || !schema.isSubclassOf(tns, t.className(), resultClass)) {
                    continue;
                }
            }
            out.add(t);
        }
        return out;
    }

    // ---- class level -----------------------------------------------------------------------------

    private CimClass sourceClass(Namespace ns, ObjectPath objectName) throws CimException {
        CimClass cls = schema.getClass(ns, objectName.className());
        if (cls == null) {
            throw new CimException(CimStatus.INVALID_PARAMETER, "ObjectName names unknown class " + objectName.className());
        }
        return cls;
    }

    private void classReferences(Namespace ns, ObjectPath objectName, CimName resultClass, String role,
                                 ResultSink<Object> out, boolean withClasses, boolean includeQualifiers,
                                 boolean includeClassOrigin, List<CimName> propertyList) throws CimException {
        CimClass source = sourceClass(ns, objectName);
        checkFilterClass(ns, resultClass, "ResultClass");
        checkRole(role, "Role");
        for (CimName assocName : schema.associationClassNames(ns)) {
            if (resultClass != null && !schema.isSubclassOf(ns, assocName, resultClass)) {
                continue;
            }
            CimClass assoc = schema.getClass(ns, assocName);
            if (refersTo(ns, assoc, source.name(), role)) {
                emitClass(ns, assoc, out, withClasses, includeQualifiers, includeClassOrigin, propertyList);
            }
        }
    }

    private void classAssociators(Namespace ns, ObjectPath objectName, CimName assocClass, CimName resultClass,
                                  String role, String resultRole, ResultSink<Object> out, boolean withClasses,
                                  boolean includeQualifiers, boolean includeClassOrigin, List<CimName> propertyList)
            throws CimException {
        CimClass source = sourceClass(ns, objectName);
        checkFilterClass(ns, assocClass, "AssocClass");
        checkFilterClass(ns, resultClass, "ResultClass");
        checkRole(role, "Role");
        checkRole(resultRole, "ResultRole");
        Set<CimName> seen = new LinkedHashSet<>();
        for (CimName assocName : schema.associationClassNames(ns)) {
            if (assocClass != null && !schema.isSubclassOf(ns, assocName, assocClass)) {
                continue;
            }
            CimClass assoc = schema.getClass(ns, assocName);
            for (CimProperty from : assoc.referenceProperties()) {
                if ((role != null && !from.name().is(role)) || from.referenceClass() == null
                        || !schema.isSubclassOf(ns, source.name(), from.referenceClass())) {
                    continue;
                }
                for (CimProperty to : assoc.referenceProperties()) {
                    if (to.name().equals(from.name()) || to.referenceClass() == null
                            || (resultRole != null && !to.name().is(resultRole))
                            || (resultClass != null && !schema.isSubclassOf(ns, to.referenceClass(), resultClass))) {
                        continue;
                    }
                    if (seen.add(to.referenceClass())) {
                        CimClass target = schema.getClass(ns, to.referenceClass());
                        if (target != null) {
                            emitClass(ns, target, out, withClasses, includeQualifiers, includeClassOrigin, propertyList);
                        }
                    }
                }
            }
        }
    }

    private void emitClass(Namespace ns, CimClass c, ResultSink<Object> out, boolean withClasses,
                           boolean includeQualifiers, boolean includeClassOrigin, List<CimName> propertyList)
            throws CimException {
        ObjectPath path = ObjectPath.ofClass(ns, c.name()).withHost(host);
        if (withClasses) {
            out.accept(new ClassWithPath(path, ClassOperations.shape(c, false, includeQualifiers, includeClassOrigin,
                    propertyList)));
        } else {
            out.accept(path);
        }
    }
}
