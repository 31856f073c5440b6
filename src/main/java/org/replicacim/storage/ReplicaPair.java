package org.replicacim.storage;

import java.time.Instant;
import java.util.Optional;

/**
 * Snapshot of a replica pair's state.
 *
 * @param mode             the mirror mode, empty for snapshots and clones
 * @param pointInTime      when the pair last reached a point in time (snapshot taken, clone started, last sync)
 * @param changedBytes     bytes the dirty map marks as changed since the last synchronisation (chunk granularity)
 * @param lagBytes         asynchronous mirrors: bytes acknowledged on the source and not yet on the target
 * @param activeTask       the copy task currently working for this pair, if any
 */
public record ReplicaPair(ReplicaPairId id, ReplicaKind kind, Optional<MirrorMode> mode, VolumeId source,
                          VolumeId target, PairState state, Instant pointInTime, long changedBytes, long lagBytes,
                          Optional<CopyTaskId> activeTask) {
}
