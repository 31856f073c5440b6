package org.replicacim.replication;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Keeps relationships in memory only (tests; the server uses the durable store.SqlRelationshipStore). */
public final class MemoryRelationshipStore implements RelationshipStore {
    private final Map<String, SyncRelationship> relationships = new ConcurrentHashMap<>();

    @Override
    public void put(SyncRelationship relationship) {
        relationships.put(relationship.id(), relationship);
    }

    @Override
    public Optional<SyncRelationship> get(String id) {
        return Optional.ofNullable(relationships.get(id));
    }

    @Override
    public List<SyncRelationship> list() {
        return new ArrayList<>(relationships.values());
    }

    @Override
    public void remove(String id) {
        relationships.remove(id);
    }
}
