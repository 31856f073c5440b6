package org.replicacim.provider;

import java.util.List;
import org.replicacim.cim.CimInstance;
import org.replicacim.cim.CimName;
import org.replicacim.cim.Namespace;
import org.replicacim.cim.ObjectPath;

/** Keeps the instances that clients create for classes without a dynamic provider (e.g. indication subscriptions). */
public interface InstanceStore {

    /** The instances of exactly this class, in creation order. */
    List<CimInstance> list(Namespace ns, CimName className);

    /** The instance at the path (namespace-qualified, compared per CIM rules), or null. */
    CimInstance get(Namespace ns, ObjectPath path);

    /** Stores a new instance; false if one with the same path exists already. */
    boolean insert(Namespace ns, CimInstance instance);

    /** Replaces an existing instance; false if there is none at its path. */
    boolean replace(Namespace ns, CimInstance instance);

    /** Removes the instance; false if there was none. */
    boolean delete(Namespace ns, ObjectPath path);
}
