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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
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
 * reports progress, honours Terminate and Kill (and Suspend/Resume for {@link SuspendableWork}), and removes
 * finished jobs after their TimeBeforeRemoval.
 * Jobs found running after a restart wait for {@link #recover()}, which re-attaches their work through the
 * {@link JobResumer} registered for their resume token, or ends them in Exception saying why.
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
    private final Map<String, List<CompletableFuture<Job>>> finishWaiters = new ConcurrentHashMap<>();
    private final Map<String, JobResumer> resumers = new ConcurrentHashMap<>();
    /** False on a follower of a shared store: reads go to the store, which the leader writes. */
    private volatile boolean leading = true;
    private final CompletableFuture<Void> loaded;

    /** How a request to suspend or resume a job went. */
    public enum StateChange {
        /** The job is now in the requested state. */
        DONE,
        /** The job's work cannot do it. */
        NOT_SUPPORTED,
        /** Not from the job's current state (e.g. it has finished, or is not suspended). */
        NOT_ALLOWED,
        /** No such job. */
        UNKNOWN_JOB
    }

    private static final class Running implements JobProgress {
        final String id;
        final JobService service;
        final JobWork work;
        /** PercentComplete never goes below what it showed before a restart: resumed work continues from there. */
        final int floor;
        volatile JobState stopAs;
        volatile Future<?> future;

        Running(String id, JobService service, JobWork work, int floor) {
            this.id = id;
            this.service = service;
            this.work = work;
            this.floor = floor;
        }

        @Override
        public void report(int percent) {
            service.progress(id, Math.max(floor, Math.max(0, Math.min(99, percent))));
        }

        @Override
        public void checkpoint(String resumeToken) {
            service.update(id, j -> Objects.equals(j.resumeToken(), resumeToken) ? j : j.withResumeToken(resumeToken));
        }

        @Override
        public boolean stopRequested() {
            return stopAs != null || Thread.currentThread().isInterrupted();
        }
    }

    /**
     * @param idPrefix the organisation part of job ids, e.g. {@code ReplicaCIM}; ids are {@code prefix:job:uuid},
     *                 or {@code prefix uuid} when the prefix already ends with a colon (e.g. {@code ReplicaCIM:JOB:})
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
        // the saved jobs load in the background (10,000 of them take a while) while the server wires the rest;
        // everything that reads them waits for the load first
        this.loaded = CompletableFuture.runAsync(() -> {
            for (Job j : store.loadAll()) {
                jobs.put(j.id(), j);
            }
        }, r -> {
            Thread t = new Thread(r, "job-load");
            t.setDaemon(true);
            t.start();
        });
    }

    /** Waits until the saved jobs are loaded; rethrows a failure to load them. */
    private void loaded() {
        try {
            loaded.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /**
     * Registers how jobs whose resume token starts with {@code kind:} are re-attached by {@link #recover()}; a
     * job of a kind nobody registered ends in Exception at recovery.
     */
    public void registerResumer(String kind, JobResumer resumer) {
        resumers.put(kind, resumer);
    }

    /**
     * Re-attaches the jobs that were running when the server stopped (call once the resumers are registered): each
     * keeps its InstanceID, shows Running, and its PercentComplete continues from where it was; a job whose work
     * cannot be resumed ends in Exception with an error description saying why. Finished jobs are left as they
     * were (TimeBeforeRemoval counts from their end). Returns how many jobs were resumed.
     */
    public int recover() {
        loaded();
        if (!leading) {
            return 0; // the leader recovers them
        }
        int resumed = 0;
        for (Job j : list()) {
            if (j.state().isFinished() || running.containsKey(j.id())) {
                continue;
            }
            JobWork work;
            try {
                work = resumeWork(j);
            } catch (JobFailure f) {
                update(j.id(), x -> x.withError(f.errorCode() == 0 ? 4 : f.errorCode(), f.getMessage())
                        .withState(JobState.EXCEPTION, clock.instant()));
                LOG.warn("recovery: job {} ({}) was running when the server stopped; ended in Exception: {}", j.id(),
                        j.name(), f.getMessage());
                continue;
            } catch (RuntimeException e) {
                LOG.error("recovery: resuming job {} failed", j.id(), e);
                update(j.id(), x -> x.withError(4, "the server stopped while this job was running, and resuming it"
                        + " failed: " + e).withState(JobState.EXCEPTION, clock.instant()));
                continue;
            }
            Running r = new Running(j.id(), this, work, j.percentComplete());
            running.put(j.id(), r);
            r.future = pool.submit(() -> execute(r, work));
            resumed++;
            LOG.info("recovery: job {} ({}) resumed at {}%", j.id(), j.name(), j.percentComplete());
        }
        return resumed;
    }

    /**
     * Makes this service a follower's: it runs nothing new, and reads jobs from the store, which the leader
     * writes (changes are refused by the store's fence).
     */
    public void follow() {
        leading = false;
    }

    /**
     * Makes this service the leader's: re-reads every job from the store (the former leader changed them) and
     * {@link #recover() recovers} those that were running. Returns how many were resumed.
     */
    public int lead() {
        loaded();
        synchronized (this) {
            List<Job> stored = store.loadAll();
            jobs.keySet().removeIf(id -> !running.containsKey(id));
            for (Job j : stored) {
                if (!running.containsKey(j.id())) {
                    jobs.put(j.id(), j);
                }
            }
            leading = true;
        }
        return recover();
    }

    /** Whether this service runs jobs (a single server, or the leader of a shared store). */
    public boolean leading() {
        return leading;
    }

    private JobWork resumeWork(Job j) throws JobFailure {
        String token = j.resumeToken();
        if (token == null) {
            throw new JobFailure(4, "the server stopped while this job was running; its work cannot be resumed"
                    + " after a restart and was not completed");
        }
        int colon = token.indexOf(':');
        JobResumer resumer = colon < 0 ? null : resumers.get(token.substring(0, colon));
        if (resumer == null) {
            throw new JobFailure(4, "the server stopped while this job was running; this server cannot resume work"
                    + " of kind '" + (colon < 0 ? token : token.substring(0, colon)) + "'");
        }
        JobWork work = resumer.resume(j, token.substring(colon + 1));
        if (work == null) {
            throw new JobFailure(4, "the server stopped while this job was running; its work cannot be resumed");
        }
        return work;
    }

    /** Called with (before, after) on every change; before is null on creation, after null on removal. */
    public void addListener(BiConsumer<Job, Job> listener) {
        listeners.add(listener);
    }

    /** Creates the job (saved, state New) and starts its work; the work cannot be resumed after a restart. */
    public Job submit(String name, String methodName, String owner, List<String> affectedElements, JobWork work) {
        return submit(name, methodName, owner, affectedElements, null, work);
    }

    /**
     * Creates the job (saved, state New, with the resume token that lets {@link #recover()} re-attach its work after
     * a restart) and starts its work.
     */
    public Job submit(String name, String methodName, String owner, List<String> affectedElements,
                      String resumeToken, JobWork work) {
        loaded();
        Instant now = clock.instant();
        String id = (idPrefix.endsWith(":") ? idPrefix : idPrefix + ":job:") + UUID.randomUUID();
        Job job = new Job(id, name, methodName, owner, JobState.NEW, 0, 0, null,
                now, null, null, now, DEFAULT_TIME_BEFORE_REMOVAL, true, affectedElements, resumeToken);
        change(null, job);
        Running r = new Running(job.id(), this, work, 0);
        running.put(job.id(), r);
        r.future = pool.submit(() -> execute(r, work));
        return job;
    }

    private void execute(Running r, JobWork work) {
        update(r.id, j -> j.state() == JobState.RUNNING ? j : j.withState(JobState.RUNNING, clock.instant()));
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
        loaded();
        Job before = jobs.get(id);
        if (before != null) {
            change(before, c.apply(before));
        }
    }

    private synchronized void change(Job before, Job after) {
        loaded();
        store.save(after);
        jobs.put(after.id(), after);
        for (BiConsumer<Job, Job> l : listeners) {
            l.accept(before, after);
        }
        if (after.state().isFinished()) {
            List<CompletableFuture<Job>> waiting = finishWaiters.remove(after.id());
            if (waiting != null) {
                waiting.forEach(f -> f.complete(after));
            }
        }
    }

    /**
     * Completes with the job's final snapshot when it has finished (at once if it has already), or with null if
     * there is no such job. Lets a caller wait without holding a thread.
     */
    public CompletionStage<Job> whenFinished(String id) {
        loaded();
        CompletableFuture<Job> f = new CompletableFuture<>();
        synchronized (this) {
            Job j = jobs.get(id);
            if (j == null || j.state().isFinished()) {
                f.complete(j);
            } else {
                finishWaiters.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(f);
            }
        }
        return f;
    }

    /** Records one more element the job affects (e.g. a volume it created once it is known). */
    public void addAffectedElement(String id, String element) {
        Objects.requireNonNull(element, "element");
        update(id, j -> j.withAffectedElement(element));
    }

    /** The job with this id, or null. */
    public Job get(String id) {
        loaded();
        return leading ? jobs.get(id) : store.load(id);
    }

    /** Every job, oldest first. */
    public List<Job> list() {
        loaded();
        List<Job> all = new ArrayList<>(leading ? jobs.values() : store.loadAll());
        all.sort(Comparator.comparing(Job::timeSubmitted).thenComparing(Job::id));
        return all;
    }

    /** Whether the job is running and its work honours stop requests (see {@link JobWork#stoppable()}). */
    public boolean canStop(String id) {
        Running r = running.get(id);
        return r != null && r.work.stoppable();
    }

    /** Asks a running job to stop; it ends as Terminated or Killed. False if it has already finished. */
    public boolean stop(String id, boolean kill) {
        loaded();
        Running r = running.get(id);
        if (r == null) {
            return false;
        }
        r.stopAs = kill ? JobState.KILLED : JobState.TERMINATED;
        Job j = jobs.get(id);
        if (j != null && j.state() == JobState.SUSPENDED && r.work instanceof SuspendableWork s) {
            // Paused work must run again to notice the stop request.
            try {
                s.resume();
            } catch (JobFailure | RuntimeException e) {
                LOG.warn("job {}: resuming suspended work so that it can stop failed: {}", id, e.toString());
            }
        }
        if (kill && r.future != null) {
            r.future.cancel(true);
        }
        return true;
    }

    /**
     * Pauses a running job whose work is a {@link SuspendableWork}; the job shows Suspended. The work's own
     * refusal is thrown as its JobFailure and changes nothing.
     */
    public StateChange suspend(String id) throws JobFailure {
        loaded();
        Job j = jobs.get(id);
        Running r = running.get(id);
        if (j == null) {
            return StateChange.UNKNOWN_JOB;
        }
        if (j.state() == JobState.SUSPENDED) {
            return StateChange.DONE;
        }
        if (r == null || j.state() != JobState.RUNNING || r.stopAs != null) {
            return StateChange.NOT_ALLOWED;
        }
        if (!(r.work instanceof SuspendableWork s)) {
            return StateChange.NOT_SUPPORTED;
        }
        s.suspend(); // outside the lock: the work may report progress while it pauses
        update(id, x -> x.state() == JobState.RUNNING ? x.withState(JobState.SUSPENDED, clock.instant()) : x);
        return jobs.get(id) != null && jobs.get(id).state() == JobState.SUSPENDED ? StateChange.DONE
                : StateChange.NOT_ALLOWED;
    }

    /** Continues a suspended job (RequestStateChange Start). */
    public StateChange resume(String id) throws JobFailure {
        loaded();
        Job j = jobs.get(id);
        Running r = running.get(id);
        if (j == null) {
            return StateChange.UNKNOWN_JOB;
        }
        if (r == null || j.state() != JobState.SUSPENDED || !(r.work instanceof SuspendableWork s)) {
            return StateChange.NOT_ALLOWED;
        }
        s.resume();
        update(id, x -> x.state() == JobState.SUSPENDED ? x.withState(JobState.RUNNING, clock.instant()) : x);
        return StateChange.DONE;
    }

    /** Changes the client-writable removal policy. */
    public synchronized void setRemovalPolicy(String id, Duration timeBeforeRemoval, boolean deleteOnCompletion) {
        update(id, j -> j.withRemovalPolicy(timeBeforeRemoval, deleteOnCompletion));
    }

    /** Deletes a finished job; false if it is unknown, throws if it is still running. */
    public synchronized boolean delete(String id) {
        loaded();
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
        loaded();
        if (!leading) {
            return; // the leader removes them
        }
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
        loaded();
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
