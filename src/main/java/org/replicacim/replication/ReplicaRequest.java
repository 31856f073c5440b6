package org.replicacim.replication;

import java.util.Objects;
import org.replicacim.storage.PoolId;
import org.replicacim.storage.VolumeId;

/**
 * What CreateElementReplica asks for, in storage terms.
 *
 * @param target       an existing volume to use as the target, or null to allocate one
 * @param pool         where to allocate the target (null: the source's pool); must be null when target is given
 * @param name         the name of an allocated target (null: the backend's default)
 * @param waitFor      the state the caller waits for; {@link CopyState#INACTIVE} parks the relationship there
 *                     without starting data flow; null: no wait
 * @param copyPriority CopyPriority of the relationship (0 Not Managed)
 */
public record ReplicaRequest(VolumeId source, VolumeId target, PoolId pool, String name, SyncType syncType,
                             SyncMode mode, CopyState waitFor, int copyPriority) {
    public ReplicaRequest {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(syncType, "syncType");
        Objects.requireNonNull(mode, "mode");
        if (target != null && pool != null) {
            throw new IllegalArgumentException("a target volume and a target pool are mutually exclusive");
        }
    }
}
