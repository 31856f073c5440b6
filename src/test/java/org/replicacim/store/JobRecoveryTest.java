package org.replicacim.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.replicacim.job.Job;
import org.replicacim.job.JobService;
import org.replicacim.job.JobState;

/** Jobs in the durable store through a restart of the job service, as the server does at start-up. */
class JobRecoveryTest {
    @TempDir
    Path dataDir;

    @Test
    void aJobThatWasRunningEndsInExceptionAndFinishedJobsKeepTheirRemovalTime() throws Exception {
        Instant t = Instant.parse("2024-05-06T07:08:09Z");
        Job running = new Job("ReplicaCIM:JOB:run", "clone", "CreateElementReplica", "alice", JobState.RUNNING, 37,
                0, null, t, t, null, t, Duration.ofMinutes(5), true, List.of("vol-2"));
        Job done = new Job("ReplicaCIM:JOB:done", "snap", "CreateElementReplica", "alice", JobState.COMPLETED, 100,
                0, null, t, t, t.plusSeconds(3), t.plusSeconds(3), Duration.ofMinutes(30), false, List.of("vol-3"));
        try (Store s = Store.open(StoreConfig.sqlite(dataDir))) {
            s.jobs().save(running);
            s.jobs().save(done);
        }
        Clock later = Clock.fixed(t.plusSeconds(60), ZoneOffset.UTC);
        try (Store s = Store.open(StoreConfig.sqlite(dataDir)); JobService jobs = new JobService(s.jobs(), later,
                "ReplicaCIM:JOB:", 1)) {
            jobs.recover();
            Job recovered = jobs.get(running.id());
            assertNotNull(recovered, "a running job is never silently lost");
            assertEquals(JobState.EXCEPTION, recovered.state());
            assertEquals(37, recovered.percentComplete());
            assertTrue(recovered.errorDescription().contains("server stopped while this job was running"),
                    recovered.errorDescription());
            assertEquals(later.instant(), recovered.endTime());
            assertEquals(done, jobs.get(done.id()), "a finished job comes back unchanged");
        }
        try (Store s = Store.open(StoreConfig.sqlite(dataDir))) {
            Job stored = s.database().read(tx -> s.jobs().load(tx, running.id()));
            assertEquals(JobState.EXCEPTION, stored.state(), "the recovery itself was saved");
            assertEquals(done, s.database().read(tx -> s.jobs().load(tx, done.id())));
        }
    }
}
