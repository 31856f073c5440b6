package org.replicacim.storage.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.replicacim.storage.BackendException;
import org.replicacim.storage.CopyProgress;
import org.replicacim.storage.CopyTask;
import org.replicacim.storage.CopyTaskId;
import org.replicacim.storage.CopyTaskKind;
import org.replicacim.storage.CopyTaskState;
import org.replicacim.storage.ReplicaPairId;

/**
 * A background copy of a pair's pending chunks, in runs of up to 1 MiB.
 *
 * <p>Checkpoints (destination fsync, then the pending bitmap, then the pair's progress) every 1 GiB and every two
 * seconds, whichever comes first, so a crash loses at most two seconds of copying: the chunks are still pending on
 * disk and the task re-copies them when the backend reopens, which is safe because copying is idempotent. More
 * frequent checkpoints (every 256 MiB) cost a third of the copy rate on fast disks: each fsync stalls the copy.
 */
final class FileCopyTask implements CopyTask, Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(FileCopyTask.class);
    /**
     * Read and write unit. 1 MiB stays in a core's L2 cache between the read and the write; 4 MiB runs wrote into the
     * page cache at a third of the rate in most benchmark runs (bench/storage/README.md).
     */
    private static final int RUN_CHUNKS_BYTES = 1 << 20;
    /** Each checkpoint fsyncs the destination and stalls the copy meanwhile; a time bound limits a crash's loss. */
    private static final long CHECKPOINT_BYTES = 1L << 30;
    private static final long CHECKPOINT_MILLIS = 2000;

    /** What the backend does at the end of the task, under its structure lock. */
    interface Owner {
        /** Ends the copy if nothing is pending any more (checked under the structure write lock). */
        boolean copyFinished(FileCopyTask task) throws IOException;

        void copyStopped(FileCopyTask task, CopyTaskState state, String reason);

        void checkpoint(FileCopyTask task) throws IOException;

        /** Runs {@code step} under the structure read lock; -1 without running it when the pair no longer
         * belongs to this task (aborted or removed). */
        long step(FileCopyTask task, IoStep step) throws IOException;
    }

    /** One locked step of the copy. */
    interface IoStep {
        long run() throws IOException;
    }

    private final CopyTaskId id;
    private final FilePair pair;
    private final CopyTaskKind kind;
    private final ChunkIo io;
    private final Owner owner;
    private final Clock clock;
    private final long bytesPerSecond;
    private final CompletableFuture<CopyProgress> completion = new CompletableFuture<>();
    private volatile CopyTaskState state = CopyTaskState.RUNNING;
    private volatile boolean pauseRequested;
    private volatile boolean cancelRequested;
    private volatile boolean stopRequested;
    private volatile long bytesDone;
    private volatile long bytesTotal;
    private volatile long bytesWritten;
    private volatile String error;

    FileCopyTask(CopyTaskId id, FilePair pair, CopyTaskKind kind, ChunkIo io, Owner owner, Clock clock,
                 long bytesPerSecond, long bytesDoneBefore, long bytesTotal) {
        this.id = id;
        this.pair = pair;
        this.kind = kind;
        this.io = io;
        this.owner = owner;
        this.clock = clock;
        this.bytesPerSecond = bytesPerSecond;
        this.bytesDone = bytesDoneBefore;
        this.bytesTotal = bytesTotal;
    }

    @Override
    public CopyTaskId id() {
        return id;
    }

    @Override
    public ReplicaPairId pairId() {
        return pair.id();
    }

    FilePair pair() {
        return pair;
    }

    @Override
    public CopyTaskKind kind() {
        return kind;
    }

    @Override
    public CopyProgress progress() {
        return new CopyProgress(state, bytesDone, Math.max(bytesTotal, bytesDone), bytesWritten,
                Optional.ofNullable(error));
    }

    @Override
    public synchronized void pause() {
        if (state == CopyTaskState.RUNNING) {
            pauseRequested = true;
            state = CopyTaskState.PAUSED;
        }
    }

    @Override
    public synchronized void resume() {
        if (state == CopyTaskState.PAUSED) {
            pauseRequested = false;
            state = CopyTaskState.RUNNING;
            notifyAll();
        }
    }

    @Override
    public void cancel() {
        synchronized (this) {
            if (state.isFinal()) {
                return;
            }
            cancelRequested = true;
            notifyAll();
        }
    }

    /** Stops at the next checkpoint without changing the pair; used on backend close. */
    synchronized void stop() {
        stopRequested = true;
        notifyAll();
    }

    /** Waits until the task is no longer copying (finished, cancelled, stopped) or the time is up. */
    boolean awaitStopped(long millis) {
        try {
            completion.toCompletableFuture().get(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            return true;
        }
    }

    @Override
    public CompletionStage<CopyProgress> completion() {
        return completion.minimalCompletionStage();
    }

    CompletableFuture<CopyProgress> future() {
        return completion;
    }

    long bytesDone() {
        return bytesDone;
    }

    long bytesTotal() {
        return bytesTotal;
    }

    @Override
    public void run() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(RUN_CHUNKS_BYTES);
        int runChunks = Math.max(1, RUN_CHUNKS_BYTES / io.chunkSize());
        long sinceCheckpoint = 0;
        long lastCheckpoint = clock.millis();
        long started = System.nanoTime();
        long throttled = 0;
        try {
            int cursor = 0;
            boolean wrapped = false;
            while (true) {
                if (!waitWhilePaused()) {
                    return;
                }
                final int from = cursor;
                int first = pair.pending().nextSet(from);
                if (first < 0) {
                    if (cursor > 0 && !wrapped) {
                        // Chunks re-queued behind the cursor (suspended copy) are taken in a second sweep.
                        cursor = 0;
                        wrapped = true;
                        continue;
                    }
                    owner.checkpoint(this);
                    if (owner.copyFinished(this)) {
                        finish(CopyTaskState.COMPLETED, null);
                        return;
                    }
                    // Writes re-queued chunks between the sweep and the final check: sweep again.
                    cursor = 0;
                    wrapped = false;
                    continue;
                }
                int count = 1;
                while (count < runChunks && first + count < pair.chunkCount() && pair.pending().get(first + count)) {
                    count++;
                }
                final int runFirst = first;
                final int runCount = count;
                long written = owner.step(this, () -> io.copyRun(pair, runFirst, runCount, buffer));
                if (written < 0) {
                    if (stopRequested) {
                        stoppedForClose();
                    } else {
                        finish(CopyTaskState.CANCELLED, "aborted");
                    }
                    return;
                }
                long looked = Math.min((long) count * io.chunkSize(),
                        pair.source().size() - ((long) first * io.chunkSize()));
                bytesDone += looked;
                bytesWritten += written;
                throttled += looked;
                sinceCheckpoint += looked;
                cursor = first + count;
                if (bytesDone > bytesTotal) {
                    bytesTotal = bytesDone;
                }
                if (sinceCheckpoint >= CHECKPOINT_BYTES || clock.millis() - lastCheckpoint >= CHECKPOINT_MILLIS) {
                    owner.checkpoint(this);
                    sinceCheckpoint = 0;
                    lastCheckpoint = clock.millis();
                }
                throttle(started, throttled);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("copy task {} of pair {} failed", id, pair.id(), e);
            finish(CopyTaskState.FAILED, e.toString());
        }
    }

    /** Returns false when the task must stop (cancel or close); handles both. */
    private boolean waitWhilePaused() throws IOException {
        synchronized (this) {
            while (pauseRequested && !cancelRequested && !stopRequested) {
                try {
                    wait(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stopRequested = true;
                }
            }
        }
        if (stopRequested) {
            owner.checkpoint(this);
            stoppedForClose();
            return false;
        }
        if (cancelRequested) {
            owner.checkpoint(this);
            finish(CopyTaskState.CANCELLED, "cancelled");
            return false;
        }
        return true;
    }

    /** The backend is closing: the pair keeps its copy state on disk and the task resumes on reopen. */
    private void stoppedForClose() {
        completion.completeExceptionally(new BackendException(BackendException.Reason.CANCELLED,
                "copy task " + id + " stopped because the backend closed; it resumes on reopen"));
    }

    private void throttle(long startedNanos, long bytes) {
        if (bytesPerSecond <= 0) {
            return;
        }
        long dueNanos = startedNanos + bytes * 1_000_000_000L / bytesPerSecond;
        long sleepMillis = (dueNanos - System.nanoTime()) / 1_000_000;
        if (sleepMillis > 0) {
            synchronized (this) {
                try {
                    wait(Math.min(sleepMillis, 500));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stopRequested = true;
                }
            }
        }
    }

    private void finish(CopyTaskState finalState, String reason) {
        if (finalState != CopyTaskState.COMPLETED) {
            error = reason;
            owner.copyStopped(this, finalState, reason);
        }
        state = finalState;
        if (finalState == CopyTaskState.COMPLETED) {
            bytesTotal = bytesDone;
            completion.complete(progress());
        } else {
            BackendException.Reason why = finalState == CopyTaskState.CANCELLED
                    ? BackendException.Reason.CANCELLED : BackendException.Reason.IO_ERROR;
            completion.completeExceptionally(new BackendException(why, "copy task " + id + " " + reason));
        }
    }

    /** Marks a task that finished without running (snapshot resync/restore, nothing to copy). */
    void completeImmediately() {
        state = CopyTaskState.COMPLETED;
        completion.complete(progress());
    }
}
