package org.replicacim.storage;

/** What a replica pair is. */
public enum ReplicaKind {
    /** Copy-on-write point in time; the target depends on the source. */
    SNAPSHOT,
    /** Full independent copy of the point in time when the clone was requested. */
    CLONE,
    /** Continuous copy of every write (see {@link MirrorMode}). */
    MIRROR
}
