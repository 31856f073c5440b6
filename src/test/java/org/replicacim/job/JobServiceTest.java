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
    void runningJobsFoundAfterRestartEndInExceptionWhenTheirWorkCannotBeResumed() {
        MemoryJobStore store = new MemoryJobStore();
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        store.save(new Job("T:job:1", "Copy", "X.Copy", "alice", JobState.RUNNING, 40, 0, null, t, t, null, t,
                JobService.DEFAULT_TIME_BEFORE_REMOVAL, true, List.of()));
        try (JobService jobs = new JobService(store, Clock.fixed(t.plusSeconds(5), ZoneOffset.UTC), "T", 1)) {
            assertEquals(0, jobs.recover());
            Job j = jobs.get("T:job:1");
            assertEquals(JobState.EXCEPTION, j.state());
            assertEquals(40, j.percentComplete());
            assertTrue(j.errorDescription().contains("server stopped"));
            assertEquals(JobState.EXCEPTION, store.loadAll().get(0).state());
        }
    }

    @Test
    void runningJobsAreResumedUnderTheSameIdWithProgressContinuing() throws Exception {
        MemoryJobStore store = new MemoryJobStore();
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        store.save(new Job("T:job:1", "Copy", "X.Copy", "alice", JobState.RUNNING, 40, 0, null, t, t, null, t,
                JobService.DEFAULT_TIME_BEFORE_REMOVAL, true, List.of("v1"), "copy:v1->v2"));
        store.save(new Job("T:job:2", "Copy", "X.Copy", "alice", JobState.RUNNING, 10, 0, null, t, t, null, t,
                JobService.DEFAULT_TIME_BEFORE_REMOVAL, true, List.of(), "copy:gone"));
        store.save(new Job("T:job:3", "Other", "X.Other", "alice", JobState.RUNNING, 10, 0, null, t, t, null, t,
                JobService.DEFAULT_TIME_BEFORE_REMOVAL, true, List.of(), "unknown:x"));
        CountDownLatch release = new CountDownLatch(1);
        List<Integer> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (JobService jobs = new JobService(store, Clock.systemUTC(), "T", 2)) {
            jobs.registerResumer("copy", (job, token) -> {
                if (token.equals("gone")) {
                    throw new JobFailure(4, "the copy vanished");
                }
                assertEquals("v1->v2", token);
                return progress -> {
                    progress.report(20); // below what it showed before: never shown as going back
                    seen.add(jobs.get(job.id()).percentComplete());
                    progress.report(70);
                    seen.add(jobs.get(job.id()).percentComplete());
                    assertTrue(release.await(5, TimeUnit.SECONDS));
                };
            });
            assertEquals(1, jobs.recover());
            assertEquals(JobState.EXCEPTION, jobs.get("T:job:2").state());
            assertTrue(jobs.get("T:job:2").errorDescription().contains("the copy vanished"));
            assertEquals(JobState.EXCEPTION, jobs.get("T:job:3").state());
            assertTrue(jobs.get("T:job:3").errorDescription().contains("'unknown'"),
                    jobs.get("T:job:3").errorDescription());
            release.countDown();
            Job j = jobs.await("T:job:1", WAIT);
            assertEquals(JobState.COMPLETED, j.state());
            assertEquals(t, j.startTime(), "the same job, started when it first started");
            assertEquals(List.of(40, 70), seen);
            assertEquals(List.of("v1"), j.affectedElements());
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

    @Test
    void suspendableWorkPausesAndContinues() throws Exception {
        try (JobService jobs = new JobService(new MemoryJobStore(), Clock.systemUTC(), "T:JOB:", 1)) {
            PausingWork work = new PausingWork();
            Job j = jobs.submit("A", "X.A", "u", List.of(), work);
            assertTrue(j.id().startsWith("T:JOB:") && !j.id().contains("::"), j.id());
            assertTrue(work.started.await(5, TimeUnit.SECONDS));
            assertEquals(JobService.StateChange.DONE, jobs.suspend(j.id()));
            assertEquals(JobState.SUSPENDED, jobs.get(j.id()).state());
            assertTrue(work.paused);
            assertEquals(JobService.StateChange.UNKNOWN_JOB, jobs.resume("T:JOB:none"));
            assertEquals(JobService.StateChange.DONE, jobs.resume(j.id()));
            assertEquals(JobState.RUNNING, jobs.get(j.id()).state());
            work.finish.countDown();
            assertEquals(JobState.COMPLETED, jobs.await(j.id(), WAIT).state());
            assertEquals(JobService.StateChange.NOT_ALLOWED, jobs.suspend(j.id()));
        }
    }

    @Test
    void plainWorkCannotBeSuspendedAndStopResumesPausedWork() throws Exception {
        try (JobService jobs = new JobService(new MemoryJobStore(), Clock.systemUTC(), "T", 2)) {
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch started = new CountDownLatch(1);
            Job plain = jobs.submit("A", "X.A", "u", List.of(), p -> {
                started.countDown();
                release.await(5, TimeUnit.SECONDS);
            });
            assertTrue(started.await(5, TimeUnit.SECONDS));
            assertEquals(JobService.StateChange.NOT_SUPPORTED, jobs.suspend(plain.id()));
            assertEquals(JobState.RUNNING, jobs.get(plain.id()).state());
            release.countDown();

            PausingWork work = new PausingWork();
            Job paused = jobs.submit("B", "X.B", "u", List.of(), work);
            assertTrue(work.started.await(5, TimeUnit.SECONDS));
            assertEquals(JobService.StateChange.DONE, jobs.suspend(paused.id()));
            assertTrue(jobs.stop(paused.id(), false));
            assertEquals(JobState.TERMINATED, jobs.await(paused.id(), WAIT).state());
        }
    }

    @Test
    void whenFinishedCompletesWithTheFinalSnapshotAndAffectedElementsCanGrow() throws Exception {
        try (JobService jobs = new JobService(new MemoryJobStore(), Clock.systemUTC(), "T", 1)) {
            CountDownLatch release = new CountDownLatch(1);
            Job j = jobs.submit("A", "X.A", "u", List.of("a"), p -> release.await(5, TimeUnit.SECONDS));
            var finished = jobs.whenFinished(j.id()).toCompletableFuture();
            assertFalse(finished.isDone());
            jobs.addAffectedElement(j.id(), "b");
            release.countDown();
            Job done = finished.get(10, TimeUnit.SECONDS);
            assertEquals(JobState.COMPLETED, done.state());
            assertEquals(List.of("a", "b"), done.affectedElements());
            assertEquals(done, jobs.whenFinished(j.id()).toCompletableFuture().get(1, TimeUnit.SECONDS));
            assertNull(jobs.whenFinished("T:job:none").toCompletableFuture().get(1, TimeUnit.SECONDS));
        }
    }

    /** Work that runs until released, pausing between steps while suspended. */
    private static final class PausingWork implements SuspendableWork {
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch finish = new CountDownLatch(1);
        volatile boolean paused;

        @Override
        public void run(JobProgress progress) throws Exception {
            started.countDown();
            for (int i = 0; i < 1000 && !progress.stopRequested(); i++) {
                if (finish.await(5, TimeUnit.MILLISECONDS) && !paused) {
                    return;
                }
            }
        }

        @Override
        public void suspend() {
            paused = true;
        }

        @Override
        public void resume() {
            paused = false;
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
