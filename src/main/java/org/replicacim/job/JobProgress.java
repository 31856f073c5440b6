package org.replicacim.job;

/** What running work sees of its job: a place to report progress and to learn that it should stop. */
public interface JobProgress {
    /** Reports completion in percent (0..100; the job shows at most 99 until the work returns). */
    void report(int percent);

    /** Whether a client asked the job to terminate or be killed; work should stop soon after. */
    boolean stopRequested();

    /**
     * Saves how to re-attach the work after a restart ({@code kind:details} for the {@link JobResumer} registered
     * for that kind), once the work knows it (e.g. after it has started its copies); null when it cannot be.
     */
    default void checkpoint(String resumeToken) {
    }
}
