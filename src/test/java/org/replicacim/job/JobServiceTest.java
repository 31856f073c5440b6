package org.replicacim.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class JobServiceTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void completedJobReportsFullProgressAndNoError() throws Exception {
        try (JobService jobs = new JobService(new MemoryJobStore(), Clock.systemUTC(), "T", 2)) {
            Job j = jobs.submit("Copy", "X.Copy", "alice", List.of("vol-1"), p -> {
                for (int i = 0; i <= 100; i += 25) {
                    p.report(i);
                }
            });
            Job done = jobs.await(j.id(), WAIT);
            assertEquals(JobState.COMPLETED, done.state());
            assertEquals(100, done.percentComplete());
            assertEquals(0, done.errorCode());
            assertEquals(List.of("vol-1"), done.affectedElements());
        }
    }

    @Test
    void failureEndsInExceptionWithTheGivenCode() throws Exception {
        try (JobService jobs = new JobService(new MemoryJobStore(), Clock.systemUTC(), "T", 2)) {
            Job j = jobs.submit("Copy", "X.Copy", "alice", List.of(), p -> {
                throw new JobFailure(4, "target volume vanished");
            });
            Job done = jobs.await(j.id(), WAIT);
            assertEquals(JobState.EXCEPTION, done.state());
            assertEquals(4, done.errorCode());
            assertEquals("target volume vanished", done.errorDescription());
        }
    }

    @Test
    void terminateStopsCooperativeWork() throws Exception {
        try (JobService jobs = new JobService(new MemoryJobStore(), Clock.systemUTC(), "T", 2)) {
            CountDownLatch started = new CountDownLatch(1);
            Job j = jobs.submit("Copy", "X.Copy", "alice", List.of(), p -> {
                started.countDown();
                for (int i = 0; i < 1000 && !p.stopRequested(); i++) {
                    Thread.sleep(5);
                }
            });
            assertTrue(started.await(5, TimeUnit.SECONDS));
            assertTrue(jobs.stop(j.id(), false));
            assertEquals(JobState.TERMINATED, jobs.await(j.id(), WAIT).state());
            assertFalse(jobs.stop(j.id(), false));
        }
    }

    @Test
    void runningJobsFoundAfterRestartEndInException() {
        MemoryJobStore store = new MemoryJobStore();
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        store.save(new Job("T:job:1", "Copy", "X.Copy", "alice", JobState.RUNNING, 40, 0, null, t, t, null, t,
                JobService.DEFAULT_TIME_BEFORE_REMOVAL, true, List.of()));
        try (JobService jobs = new JobService(store, Clock.fixed(t.plusSeconds(5), ZoneOffset.UTC), "T", 1)) {
            Job j = jobs.get("T:job:1");
            assertEquals(JobState.EXCEPTION, j.state());
            assertEquals(40, j.percentComplete());
            assertTrue(j.errorDescription().contains("server stopped"));
            assertEquals(JobState.EXCEPTION, store.loadAll().get(0).state());
        }
    }

    @Test
    void finishedJobsAreRemovedAfterTimeBeforeRemovalUnlessKept() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        try (JobService jobs = new JobService(new MemoryJobStore(), clock, "T", 1)) {
            Job a = jobs.submit("A", "X.A", "u", List.of(), p -> { });
            Job b = jobs.submit("B", "X.B", "u", List.of(), p -> { });
            jobs.await(a.id(), WAIT);
            jobs.await(b.id(), WAIT);
            jobs.setRemovalPolicy(b.id(), JobService.DEFAULT_TIME_BEFORE_REMOVAL, false);
            clock.now = clock.now.plus(Duration.ofMinutes(4));
            jobs.removeExpired();
            assertEquals(2, jobs.list().size());
            clock.now = clock.now.plus(Duration.ofMinutes(2));
            jobs.removeExpired();
            assertNull(jobs.get(a.id()));
            assertEquals(b.id(), jobs.get(b.id()).id());
            assertTrue(jobs.delete(b.id()));
        }
    }

    @Test
    void runningJobsCannotBeDeleted() throws Exception {
        try (JobService jobs = new JobService(new MemoryJobStore(), Clock.systemUTC(), "T", 1)) {
            CountDownLatch release = new CountDownLatch(1);
            Job j = jobs.submit("A", "X.A", "u", List.of(), p -> release.await(5, TimeUnit.SECONDS));
            assertThrows(IllegalStateException.class, () -> jobs.delete(j.id()));
            release.countDown();
            jobs.await(j.id(), WAIT);
        }
    }

    private static final class MutableClock extends Clock {
        volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
