package org.replicacim.app;

import java.util.EnumSet;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.replicacim.job.JobService;
import org.replicacim.replication.ReplicationEngine;
import org.replicacim.storage.BackendCapabilities;
import org.replicacim.storage.Capability;
import org.replicacim.storage.file.FileBackendConfig;
import org.replicacim.store.Leadership;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows this server's leadership of a shared store: when it becomes the leader (the former one's lease ran out)
 * it opens the backend, recovers the relationships and resumes the jobs the former leader was running; when it
 * stops being the leader it stops driving them and closes the backend. A single server (SQLite) always leads.
 */
final class LeaderTakeover {
    private static final Logger LOG = LoggerFactory.getLogger(LeaderTakeover.class);

    private final Leadership leadership;
    private final LeaderBackend backend;
    private final ReplicationEngine engine;
    private final JobService jobs;
    /** Transitions run one at a time, off the lease's thread (a recovery may take a while). */
    private final ThreadPoolExecutor transitions = new ThreadPoolExecutor(1, 1, 10, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "leader-takeover");
                t.setDaemon(true);
                return t;
            });
    private boolean leading;

    private LeaderTakeover(Leadership leadership, LeaderBackend backend, ReplicationEngine engine, JobService jobs,
                           boolean leading) {
        this.leadership = leadership;
        this.backend = backend;
        this.engine = engine;
        this.jobs = jobs;
        this.leading = leading;
        transitions.allowCoreThreadTimeOut(true);
    }

    /** The file engine's capabilities, known without opening it (a follower must not open it). */
    static BackendCapabilities fileCapabilities() {
        return BackendCapabilities.of(FileBackendConfig.DEFAULT_CHUNK_SIZE, EnumSet.allOf(Capability.class));
    }

    /**
     * Starts following the leadership of a server wired as leader or follower ({@code leading}); catches up at once
     * if it changed while the server was being wired.
     */
    static LeaderTakeover start(Leadership leadership, LeaderBackend backend, ReplicationEngine engine,
                                JobService jobs, boolean leading) {
        LeaderTakeover t = new LeaderTakeover(leadership, backend, engine, jobs, leading);
        leadership.addListener((nowLeader, holder) -> t.transitions.execute(() -> t.become(nowLeader)));
        t.transitions.execute(() -> t.become(leadership.isLeader()));
        return t;
    }

    private void become(boolean leader) {
        if (leader == leading) {
            return;
        }
        long t0 = System.nanoTime();
        if (leader) {
            try {
                backend.open();
            } catch (Exception e) {
                LOG.error("{} leads but cannot open its storage backend; it stays unable to change anything", leadership
                        .nodeName(), e);
                return;
            }
            engine.lead();
            int resumed = jobs.lead();
            leading = true;
            LOG.info("{} took over as leader in {} ms: relationships recovered, {} running jobs resumed",
                    leadership.nodeName(), (System.nanoTime() - t0) / 1_000_000, resumed);
        } else {
            leading = false;
            jobs.follow();
            engine.follow();
            try {
                backend.close();
            } catch (Exception e) {
                LOG.warn("closing the storage backend after losing the lease: {}", e.toString());
            }
            LOG.warn("{} is no longer the leader; it stopped driving the backend and serves reads only",
                    leadership.nodeName());
        }
    }
}
