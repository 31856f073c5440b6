package org.replicacim.provider.job;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.replicacim.cim.CimDateTime;
import org.replicacim.cim.CimInstance;
import org.replicacim.cim.CimName;
import org.replicacim.cim.CimValue;
import org.replicacim.cim.ObjectPath;
import org.replicacim.job.Job;
import org.replicacim.job.JobState;
import org.replicacim.provider.block.AffectedElementRefs;
import org.replicacim.provider.block.ElementPaths;

/**
 * Turns job service snapshots into MSISCSITARGET_ConcreteJob instances (replication-services.md §8.2, with
 * JobState × OperationalStatus as §8.3 gives them), their CIM_Error, and their associations.
 */
final class JobInstances {
    /** OperationalStatus values (CIM_ManagedSystemElement). */
    private static final int OK = 2;
    private static final int ERROR = 6;
    private static final int STOPPED = 10;
    private static final int DORMANT = 15;
    private static final int COMPLETED = 17;

    static final String AFFECTED_JOB_ELEMENT = "MSISCSITARGET_AffectedJobElement";
    /** The Microsoft class set has no OwningJobElement subclass (replication-services.md §8.5); the CIM class serves. */
    static final String OWNING_JOB_ELEMENT = "CIM_OwningJobElement";

    private final ElementPaths paths;

    JobInstances(ElementPaths paths) {
        this.paths = paths;
    }

    ObjectPath path(Job j) {
        return paths.job(j.id());
    }

    static int[] operationalStatus(JobState s) {
        return switch (s) {
            case NEW, STARTING, RUNNING -> new int[] {OK};
            case SUSPENDED -> new int[] {OK, DORMANT};
            case SHUTTING_DOWN -> new int[] {OK, 9};
            case COMPLETED -> new int[] {OK, COMPLETED};
            case EXCEPTION -> new int[] {ERROR, COMPLETED};
            case TERMINATED, KILLED -> new int[] {STOPPED, COMPLETED};
        };
    }

    /** A short human-readable status (CIM_Job.JobStatus). */
    static String status(Job j) {
        return switch (j.state()) {
            case NEW -> "New";
            case STARTING -> "Starting";
            case RUNNING -> "Running, " + j.percentComplete() + "% complete";
            case SUSPENDED -> "Suspended at " + j.percentComplete() + "%";
            case SHUTTING_DOWN -> "Shutting down";
            case COMPLETED -> "Completed";
            case TERMINATED -> "Terminated: " + j.errorDescription();
            case KILLED -> "Killed: " + j.errorDescription();
            case EXCEPTION -> "Failed: " + j.errorDescription();
        };
    }

    /** Whether the job ended without doing what it was started for. */
    static boolean failed(Job j) {
        return j.state().isFinished() && j.state() != JobState.COMPLETED;
    }

    CimInstance instance(Job j, Instant now) {
        ObjectPath p = path(j);
        CimInstance.Builder b = CimInstance.builder(p.className()).path(p)
                .property("InstanceID", CimValue.string(j.id()))
                .property("Name", CimValue.string(j.name()))
                .property("ElementName", CimValue.string(j.name()))
                .property("Description", CimValue.string(j.name() + " started by "
                        + (j.owner() == null || j.owner().isEmpty() ? "an anonymous client" : j.owner())))
                .property("JobState", CimValue.uint16(j.state().value()))
                .property("OperationalStatus", CimValue.uint16Array(operationalStatus(j.state())))
                .property("JobStatus", CimValue.string(status(j)))
                .property("PercentComplete", CimValue.uint16(j.percentComplete()))
                .property("ErrorCode", CimValue.uint16(j.state() == JobState.COMPLETED ? 0 : j.errorCode()))
                .property("TimeSubmitted", CimValue.datetime(CimDateTime.of(j.timeSubmitted())))
                .property("TimeOfLastStateChange", CimValue.datetime(CimDateTime.of(j.timeOfLastStateChange())))
                .property("ElapsedTime", CimValue.datetime(CimDateTime.interval(elapsed(j, now))))
                .property("TimeBeforeRemoval", CimValue.datetime(CimDateTime.interval(j.timeBeforeRemoval())))
                .property("DeleteOnCompletion", CimValue.bool(j.deleteOnCompletion()));
        if (j.startTime() != null) {
            b.property("StartTime", CimValue.datetime(CimDateTime.of(j.startTime())));
        }
        if (j.errorDescription() != null && j.state() != JobState.COMPLETED) {
            b.property("ErrorDescription", CimValue.string(j.errorDescription()));
        }
        if (j.owner() != null && !j.owner().isEmpty()) {
            b.property("Owner", CimValue.string(j.owner()));
        }
        if (j.methodName() != null) {
            b.property("MethodName", CimValue.string(j.methodName()));
        }
        return b.build();
    }

