package org.replicacim.provider.job;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.replicacim.cim.CimClass;
import org.replicacim.cim.CimDateTime;
import org.replicacim.cim.CimException;
import org.replicacim.cim.CimInstance;
import org.replicacim.cim.CimMethod;
import org.replicacim.cim.CimName;
import org.replicacim.cim.CimProperty;
import org.replicacim.cim.CimStatus;
import org.replicacim.cim.CimValue;
import org.replicacim.cim.ObjectPath;
import org.replicacim.job.Job;
import org.replicacim.job.JobFailure;
import org.replicacim.job.JobService;
import org.replicacim.message.MethodResult;
import org.replicacim.message.ParamValue;
import org.replicacim.provider.InstanceProvider;
import org.replicacim.provider.MethodProvider;
import org.replicacim.provider.OperationContext;
import org.replicacim.provider.ResultSink;
import org.replicacim.provider.block.ElementPaths;
import org.replicacim.provider.block.MethodResults;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MSISCSITARGET_ConcreteJob: the job service's jobs as CIM instances. Clients may change TimeBeforeRemoval and
 * DeleteOnCompletion, delete finished jobs, and call RequestStateChange (Start after Suspend, Suspend, Terminate,
 * Kill), GetError, GetErrors and KillJob with the return codes of replication-services.md §8.4. Finished jobs
 * disappear once their TimeBeforeRemoval has passed.
 */
public final class ConcreteJobProvider implements InstanceProvider, MethodProvider {
    /** The class this provider serves. */
    public static final String CLASS = ElementPaths.JOB_CLASS;

    /** RequestStateChange.RequestedState values (CIM_ConcreteJob). */
    private static final int START = 2;
    private static final int SUSPEND = 3;
    private static final int TERMINATE = 4;
    private static final int KILL = 5;
    private static final int SERVICE = 6;

    /** RequestStateChange return values. */
    private static final int NOT_SUPPORTED = 1;
    private static final int FAILED = 4;
    private static final int INVALID_PARAMETER = 5;
    private static final int TRANSITION_STARTED = 4096;
    private static final int INVALID_TRANSITION = 4097;
    private static final int TIMEOUT_NOT_SUPPORTED = 4098;

    /** How long Terminate/Kill wait for the job to end before answering "transition started". */
    private static final Duration STOP_WAIT = Duration.ofSeconds(10);

    private static final Logger LOG = LoggerFactory.getLogger(ConcreteJobProvider.class);

    private final JobService jobs;
    private final JobInstances instances;
    private final Clock clock;
    private final JobExpiry expiry;

    ConcreteJobProvider(JobService jobs, JobInstances instances, Clock clock, JobExpiry expiry) {
        this.jobs = jobs;
        this.instances = instances;
        this.clock = clock;
        this.expiry = expiry;
    }

    @Override
    public void enumerateInstances(OperationContext ctx, CimClass cls, ResultSink<CimInstance> out)
            throws CimException {
        expiry.removeExpired();
        Instant now = clock.instant();
        for (Job j : jobs.list()) {
            out.accept(instances.instance(j, now));
        }
    }

    @Override
    public void enumerateInstanceNames(OperationContext ctx, CimClass cls, ResultSink<ObjectPath> out)
            throws CimException {
        expiry.removeExpired();
        for (Job j : jobs.list()) {
            out.accept(instances.path(j));
        }
    }

    private Job job(ObjectPath path) throws CimException {
        expiry.removeExpired();
        CimValue id = path.key("InstanceID");
        Job j = id == null || id.isNull() ? null : jobs.get(id.asString());
        if (j == null) {
            throw new CimException(CimStatus.NOT_FOUND, "no job " + path.local() + " (finished jobs are removed"
                    + " after their TimeBeforeRemoval)");
        }
        return j;
    }

    @Override
    public CimInstance getInstance(OperationContext ctx, CimClass cls, ObjectPath path) throws CimException {
        return instances.instance(job(path), clock.instant());
    }

