package org.replicacim.provider.block;

import java.util.ArrayList;
import java.util.List;
import org.replicacim.cim.CimClass;
import org.replicacim.cim.CimException;
import org.replicacim.cim.CimInstance;
import org.replicacim.provider.ComputedInstanceProvider;
import org.replicacim.provider.OperationContext;
import org.replicacim.storage.BackendException;
import org.replicacim.storage.BlockBackend;
import org.replicacim.storage.StoragePool;

/**
 * MSISCSITARGET_StorageConfigurationCapabilities (what the configuration service can do) and
 * MSISCSITARGET_StorageCapabilities (one per pool and per primordial pool).
 */
public final class BlockCapabilitiesProvider extends ComputedInstanceProvider {
    /** The classes this provider serves. */
    public static final String[] CLASSES = {ElementPaths.CONFIGURATION_CAPABILITIES_CLASS,
        ElementPaths.STORAGE_CAPABILITIES_CLASS};

    private final BlockInstances instances;
    private final BlockBackend backend;

    BlockCapabilitiesProvider(BlockInstances instances, BlockBackend backend) {
        this.instances = instances;
        this.backend = backend;
    }

    @Override
    protected List<CimInstance> instances(OperationContext ctx, CimClass cls) throws CimException {
        if (cls.name().is(ElementPaths.CONFIGURATION_CAPABILITIES_CLASS)) {
            return List.of(instances.configurationCapabilities());
        }
        List<CimInstance> out = new ArrayList<>();
        try {
            for (StoragePool p : backend.pools()) {
                out.add(instances.poolCapabilities(p, false));
                out.add(instances.poolCapabilities(p, true));
            }
        } catch (BackendException e) {
            throw BackendErrors.cimException(e);
        }
        return out;
    }
}
