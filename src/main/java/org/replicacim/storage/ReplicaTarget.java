package org.replicacim.storage;

import java.util.Objects;
import java.util.Optional;

/** Where a replica goes: an existing volume supplied by the caller, or a new volume the backend allocates. */
public record ReplicaTarget(Optional<VolumeId> existing, Optional<PoolId> pool, String newName) {
    public ReplicaTarget {
        Objects.requireNonNull(existing);
        Objects.requireNonNull(pool);
        if (existing.isPresent() == pool.isPresent()) {
            throw new IllegalArgumentException("exactly one of existing volume or pool must be given");
        }
    }

    /** Use an existing volume at least as large as the source; its content is overwritten. */
    public static ReplicaTarget existing(VolumeId volume) {
        return new ReplicaTarget(Optional.of(volume), Optional.empty(), null);
    }

    /** Allocate a new volume of the source's size in {@code pool}. */
    public static ReplicaTarget allocate(PoolId pool, String name) {
        return new ReplicaTarget(Optional.empty(), Optional.of(pool), name);
    }
}
