package org.replicacim.replication;

/** What an accepted operation asks of the storage backend; the replication service maps each to SPI calls. */
public enum BackendAction {
    /** Stop the running copy; the relationship ends Aborted. */
    CANCEL_COPY,
    /** Start the (full or remaining) copy from source to target. */
    START_COPY,
    /** Take a new point in time: the snapshot target shows the source as it is now. */
    TAKE_POINT_IN_TIME,
    /** Stop sending source writes to the target (for a snapshot: drop the point in time). */
    STOP_DATA_FLOW,
    /** Forget the pair; source and target stay as independent volumes. */
    REMOVE_PAIR,
    /** Forget the pair and delete the target, returning its space to the pool. */
    REMOVE_PAIR_AND_TARGET,
    /** Make the target the writable primary; changes made on it are tracked. */
    FAILOVER,
    /** Copy what changed on the target back to the source and mirror again. */
    FAILBACK,
    /** Stop applying writes to the target; track changes on the source for a later resync. */
    FRACTURE,
    /** Drain in-flight writes so the target is consistent, then fracture. */
    SPLIT,
    /** Copy the chunks changed since the pair parted from source to target. */
    RESYNC,
    /** Copy the target's content back over the source. */
    RESTORE,
    /** Pause the copy and hold (track) source writes. */
    SUSPEND,
    /** Continue a suspended copy, including the writes held meanwhile. */
    RESUME,
    /** Change the mirror mode (synchronous, asynchronous, adaptive). */
    SET_MODE,
    /** Exchange source and target. */
    SWAP_ROLES,
    /** Stop data flow and reset the pair to a prepared, not yet copying, state. */
    PREPARE,
    /** Group only: switch the group's consistency on or off; members' pairs are untouched (a point in time is then
     * taken for all members under the backend's write barrier). */
    SET_CONSISTENCY,
    /** Group only: move existing pairs into or out of the group relationship; no backend call. */
    CHANGE_MEMBERSHIP
}