    /** Only TimeBeforeRemoval and DeleteOnCompletion change; other properties must keep their current values. */
    @Override
    public void modifyInstance(OperationContext ctx, CimClass cls, CimInstance modified, List<CimName> propertyList)
            throws CimException {
        Job j = job(modified.path());
        CimInstance current = instances.instance(j, clock.instant());
        List<CimName> names = new ArrayList<>();
        if (propertyList == null) {
            modified.properties().forEach(p -> names.add(p.name()));
        } else {
            names.addAll(propertyList);
        }
        Duration tbr = j.timeBeforeRemoval();
        boolean deleteOnCompletion = j.deleteOnCompletion();
        for (CimName n : names) {
            CimProperty p = modified.property(n);
            CimValue v = p == null ? null : p.value();
            if (n.is("TimeBeforeRemoval")) {
                tbr = timeBeforeRemoval(v);
            } else if (n.is("DeleteOnCompletion")) {
                if (v == null || v.isNull()) {
                    throw new CimException(CimStatus.INVALID_PARAMETER, "DeleteOnCompletion cannot be NULL");
                }
                deleteOnCompletion = v.asBoolean();
            } else if (!same(current.value(n.value()), v)) {
                throw new CimException(CimStatus.NOT_SUPPORTED, "only TimeBeforeRemoval and DeleteOnCompletion of a"
                        + " job can be changed, not " + n);
            }
        }
        jobs.setRemovalPolicy(j.id(), tbr, deleteOnCompletion);
        LOG.info("job {}: TimeBeforeRemoval {} s, DeleteOnCompletion {}", j.id(), tbr.toSeconds(), deleteOnCompletion);
    }

    private static boolean same(CimValue a, CimValue b) {
        boolean aNull = a == null || a.isNull();
        boolean bNull = b == null || b.isNull();
        return aNull || bNull ? aNull == bNull : Objects.equals(a.value(), b.value());
    }

    private static Duration timeBeforeRemoval(CimValue v) throws CimException {
        if (v == null || v.isNull()) {
            throw new CimException(CimStatus.INVALID_PARAMETER, "TimeBeforeRemoval is required (an interval)");
        }
        CimDateTime d = v.asDateTime();
        if (!d.isInterval() || d.hasWildcards()) {
            throw new CimException(CimStatus.INVALID_PARAMETER, "TimeBeforeRemoval must be an interval such as"
                    + " 00000000000500.000000:000, got " + d);
        }
        return d.toDuration();
    }

    @Override
    public void deleteInstance(OperationContext ctx, CimClass cls, ObjectPath path) throws CimException {
        Job j = job(path);
        if (!j.state().isFinished()) {
            throw new CimException(CimStatus.FAILED, "job " + j.id() + " is still " + j.state().name()
                    .toLowerCase(Locale.ROOT) + "; terminate it (RequestStateChange 4) before deleting it");
        }
        jobs.delete(j.id());
        LOG.info("job {} deleted by {}", j.id(), ctx.user().isEmpty() ? "a client" : ctx.user());
    }

    @Override
    public CompletionStage<MethodResult> invokeMethod(OperationContext ctx, CimClass cls, ObjectPath target,
                                                      CimMethod method, List<ParamValue> in) {
        try {
            Job j = job(target);
            String name = method.name().value().toLowerCase(Locale.ROOT);
            return switch (name) {
                case "requeststatechange" -> requestStateChange(ctx, j, in);
                case "geterror" -> MethodResults.done(0, JobInstances.failed(j)
                        ? ParamValue.of("Error", CimValue.embedded(CimValue.Embedded.INSTANCE, instances.error(j)))
                        : null);
                case "geterrors" -> MethodResults.done(0, ParamValue.of("Errors", CimValue.embeddedArray(
                        CimValue.Embedded.INSTANCE, JobInstances.failed(j) ? List.of(instances.error(j)) : List.of())));
                case "killjob" -> killJob(ctx, j, in);
                // Our jobs never wait for input, so they are never in Query Pending.
                case "resumewithaction", "resumewithinput" -> MethodResults.done(6);
                default -> MethodResults.done(NOT_SUPPORTED);
            };
        } catch (CimException e) {
            return CompletableFuture.failedFuture(e);
        } catch (RuntimeException e) {
            LOG.error("{}.{} failed unexpectedly", cls.name(), method.name(), e);
            return MethodResults.done(2);
        }
    }

