package org.replicacim.job;

/** The life-cycle state of a job (CIM_ConcreteJob.JobState value map). */
public enum JobState {
    NEW(2), STARTING(3), RUNNING(4), SUSPENDED(5), SHUTTING_DOWN(6), COMPLETED(7), TERMINATED(8), KILLED(9),
    EXCEPTION(10);

    private final int value;

    JobState(int value) {
        this.value = value;
    }

    public int value() {
        return value;
    }

    /** Whether the job has ended (successfully or not). */
    public boolean isFinished() {
        return this == COMPLETED || this == TERMINATED || this == KILLED || this == EXCEPTION;
    }
}
