package org.replicacim.provider;

import org.replicacim.cim.CimClass;
import org.replicacim.cim.CimException;
import org.replicacim.cim.CimInstance;
import org.replicacim.cim.ObjectPath;

/**
 * An instance provider for an association class that can find the associations of one object directly,
 * instead of the dispatcher enumerating every association instance and filtering.
 */
public interface AssociationProvider extends InstanceProvider {

    /**
     * Streams the instances of {@code assocClass} (exactly that class) that reference {@code source}, through the
     * reference property named {@code role} if role is not null.
     */
    void references(OperationContext ctx, CimClass assocClass, ObjectPath source, String role,
                    ResultSink<CimInstance> out) throws CimException;
}
