package org.replicacim.storage;

import java.util.Optional;

/**
 * Progress of a copy task.
 *
 * @param bytesDone  bytes the task has copied so far (the engine's own counter; zero regions skipped count too)
 * @param bytesTotal bytes the task has to look at; may grow while a mirror's host writes add work
 * @param bytesWritten bytes actually written to the destination (zero chunks skipped on sparse targets excluded)
 * @param error      why the task failed, when {@code state} is FAILED or CANCELLED
 */
public record CopyProgress(CopyTaskState state, long bytesDone, long bytesTotal, long bytesWritten,
                           Optional<String> error) {
    public int percent() {
        return bytesTotal == 0 ? 100 : (int) Math.min(100, bytesDone * 100 / bytesTotal);
    }
}
