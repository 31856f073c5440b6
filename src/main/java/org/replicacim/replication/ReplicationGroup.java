package org.replicacim.replication;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.replicacim.storage.VolumeId;

/**
 * A replication group (what CIM_ReplicationGroup shows): an ordered list of volumes replicated together; the order
 * pairs source members with target members (replication-services.md §5.4).
 *
 * @param members              the member volumes in their AssignedSequence order, no duplicates
 * @param persistent           false: the group (not its members) may go once no relationship uses it
 * @param deleteOnEmpty        the group is deleted when its last member leaves
 * @param deleteOnUnassociated the group is deleted when it is no longer in a group relationship
 * @param reservedAs           2 Source Only, 3 Target Only, 4 Source or Target
 */
public record ReplicationGroup(String id, String name, List<VolumeId> members, boolean persistent,
                               boolean deleteOnEmpty, boolean deleteOnUnassociated, int reservedAs,
                               Instant created) {
    /** ReservedAs: the group may only be a source. */
    public static final int SOURCE_ONLY = 2;
    /** ReservedAs: the group may only be a target. */
    public static final int TARGET_ONLY = 3;
    /** ReservedAs: either role. */
    public static final int SOURCE_OR_TARGET = 4;

    public ReplicationGroup {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        members = List.copyOf(members);
        if (members.stream().distinct().count() != members.size()) {
            throw new IllegalArgumentException("a group lists a member twice: " + members);
        }
        if (reservedAs < SOURCE_ONLY || reservedAs > SOURCE_OR_TARGET) {
            throw new IllegalArgumentException("ReservedAs " + reservedAs + " is not 2, 3 or 4");
        }
    }

    /** The same group with other members. */
    public ReplicationGroup withMembers(List<VolumeId> newMembers) {
        return new ReplicationGroup(id, name, newMembers, persistent, deleteOnEmpty, deleteOnUnassociated, reservedAs,
                created);
    }
}
