package org.replicacim.job;

import java.util.List;

/** Where jobs are kept so that they outlive the process; every change is saved before it is visible. */
public interface JobStore {
    void save(Job job);

    void delete(String id);

    List<Job> loadAll();
}
