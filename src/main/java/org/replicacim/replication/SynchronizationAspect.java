package org.replicacim.replication;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.replicacim.storage.ReplicaPairId;
import org.replicacim.storage.VolumeId;

/**
 * A point in time of a volume or of a group's members kept without a target the client named (what
 * CIM_SynchronizationAspect shows, tied to its source by CIM_SettingsDefineState, replication-services.md §9.3). Each
 * point is a backend snapshot pair whose target volume holds the preserved blocks; Attach To Target turns those pairs
 * into Snapshot relationships.
 *
 * @param sourceGroup the group whose members it was taken of, or null for one volume
 * @param points      one per source volume, in member order
 * @param consistent  the points were taken under one write barrier (Consistency 3)
 */
public record SynchronizationAspect(String id, String name, String sourceGroup, List<Point> points,
                                    boolean consistent, Instant pointInTime) {
    /** One source's point in time: the backend snapshot pair and the volume that holds it. */
    public record Point(VolumeId source, VolumeId holder, ReplicaPairId pair) {
        public Point {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(holder, "holder");
            Objects.requireNonNull(pair, "pair");
        }
    }

    public SynchronizationAspect {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        points = List.copyOf(points);
    }

    public SynchronizationAspect withConsistency(boolean enabled) {
        return new SynchronizationAspect(id, name, sourceGroup, points, enabled, pointInTime);
    }
}
