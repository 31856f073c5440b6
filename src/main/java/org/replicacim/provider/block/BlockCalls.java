package org.replicacim.provider.block;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.replicacim.cim.ObjectPath;
import org.replicacim.job.Job;
import org.replicacim.job.JobFailure;
import org.replicacim.job.JobProgress;
import org.replicacim.job.JobService;
import org.replicacim.job.JobWork;
import org.replicacim.message.MethodResult;
import org.replicacim.storage.BackendException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one backend call for a Block Services method: when it finishes within the threshold the method answers
 * with its outcome (0, or the error code); when it takes longer the method answers 4096 with a CIM_ConcreteJob that
 * waits for the same call (replication-services.md §8.1: parameters are checked before, so a job only ever carries
 * the backend's own work). No job exists on the fast path.
 */
final class BlockCalls {
    private static final Logger LOG = LoggerFactory.getLogger(BlockCalls.class);

    /** One backend call. */
    @FunctionalInterface
    interface BackendCall<T> {
        T call() throws BackendException;
    }

    /** What the method answers and which elements it created, for a call's value or failure. */
    interface Outcome<T> {
        /** The method's result when the call succeeded (return code 0 and OUT parameters). */
        MethodResult succeeded(T value);

        /** The method's result when the backend refused (the code from {@link BackendErrors} and OUT values). */
        MethodResult refused(BackendException e);

        /** The elements the call created (CIM_AffectedJobElement with effect Create when run as a job). */
        List<ObjectPath> created(T value);
    }

    private final JobService jobs;
    private final ElementPaths paths;
    private final Duration threshold;
    private final ThreadPoolExecutor executor;

    BlockCalls(JobService jobs, ElementPaths paths, Duration threshold) {
        this.jobs = jobs;
        this.paths = paths;
        this.threshold = threshold;
        AtomicInteger n = new AtomicInteger();
        // Bounded: a backend that hangs cannot make this grow; beyond the queue the HTTP thread runs the call itself.
        this.executor = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(64), r -> {
            Thread t = new Thread(r, "block-call-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.CallerRunsPolicy());
        executor.allowCoreThreadTimeOut(true);
    }

    /** The DSP0207 class path of the configuration service followed by the method (CIM_ConcreteJob.MethodName). */
    String methodName(String method) {
        return "/" + paths.namespace().value() + ":" + ElementPaths.CONFIGURATION_SERVICE_CLASS + "." + method;
    }

    /**
     * @param affected the affected elements as {@link AffectedElementRefs#encode} writes them (used if a job starts)
     */
    <T> CompletionStage<MethodResult> run(String method, String user, List<String> affected, BackendCall<T> call,
                                          Outcome<T> outcome) {
        CompletableFuture<T> work = CompletableFuture.supplyAsync(() -> {
            try {
                return call.call();
            } catch (BackendException e) {
                throw new CompletionException(e);
            }
        }, executor);
        CompletableFuture<MethodResult> answer = new CompletableFuture<>();
        AtomicBoolean decided = new AtomicBoolean();
        work.whenComplete((value, error) -> {
            if (decided.compareAndSet(false, true)) {
                answer.complete(finished(method, outcome, value, error));
            }
        });
        CompletableFuture.delayedExecutor(threshold.toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
            if (decided.compareAndSet(false, true)) {
                answer.complete(asJob(method, user, affected, work, outcome));
            }
        });
        return answer;
    }

    private <T> MethodResult finished(String method, Outcome<T> outcome, T value, Throwable error) {
        if (error == null) {
            return outcome.succeeded(value);
        }
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof BackendException be) {
            MethodResult r = outcome.refused(be);
            LOG.info("{} refused ({}): {}", method, r.returnValue(), be.getMessage());
            return r;
        }
        LOG.error("{} failed unexpectedly", method, cause);
        return MethodResults.result(BackendErrors.UNKNOWN);
    }

    private <T> MethodResult asJob(String method, String user, List<String> affected, CompletableFuture<T> work,
                                   Outcome<T> outcome) {
        CompletableFuture<String> jobId = new CompletableFuture<>();
        Job job = jobs.submit(method, methodName(method), user, affected, new JobWork() {
            @Override
            public void run(JobProgress progress) throws Exception {
                T value;
                try {
                    value = work.get();
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause() instanceof CompletionException c && c.getCause() != null
                            ? c.getCause() : e.getCause();
                    if (cause instanceof BackendException be) {
                        MethodResult r = outcome.refused(be);
                        throw new JobFailure((int) r.returnValue().asLong(), be.getMessage(), be);
                    }
                    throw new JobFailure(BackendErrors.UNKNOWN, "internal error: " + cause, cause);
                }
                String id = jobId.get();
                for (ObjectPath created : outcome.created(value)) {
                    jobs.addAffectedElement(id, AffectedElementRefs.encode(created, AffectedElementRefs.CREATE));
                }
            }

            @Override
            public boolean stoppable() {
                return false; // one backend call: it cannot be interrupted half-way
            }
        });
        jobId.complete(job.id());
        LOG.info("{} takes longer than {} ms: continues as job {}", method, threshold.toMillis(), job.id());
        return MethodResults.result(BackendErrors.JOB_STARTED, MethodResults.ref("Job", paths.job(job.id())));
    }
}
