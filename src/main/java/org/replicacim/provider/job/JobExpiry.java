package org.replicacim.provider.job;

import java.util.concurrent.atomic.AtomicLong;
import org.replicacim.job.JobService;

/**
 * Removes finished jobs whose TimeBeforeRemoval has passed, lazily: before the job providers answer, at most once a
 * second, so that a client never sees an expired job and a busy server does not scan the jobs on every request.
 */
final class JobExpiry {
    private static final long INTERVAL_NANOS = 1_000_000_000L;

    private final JobService jobs;
    private final AtomicLong last = new AtomicLong(System.nanoTime() - INTERVAL_NANOS);

    JobExpiry(JobService jobs) {
        this.jobs = jobs;
    }

    void removeExpired() {
        long now = System.nanoTime();
        long before = last.get();
        if (now - before >= INTERVAL_NANOS && last.compareAndSet(before, now)) {
            jobs.removeExpired();
        }
    }
}
