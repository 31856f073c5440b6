package org.replicacim.job;

/**
 * Work that can pause and continue at a client's request (CIM_ConcreteJob.RequestStateChange Suspend and Start).
 * Work that does not implement it cannot be suspended: pausing a job whose copy keeps running would be a lie.
 */
public interface SuspendableWork extends JobWork {
    /** Pauses the work; returns once it is paused. Throw to refuse (the job keeps running). */
    void suspend() throws JobFailure;

    /** Continues paused work. Throw to refuse (the job stays suspended). */
    void resume() throws JobFailure;
}
