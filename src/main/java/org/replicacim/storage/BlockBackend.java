package org.replicacim.storage;

import java.util.Collection;
import java.util.List;

/**
 * A block-storage engine: pools, volumes, host I/O and replication primitives.
 *
 * <p>Every method is thread-safe and idempotent only where stated. Errors are {@link BackendException}s with a
 * reason; a refused call changes nothing. Primitives an engine lacks throw {@code UNSUPPORTED} and are absent
 * from {@link #capabilities()}. Crash behaviour is given per method; "atomic" means a crash leaves either the
 * old or the new state, never a mix.
 */
public interface BlockBackend extends AutoCloseable {

    /** What this engine supports; constant for the life of the backend. Read-only. */
    BackendCapabilities capabilities();

    /** Pools with current capacity and free space. Read-only. */
    List<StoragePool> pools() throws BackendException;

    /** One pool; NOT_FOUND if unknown. Read-only. */
    StoragePool pool(PoolId id) throws BackendException;

    /** Creates a zero-filled thin volume. Atomic: after a crash the volume either exists whole or not at all. */
    Volume createVolume(PoolId pool, String name, long sizeBytes) throws BackendException;

    /** Deletes an unused volume (IN_USE while it is part of a pair). Atomic. */
    void deleteVolume(VolumeId id) throws BackendException;

    /** Grows or shrinks a volume outside any pair; shrinking below the last non-zero byte is refused. Atomic. */
    Volume resizeVolume(VolumeId id, long newSizeBytes) throws BackendException;

    /** Every volume, sorted by id. Read-only. */
    List<Volume> volumes() throws BackendException;

    /** One volume; NOT_FOUND if unknown. Read-only. */
    Volume volume(VolumeId id) throws BackendException;

    /** Opens host I/O on a volume; close the device when done. Opening has no durable effect. */
    BlockDevice openDevice(VolumeId id) throws BackendException;

    /**
     * Takes a copy-on-write point-in-time snapshot of {@code source} now. Returns with the pair SYNCHRONIZED; no
     * data is copied until the source changes. Atomic: after a crash the snapshot either exists with its point in
     * time intact or does not exist (a target allocated by the call is then removed).
     */
    ReplicaPair createSnapshot(VolumeId source, ReplicaTarget target) throws BackendException;

    /**
     * Starts a full clone of {@code source} as of now; the pair is COPYING until the returned task completes,
     * then SYNCHRONIZED and independent (changes on either side are tracked for a later resync). After a crash
     * the task resumes from its last checkpoint or is reported FAILED.
     */
    CopyTask createClone(VolumeId source, ReplicaTarget target) throws BackendException;

    /**
     * Starts a mirror: the returned task makes the initial copy (COPYING), then the pair is SYNCHRONIZED and
     * every source write is applied to the target according to {@code mode}. After a crash, writes that might not
     * have reached the target are in the persisted dirty map and are copied again.
     */
    CopyTask createMirror(VolumeId source, ReplicaTarget target, MirrorMode mode) throws BackendException;

    /** Stops applying writes (asynchronous: drops the queue, whose chunks stay dirty) and tracks changes. Atomic. */
    ReplicaPair fracture(ReplicaPairId id) throws BackendException;

    /** Like fracture, but first drains queued asynchronous writes so the target is consistent. Atomic. */
    ReplicaPair split(ReplicaPairId id) throws BackendException;

    /** Stops applying writes or pauses the running copy, tracking changes until {@link #resumePair}. Atomic. */
    ReplicaPair suspend(ReplicaPairId id) throws BackendException;

    /** Resumes a suspended pair by copying the tracked changes; the pair is SYNCHRONIZED when the task ends. */
    CopyTask resumePair(ReplicaPairId id) throws BackendException;

    /**
     * Makes the target equal the source again, copying only chunks in the dirty map (all chunks after an abort
     * if the engine lost track). Snapshots take a new point in time instead and return an already completed task.
     * Crash behaviour as for {@link #createClone}.
     */
    CopyTask resync(ReplicaPairId id) throws BackendException;

    /** Copies the target back onto the source (only changed chunks), then the pair is SYNCHRONIZED again. */
    CopyTask restore(ReplicaPairId id) throws BackendException;

    /** Exchanges source and target of a mirror pair (queued writes are drained first). Atomic. */
    ReplicaPair swapRoles(ReplicaPairId id) throws BackendException;

    /** Cancels the running copy; the pair becomes ABORTED and the target is reported incomplete. Atomic. */
    ReplicaPair abort(ReplicaPairId id) throws BackendException;

    /**
     * Dissolves the pair; both volumes stay as independent volumes unless {@code deleteTarget}. A snapshot
     * target depends on its source and can only be removed together with the target. Atomic.
     */
    void removePair(ReplicaPairId id, boolean deleteTarget) throws BackendException;

    /** Every pair, sorted by id; after a crash, as reconciled on reopen. Read-only. */
    List<ReplicaPair> pairs() throws BackendException;

    /** One pair; NOT_FOUND if unknown. Read-only. */
    ReplicaPair pair(ReplicaPairId id) throws BackendException;

    /** The dirty map of a pair (CHANGE_TRACKING); survives crashes as a superset of the true changes. Read-only. */
    ChangeMap changeMap(ReplicaPairId id) throws BackendException;

    /** Copy tasks known to the backend: those started since it was opened and those reopened after a crash.
     * Read-only. */
    List<CopyTask> tasks();

    /** One task; NOT_FOUND if unknown (finished tasks are forgotten when the backend closes). Read-only. */
    CopyTask task(CopyTaskId id) throws BackendException;

    /** Cumulative byte counters since the backend was opened (not persisted). Read-only. */
    BackendCounters counters();

    /** Work run by {@link #holdingWrites} while host writes are held. */
    @FunctionalInterface
    interface HeldWork<T> {
        T run() throws BackendException;
    }

    /**
     * Runs {@code work} as a write barrier over {@code volumes} ({@link Capability#WRITE_BARRIER}): new host writes
     * to them wait, writes already in flight complete first, and none is applied until {@code work} returns, so
     * snapshots and clones the work takes (with {@link #createSnapshot}, {@link #createClone}, {@link #resync},
     * {@link #fracture}) all show the volumes at one point in time: a write acknowledged before the barrier is in
     * every one, a write acknowledged after it in none. The work runs on the calling thread and must not wait for
     * host I/O (no {@link #split} or {@link #swapRoles} of an asynchronous mirror). An engine may hold more writes
     * than asked (the file engine holds all). Engines without the capability throw {@code UNSUPPORTED} and run
     * nothing. No durable effect of its own.
     */
    default <T> T holdingWrites(Collection<VolumeId> volumes, HeldWork<T> work) throws BackendException {
        throw new BackendException(BackendException.Reason.UNSUPPORTED,
                "this backend cannot hold host writes across volumes (no consistent point in time for groups)");
    }

    /** Stops copy tasks at a checkpoint (they resume on reopen) and releases files. */
    @Override
    void close() throws BackendException;
}
