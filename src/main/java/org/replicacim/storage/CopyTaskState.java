package org.replicacim.storage;

/** Life cycle of a {@link CopyTask}. */
public enum CopyTaskState {
    RUNNING, PAUSED, COMPLETED, CANCELLED, FAILED;

    public boolean isFinal() {
        return this == COMPLETED || this == CANCELLED || this == FAILED;
    }
}
