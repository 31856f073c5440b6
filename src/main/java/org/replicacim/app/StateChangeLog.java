package org.replicacim.app;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.replicacim.job.Job;
import org.replicacim.job.JobService;
import org.replicacim.replication.CopyState;
import org.replicacim.replication.RelationshipStore;
import org.replicacim.replication.SyncRelationship;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * State changes of replication relationships (CopyState) and jobs (JobState) at INFO, one line each, on the loggers
 * {@code state.relationship} and {@code state.job}. Relationships are seen through their store, which the engine
 * writes on every change; jobs through the job service's listener.
 */
final class StateChangeLog {
    private static final Logger RELATIONSHIPS = LoggerFactory.getLogger("state.relationship");
    private static final Logger JOBS = LoggerFactory.getLogger("state.job");

    private StateChangeLog() {
    }

    /** The store, logging every CopyState a relationship enters and every relationship that goes away. */
    static RelationshipStore relationships(RelationshipStore store) {
        return new LoggedRelationshipStore(store);
    }

    /** Logs the jobs' state changes from now on. */
    static void jobs(JobService jobs) {
        jobs.addListener(StateChangeLog::jobChanged);
    }

    private static void jobChanged(Job before, Job after) {
        if (after == null) {
            JOBS.atInfo().addKeyValue("job", before.id()).addKeyValue("jobState", "removed")
                    .log("job {} ({}) removed", before.id(), before.name());
            return;
        }
        if (before != null && before.state() == after.state()) {
            return;
        }
        var event = JOBS.atInfo().addKeyValue("job", after.id()).addKeyValue("jobState", after.state().name())
                .addKeyValue("percentComplete", after.percentComplete());
        if (after.errorDescription() != null) {
            event = event.addKeyValue("error", after.errorDescription());
        }
        event.log("job {} ({}, {}): {} -> {} at {}%{}", after.id(), after.name(), after.owner() == null
                        || after.owner().isEmpty() ? "-" : after.owner(), before == null ? "none" : before.state(),
                after.state(), after.percentComplete(),
                after.errorDescription() == null ? "" : ": " + after.errorDescription());
    }

    /** Compares each put with the last known state of the relationship. */
    private static final class LoggedRelationshipStore implements RelationshipStore {
        private final RelationshipStore delegate;
        private final Map<String, CopyState> known = new ConcurrentHashMap<>();

        LoggedRelationshipStore(RelationshipStore delegate) {
            this.delegate = delegate;
            for (SyncRelationship r : delegate.list()) {
                known.put(r.id(), r.copyState());
            }
        }

        @Override
        public void put(SyncRelationship r) {
            delegate.put(r);
            CopyState before = known.put(r.id(), r.copyState());
            if (!Objects.equals(before, r.copyState())) {
                RELATIONSHIPS.atInfo().addKeyValue("relationship", r.id()).addKeyValue("syncType", r.syncType().name())
                        .addKeyValue("source", r.source().value())
                        .addKeyValue("target", r.target() == null ? null : r.target().value())
                        .addKeyValue("copyState", r.copyState().label())
                        .log("relationship {} ({} {} -> {}): {} -> {}", r.id(), r.syncType(), r.source().value(),
                                r.target() == null ? "(being created)" : r.target().value(),
                                before == null ? "none" : before.label(), r.copyState().label());
            }
        }

        @Override
        public Optional<SyncRelationship> get(String id) {
            return delegate.get(id);
        }

        @Override
        public List<SyncRelationship> list() {
            return delegate.list();
        }

        @Override
        public void remove(String id) {
            delegate.remove(id);
            CopyState before = known.remove(id);
            if (before != null) {
                RELATIONSHIPS.atInfo().addKeyValue("relationship", id).addKeyValue("copyState", "removed")
                        .log("relationship {}: {} -> removed", id, before.label());
            }
        }
    }
}
