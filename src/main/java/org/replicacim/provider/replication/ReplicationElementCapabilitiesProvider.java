package org.replicacim.provider.replication;

import java.util.List;
import org.replicacim.cim.CimClass;
import org.replicacim.cim.CimInstance;
import org.replicacim.cim.CimValue;
import org.replicacim.cim.ObjectPath;
import org.replicacim.provider.ComputedInstanceProvider;
import org.replicacim.provider.OperationContext;
import org.replicacim.provider.block.ElementPaths;

/** MSISCSITARGET_ElementCapabilities from the replication service to its capabilities (Default and Current). */
public final class ReplicationElementCapabilitiesProvider extends ComputedInstanceProvider {
    /** The class this provider serves. */
    public static final String CLASS = "MSISCSITARGET_ElementCapabilities";

    private final ObjectPath service;
    private final ObjectPath capabilities;
    private final ElementPaths paths;

    ReplicationElementCapabilitiesProvider(ElementPaths paths, ObjectPath capabilities) {
        this.paths = paths;
        this.service = paths.replicationService();
        this.capabilities = capabilities;
    }

    @Override
    protected List<CimInstance> instances(OperationContext ctx, CimClass cls) {
        ObjectPath p = ObjectPath.builder(CLASS).namespace(paths.namespace())
                .key("ManagedElement", CimValue.reference(service.local()))
                .key("Capabilities", CimValue.reference(capabilities.local())).build();
        return List.of(CimInstance.builder(CLASS).path(p)
                .property("ManagedElement", CimValue.reference(service.local()))
                .property("Capabilities", CimValue.reference(capabilities.local()))
                .property("Characteristics", CimValue.uint16Array(2, 3))
                .build());
    }
}
