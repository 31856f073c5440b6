package org.replicacim.operation;

import java.util.ArrayList;
import java.util.List;
import org.replicacim.cim.CimClass;
import org.replicacim.cim.CimException;
import org.replicacim.cim.CimInstance;
import org.replicacim.cim.CimName;
import org.replicacim.cim.CimProperty;
import org.replicacim.cim.CimQualifier;
import org.replicacim.cim.CimStatus;
import org.replicacim.cim.CimValue;
import org.replicacim.cim.Namespace;
import org.replicacim.cim.ObjectPath;
import org.replicacim.message.IntrinsicRequest;
import org.replicacim.provider.InstanceProvider;
import org.replicacim.provider.OperationContext;
import org.replicacim.provider.ResultSink;

/** GetInstance, EnumerateInstances(Names), Create/Modify/DeleteInstance, GetProperty and SetProperty. */
final class InstanceOperations {
    private final Schema schema;
    private final Providers providers;
    private final ValueConversion conversion;
    private final InstanceShaping shaping;

    InstanceOperations(Schema schema, Providers providers, ValueConversion conversion, InstanceShaping shaping) {
        this.schema = schema;
        this.providers = providers;
        this.conversion = conversion;
        this.shaping = shaping;
    }

    CimClass requireClass(Namespace ns, CimName name) throws CimException {
        CimClass c = schema.getClass(ns, name);
        if (c == null) {
            throw new CimException(CimStatus.INVALID_CLASS, "no class " + name + " in namespace " + ns);
        }
        return c;
    }

    /** Fetches one instance, shaped; NOT_FOUND if the provider has none. */
    CimInstance fetch(OperationContext ctx, ObjectPath rawPath, boolean includeClassOrigin, List<CimName> propertyList)
            throws CimException {
        Namespace ns = ctx.namespace();
        CimClass cls = requireClass(ns, rawPath.className());
        ObjectPath path = conversion.normalizePath(ns, cls, rawPath);
        InstanceProvider p = providers.instances(ns, cls);
        if (p == null) {
            throw new CimException(CimStatus.NOT_FOUND, "class " + cls.name() + " is abstract; no instance " + path.local());
        }
        CimInstance i = p.getInstance(ctx, cls, path);
        if (i.path() == null) {
            i = i.withPath(path);
        }
        return shaping.shape(i, ns, cls, null, includeClassOrigin, propertyList);
    }

    void getInstance(OperationContext ctx, IntrinsicRequest.GetInstance r, ResultSink<Object> out) throws CimException {
        out.accept(fetch(ctx, r.instanceName(), r.includeClassOrigin(), r.propertyList()));
    }

    /** Streams the instances of a class and its subclasses (each as its own class), shaped. */
    void enumerate(OperationContext ctx, CimName className, boolean deepInheritance, boolean includeClassOrigin,
                   List<CimName> propertyList, ResultSink<CimInstance> out) throws CimException {
        Namespace ns = ctx.namespace();
        CimClass requested = requireClass(ns, className);
        for (CimClass cls : withSubclasses(ns, requested)) {
            InstanceProvider p = providers.instances(ns, cls);
            if (p == null) {
                continue;
            }
            CimClass limit = deepInheritance ? null : requested;
            p.enumerateInstances(ctx, cls, i -> out.accept(
                    shaping.shape(i, ns, cls, limit, includeClassOrigin, propertyList)));
        }
    }

    /** Streams the paths of the instances of a class and its subclasses, with namespace and host. */
    void enumerateNames(OperationContext ctx, CimName className, ResultSink<ObjectPath> out) throws CimException {
        Namespace ns = ctx.namespace();
        CimClass requested = requireClass(ns, className);
        for (CimClass cls : withSubclasses(ns, requested)) {
            InstanceProvider p = providers.instances(ns, cls);
            if (p != null) {
                p.enumerateInstanceNames(ctx, cls, path -> out.accept(shaping.fullPath(path, ns)));
            }
        }
    }

    List<CimClass> withSubclasses(Namespace ns, CimClass cls) {
        List<CimClass> all = new ArrayList<>();
        all.add(cls);
        for (CimName n : schema.subclassNames(ns, cls.name(), true)) {
            all.add(schema.getClass(ns, n));
        }
        return all;
    }

    void enumerateInstances(OperationContext ctx, IntrinsicRequest.EnumerateInstances r, ResultSink<Object> out)
            throws CimException {
        enumerate(ctx, r.className(), r.deepInheritance(), r.includeClassOrigin(), r.propertyList(), out::accept);
    }

    void enumerateInstanceNames(OperationContext ctx, IntrinsicRequest.EnumerateInstanceNames r, ResultSink<Object> out)
            throws CimException {
        enumerateNames(ctx, r.className(), out::accept);
    }

    void createInstance(OperationContext ctx, IntrinsicRequest.CreateInstance r, ResultSink<Object> out)
            throws CimException {
        Namespace ns = ctx.namespace();
        CimClass cls = requireClass(ns, r.newInstance().className());
        if (cls.isAbstract()) {
            throw new CimException(CimStatus.INVALID_PARAMETER, "class " + cls.name() + " is abstract");
        }
        CimInstance checked = typed(ns, cls, r.newInstance(), null);
        InstanceProvider p = providers.instancesOrFail(ns, cls);
        ObjectPath created = p.createInstance(ctx, cls, checked);
        out.accept(shaping.fullPath(created, ns));
    }

