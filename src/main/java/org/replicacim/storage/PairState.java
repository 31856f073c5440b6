package org.replicacim.storage;

/** Backend state of a replica pair (storage terms; the replication layer maps these to CIM CopyState). */
public enum PairState {
    /** Initial copy running (clone, mirror); the target is not complete. */
    COPYING,
    /** Snapshot: PIT established. Clone: copy complete. Mirror: target follows the source. */
    SYNCHRONIZED,
    /** Mirror stopped applying writes; changes are tracked on both sides. */
    FRACTURED,
    /** Like FRACTURED, after draining queued writes so the target is consistent. */
    SPLIT,
    /** Mirror (or copy) suspended; changes are tracked until resume. */
    SUSPENDED,
    /** Incremental copy source to target running. */
    RESYNCING,
    /** Incremental copy target to source running. */
    RESTORING,
    /** A copy was aborted or cancelled; the target is incomplete until a resync. */
    ABORTED,
    /** The pair lost integrity (for example a copy failed with an I/O error); the target is not usable. */
    BROKEN
}
