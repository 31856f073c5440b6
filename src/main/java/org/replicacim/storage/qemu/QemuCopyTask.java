package org.replicacim.storage.qemu;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.replicacim.storage.BackendException;
import org.replicacim.storage.BackendException.Reason;
import org.replicacim.storage.CopyProgress;
import org.replicacim.storage.CopyTask;
import org.replicacim.storage.CopyTaskId;
import org.replicacim.storage.CopyTaskKind;
import org.replicacim.storage.CopyTaskState;
import org.replicacim.storage.ReplicaPairId;

/**
 * A copy task made of one or more daemon block jobs run one after the other; progress is the sum of the finished
 * jobs' byte counts plus the running job's {@code current-progress}/{@code total-progress} from {@code query-jobs}.
 * Pause, resume and cancel act on the running job ({@code job-pause}, {@code job-resume}, {@code job-cancel}).
 */
final class QemuCopyTask implements CopyTask {
    /** What the engine does for the task; the body runs on a copy thread. */
    interface Body {
        void run(QemuCopyTask task) throws IOException, BackendException;
    }

    /** Starts a daemon job (one command or a transaction). */
    interface JobStart {
        void start() throws IOException;
    }

    /** The engine's side: job queries and commands, and the pair state changes at the end of the task. */
    interface Owner {
        Map<String, Object> job(String jobId) throws IOException;

        void command(String command, Map<String, Object> arguments) throws IOException;

        void copied(long bytes);

        void taskSucceeded(QemuCopyTask task) throws IOException;

        void taskStopped(QemuCopyTask task, CopyTaskState state, String reason);
    }

    private final CopyTaskId id;
    private final ReplicaPairId pairId;
    private final CopyTaskKind kind;
    private final Owner owner;
    private final CompletableFuture<CopyProgress> completion = new CompletableFuture<>();
    /** The total to report before QEMU's first job reports one, so a task that has not started is not at 100 %. */
    private final long expected;
    private volatile CopyTaskState state = CopyTaskState.RUNNING;
    private volatile long doneBefore;
    private volatile long totalBefore;
    private volatile long jobDone;
    private volatile long jobTotal;
    private volatile String currentJob;
    private volatile boolean pauseRequested;
    private volatile boolean cancelRequested;
    private volatile String error;

    QemuCopyTask(CopyTaskId id, ReplicaPairId pairId, CopyTaskKind kind, Owner owner, long expected) {
        this.id = id;
        this.pairId = pairId;
        this.kind = kind;
        this.owner = owner;
        this.expected = expected;
    }

    /** A task that a crash interrupted: reported FAILED with the reason, never as complete. */
    static QemuCopyTask failed(CopyTaskId id, ReplicaPairId pairId, CopyTaskKind kind, Owner owner, String reason) {
        QemuCopyTask task = new QemuCopyTask(id, pairId, kind, owner, 0);
        task.error = reason;
        task.state = CopyTaskState.FAILED;
        task.completion.completeExceptionally(new BackendException(Reason.IO_ERROR, reason));
        return task;
    }

    /** A task with nothing to copy (snapshot resync). */
    static QemuCopyTask completed(CopyTaskId id, ReplicaPairId pairId, CopyTaskKind kind, Owner owner) {
        QemuCopyTask task = new QemuCopyTask(id, pairId, kind, owner, 0);
        task.state = CopyTaskState.COMPLETED;
        task.completion.complete(task.progress());
        return task;
    }

    /** Runs the body and settles the task; the pair's new state is persisted before completion completes. */
    void run(Body body) {
        try {
            body.run(this);
            owner.taskSucceeded(this);
            state = CopyTaskState.COMPLETED;
            completion.complete(progress());
        } catch (IOException | BackendException | RuntimeException e) {
            CopyTaskState end = cancelRequested ? CopyTaskState.CANCELLED : CopyTaskState.FAILED;
            error = cancelRequested ? "cancelled" : e.getMessage();
            owner.taskStopped(this, end, error);
            state = end;
            completion.completeExceptionally(new BackendException(
                    cancelRequested ? Reason.CANCELLED : Reason.IO_ERROR, "copy task " + id + ": " + error, e));
        }
    }

    /**
     * Starts a daemon job and waits until it concludes (or, with {@code untilReady}, until a mirror is ready).
     * Throws when the job fails, is cancelled, or vanishes with the daemon.
     */
    void runJob(String jobId, JobStart start, boolean untilReady) throws IOException {
        while (pauseRequested && !cancelRequested) {
            sleep(50);
        }
        if (cancelRequested) {
            throw new IOException("cancelled");
        }
        currentJob = jobId;
        jobDone = 0;
        jobTotal = 0;
        start.start();
        follow(jobId, untilReady);
    }