    /** The instance with every property checked against the class and converted to its declared type. */
    private CimInstance typed(Namespace ns, CimClass cls, CimInstance in, ObjectPath path) throws CimException {
        CimInstance.Builder b = CimInstance.builder(cls.name()).path(path);
        for (CimProperty p : in.properties()) {
            CimProperty decl = cls.property(p.name());
            if (decl == null) {
                throw new CimException(CimStatus.INVALID_PARAMETER, "class " + cls.name() + " has no property " + p.name());
            }
            CimValue v = conversion.convert(p.value(), decl.type(), decl.array(), decl.embedded(),
                    "property " + decl.name(), CimStatus.INVALID_PARAMETER);
            b.property(CimProperty.of(decl.name(), ValueConversion.localReferences(ns, v)));
        }
        return b.build();
    }

    void modifyInstance(OperationContext ctx, IntrinsicRequest.ModifyInstance r) throws CimException {
        Namespace ns = ctx.namespace();
        CimInstance mod = r.modifiedInstance();
        if (mod.path() == null) {
            throw new CimException(CimStatus.INVALID_PARAMETER, "ModifiedInstance has no INSTANCENAME");
        }
        if (!mod.path().className().equals(mod.className())) {
            throw new CimException(CimStatus.INVALID_PARAMETER, "ModifiedInstance path names class "
                    + mod.path().className() + " but the instance is of " + mod.className());
        }
        CimClass cls = requireClass(ns, mod.className());
        ObjectPath path = conversion.normalizePath(ns, cls, mod.path());
        CimInstance typed = typed(ns, cls, mod, path);
        List<CimName> list = null;
        if (r.propertyList() != null) {
            list = new ArrayList<>();
            for (CimName n : r.propertyList()) {
                CimProperty decl = cls.property(n);
                if (decl != null && !list.contains(decl.name())) {
                    list.add(decl.name());
                }
            }
        }
        InstanceProvider p = providers.instancesOrFail(ns, cls);
        CimInstance current = p.getInstance(ctx, cls, path);
        for (CimProperty prop : typed.properties()) {
            if (list != null && !list.contains(prop.name())) {
                continue;
            }
            CimProperty decl = cls.property(prop.name());
            CimValue now = current.value(decl.name().value());
            boolean changed = !ValueConversion.sameValue(now, prop.value());
            if (changed && decl.isKey()) {
                throw new CimException(CimStatus.INVALID_PARAMETER, "key property " + decl.name() + " cannot change");
            }
            // Static instances belong to the client; dynamic ones only change where the schema says Write.
            if (changed && !providers.isStatic(p) && !CimQualifier.isTrue(decl.qualifiers(), "Write")) {
                throw new CimException(CimStatus.INVALID_PARAMETER, "property " + decl.name() + " of " + cls.name()
                        + " is not writable");
            }
        }
        p.modifyInstance(ctx, cls, typed, list);
    }

    void deleteInstance(OperationContext ctx, IntrinsicRequest.DeleteInstance r) throws CimException {
        Namespace ns = ctx.namespace();
        CimClass cls = requireClass(ns, r.instanceName().className());
        ObjectPath path = conversion.normalizePath(ns, cls, r.instanceName());
        providers.instancesOrFail(ns, cls).deleteInstance(ctx, cls, path);
    }

    void getProperty(OperationContext ctx, IntrinsicRequest.GetProperty r, ResultSink<Object> out) throws CimException {
        CimClass cls = requireClass(ctx.namespace(), r.instanceName().className());
        CimProperty decl = cls.property(r.propertyName());
        if (decl == null) {
            throw new CimException(CimStatus.NO_SUCH_PROPERTY, "class " + cls.name() + " has no property " + r.propertyName());
        }
        CimInstance i = fetch(ctx, r.instanceName(), false, null);
        CimProperty p = i.property(decl.name());
        if (p != null && !p.value().isNull()) {
            out.accept(p.value());
        }
    }

    void setProperty(OperationContext ctx, IntrinsicRequest.SetProperty r) throws CimException {
        Namespace ns = ctx.namespace();
        CimClass cls = requireClass(ns, r.instanceName().className());
        CimProperty decl = cls.property(r.propertyName());
        if (decl == null) {
            throw new CimException(CimStatus.NO_SUCH_PROPERTY, "class " + cls.name() + " has no property " + r.propertyName());
        }
        CimValue v = ValueConversion.localReferences(ns, conversion.convert(r.newValue(), decl.type(), decl.array(),
                decl.embedded(), "NewValue for " + decl.name(), CimStatus.TYPE_MISMATCH));
        ObjectPath path = conversion.normalizePath(ns, cls, r.instanceName());
        InstanceProvider p = providers.instancesOrFail(ns, cls);
        CimInstance current = p.getInstance(ctx, cls, path);
        boolean changed = !ValueConversion.sameValue(current.value(decl.name().value()), v);
        if (changed && decl.isKey()) {
            throw new CimException(CimStatus.INVALID_PARAMETER, "key property " + decl.name() + " cannot change");
        }
        if (changed && !providers.isStatic(p) && !CimQualifier.isTrue(decl.qualifiers(), "Write")) {
            throw new CimException(CimStatus.NOT_SUPPORTED, "property " + decl.name() + " of " + cls.name()
                    + " is not writable");
        }
        CimInstance mod = CimInstance.builder(cls.name()).path(path).property(decl.name(), v).build();
        p.modifyInstance(ctx, cls, mod, List.of(decl.name()));
    }
}
