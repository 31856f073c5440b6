package org.replicacim.storage;

import java.util.concurrent.CompletionStage;

/**
 * Long-running copy work inside a backend (clone, initial mirror copy, resync, restore).
 *
 * <p>Crash behaviour: a task persists checkpoints; after a crash the backend reopens it with the same id, either
 * running again from the last checkpoint (engines declaring {@link Capability#RESUMABLE_COPY}) or FAILED with the
 * pair in {@link PairState#ABORTED}. A target is never reported complete while copied data may be missing.
 */
public interface CopyTask {
    /** Stable id, the same after a crash and reopen. */
    CopyTaskId id();

    /** The pair this task copies for. */
    ReplicaPairId pairId();

    CopyTaskKind kind();

    /** Current byte progress; cheap, may be polled. */
    CopyProgress progress();

    /** Stops copying after the run in flight; no effect on a final task. Not persisted: after a crash the task
     * runs again unless its pair was suspended. */
    void pause() throws BackendException;

    /** Continues a paused task. No durable effect. */
    void resume() throws BackendException;

    /** Stops the task for good; the pair goes to {@link PairState#ABORTED}, its target reported incomplete, and
     * keeps the chunks still to copy so a later resync finishes the job. The pair's new state is persisted before
     * {@link #completion()} completes; a crash before that resumes the task on reopen. */
    void cancel() throws BackendException;

    /** Completes with the final progress when the task completes; completes exceptionally with a
     * {@link BackendException} (reason CANCELLED or IO_ERROR) when cancelled or failed. */
    CompletionStage<CopyProgress> completion();
}
