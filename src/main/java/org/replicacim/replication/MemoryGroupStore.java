package org.replicacim.replication;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Keeps groups in memory only (tests; the server uses the durable store.SqlGroupStore). */
public final class MemoryGroupStore implements GroupStore {
    private final Map<String, ReplicationGroup> groups = new ConcurrentHashMap<>();
    private final Map<String, GroupRelationship> relationships = new ConcurrentHashMap<>();
    private final Map<String, SynchronizationAspect> aspects = new ConcurrentHashMap<>();

    @Override
    public void putGroup(ReplicationGroup group) {
        groups.put(group.id(), group);
    }

    @Override
    public Optional<ReplicationGroup> group(String id) {
        return Optional.ofNullable(groups.get(id));
    }

    @Override
    public List<ReplicationGroup> groups() {
        return new ArrayList<>(groups.values());
    }

    @Override
    public void removeGroup(String id) {
        groups.remove(id);
    }

    @Override
    public void putRelationship(GroupRelationship relationship) {
        relationships.put(relationship.id(), relationship);
    }

    @Override
    public List<GroupRelationship> relationships() {
        return new ArrayList<>(relationships.values());
    }

    @Override
    public void removeRelationship(String id) {
        relationships.remove(id);
    }

    @Override
    public void putAspect(SynchronizationAspect aspect) {
        aspects.put(aspect.id(), aspect);
    }

    @Override
    public List<SynchronizationAspect> aspects() {
        return new ArrayList<>(aspects.values());
    }

    @Override
    public void removeAspect(String id) {
        aspects.remove(id);
    }
}
