package org.replicacim.job;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs jobs on a bounded pool, keeps their state (saved to a {@link JobStore} before each change is visible),
 * reports progress, honours Terminate and Kill, and removes finished jobs after their TimeBeforeRemoval.
 * Jobs found running after a restart are ended in Exception: their work cannot be re-attached here.
 */
public final class JobService implements AutoCloseable {
    /** Default time a finished job stays visible (CIM default: 5 minutes). */
    public static final Duration DEFAULT_TIME_BEFORE_REMOVAL = Duration.ofMinutes(5);

    private static final Logger LOG = LoggerFactory.getLogger(JobService.class);

    private final JobStore store;
    private final Clock clock;
    private final String idPrefix;
    private final ExecutorService pool;
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final Map<String, Running> running = new ConcurrentHashMap<>();
    private final List<BiConsumer<Job, Job>> listeners = new CopyOnWriteArrayList<>();

    private static final class Running implements JobProgress {
        final String id;
        final JobService service;
        volatile JobState stopAs;
        volatile Future<?> future;

        Running(String id, JobService service) {
            this.id = id;
            this.service = service;
        }

        @Override
        public void report(int percent) {
            service.progress(id, Math.max(0, Math.min(99, percent)));
        }

        @Override
        public boolean stopRequested() {
            return stopAs != null || Thread.currentThread().isInterrupted();
        }
    }

    /**
     * @param idPrefix the organisation part of job ids, e.g. {@code ReplicaCIM}; ids are {@code prefix:job:uuid}
     * @param threads  how many jobs may run at once
     */
    public JobService(JobStore store, Clock clock, String idPrefix, int threads) {
        this.store = store;
        this.clock = clock;
        this.idPrefix = idPrefix;
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                r -> {
                    Thread t = new Thread(r, "job-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        Instant now = clock.instant();
        for (Job j : store.loadAll()) {
            if (!j.state().isFinished()) {
                j = j.withState(JobState.EXCEPTION, now).withError(4,
                        "the server stopped while this job was running; its work was not completed");
                store.save(j);
                LOG.warn("job {} ({}) was running when the server stopped; ended in Exception", j.id(), j.name());
            }
            jobs.put(j.id(), j);
        }
    }

    /** Called with (before, after) on every change; before is null on creation, after null on removal. */
    public void addListener(BiConsumer<Job, Job> listener) {
        listeners.add(listener);
    }

    /** Creates the job (saved, state New) and starts its work. */
    public Job submit(String name, String methodName, String owner, List<String> affectedElements, JobWork work) {
        Instant now = clock.instant();
        Job job = new Job(idPrefix + ":job:" + UUID.randomUUID(), name, methodName, owner, JobState.NEW, 0, 0, null,
                now, null, null, now, DEFAULT_TIME_BEFORE_REMOVAL, true, affectedElements);
        change(null, job);
        Running r = new Running(job.id(), this);
        running.put(job.id(), r);
        r.future = pool.submit(() -> execute(r, work));
        return job;
    }

    private void execute(Running r, JobWork work) {
        update(r.id, j -> j.withState(JobState.RUNNING, clock.instant()));
        try {
            work.run(r);
            if (r.stopAs != null) {
                finish(r, r.stopAs, 4, "stopped at the client's request");
            } else {
                update(r.id, j -> j.withProgress(100).withState(JobState.COMPLETED, clock.instant()));
            }
        } catch (JobFailure f) {
            finish(r, r.stopAs != null ? r.stopAs : JobState.EXCEPTION, f.errorCode(), f.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            finish(r, r.stopAs != null ? r.stopAs : JobState.EXCEPTION, 4, "interrupted");
        } catch (Exception | Error e) {
            LOG.error("job {} failed", r.id, e);
            finish(r, JobState.EXCEPTION, 4, "internal error: " + e.getClass().getSimpleName());
        } finally {
            running.remove(r.id);
        }
    }

    private void finish(Running r, JobState state, int code, String description) {
        update(r.id, j -> j.withError(code == 0 ? 4 : code, description).withState(state, clock.instant()));
    }

    private void progress(String id, int percent) {
        Job j = jobs.get(id);
        if (j != null && j.percentComplete() != percent) {
            update(id, x -> x.withProgress(percent));
        }
    }

    private interface Change {
        Job apply(Job j);
    }

    private synchronized void update(String id, Change c) {
        Job before = jobs.get(id);
        if (before != null) {
            change(before, c.apply(before));
        }
    }

    private synchronized void change(Job before, Job after) {
        store.save(after);
        jobs.put(after.id(), after);
        for (BiConsumer<Job, Job> l : listeners) {
            l.accept(before, after);
        }
    }

    /** The job with this id, or null. */
    public Job get(String id) {
        return jobs.get(id);
    }

    /** Every job, oldest first. */
    public List<Job> list() {
        List<Job> all = new ArrayList<>(jobs.values());
        all.sort(Comparator.comparing(Job::timeSubmitted).thenComparing(Job::id));
        return all;
    }

    /** Asks a running job to stop; it ends as Terminated or Killed. False if it has already finished. */
    public boolean stop(String id, boolean kill) {
        Running r = running.get(id);
        if (r == null) {
            return false;
        }
        r.stopAs = kill ? JobState.KILLED : JobState.TERMINATED;
        if (kill && r.future != null) {
            r.future.cancel(true);
        }
        return true;
    }

    /** Changes the client-writable removal policy. */
    public synchronized void setRemovalPolicy(String id, Duration timeBeforeRemoval, boolean deleteOnCompletion) {
        update(id, j -> j.withRemovalPolicy(timeBeforeRemoval, deleteOnCompletion));
    }

    /** Deletes a finished job; false if it is unknown, throws if it is still running. */
    public synchronized boolean delete(String id) {
        Job j = jobs.get(id);
        if (j == null) {
            return false;
        }
        if (!j.state().isFinished()) {
            throw new IllegalStateException("job " + id + " is still running");
        }
        store.delete(id);
        jobs.remove(id);
        for (BiConsumer<Job, Job> l : listeners) {
            l.accept(j, null);
        }
        return true;
    }

    /** Removes finished jobs whose TimeBeforeRemoval has passed and that may be deleted on completion. */
    public void removeExpired() {
        Instant now = clock.instant();
        for (Job j : List.copyOf(jobs.values())) {
            if (j.state().isFinished() && j.deleteOnCompletion() && j.endTime() != null
                    && !now.isBefore(j.endTime().plus(j.timeBeforeRemoval()))) {
                delete(j.id());
            }
        }
    }

    /** Waits until the job has finished or the timeout passes; returns its latest snapshot. */
    public Job await(String id, Duration timeout) throws InterruptedException {
        Objects.requireNonNull(id, "id");
        long deadline = System.nanoTime() + timeout.toNanos();
        Job j = jobs.get(id);
        while (j != null && !j.state().isFinished() && System.nanoTime() < deadline) {
            Thread.sleep(10);
            j = jobs.get(id);
        }
        return j;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