    /**
     * Starts the task's first job on the caller's thread, before the request returns, so that the job's point in
     * time is the request's (a host write right after the request must not reach a clone). {@link #followJob}
     * then follows it on the copy thread. On failure no job is current and the exception is the caller's.
     */
    void startFirstJob(String jobId, JobStart start) throws IOException {
        currentJob = jobId;
        jobDone = 0;
        jobTotal = 0;
        try {
            start.start();
        } catch (IOException | RuntimeException e) {
            currentJob = null;
            throw e;
        }
    }

    /** Follows the job {@link #startFirstJob} started, like {@link #runJob} follows its own. */
    void followJob(String jobId, boolean untilReady) throws IOException {
        follow(jobId, untilReady);
    }

    private void follow(String jobId, boolean untilReady) throws IOException {
        if (pauseRequested) {
            try {
                owner.command("job-pause", Json.obj("id", jobId));
            } catch (QmpException e) {
                // pause() got there first
            }
        }
        long delay = 5;
        try {
            while (true) {
                Map<String, Object> job = owner.job(jobId);
                if (job == null) {
                    throw new IOException("job " + jobId + " vanished (daemon restarted?)");
                }
                long done = number(job.get("current-progress"));
                long total = number(job.get("total-progress"));
                if (done > jobDone) {
                    owner.copied(done - jobDone);
                }
                jobDone = Math.max(jobDone, done);
                jobTotal = Math.max(total, jobDone);
                String status = String.valueOf(job.get("status"));
                if (untilReady && "ready".equals(status)) {
                    break;
                }
                if ("concluded".equals(status) || "null".equals(status)) {
                    owner.command("job-dismiss", Json.obj("id", jobId));
                    if (job.get("error") != null) {
                        throw new IOException("job " + jobId + " failed: " + job.get("error"));
                    }
                    break;
                }
                sleep(delay);
                delay = Math.min(100, delay * 2);
            }
        } finally {
            // A job cut short keeps its total: the task must not look complete because its job ended.
            doneBefore += jobDone;
            totalBefore += jobTotal;
            jobDone = 0;
            jobTotal = 0;
            currentJob = null;
        }
    }

    /** The job the task runs now, if any (a mirror that reached ready is handed to the pair). */
    Optional<String> currentJob() {
        return Optional.ofNullable(currentJob);
    }

    boolean cancelRequested() {
        return cancelRequested;
    }

    static long number(Object value) {
        return value instanceof Number n ? n.longValue() : 0;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public CopyTaskId id() {
        return id;
    }

    @Override
    public ReplicaPairId pairId() {
        return pairId;
    }

    @Override
    public CopyTaskKind kind() {
        return kind;
    }

    @Override
    public CopyProgress progress() {
        long done = doneBefore + jobDone;
        long total = totalBefore + jobTotal;
        if (total == 0 && state != CopyTaskState.COMPLETED) {
            total = expected;
        }
        return new CopyProgress(state, done, Math.max(done, total), done, Optional.ofNullable(error));
    }

    @Override
    public void pause() throws BackendException {
        if (state.isFinal()) {
            return;
        }
        pauseRequested = true;
        state = CopyTaskState.PAUSED;
        String job = currentJob;
        if (job != null) {
            try {
                owner.command("job-pause", Json.obj("id", job));
            } catch (QmpException e) {
                // Not started yet or already paused: runJob pauses it once it exists.
            } catch (IOException e) {
                throw new BackendException(Reason.IO_ERROR, "cannot pause job " + job + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public void resume() throws BackendException {
        if (state.isFinal()) {
            return;
        }
        pauseRequested = false;
        state = CopyTaskState.RUNNING;
        String job = currentJob;
        if (job != null) {
            try {
                owner.command("job-resume", Json.obj("id", job));
            } catch (IOException e) {
                throw new BackendException(Reason.IO_ERROR, "cannot resume job " + job + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public void cancel() throws BackendException {
        if (state.isFinal()) {
            return;
        }
        cancelRequested = true;
        String job = currentJob;
        if (job != null) {
            try {
                owner.command("job-cancel", Json.obj("id", job));
            } catch (IOException e) {
                // The job may have just concluded; the body sees cancelRequested and ends the task.
            }
        }
    }

    /** Waits (bounded) until the task is final. */
    void awaitFinal(long millis) {
        try {
            completion.toCompletableFuture().get(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            // final or timed out; callers check the state
        }
    }

    @Override
    public CompletionStage<CopyProgress> completion() {
        return completion;
    }
}
