package org.replicacim.replication;

import java.time.Instant;
import java.util.Objects;
import org.replicacim.storage.CopyTaskId;
import org.replicacim.storage.ReplicaPairId;
import org.replicacim.storage.VolumeId;

/**
 * One replication relationship between a source and a target volume (what CIM_StorageSynchronized shows).
 *
 * @param id                 stable id, kept across Reverse Roles (which exchanges source and target)
 * @param target             null only while the relationship is being established and the backend has not yet
 *                           allocated the target
 * @param requestedCopyState the state an accepted operation is heading for; {@link CopyState#NOT_APPLICABLE} when
 *                           no operation is in progress (§4.4 rule 1)
 * @param percentSynced      0..100, or null when unknown
 * @param pairId             the backend pair, null while none exists (parked Inactive or Prepared, or not yet
 *                           established)
 * @param taskId             the backend copy task working for the relationship (running or paused), or null
 * @param generation         incremented by every accepted operation that changes data flow; a copy that
 *                           finishes only updates the relationship if no later operation superseded it
 * @param copyPriority       CIM CopyPriority (0 Not Managed, 1 Low, 2 Same, 3 High, 4 Urgent)
 */
public record SyncRelationship(String id, VolumeId source, VolumeId target, SyncType syncType, SyncMode mode,
                               CopyState copyState, ProgressStatus progressStatus, CopyState requestedCopyState,
                               Integer percentSynced, Instant whenEstablished, Instant whenActivated,
                               Instant whenDeactivated, Instant whenSuspended, Instant whenSynchronized,
                               Instant whenSynced, ReplicaPairId pairId, CopyTaskId taskId, long generation,
                               int copyPriority) {
    public SyncRelationship {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(syncType, "syncType");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(copyState, "copyState");
        Objects.requireNonNull(progressStatus, "progressStatus");
        Objects.requireNonNull(requestedCopyState, "requestedCopyState");
        if (percentSynced != null && (percentSynced < 0 || percentSynced > 100)) {
            throw new IllegalArgumentException("percentSynced out of range: " + percentSynced);
        }
    }

    /** The ReplicationType (SyncType and Mode, local). */
    public ReplicationType replicationType() {
        return ReplicationType.local(syncType, mode);
    }

    /** Whether an accepted operation (or the establishing copy) has not reached its final state yet. */
    public boolean inTransition() {
        return requestedCopyState != CopyState.NOT_APPLICABLE;
    }

    /** Whether source writes keep reaching the target (§4.4 rule 5). */
    public boolean syncMaintained() {
        return syncType == SyncType.MIRROR
                && (copyState == CopyState.SYNCHRONIZED || copyState == CopyState.UNSYNCHRONIZED);
    }

    public static Builder builder(String id) {
        return new Builder(id);
    }

    public Builder toBuilder() {
        Builder b = new Builder(id);
        b.source = source;
        b.target = target;
        b.syncType = syncType;
        b.mode = mode;
        b.copyState = copyState;
        b.progressStatus = progressStatus;
        b.requestedCopyState = requestedCopyState;
        b.percentSynced = percentSynced;
        b.whenEstablished = whenEstablished;
        b.whenActivated = whenActivated;
        b.whenDeactivated = whenDeactivated;
        b.whenSuspended = whenSuspended;
        b.whenSynchronized = whenSynchronized;
        b.whenSynced = whenSynced;
        b.pairId = pairId;
        b.taskId = taskId;
        b.generation = generation;
        b.copyPriority = copyPriority;
        return b;
    }

    /** Builds relationships field by field; the record has too many components to call its constructor plainly. */
    public static final class Builder {
        private final String id;
        private VolumeId source;
        private VolumeId target;
        private SyncType syncType;
        private SyncMode mode;
        private CopyState copyState;
        private ProgressStatus progressStatus = ProgressStatus.COMPLETED;
        private CopyState requestedCopyState = CopyState.NOT_APPLICABLE;
        private Integer percentSynced;
        private Instant whenEstablished;
        private Instant whenActivated;
        private Instant whenDeactivated;
        private Instant whenSuspended;
        private Instant whenSynchronized;
        private Instant whenSynced;
        private ReplicaPairId pairId;
        private CopyTaskId taskId;
        private long generation;
        private int copyPriority;

        private Builder(String id) {
            this.id = id;
        }

        public Builder source(VolumeId v) {
            source = v;
            return this;
        }

        public Builder target(VolumeId v) {
            target = v;
            return this;
        }

        public Builder syncType(SyncType v) {
            syncType = v;
            return this;
        }

        public Builder mode(SyncMode v) {
            mode = v;
            return this;
        }

        public Builder copyState(CopyState v) {
            copyState = v;
            return this;
        }

        public Builder progressStatus(ProgressStatus v) {
            progressStatus = v;
            return this;
        }

        public Builder requestedCopyState(CopyState v) {
            requestedCopyState = v;
            return this;
        }

        public Builder percentSynced(Integer v) {
            percentSynced = v;
            return this;
        }

        public Builder whenEstablished(Instant v) {
            whenEstablished = v;
            return this;
        }

        public Builder whenActivated(Instant v) {
            whenActivated = v;
            return this;
        }

        public Builder whenDeactivated(Instant v) {
            whenDeactivated = v;
            return this;
        }

        public Builder whenSuspended(Instant v) {
            whenSuspended = v;
            return this;
        }

        public Builder whenSynchronized(Instant v) {
            whenSynchronized = v;
            return this;
        }

        public Builder whenSynced(Instant v) {
            whenSynced = v;
            return this;
        }

        public Builder pairId(ReplicaPairId v) {
            pairId = v;
            return this;
        }

        public Builder taskId(CopyTaskId v) {
            taskId = v;
            return this;
        }

        public Builder generation(long v) {
            generation = v;
            return this;
        }

        public Builder copyPriority(int v) {
            copyPriority = v;
            return this;
        }

        public SyncRelationship build() {
            return new SyncRelationship(id, source, target, syncType, mode, copyState, progressStatus,
                    requestedCopyState, percentSynced, whenEstablished, whenActivated, whenDeactivated, whenSuspended,
                    whenSynchronized, whenSynced, pairId, taskId, generation, copyPriority);
        }
    }
}
