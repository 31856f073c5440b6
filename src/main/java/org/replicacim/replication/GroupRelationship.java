package org.replicacim.replication;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A replication relationship between two groups (what CIM_GroupSynchronized shows): one element relationship per
 * member pair, in the groups' member order. Its CopyState is not stored: it is the members' common state, or Mixed
 * (replication-services.md §4.5.5), read from the member relationships each time.
 *
 * @param name               RelationshipName, unique among group relationships
 * @param members            the ids of the member {@link SyncRelationship}s, i-th source member to i-th target
 * @param consistencyEnabled whether operations that take a point in time take it for all members at once
 */
public record GroupRelationship(String id, String name, String sourceGroup, String targetGroup, SyncType syncType,
                                SyncMode mode, List<String> members, boolean consistencyEnabled,
                                Instant whenEstablished) {
    public GroupRelationship {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sourceGroup, "sourceGroup");
        Objects.requireNonNull(targetGroup, "targetGroup");
        Objects.requireNonNull(syncType, "syncType");
        Objects.requireNonNull(mode, "mode");
        members = List.copyOf(members);
    }

    /** The ReplicationType of every member. */
    public ReplicationType replicationType() {
        return ReplicationType.local(syncType, mode);
    }

    public GroupRelationship withMembers(List<String> newMembers) {
        return new GroupRelationship(id, name, sourceGroup, targetGroup, syncType, mode, newMembers,
                consistencyEnabled, whenEstablished);
    }

    public GroupRelationship withConsistency(boolean enabled) {
        return new GroupRelationship(id, name, sourceGroup, targetGroup, syncType, mode, members, enabled,
                whenEstablished);
    }
}
