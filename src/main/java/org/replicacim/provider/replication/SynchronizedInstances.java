package org.replicacim.provider.replication;

import java.time.Duration;
import java.time.Instant;
import org.replicacim.cim.CimDateTime;
import org.replicacim.cim.CimException;
import org.replicacim.cim.CimInstance;
import org.replicacim.cim.CimStatus;
import org.replicacim.cim.CimValue;
import org.replicacim.cim.ObjectPath;
import org.replicacim.provider.block.ElementPaths;
import org.replicacim.replication.CopyState;
import org.replicacim.replication.ProgressStatus;
import org.replicacim.replication.SyncMode;
import org.replicacim.replication.SyncRelationship;
import org.replicacim.replication.SyncType;
import org.replicacim.storage.VolumeId;

/**
 * Turns relationships into MSISCSITARGET_StorageSynchronized instances and paths, and association paths back into
 * the (source, target) volumes they name. Keeps the legacy Copy Services properties (CopyType, ReplicaType,
 * SyncState) consistent with SyncType/Mode/CopyState as replication-services.md §5.2 maps them.
 */
final class SynchronizedInstances {
    /** The two volumes a StorageSynchronized path names. */
    record Ends(VolumeId source, VolumeId target) {
    }

    private final ElementPaths paths;

    SynchronizedInstances(ElementPaths paths) {
        this.paths = paths;
    }

    /** The volume a reference names; NOT_FOUND when it is not a volume of this system. */
    VolumeId volumeId(ObjectPath volume) throws CimException {
        return paths.volumeId(volume, "ObjectName");
    }

    ObjectPath path(SyncRelationship r) {
        return paths.synchronization(paths.volume(r.source()), paths.volume(r.target()));
    }

    /** The volumes of a StorageSynchronized reference; NOT_FOUND when it does not name two volumes of this system. */
    Ends ends(ObjectPath sync, String what) throws CimException {
        if (sync == null) {
            throw new CimException(CimStatus.INVALID_PARAMETER, what + " is required");
        }
        CimValue system = sync.key("SystemElement");
        CimValue synced = sync.key("SyncedElement");
        if (system == null || synced == null || system.isNull() || synced.isNull()
                || !(system.value() instanceof ObjectPath) || !(synced.value() instanceof ObjectPath)) {
            throw new CimException(CimStatus.NOT_FOUND, what + " " + sync + " is not a StorageSynchronized path");
        }
        return new Ends(paths.volumeId(system.asReference(), what + ".SystemElement"),
                paths.volumeId(synced.asReference(), what + ".SyncedElement"));
    }

    CimInstance instance(SyncRelationship r) {
        ObjectPath source = paths.volume(r.source());
        ObjectPath target = paths.volume(r.target());
        CimInstance.Builder b = CimInstance.builder(ElementPaths.SYNCHRONIZED_CLASS)
                .path(paths.synchronization(source, target))
                .property("SystemElement", CimValue.reference(source.local()))
                .property("SyncedElement", CimValue.reference(target.local()))
                .property("SyncType", CimValue.uint16(r.syncType().value()))
                .property("Mode", CimValue.uint16(r.mode().value()))
                .property("CopyState", CimValue.uint16(r.copyState().value()))
                .property("ProgressStatus", CimValue.uint16(r.progressStatus().value()))
                .property("RequestedCopyState", CimValue.uint16(r.requestedCopyState().value()))
                .property("SyncMaintained", CimValue.bool(r.syncMaintained()))
                .property("CopyType", CimValue.uint16(copyType(r)))
                .property("ReplicaType", CimValue.uint16(r.syncType() == SyncType.SNAPSHOT ? 4 : 2))
                .property("SyncState", CimValue.uint16(syncState(r)))
                .property("CopyMethodology", CimValue.uint16(switch (r.syncType()) {
                    case SNAPSHOT -> 6;
                    case MIRROR -> 4;
                    default -> 3;
                }))
                .property("CopyPriority", CimValue.uint16(r.copyPriority()))
                .property("FailedCopyStopsHostIO", CimValue.bool(false));
        if (r.percentSynced() != null) {
            b.property("PercentSynced", CimValue.uint16(r.percentSynced()));
        }
        time(b, "WhenEstablished", r.whenEstablished());
        time(b, "WhenActivated", r.whenActivated());
        time(b, "WhenDeactivated", r.whenDeactivated());
        time(b, "WhenSuspended", r.whenSuspended());
        time(b, "WhenSynchronized", r.whenSynchronized());
        time(b, "WhenSynced", r.whenSynced());
        if (r.syncType() == SyncType.MIRROR && r.mode() == SyncMode.SYNCHRONOUS && r.syncMaintained()) {
            b.property("RPO", CimValue.datetime(CimDateTime.interval(Duration.ZERO)));
        }
        if (r.syncType() == SyncType.MIRROR && r.syncMaintained()) {
            b.property("ReadOnly", CimValue.uint16(3));
        }
        return b.build();
    }

    private static void time(CimInstance.Builder b, String name, Instant t) {
        if (t != null) {
            b.property(name, CimValue.datetime(CimDateTime.of(t)));
        }
    }

    /** Copy Services CopyType: 3 Sync and 2 Async for mirrors, 4 UnSyncAssoc for snapshots and clones (§5.2). */
    static int copyType(SyncRelationship r) {
        if (r.syncType() == SyncType.MIRROR) {
            return r.mode() == SyncMode.SYNCHRONOUS ? 3 : 2;
        }
        return 4;
    }

    /** Copy Services SyncState from CopyState and ProgressStatus (§5.2 alignment table). */
    static int syncState(SyncRelationship r) {
        ProgressStatus ps = r.progressStatus();
        if (ps == ProgressStatus.RESTORING) {
            return 10;
        }
        if (ps == ProgressStatus.FRACTURING || ps == ProgressStatus.SPLITTING) {
            return 7;
        }
        if (ps == ProgressStatus.PREPARING) {
            return 3;
        }
        CopyState s = r.copyState();
        return switch (s) {
            case INITIALIZED -> 2;
            case UNSYNCHRONIZED -> r.syncType() == SyncType.CLONE && ps == ProgressStatus.SYNCHRONIZING ? 15 : 5;
            case SYNCHRONIZED -> switch (r.syncType()) {
                case MIRROR -> 6;
                case CLONE -> 14;
                default -> 11;
            };
            case FRACTURED, SPLIT -> 13;
            case PREPARED -> 4;
            case BROKEN -> 12;
            case INACTIVE, SUSPENDED -> 9;
            default -> 0;
        };
    }
}
