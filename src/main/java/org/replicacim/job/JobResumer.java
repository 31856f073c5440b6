package org.replicacim.job;

/**
 * Re-attaches the work of a job that was running when the server stopped, from the job's resume token: the job keeps
 * its InstanceID and continues from where its work is now (e.g. a backend copy that recovery resumed).
 */
@FunctionalInterface
public interface JobResumer {
    /**
     * Returns the work that carries the job on under the same id; throws {@link JobFailure} saying why it cannot
     * (the job then ends in Exception with that description).
     *
     * @param job   the job as it was last saved (state Running, New or Suspended)
     * @param token the part of its resume token after {@code kind:}
     */
    JobWork resume(Job job, String token) throws JobFailure;
}
