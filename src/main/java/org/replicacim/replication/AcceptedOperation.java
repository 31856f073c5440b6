package org.replicacim.replication;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * An operation (or a creation) the engine has accepted and applied as far as it could at once. While it holds the
 * relationship, other operations on it get In Use (except Abort); it lets go when its final state is reached, when
 * a later operation supersedes it, or when the caller {@link #release() releases} it (having waited only for a
 * waypoint).
 */
public final class AcceptedOperation {
    private final ReplicationEngine engine;
    private final String relationshipId;
    private final long generation;
    private final SyncOperation operation;
    private final List<CopyState> path;
    private final SyncRelationship relationship;
    private final SyncRelationship before;

    AcceptedOperation(ReplicationEngine engine, String relationshipId, long generation, SyncOperation operation,
                      List<CopyState> path, SyncRelationship before, SyncRelationship relationship) {
        this.engine = engine;
        this.relationshipId = relationshipId;
        this.generation = generation;
        this.operation = operation;
        this.path = List.copyOf(path);
        this.before = before;
        this.relationship = relationship;
    }

    public String relationshipId() {
        return relationshipId;
    }

    /** The operation, or null for the creation of the relationship. */
    public SyncOperation operation() {
        return operation;
    }

    /** The relationship before the operation (null for a creation). */
    public SyncRelationship before() {
        return before;
    }

    /** The relationship right after the operation was applied; null when the operation removed it. */
    public SyncRelationship relationship() {
        return relationship;
    }

    /** Whether the operation ended the relationship. */
    public boolean removed() {
        return relationship == null;
    }

    /** Whether work continues after acceptance (a copy runs towards the final state). */
    public boolean continuing() {
        return relationship != null && relationship.inTransition() && relationship.generation() == generation;
    }

    /** The relationship's generation this operation started (a later operation supersedes it). */
    public long generation() {
        return generation;
    }

    /** The state the operation ends in (null when it removes the relationship). */
    public CopyState finalState() {
        return path.isEmpty() ? null : path.get(path.size() - 1);
    }

    /**
     * Completes with the relationship once it has reached {@code state}: at once for a waypoint the operation has
     * already passed, when the copy ends for the final state, with null for {@link CopyState#NOT_APPLICABLE} once
     * removed; completes exceptionally with a {@link ReplicationException} (FAILED) when the state has become
     * unreachable (the copy failed, was aborted or superseded, or the relationship was removed).
     */
    public CompletionStage<SyncRelationship> reached(CopyState state) {
        if (state == CopyState.NOT_APPLICABLE && removed()) {
            return CompletableFuture.completedFuture(null);
        }
        int i = path.indexOf(state);
        if (i >= 0 && i < path.size() - 1) {
            return CompletableFuture.completedFuture(engine.get(relationshipId).orElse(relationship));
        }
        return engine.watch(relationshipId, generation, state);
    }

    /** Completes when the operation has reached its final state (see {@link #reached}). */
    public CompletionStage<SyncRelationship> completion() {
        return removed() ? CompletableFuture.completedFuture(null) : reached(finalState());
    }

    /** Progress of the copy towards the final state, 0..100. */
    public int percent() {
        return engine.percent(relationshipId, generation);
    }

    /** Stops holding the relationship: the caller no longer waits, so other operations may be accepted. */
    public void release() {
        engine.release(relationshipId, this);
    }

    /** Aborts the copy this operation started (a Terminate of its job), if it is still running. */
    public void abort() throws ReplicationException {
        engine.abortFor(this);
    }
}
