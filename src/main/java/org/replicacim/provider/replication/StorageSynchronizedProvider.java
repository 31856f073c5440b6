package org.replicacim.provider.replication;

import org.replicacim.cim.CimClass;
import org.replicacim.cim.CimException;
import org.replicacim.cim.CimInstance;
import org.replicacim.cim.CimStatus;
import org.replicacim.cim.ObjectPath;
import org.replicacim.provider.AssociationProvider;
import org.replicacim.provider.OperationContext;
import org.replicacim.provider.ResultSink;
import org.replicacim.provider.block.ElementPaths;
import org.replicacim.replication.ReplicationEngine;
import org.replicacim.replication.SyncRelationship;
import org.replicacim.storage.VolumeId;

/**
 * MSISCSITARGET_StorageSynchronized: one association per replication relationship (SystemElement = source,
 * SyncedElement = target), found from either volume; gone (CIM_ERR_NOT_FOUND) once the relationship ends.
 */
public final class StorageSynchronizedProvider implements AssociationProvider {
    /** The class this provider serves. */
    public static final String CLASS = ElementPaths.SYNCHRONIZED_CLASS;

    private final ReplicationEngine engine;
    private final SynchronizedInstances synchronizations;

    StorageSynchronizedProvider(ElementPaths paths, ReplicationEngine engine) {
        this.engine = engine;
        this.synchronizations = new SynchronizedInstances(paths);
    }

    @Override
    public void enumerateInstances(OperationContext ctx, CimClass cls, ResultSink<CimInstance> out)
            throws CimException {
        for (SyncRelationship r : engine.list()) {
            out.accept(synchronizations.instance(r));
        }
    }

    @Override
    public CimInstance getInstance(OperationContext ctx, CimClass cls, ObjectPath path) throws CimException {
        SynchronizedInstances.Ends ends = synchronizations.ends(path, "the instance path");
        SyncRelationship r = engine.find(ends.source(), ends.target()).orElseThrow(() -> new CimException(
                CimStatus.NOT_FOUND, "no replication relationship " + ends.source() + " -> " + ends.target()));
        return synchronizations.instance(r);
    }

    @Override
    public void references(OperationContext ctx, CimClass assocClass, ObjectPath source, String role,
                           ResultSink<CimInstance> out) throws CimException {
        VolumeId volume;
        try {
            volume = synchronizations.volumeId(source);
        } catch (CimException e) {
            return; // not one of our volumes: it takes part in no relationship
        }
        for (SyncRelationship r : engine.involving(volume)) {
            boolean asSource = volume.equals(r.source());
            if (role == null || (asSource && role.equalsIgnoreCase("SystemElement"))
                    || (!asSource && role.equalsIgnoreCase("SyncedElement"))) {
                out.accept(synchronizations.instance(r));
            }
        }
    }
}
