package org.replicacim.replication;

import java.util.List;
import java.util.Objects;
import org.replicacim.storage.PoolId;

/**
 * What CreateGroupReplica asks for, in domain terms.
 *
 * @param targetGroup  an existing group whose members become the targets, in order; null to allocate targets
 * @param pool         where allocated targets go (null: each source's pool); must be null with a target group
 * @param name         RelationshipName (null: one is made up); allocated targets are named {@code <name>_<i>}
 * @param consistent   Consistency 3 (Sequentially Consistent): one point in time across all members
 * @param targetNames  names for allocated targets, parallel to the source members (may be shorter or empty)
 */
public record GroupReplicaRequest(String sourceGroup, String targetGroup, PoolId pool, String name,
                                  SyncType syncType, SyncMode mode, boolean consistent, CopyState waitFor,
                                  int copyPriority, List<String> targetNames) {
    public GroupReplicaRequest {
        Objects.requireNonNull(sourceGroup, "sourceGroup");
        Objects.requireNonNull(syncType, "syncType");
        Objects.requireNonNull(mode, "mode");
        targetNames = targetNames == null ? List.of() : List.copyOf(targetNames);
        if (targetGroup != null && pool != null) {
            throw new IllegalArgumentException("a target group and a target pool are mutually exclusive");
        }
    }
}
