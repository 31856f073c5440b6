package org.replicacim.job;

import java.util.List;

/** Where jobs are kept so that they outlive the process; every change is saved before it is visible. */
public interface JobStore {
    void save(Job job);

    void delete(String id);

    List<Job> loadAll();

    /** The job with this id, or null (a follower reads through to the store the leader writes). */
    default Job load(String id) {
        for (Job j : loadAll()) {
            if (j.id().equals(id)) {
                return j;
            }
        }
        return null;
    }
}