    private CompletionStage<MethodResult> requestStateChange(OperationContext ctx, Job j, List<ParamValue> in) {
        CimValue timeout = MethodResults.in(in, "TimeoutPeriod");
        if (timeout != null && !(timeout.asDateTime().isInterval() && timeout.asDateTime().toDuration().isZero())) {
            return refuse(j, "RequestStateChange", TIMEOUT_NOT_SUPPORTED, "a TimeoutPeriod is not supported");
        }
        CimValue requested = MethodResults.in(in, "RequestedState");
        if (requested == null) {
            return refuse(j, "RequestStateChange", INVALID_PARAMETER, "RequestedState is required");
        }
        int state = requested.asInt();
        if (state == SERVICE) {
            return refuse(j, "RequestStateChange", NOT_SUPPORTED, "jobs have no Service state here");
        }
        if (state < START || state > SERVICE) {
            return refuse(j, "RequestStateChange", INVALID_PARAMETER, "RequestedState " + state + " is not one of"
                    + " 2 Start, 3 Suspend, 4 Terminate, 5 Kill");
        }
        if (j.state().isFinished()) {
            return refuse(j, "RequestStateChange", INVALID_TRANSITION, "the job has already ended ("
                    + j.state().name().toLowerCase(Locale.ROOT) + ")");
        }
        try {
            switch (state) {
                case START -> {
                    return switchResult(j, "Start", jobs.resume(j.id()));
                }
                case SUSPEND -> {
                    return switchResult(j, "Suspend", jobs.suspend(j.id()));
                }
                default -> {
                    return stop(ctx, j, state == KILL, "RequestStateChange", 0, TRANSITION_STARTED);
                }
            }
        } catch (JobFailure f) {
            return refuse(j, "RequestStateChange", FAILED, f.getMessage());
        }
    }

    private CompletionStage<MethodResult> switchResult(Job j, String what, JobService.StateChange r) {
        return switch (r) {
            case DONE -> {
                LOG.info("job {}: {} done", j.id(), what);
                yield MethodResults.done(0);
            }
            case NOT_SUPPORTED -> refuse(j, what, NOT_SUPPORTED, "the job's work cannot be suspended");
            case NOT_ALLOWED, UNKNOWN_JOB -> refuse(j, what, INVALID_TRANSITION, "not from state "
                    + (jobs.get(j.id()) == null ? "removed" : jobs.get(j.id()).state().name()
                    .toLowerCase(Locale.ROOT)));
        };
    }

    /**
     * Asks the job to stop and answers {@code done} once it has ended, or {@code pending} if it has not ended
     * within a bounded wait (shorter than the request's deadline); no thread waits meanwhile.
     */
    private CompletionStage<MethodResult> stop(OperationContext ctx, Job j, boolean kill, String what, int done,
                                               int pending) {
        if (!jobs.canStop(j.id())) {
            Job now = jobs.get(j.id());
            if (now == null || now.state().isFinished()) {
                return refuse(j, what, INVALID_TRANSITION, "the job has already ended");
            }
            return refuse(j, what, NOT_SUPPORTED, "the job's work cannot be interrupted; it ends by itself");
        }
        jobs.stop(j.id(), kill);
        LOG.info("job {}: {} requested by {}", j.id(), kill ? "kill" : "terminate",
                ctx.user().isEmpty() ? "a client" : ctx.user());
        Duration wait = STOP_WAIT;
        if (ctx.deadline() != null) {
            Duration left = Duration.between(clock.instant(), ctx.deadline()).minusSeconds(1);
            wait = left.isNegative() ? Duration.ZERO : left.compareTo(wait) < 0 ? left : wait;
        }
        return jobs.whenFinished(j.id()).toCompletableFuture()
                .completeOnTimeout(null, wait.toMillis(), TimeUnit.MILLISECONDS)
                .thenApply(finished -> MethodResults.result(finished != null ? done : pending));
    }

    private CompletionStage<MethodResult> killJob(OperationContext ctx, Job j, List<ParamValue> in) {
        if (j.state().isFinished()) {
            return refuse(j, "KillJob", FAILED, "the job has already ended");
        }
        CimValue deleteOnKill = MethodResults.in(in, "DeleteOnKill");
        if (deleteOnKill != null && jobs.canStop(j.id())) {
            jobs.setRemovalPolicy(j.id(), j.timeBeforeRemoval(), deleteOnKill.asBoolean());
        }
        return stop(ctx, j, true, "KillJob", 0, 3);
    }

    private static CompletableFuture<MethodResult> refuse(Job j, String what, int code, String why) {
        LOG.info("job {}: {} refused ({}): {}", j.id(), what, code, why);
        return MethodResults.done(code);
    }
}
