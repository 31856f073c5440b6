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
    CopyTaskId id();

    ReplicaPairId pairId();

    CopyTaskKind kind();

    CopyProgress progress();

    /** Stops copying after the chunk in flight; no effect on a final task. */
    void pause() throws BackendException;

    /** Continues a paused task. */
    void resume() throws BackendException;

    /** Stops the task for good; the pair goes to {@link PairState#ABORTED} (clone, initial copy) or keeps
     * tracking (resync, restore) so a later resync finishes the job. */
    void cancel() throws BackendException;

    /** Completes with the final progress when the task completes; completes exceptionally with a
     * {@link BackendException} (reason CANCELLED or IO_ERROR) when cancelled or failed. */
    CompletionStage<CopyProgress> completion();
}
