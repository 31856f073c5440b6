package org.replicacim.provider.block;

import java.util.Map;
import org.replicacim.cim.CimClass;
import org.replicacim.cim.CimException;
import org.replicacim.cim.CimInstance;
import org.replicacim.cim.CimStatus;
import org.replicacim.cim.ObjectPath;
import org.replicacim.provider.InstanceProvider;
import org.replicacim.provider.OperationContext;
import org.replicacim.provider.ResultSink;
import org.replicacim.storage.BackendException;
import org.replicacim.storage.BlockBackend;
import org.replicacim.storage.Volume;
import org.replicacim.storage.VolumeId;

/**
 * MSISCSITARGET_StorageVolume: one instance per backend volume, its Usage derived from the replica pairs it is in.
 * Volumes are created and deleted through the storage configuration service, not with Create/DeleteInstance.
 */
public final class StorageVolumeProvider implements InstanceProvider {
    /** The class this provider serves. */
    public static final String CLASS = ElementPaths.VOLUME_CLASS;

    private final BlockInstances instances;
    private final ElementPaths paths;
    private final BlockBackend backend;

    StorageVolumeProvider(BlockInstances instances, BlockBackend backend) {
        this.instances = instances;
        this.paths = instances.paths();
        this.backend = backend;
    }

    @Override
    public void enumerateInstances(OperationContext ctx, CimClass cls, ResultSink<CimInstance> out)
            throws CimException {
        try {
            Map<VolumeId, BlockInstances.Roles> roles = BlockInstances.roles(backend.pairs());
            for (Volume v : backend.volumes()) {
                out.accept(instances.volume(v, roles.getOrDefault(v.id(), BlockInstances.Roles.NONE)));
            }
        } catch (BackendException e) {
            throw BackendErrors.cimException(e);
        }
    }

    @Override
    public void enumerateInstanceNames(OperationContext ctx, CimClass cls, ResultSink<ObjectPath> out)
            throws CimException {
        try {
            for (Volume v : backend.volumes()) {
                out.accept(paths.volume(v.id()));
            }
        } catch (BackendException e) {
            throw BackendErrors.cimException(e);
        }
    }

    @Override
    public CimInstance getInstance(OperationContext ctx, CimClass cls, ObjectPath path) throws CimException {
        VolumeId id = paths.volumeId(path, "volume");
        if (!paths.volume(id).equals(path.withHost(null).withNamespace(paths.namespace()))) {
            throw new CimException(CimStatus.NOT_FOUND, "no volume " + path.local());
        }
        try {
            Volume v = backend.volume(id);
            return instances.volume(v, BlockInstances.roles(backend.pairs()).getOrDefault(id,
                    BlockInstances.Roles.NONE));
        } catch (BackendException e) {
            throw BackendErrors.cimException(e);
        }
    }
}
