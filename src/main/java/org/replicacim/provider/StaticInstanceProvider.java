package org.replicacim.provider;

import java.util.List;
import java.util.UUID;
import org.replicacim.cim.CimClass;
import org.replicacim.cim.CimException;
import org.replicacim.cim.CimInstance;
import org.replicacim.cim.CimName;
import org.replicacim.cim.CimProperty;
import org.replicacim.cim.CimStatus;
import org.replicacim.cim.CimType;
import org.replicacim.cim.CimValue;
import org.replicacim.cim.ObjectPath;

/**
 * The default provider for classes that have no dynamic provider: holds instances created with CreateInstance in
 * an {@link InstanceStore}. A missing string key named InstanceID is generated; other missing keys are an error.
 */
public final class StaticInstanceProvider implements InstanceProvider {
    private final InstanceStore store;

    public StaticInstanceProvider(InstanceStore store) {
        this.store = store;
    }

    @Override
    public void enumerateInstances(OperationContext ctx, CimClass cls, ResultSink<CimInstance> out)
            throws CimException {
        for (CimInstance i : store.list(ctx.namespace(), cls.name())) {
            out.accept(i);
        }
    }

    @Override
    public CimInstance getInstance(OperationContext ctx, CimClass cls, ObjectPath path) throws CimException {
        CimInstance i = store.get(ctx.namespace(), path);
        if (i == null) {
            throw new CimException(CimStatus.NOT_FOUND, "no instance " + path.local());
        }
        return i;
    }

    @Override
    public ObjectPath createInstance(OperationContext ctx, CimClass cls, CimInstance instance) throws CimException {
        if (cls.isAbstract()) {
            throw new CimException(CimStatus.INVALID_PARAMETER, "class " + cls.name() + " is abstract");
        }
        CimInstance.Builder b = instance.toBuilder();
        ObjectPath.Builder path = ObjectPath.builder(cls.name()).namespace(ctx.namespace());
        for (CimProperty key : cls.keyProperties()) {
            CimProperty given = instance.property(key.name());
            CimValue v = given == null ? null : given.value();
            if (v == null || v.isNull()) {
                if (key.name().is("InstanceID") && key.type() == CimType.STRING) {
                    v = CimValue.string("ReplicaCIM:" + UUID.randomUUID());
                    b.property(key.withValue(v).withOrigin(null, false).withQualifiers(List.of()));
                } else if (key.name().is("CreationClassName") && key.type() == CimType.STRING) {
                    v = CimValue.string(cls.name().value());
                    b.property(CimProperty.of(key.name(), v));
                } else {
                    throw new CimException(CimStatus.INVALID_PARAMETER,
                            "key property " + key.name() + " of " + cls.name() + " has no value");
                }
            }
            path.key(key.name(), v);
        }
        ObjectPath p = path.build();
        CimInstance stored = b.path(p).build();
        if (!store.insert(ctx.namespace(), stored)) {
            throw new CimException(CimStatus.ALREADY_EXISTS, "instance " + p.local() + " exists already");
        }
        return p;
    }

    @Override
    public void modifyInstance(OperationContext ctx, CimClass cls, CimInstance modified, List<CimName> propertyList)
            throws CimException {
        CimInstance current = store.get(ctx.namespace(), modified.path());
        if (current == null) {
            throw new CimException(CimStatus.NOT_FOUND, "no instance " + modified.path().local());
        }
        CimInstance.Builder b = current.toBuilder();
        if (propertyList == null) {
            for (CimProperty p : modified.properties()) {
                b.property(p);
            }
        } else {
            for (CimName name : propertyList) {
                CimProperty p = modified.property(name);
                CimProperty decl = cls.property(name);
                if (p != null) {
                    b.property(p);
                } else if (decl != null) {
                    b.property(CimProperty.of(decl.name(), CimValue.nullValue(decl.type(), decl.array())));
                }
            }
        }
        store.replace(ctx.namespace(), b.build());
    }

    @Override
    public void deleteInstance(OperationContext ctx, CimClass cls, ObjectPath path) throws CimException {
        if (!store.delete(ctx.namespace(), path)) {
            throw new CimException(CimStatus.NOT_FOUND, "no instance " + path.local());
        }
    }

}
