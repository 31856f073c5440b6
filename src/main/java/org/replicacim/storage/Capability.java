package org.replicacim.storage;

/** One thing a backend can do; {@link BackendCapabilities} lists the ones an engine supports. */
public enum Capability {
    /** {@link BlockBackend#createVolume}, {@link BlockBackend#deleteVolume}. */
    VOLUMES,
    /** {@link BlockBackend#resizeVolume}. */
    RESIZE,
    /** {@link BlockBackend#openDevice}: host I/O through the engine (needed for NBD exports). */
    BLOCK_DEVICE,
    /** Point-in-time snapshot by copy-on-write. */
    SNAPSHOT,
    /** Host writes to a snapshot target are allowed (the PIT stays intact underneath). */
    WRITABLE_SNAPSHOT,
    /** Full clone copied in the background; the clone is the content at the time of the request. */
    CLONE,
    /** Synchronous mirror: a write is on the target before it is acknowledged. */
    MIRROR_SYNC,
    /** Asynchronous mirror: writes reach the target from a bounded queue; lag is visible. */
    MIRROR_ASYNC,
    /** Fracture and split leave a tracked pair; the dirty map is visible through {@link BlockBackend#changeMap}. */
    CHANGE_TRACKING,
    /** Resync copies only the chunks changed since the fracture/split/suspend. */
    INCREMENTAL_RESYNC,
    /** Restore copies the target back onto the source. */
    RESTORE,
    /** Swap source and target of a mirror pair. */
    SWAP_ROLES,
    /** Suspend and resume a mirror pair. */
    SUSPEND_RESUME,
    /** Copy tasks can be paused and resumed. */
    PAUSE_COPY,
    /** Copy tasks interrupted by a crash are resumed from a persisted checkpoint on reopen. */
    RESUMABLE_COPY,
    /** {@link BlockBackend#holdingWrites}: host writes to a set of volumes can be held while work runs, so several
     * snapshots or clones share one point in time (consistent replication groups). */
    WRITE_BARRIER
}
