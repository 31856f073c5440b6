package org.replicacim.replication;

import java.util.Optional;
import org.replicacim.storage.BackendException;
import org.replicacim.storage.BackendException.Reason;
import org.replicacim.storage.BlockBackend;
import org.replicacim.storage.CopyTask;
import org.replicacim.storage.MirrorMode;
import org.replicacim.storage.PairState;
import org.replicacim.storage.ReplicaPair;
import org.replicacim.storage.ReplicaPairId;
import org.replicacim.storage.ReplicaTarget;
import org.replicacim.storage.VolumeId;

/**
 * Performs a row's {@link BackendAction} with the storage SPI, given the relationship's backend pair (which may not
 * exist yet: a relationship parked Inactive or Prepared has volumes but no pair).
 */
final class BackendActions {
    /** What the backend did: the pair now (null when there is none), the copy started (null when none), and the
     * volumes in their roles after the action. */
    record Effect(ReplicaPairId pairId, VolumeId source, VolumeId target, CopyTask task) {
    }

    private final BlockBackend backend;

    BackendActions(BlockBackend backend) {
        this.backend = backend;
    }

    Effect perform(SyncRelationship r, Transition t) throws BackendException {
        ReplicaPair pair = r.pairId() == null ? null : backend.pair(r.pairId());
        return switch (t.action()) {
            case CANCEL_COPY -> {
                if (pair != null && pair.activeTask().isPresent()) {
                    backend.abort(pair.id());
                }
                yield same(r);
            }
            case START_COPY -> startCopy(r, pair);
            case TAKE_POINT_IN_TIME -> {
                if (pair == null) {
                    ReplicaPair created = backend.createSnapshot(r.source(), ReplicaTarget.existing(r.target()));
                    yield new Effect(created.id(), r.source(), r.target(), null);
                }
                yield new Effect(pair.id(), r.source(), r.target(), backend.resync(pair.id()));
            }
            case STOP_DATA_FLOW -> {
                if (r.syncType() == SyncType.MIRROR && pair != null) {
                    if (pair.activeTask().isPresent()) {
                        backend.suspend(pair.id());
                    } else if (pair.state() == PairState.SYNCHRONIZED) {
                        backend.fracture(pair.id());
                    }
                }
                // A snapshot keeps its copy-on-write data; Activate takes a new point in time over it [INF].
                yield same(r);
            }
            case REMOVE_PAIR, REMOVE_PAIR_AND_TARGET -> {
                boolean deleteTarget = t.action() == BackendAction.REMOVE_PAIR_AND_TARGET;
                if (pair != null) {
                    stopCopy(pair);
                    backend.removePair(pair.id(), deleteTarget);
                } else if (deleteTarget && r.target() != null) {
                    backend.deleteVolume(r.target());
                }
                yield new Effect(null, r.source(), r.target(), null);
            }
            case FAILOVER -> {
                requirePair(r, pair);
                if (pair.activeTask().isPresent() || pair.state() == PairState.ABORTED
                        || pair.state() == PairState.BROKEN || pair.state() == PairState.COPYING) {
                    throw new BackendException(Reason.INVALID_STATE, "the target of " + pair.id()
                            + " has not been completely copied (backend state " + pair.state()
                            + "); it cannot take over from the source");
                }
                if (pair.state() == PairState.SYNCHRONIZED || pair.state() == PairState.SUSPENDED) {
                    backend.fracture(pair.id());
                }
                yield same(r);
            }
            case FAILBACK, RESTORE -> {
                requirePair(r, pair);
                yield new Effect(pair.id(), r.source(), r.target(), backend.restore(pair.id()));
            }
            case FRACTURE -> {
                requirePair(r, pair);
                if (pair.activeTask().isPresent()) {
                    // Fracturing an unfinished copy: the remaining chunks stay pending, so a resync completes it.
                    backend.abort(pair.id());
                } else {
                    backend.fracture(pair.id());
                }
                yield same(r);
            }
            case SPLIT -> {
                requirePair(r, pair);
                backend.split(pair.id());
                yield same(r);
            }
            case RESYNC -> {
                if (pair == null) {
                    yield establish(r);
                }
                yield new Effect(pair.id(), r.source(), r.target(), backend.resync(pair.id()));
            }
            case SUSPEND -> {
                requirePair(r, pair);
                backend.suspend(pair.id());
                yield same(r);
            }
            case RESUME -> {
                requirePair(r, pair);
                yield new Effect(pair.id(), r.source(), r.target(), backend.resumePair(pair.id()));
            }
            case SET_MODE -> {
                if (ReplicationCapabilities.modeOf(t.operation()) != r.mode()) {
                    throw new BackendException(Reason.UNSUPPORTED, "the backend cannot change the mode of a mirror");
                }
                yield same(r);
            }
            case SWAP_ROLES -> {
                requirePair(r, pair);
                ReplicaPair swapped = backend.swapRoles(pair.id());
                yield new Effect(swapped.id(), swapped.source(), swapped.target(), null);
            }
            case PREPARE -> {
                // Re-initialise: forget the pair (and its change tracking); Activate then copies everything.
                if (pair != null) {
                    stopCopy(pair);
                    backend.removePair(pair.id(), false);
                }
                yield new Effect(null, r.source(), r.target(), null);
            }
            case SET_CONSISTENCY, CHANGE_MEMBERSHIP -> throw new IllegalStateException(t.action()
                    + " acts on a group relationship, not on a member pair");
        };
    }

