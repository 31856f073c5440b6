package org.replicacim.replication;

import java.util.Objects;

/**
 * One cell of the CopyState machine (replication-services.md §12.2): from a state, an operation on a SyncType
 * leads, through a transitional CopyState and ProgressStatus, to a final state — or removes the relationship.
 *
 * @param during       CopyState while the operation runs (equal to {@code from} when it does not change)
 * @param duringStatus ProgressStatus while it runs; null where the table shows none
 * @param to           final CopyState; null when the relationship is removed
 * @param toStatus     final ProgressStatus; null when removed
 */
public record Transition(SyncType syncType, CopyState from, SyncOperation operation, boolean forceRequired,
                         CopyState during, ProgressStatus duringStatus, CopyState to, ProgressStatus toStatus,
                         boolean swapsRoles, BackendAction action) {
    public Transition {
        Objects.requireNonNull(syncType, "syncType");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(during, "during");
        Objects.requireNonNull(action, "action");
    }

    /** Whether the relationship ceases to exist when the operation completes. */
    public boolean removesRelationship() {
        return to == null;
    }
}
