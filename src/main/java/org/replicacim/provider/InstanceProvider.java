package org.replicacim.provider;

import java.util.List;
import org.replicacim.cim.CimClass;
import org.replicacim.cim.CimException;
import org.replicacim.cim.CimInstance;
import org.replicacim.cim.CimName;
import org.replicacim.cim.CimStatus;
import org.replicacim.cim.ObjectPath;

/**
 * Serves the instances of the classes it is registered for. The dispatcher has already checked the namespace,
 * the class, the keys and the property names; it fans enumerations out over subclasses, so a provider returns
 * instances of exactly the class it is asked for. Returned instances carry their path (namespace may be omitted).
 */
public interface InstanceProvider {

    /** Streams every instance of {@code cls} (not of its subclasses), each with its path. */
    void enumerateInstances(OperationContext ctx, CimClass cls, ResultSink<CimInstance> out) throws CimException;

    /** Streams the paths of every instance of {@code cls}; by default derived from {@link #enumerateInstances}. */
    default void enumerateInstanceNames(OperationContext ctx, CimClass cls, ResultSink<ObjectPath> out)
            throws CimException {
        enumerateInstances(ctx, cls, instance -> out.accept(instance.path()));
    }

    /** The instance at {@code path}; CIM_ERR_NOT_FOUND if there is none. */
    CimInstance getInstance(OperationContext ctx, CimClass cls, ObjectPath path) throws CimException;

    /** Creates an instance and returns its path; CIM_ERR_NOT_SUPPORTED unless the provider allows it. */
    default ObjectPath createInstance(OperationContext ctx, CimClass cls, CimInstance instance) throws CimException {
        throw new CimException(CimStatus.NOT_SUPPORTED, "instances of " + cls.name() + " cannot be created");
    }

    /**
     * Writes the given properties ({@code propertyList} null = every property present in the instance) of the
     * instance at {@code modified.path()}; CIM_ERR_NOT_SUPPORTED unless the provider allows it.
     */
    default void modifyInstance(OperationContext ctx, CimClass cls, CimInstance modified, List<CimName> propertyList)
            throws CimException {
        throw new CimException(CimStatus.NOT_SUPPORTED, "instances of " + cls.name() + " cannot be modified");
    }

    /** Deletes the instance at {@code path}; CIM_ERR_NOT_SUPPORTED unless the provider allows it. */
    default void deleteInstance(OperationContext ctx, CimClass cls, ObjectPath path) throws CimException {
        throw new CimException(CimStatus.NOT_SUPPORTED, "instances of " + cls.name() + " cannot be deleted");
    }
}
