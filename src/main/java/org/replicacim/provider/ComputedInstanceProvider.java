package org.replicacim.provider;

import java.util.List;
import org.replicacim.cim.CimClass;
import org.replicacim.cim.CimException;
import org.replicacim.cim.CimInstance;
import org.replicacim.cim.CimStatus;
import org.replicacim.cim.ObjectPath;

/**
 * Base for read-only providers whose instances are small lists computed on demand (Interop, capabilities):
 * GetInstance finds the instance with the requested path among them.
 */
public abstract class ComputedInstanceProvider implements InstanceProvider {

    /** Every instance of exactly {@code cls}, each with its path. */
    protected abstract List<CimInstance> instances(OperationContext ctx, CimClass cls) throws CimException;

    @Override
    public void enumerateInstances(OperationContext ctx, CimClass cls, ResultSink<CimInstance> out)
            throws CimException {
        for (CimInstance i : instances(ctx, cls)) {
            out.accept(i);
        }
    }

    @Override
    public CimInstance getInstance(OperationContext ctx, CimClass cls, ObjectPath path) throws CimException {
        ObjectPath wanted = local(path, ctx);
        for (CimInstance i : instances(ctx, cls)) {
            if (i.path() != null && local(i.path(), ctx).equals(wanted)) {
                return i;
            }
        }
        throw new CimException(CimStatus.NOT_FOUND, "no instance " + path.local());
    }

    private static ObjectPath local(ObjectPath p, OperationContext ctx) {
        return p.withHost(null).withNamespace(p.namespace() == null ? ctx.namespace() : p.namespace());
    }
}
