package org.replicacim.replication;

import java.util.List;
import java.util.Optional;

/**
 * Where replication relationships are kept so that they outlive the process. The engine calls it once per state
 * change, before acting on the backend (the intent) and again after (the result); an implementation makes each
 * call durable before returning.
 */
public interface RelationshipStore {
    /** Inserts or replaces the relationship with this id. */
    void put(SyncRelationship relationship);

    Optional<SyncRelationship> get(String id);

    /** Every relationship, in no particular order. */
    List<SyncRelationship> list();

    /** Forgets the relationship; no effect if it is unknown. */
    void remove(String id);
}
