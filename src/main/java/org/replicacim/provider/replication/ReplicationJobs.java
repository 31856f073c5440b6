package org.replicacim.provider.replication;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.replicacim.cim.ObjectPath;
import org.replicacim.job.Job;
import org.replicacim.job.JobFailure;
import org.replicacim.job.JobProgress;
import org.replicacim.job.JobService;
import org.replicacim.job.JobWork;
import org.replicacim.provider.block.ElementPaths;
import org.replicacim.replication.AcceptedOperation;
import org.replicacim.replication.CopyState;
import org.replicacim.replication.ReplicationEngine;
import org.replicacim.replication.ReplicationException;

/**
 * Turns accepted operations that keep copying into CIM_ConcreteJobs (the 4096 pattern of replication-services.md
 * §8.1): the job completes when each operation has reached the awaited state, reports the copies' real progress,
 * and aborts them when a client terminates or kills it.
 */
final class ReplicationJobs {
    /** One operation a job waits for, and the state it waits for. */
    record Watch(AcceptedOperation operation, CopyState state) {
    }

    private static final long POLL_MILLIS = 200;

    /** The kind of resume token of these jobs (see {@link org.replicacim.job.JobResumer}). */
    static final String KIND = "replication";

    private final JobService jobs;
    private final ElementPaths paths;
    private final ReplicationEngine engine;

    ReplicationJobs(JobService jobs, ElementPaths paths, ReplicationEngine engine) {
        this.jobs = jobs;
        this.paths = paths;
        this.engine = engine;
    }

    /** The DSP0207 class path of the service followed by the method name (CIM_ConcreteJob.MethodName). */
    String methodName(String method) {
        return "/" + paths.namespace().value() + ":" + ElementPaths.REPLICATION_SERVICE_CLASS + "." + method;
    }

    /** CIM_AffectedJobElement.ElementEffects: 5 Create for a target a creation makes, 3 Performance Impact for the
     * volumes a modification copies between (replication-services.md §8.5). */
    static final int CREATE = 5;
    static final int PERFORMANCE_IMPACT = 3;

    /** Starts a job that waits for the given operations; returns its path. */
    ObjectPath submit(String method, String user, List<ObjectPath> affected, int effect, List<Watch> watches) {
        return submit(method, user, affected, effect, token(watches), progress -> awaitAll(watches, progress));
    }

    /**
     * The resume token of a job waiting for these operations: {@code replication:id,generation,state;...}, enough to
     * re-attach to them after a restart ({@link #resume}).
     */
    static String token(List<Watch> watches) {
        StringBuilder b = new StringBuilder(KIND).append(':');
        for (int i = 0; i < watches.size(); i++) {
            AcceptedOperation op = watches.get(i).operation();
            b.append(i == 0 ? "" : ";").append(op.relationshipId()).append(',').append(op.generation()).append(',')
                    .append(watches.get(i).state().value());
        }
        return b.toString();
    }

    /**
     * Re-attaches a job that was waiting for copies when the server stopped: the same operations, found again in the
     * recovered engine; throws (the job ends in Exception) saying why an awaited state can no longer be reached.
     */
    JobWork resume(Job job, String token) throws JobFailure {
        List<Watch> watches = new ArrayList<>();
        try {
            for (String part : token.split(";")) {
                if (part.isEmpty()) {
                    continue;
                }
                String[] f = part.split(",");
                if (f.length != 3) {
                    throw new JobFailure(4, "the server stopped while this job was running; its saved state ("
                            + token + ") cannot be read, so it was not resumed");
                }
                CopyState state = CopyState.of(Integer.parseInt(f[2]));
                if (state == null) {
                    throw new JobFailure(4, "the server stopped while this job was running; it waited for an unknown"
                            + " CopyState " + f[2]);
                }
                watches.add(new Watch(engine.reattach(f[0], Long.parseLong(f[1]), state), state));
            }
        } catch (ReplicationException e) {
            watches.forEach(w -> w.operation().release());
            throw new JobFailure(4, "the server stopped while this job was running; after the restart " + e.getMessage(),
                    e);
        } catch (JobFailure | RuntimeException e) {
            watches.forEach(w -> w.operation().release());
            throw e;
        }
        return progress -> awaitAll(watches, progress);
    }

    /**
     * Starts a job; each affected element is written for the job service as {@code [effect]path} (the path's text
     * with its namespace), the form the Job Control provider reads back into CIM_AffectedJobElement.
     */
    ObjectPath submit(String method, String user, List<ObjectPath> affected, int effect, JobWork work) {
        return submit(method, user, affected, effect, null, work);
    }

    private ObjectPath submit(String method, String user, List<ObjectPath> affected, int effect, String resumeToken,
                              JobWork work) {
        List<String> refs = new ArrayList<>();
        for (ObjectPath p : affected) {
            refs.add("[" + effect + "]" + p.withHost(null));
        }
        Job job = jobs.submit(method, methodName(method), user, refs, resumeToken, work);
        return paths.job(job.id());
    }

    /**
     * Waits until every watched operation has reached its state (or failed), reporting the mean progress; throws a
     * JobFailure naming every operation that failed. Releases the relationships when done.
     */
    static void awaitAll(List<Watch> watches, JobProgress progress) throws JobFailure, InterruptedException {
        List<CompletableFuture<?>> futures = new ArrayList<>();
        for (Watch w : watches) {
            futures.add(w.operation().reached(w.state()).toCompletableFuture());
        }
        CompletableFuture<Void> settled = CompletableFuture.allOf(futures.stream()
                .map(f -> f.handle((v, e) -> null)).toArray(CompletableFuture[]::new));
        try {
            while (true) {
                try {
                    settled.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
                    break;
                } catch (TimeoutException e) {
                    int sum = 0;
                    for (Watch w : watches) {
                        sum += w.operation().percent();
                    }
                    progress.report(watches.isEmpty() ? 0 : sum / watches.size());
                    if (progress.stopRequested()) {
                        abortAll(watches);
                        throw new JobFailure(4, "stopped at the client's request; the copy was aborted");
                    }
                } catch (ExecutionException e) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            abortAll(watches);
            throw e;
        } finally {
            for (Watch w : watches) {
                w.operation().release();
            }
        }
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < futures.size(); i++) {
            CompletableFuture<?> f = futures.get(i);
            if (f.isCompletedExceptionally()) {
                failures.add(describe(watches, i, f));
            }
        }
        if (!failures.isEmpty()) {
            throw new JobFailure(4, String.join("; ", failures));
        }
    }

    private static String describe(List<Watch> watches, int i, CompletableFuture<?> f) {
        String why;
        try {
            f.join();
            why = "failed";
        } catch (RuntimeException e) {
            Throwable c = e.getCause() != null ? e.getCause() : e;
            why = c instanceof ReplicationException re ? re.getMessage() : c.toString();
        }
        return watches.size() == 1 ? why : "element " + i + ": " + why;
    }

    private static void abortAll(List<Watch> watches) {
        for (Watch w : watches) {
            try {
                w.operation().abort();
            } catch (ReplicationException e) {
                // Not abortable in its current state (e.g. a clone restore): it runs to its end.
            }
        }
    }
}