    /** Establishes the relationship's pair over its existing target (Activate after parking, Resync after an Abort
     * that happened before any pair existed). */
    Effect establish(SyncRelationship r) throws BackendException {
        ReplicaTarget target = ReplicaTarget.existing(r.target());
        return switch (r.syncType()) {
            case MIRROR -> {
                CopyTask task = backend.createMirror(r.source(), target, mirrorMode(r.mode()));
                yield new Effect(task.pairId(), r.source(), r.target(), task);
            }
            case CLONE -> {
                CopyTask task = backend.createClone(r.source(), target);
                yield new Effect(task.pairId(), r.source(), r.target(), task);
            }
            case SNAPSHOT -> {
                ReplicaPair p = backend.createSnapshot(r.source(), target);
                yield new Effect(p.id(), r.source(), r.target(), null);
            }
            default -> throw new BackendException(Reason.UNSUPPORTED, r.syncType() + " is not supported");
        };
    }

    private Effect startCopy(SyncRelationship r, ReplicaPair pair) throws BackendException {
        if (pair == null) {
            return establish(r);
        }
        return switch (pair.state()) {
            case SUSPENDED -> new Effect(pair.id(), r.source(), r.target(), backend.resumePair(pair.id()));
            case SYNCHRONIZED -> same(r);
            case FRACTURED, SPLIT, ABORTED, BROKEN ->
                new Effect(pair.id(), r.source(), r.target(), backend.resync(pair.id()));
            default -> throw new BackendException(Reason.IN_USE, "pair " + pair.id() + " is " + pair.state());
        };
    }

    /** Cancels a running (or paused) copy so that the pair can be removed. */
    private void stopCopy(ReplicaPair pair) throws BackendException {
        if (pair.activeTask().isPresent()) {
            backend.abort(pair.id());
        }
    }

    private static void requirePair(SyncRelationship r, ReplicaPair pair) throws BackendException {
        if (pair == null) {
            throw new BackendException(Reason.INVALID_STATE, "relationship " + r.id() + " has no backend pair");
        }
    }

    private static Effect same(SyncRelationship r) {
        return new Effect(r.pairId(), r.source(), r.target(), null);
    }

    static MirrorMode mirrorMode(SyncMode mode) {
        return mode == SyncMode.ASYNCHRONOUS ? MirrorMode.ASYNCHRONOUS : MirrorMode.SYNCHRONOUS;
    }

    /** The CopyState a backend pair state stands for, used to re-align a relationship after a partial failure. */
    static Optional<CopyState> copyStateOf(PairState s) {
        return Optional.of(switch (s) {
            case COPYING, RESYNCING, RESTORING -> CopyState.UNSYNCHRONIZED;
            case SYNCHRONIZED -> CopyState.SYNCHRONIZED;
            case FRACTURED -> CopyState.FRACTURED;
            case SPLIT -> CopyState.SPLIT;
            case SUSPENDED -> CopyState.SUSPENDED;
            case ABORTED -> CopyState.ABORTED;
            case BROKEN -> CopyState.BROKEN;
        });
    }
}