    /** The job's running time; never negative when the job started after {@code now} was read. */
    private static Duration elapsed(Job j, Instant now) {
        Duration d = j.elapsed(now);
        return d.isNegative() ? Duration.ZERO : d;
    }

    /** The CIM_Error describing why a finished job did not complete (GetError / GetErrors). */
    CimInstance error(Job j) {
        boolean stopped = j.state() == JobState.TERMINATED || j.state() == JobState.KILLED;
        String state = j.state().name().charAt(0) + j.state().name().substring(1).toLowerCase(Locale.ROOT);
        return CimInstance.builder("CIM_Error")
                .property("ErrorType", CimValue.uint16(1))
                .property("OtherErrorType", CimValue.string("Job " + state))
                .property("OwningEntity", CimValue.string("ReplicaCIM"))
                .property("MessageID", CimValue.string("ReplicaCIM.Job." + state))
                .property("Message", CimValue.string(j.errorDescription() == null ? status(j) : j.errorDescription()))
                .property("MessageArguments", CimValue.stringArray(j.name(), Integer.toString(j.errorCode())))
                .property("PerceivedSeverity", CimValue.uint16(stopped ? 2 : 5))
                .property("ProbableCause", CimValue.uint16(1))
                .property("ProbableCauseDescription", CimValue.string(stopped ? "stopped at a client's request"
                        : j.name() + " failed with return code " + j.errorCode()))
                .property("ErrorSource", CimValue.string(path(j).toString()))
                .property("ErrorSourceFormat", CimValue.uint16(2))
                .property("CIMStatusCode", CimValue.uint32(1))
                .property("CIMStatusCodeDescription", CimValue.string("CIM_ERR_FAILED"))
                .build();
    }

    /** The service that started the job, from its MethodName ({@code /namespace:ServiceClass.Method}); or null. */
    ObjectPath owningService(Job j) {
        String m = j.methodName();
        if (m == null) {
            return null;
        }
        int colon = m.lastIndexOf(':');
        int dot = m.lastIndexOf('.');
        if (dot <= colon + 1) {
            return null;
        }
        String cls = m.substring(colon + 1, dot);
        if (!cls.endsWith("Service") || !CimName.isValid(cls)) {
            return null;
        }
        return paths.service(cls);
    }

    List<CimInstance> affected(Job j) {
        List<CimInstance> out = new ArrayList<>();
        ObjectPath job = path(j);
        for (String text : j.affectedElements()) {
            AffectedElementRefs.Ref ref = AffectedElementRefs.parse(text);
            if (ref == null) {
                continue;
            }
            ObjectPath element = ref.path().namespace() == null ? ref.path().withNamespace(paths.namespace())
                    : ref.path();
            ObjectPath p = ObjectPath.builder(AFFECTED_JOB_ELEMENT).namespace(paths.namespace())
                    .key("AffectedElement", CimValue.reference(element))
                    .key("AffectingElement", CimValue.reference(job)).build();
            int[] effects = ref.effects().stream().mapToInt(Integer::intValue).toArray();
            out.add(CimInstance.builder(AFFECTED_JOB_ELEMENT).path(p)
                    .property("AffectedElement", CimValue.reference(element))
                    .property("AffectingElement", CimValue.reference(job))
                    .property("ElementEffects", CimValue.uint16Array(effects)).build());
        }
        return out;
    }

    CimInstance owning(Job j) {
        ObjectPath service = owningService(j);
        if (service == null) {
            return null;
        }
        ObjectPath job = path(j);
        ObjectPath p = ObjectPath.builder(OWNING_JOB_ELEMENT).namespace(paths.namespace())
                .key("OwningElement", CimValue.reference(service))
                .key("OwnedElement", CimValue.reference(job)).build();
        return CimInstance.builder(OWNING_JOB_ELEMENT).path(p)
                .property("OwningElement", CimValue.reference(service))
                .property("OwnedElement", CimValue.reference(job)).build();
    }
}
