package org.replicacim.job;

/** The body of a job: runs to the end, reporting progress, and stops early when asked to. */
@FunctionalInterface
public interface JobWork {
    /** Does the work; throw {@link JobFailure} (or any exception) to end the job in Exception. */
    void run(JobProgress progress) throws Exception;
}
