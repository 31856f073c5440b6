package org.replicacim.job;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Keeps jobs in memory only: for tests and for a server started without a durable store. */
public final class MemoryJobStore implements JobStore {
    private final Map<String, Job> jobs = new LinkedHashMap<>();

    @Override
    public synchronized void save(Job job) {
        jobs.put(job.id(), job);
    }

    @Override
    public synchronized void delete(String id) {
        jobs.remove(id);
    }

    @Override
    public synchronized List<Job> loadAll() {
        return new ArrayList<>(jobs.values());
    }
}
