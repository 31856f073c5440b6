package org.replicacim.replication;

import java.util.List;
import java.util.Optional;

/**
 * Where replication groups, group relationships and synchronization aspects are kept so that they outlive the process; each call is durable
 * before it returns (as {@link RelationshipStore}).
 */
public interface GroupStore {
    /** Inserts or replaces the group with this id. */
    void putGroup(ReplicationGroup group);

    Optional<ReplicationGroup> group(String id);

    /** Every group, in no particular order. */
    List<ReplicationGroup> groups();

    /** Forgets the group; no effect if unknown. */
    void removeGroup(String id);

    /** Inserts or replaces the group relationship with this id. */
    void putRelationship(GroupRelationship relationship);

    /** Every group relationship, in no particular order. */
    List<GroupRelationship> relationships();

    /** Forgets the group relationship; no effect if unknown. */
    void removeRelationship(String id);

    /** Inserts or replaces the synchronization aspect with this id. */
    void putAspect(SynchronizationAspect aspect);

    /** Every synchronization aspect, in no particular order. */
    List<SynchronizationAspect> aspects();

    /** Forgets the aspect; no effect if unknown. */
    void removeAspect(String id);
}
