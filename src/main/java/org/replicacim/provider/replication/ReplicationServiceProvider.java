package org.replicacim.provider.replication;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.replicacim.cim.CimClass;
import org.replicacim.cim.CimException;
import org.replicacim.cim.CimInstance;
import org.replicacim.cim.CimMethod;
import org.replicacim.cim.CimType;
import org.replicacim.cim.CimValue;
import org.replicacim.cim.ObjectPath;
import org.replicacim.job.JobFailure;
import org.replicacim.message.MethodResult;
import org.replicacim.message.ParamValue;
import org.replicacim.provider.ComputedInstanceProvider;
import org.replicacim.provider.MethodProvider;
import org.replicacim.provider.OperationContext;
import org.replicacim.provider.block.ElementPaths;
import org.replicacim.replication.AcceptedOperation;
import org.replicacim.replication.CopyState;
import org.replicacim.replication.GroupRelationship;
import org.replicacim.replication.MemoryGroupStore;
import org.replicacim.replication.ReplicaRequest;
import org.replicacim.replication.ReplicationEngine;
import org.replicacim.replication.ReplicationException;
import org.replicacim.replication.ReplicationException.Code;
import org.replicacim.replication.ReplicationGroups;
import org.replicacim.replication.ReplicationType;
import org.replicacim.replication.SyncMode;
import org.replicacim.replication.SyncOperation;
import org.replicacim.replication.SyncRelationship;
import org.replicacim.replication.SyncType;
import org.replicacim.storage.BackendException;
import org.replicacim.storage.BlockBackend;
import org.replicacim.storage.PoolId;
import org.replicacim.storage.ReplicaPair;
import org.replicacim.storage.Volume;
import org.replicacim.storage.VolumeId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MSISCSITARGET_ReplicationService: the one service instance and its methods — CreateElementReplica,
 * ModifyReplicaSynchronization (operations 2–25, on a StorageSynchronized or a GroupSynchronized),
 * ModifyListSynchronization, GetReplicationRelationships[Instances], GetAvailableTargetElements, and the group and
 * list methods of {@link GroupMethods}; every other method answers 1 (Not Supported). Return codes follow
 * replication-services.md §4.9; work that keeps copying is handed to a job (4096) unless the caller waits for a
 * CopyState, in which case the call completes when the state is reached without holding a server thread.
 */
public final class ReplicationServiceProvider extends ComputedInstanceProvider implements MethodProvider {
    /** The class this provider serves. */
    public static final String CLASS = ElementPaths.REPLICATION_SERVICE_CLASS;

    private static final Logger LOG = LoggerFactory.getLogger(ReplicationServiceProvider.class);
    /** Time kept back from the request deadline to answer before the client gives up. */
    private static final Duration ANSWER_MARGIN = Duration.ofSeconds(2);
    /** Longest synchronous wait for a CopyState when the request carries no deadline. */
    private static final Duration DEFAULT_WAIT = Duration.ofMinutes(5);

    private final ElementPaths paths;
    private final ReplicationEngine engine;
    private final BlockBackend backend;
    private final SynchronizedInstances synchronizations;
    private final ReplicationJobs jobs;
    private final ReplicationGroups groups;
    private final GroupMethods groupMethods;
    private final GroupInstances groupInstances;

    ReplicationServiceProvider(ElementPaths paths, ReplicationEngine engine, BlockBackend backend,
                               ReplicationJobs jobs) {
        this(paths, engine, new ReplicationGroups(engine, backend, new MemoryGroupStore(), Clock.systemUTC()),
                backend, jobs);
    }

    ReplicationServiceProvider(ElementPaths paths, ReplicationEngine engine, ReplicationGroups groups,
                               BlockBackend backend, ReplicationJobs jobs) {
        this.paths = paths;
        this.engine = engine;
        this.backend = backend;
        this.synchronizations = new SynchronizedInstances(paths);
        this.jobs = jobs;
        this.groups = groups;
        this.groupMethods = new GroupMethods(paths, engine, groups, jobs);
        this.groupInstances = new GroupInstances(paths);
    }

    // ---------------------------------------------------------------- the instance

    @Override
    protected List<CimInstance> instances(OperationContext ctx, CimClass cls) {
        ObjectPath p = paths.replicationService();
        return List.of(CimInstance.builder(CLASS).path(p)
                .property("SystemCreationClassName", p.key("SystemCreationClassName"))
                .property("SystemName", p.key("SystemName"))
                .property("CreationClassName", p.key("CreationClassName"))
                .property("Name", p.key("Name"))
                .property("ElementName", CimValue.string("Replication Service"))
                .property("Description", CimValue.string("Creates and steers snapshots, clones and mirrors of "
                        + "volumes (SNIA Replication Services)"))
                .property("EnabledState", CimValue.uint16(5))
                .property("RequestedState", CimValue.uint16(12))
                .property("EnabledDefault", CimValue.uint16(2))
                .property("OperationalStatus", CimValue.uint16Array(2))
                .property("HealthState", CimValue.uint16(5))
                .build());
    }

    // ---------------------------------------------------------------- methods

    @Override
    public CompletionStage<MethodResult> invokeMethod(OperationContext ctx, CimClass cls, ObjectPath target,
                                                      CimMethod method, List<ParamValue> inParameters) {
        String name = method.name().value();
        MethodArguments a = new MethodArguments(inParameters);
        try {
            return switch (name.toLowerCase(Locale.ROOT)) {
                case "createelementreplica" -> createElementReplica(ctx, a);
                case "modifyreplicasynchronization" -> modifyReplicaSynchronization(ctx, a);
                case "modifylistsynchronization" -> modifyListSynchronization(ctx, a);
                case "getreplicationrelationships" -> relationships(a, false);
                case "getreplicationrelationshipinstances" -> relationships(a, true);
                case "getavailabletargetelements" -> availableTargets(a);
                case "creategroup" -> groupMethods.createGroup(a);
                case "deletegroup" -> groupMethods.deleteGroup(a);
                case "addmembers" -> groupMethods.addMembers(a);
                case "removemembers" -> groupMethods.removeMembers(a);
                case "creategroupreplica" -> groupMethods.createGroupReplica(ctx, a);
                case "creategroupreplicafromelements" -> groupMethods.createGroupReplicaFromElements(ctx, a);
                case "createlistreplica" -> groupMethods.createListReplica(ctx, a);
                case "createsynchronizationaspect" -> groupMethods.createSynchronizationAspect(a);
                case "modifysettingsdefinestate" -> groupMethods.modifySettingsDefineState(a);
                case "modifylistsettingsdefinestate" -> groupMethods.modifyListSettingsDefineState(a);
                default -> refuse(name, new ReplicationException(Code.NOT_SUPPORTED, name
                        + " is not supported by this replication service"));
            };
        } catch (ReplicationException e) {
            return refuse(name, e);
        } catch (CimException e) {
            // A reference parameter that names nothing of ours, or one missing: Invalid Parameter (§4.9).
            return refuse(name, new ReplicationException(Code.INVALID_PARAMETER, e.description()));
        } catch (RuntimeException e) {
            LOG.error("{} failed unexpectedly", name, e);
            return done(2);
        }
    }

    private static CompletionStage<MethodResult> refuse(String method, ReplicationException e) {
        LOG.info("{} returns {}: {}", method, e.code().returnValue(), e.getMessage());
        return done(e.code().returnValue());
    }

    private static CompletableFuture<MethodResult> done(int rc, ParamValue... outs) {
        return done(rc, List.of(outs));
    }

    private static CompletableFuture<MethodResult> done(int rc, List<ParamValue> outs) {
        return CompletableFuture.completedFuture(new MethodResult(CimValue.uint32(rc), outs));
    }

    private static ParamValue ref(String name, ObjectPath p) {
        return ParamValue.of(name, CimValue.reference(p));
    }

    // ---- CreateElementReplica

    private CompletionStage<MethodResult> createElementReplica(OperationContext ctx, MethodArguments a)
            throws ReplicationException, CimException {
        SyncType syncType = syncType(a.integer("SyncType"));
        SyncMode mode = mode(a.integer("Mode"), syncType);
        if (a.has("SourceAccessPoint") || a.has("TargetAccessPoint") || a.has("ConnectivityCollection")) {
            throw new ReplicationException(Code.NOT_SUPPORTED, "remote replication is not supported: "
                    + "SourceAccessPoint, TargetAccessPoint and ConnectivityCollection must be NULL");
        }
        VolumeId source = paths.volumeId(a.reference("SourceElement"), "SourceElement");
        ObjectPath targetRef = a.reference("TargetElement");
        VolumeId target = targetRef == null ? null : paths.volumeId(targetRef, "TargetElement");
        ObjectPath poolRef = a.reference("TargetPool");
        if (target != null && (poolRef != null || a.has("TargetSettingGoal"))) {
            throw new ReplicationException(Code.INVALID_PARAMETER,
                    "TargetPool and TargetSettingGoal must be NULL when TargetElement is supplied");
        }
        PoolId pool = poolRef == null ? null : paths.poolId(poolRef, "TargetPool");
        ReplicationSettings settings = ReplicationSettings.parse(a.instance("ReplicationSettingData"), syncType);
        settings.checkTarget(target != null);
        CopyState wait = copyState(a.integer("WaitForCopyState"), "WaitForCopyState");
        AcceptedOperation op = engine.create(new ReplicaRequest(source, target, pool, a.string("ElementName"),
                syncType, mode, wait, settings.copyPriority()));
        SyncRelationship r = op.relationship();
        ObjectPath targetPath = paths.volume(r.target());
        List<ParamValue> outs = List.of(ref("TargetElement", targetPath),
                ref("Synchronization", synchronizations.path(r)));
        LOG.info("CreateElementReplica: {} of {} -> {} ({})", syncType, r.source(), r.target(), r.copyState());
        return finish(ctx, "CreateElementReplica", op, wait, List.of(targetPath), outs);
    }

    static SyncType syncType(Integer value) throws ReplicationException {
        if (value == null) {
            throw new ReplicationException(Code.INVALID_PARAMETER, "SyncType is required");
        }
        SyncType t = SyncType.of(value);
        if (t == null) {
            throw new ReplicationException(Code.INVALID_PARAMETER, "SyncType " + value
                    + " is not in the value map (6 Mirror, 7 Snapshot, 8 Clone, 9 TokenizedClone)");
        }
        if (t == SyncType.TOKENIZED_CLONE) {
            throw new ReplicationException(Code.NOT_SUPPORTED, "TokenizedClone is not supported");
        }
        return t;
    }

    /** Mode NULL: synchronous mirrors, asynchronous snapshots and clones ([MS-SVC] suggests async for PIT copies). */
    static SyncMode mode(Integer value, SyncType type) throws ReplicationException {
        if (value == null) {
            return type == SyncType.MIRROR ? SyncMode.SYNCHRONOUS : SyncMode.ASYNCHRONOUS;
        }
        SyncMode m = SyncMode.of(value);
        if (m == null) {
            throw new ReplicationException(Code.INVALID_PARAMETER, "Mode " + value
                    + " is not in the value map (2 Synchronous, 3 Asynchronous, 4 Adaptive)");
        }
        return m;
    }

    static CopyState copyState(Integer value, String what) throws ReplicationException {
        if (value == null) {
            return null;
        }
        CopyState s = CopyState.of(value);
        if (s == null) {
            throw new ReplicationException(Code.INVALID_PARAMETER, what + " " + value
                    + " is not a CopyState (2..18)");
        }
        return s;
    }

    // ---- ModifyReplicaSynchronization

    private CompletionStage<MethodResult> modifyReplicaSynchronization(OperationContext ctx, MethodArguments a)
            throws ReplicationException, CimException {
        if (GroupInstances.isGroupSynchronized(a.reference("Synchronization"))) {
            return groupMethods.modify(ctx, a);
        }
        SyncOperation op = operation(a.integer("Operation"), false);
        if (!a.references("SyncPair").isEmpty()) {
            throw new ReplicationException(Code.INVALID_PARAMETER,
                    "SyncPair is only used by AddSyncPair and RemoveSyncPair on a GroupSynchronized");
        }
        SyncRelationship r = relationship(a.reference("Synchronization"), "Synchronization");
        ReplicationSettings.parse(a.instance("ReplicationSettingData"), r.syncType());
        CopyState wait = copyState(a.integer("WaitForCopyState"), "WaitForCopyState");
        if (groups.memberOfConsistentGroup(r.id()) && !a.flag("Force")) {
            // §4.8: acting on one pair of a consistent group breaks the group's point in time.
            throw new ReplicationException(Code.INVALID_PARAMETER, "the pair belongs to a consistency-enabled group "
                    + "relationship; operate on the GroupSynchronized, or repeat with Force = true");
        }
        AcceptedOperation accepted = engine.modify(r.id(), op, a.flag("Force"), wait);
        List<ParamValue> outs = new ArrayList<>();
        if (accepted.relationship() != null && op == SyncOperation.REVERSE_ROLES) {
            outs.add(ref("UpdatedSynchronization", synchronizations.path(accepted.relationship())));
        }
        LOG.info("ModifyReplicaSynchronization {}: {} -> {} {} -> {}", op.label(), r.source(), r.target(),
                r.copyState().label(), accepted.removed() ? "removed" : accepted.relationship().copyState().label());
        return finish(ctx, "ModifyReplicaSynchronization", accepted, wait,
                List.of(paths.volume(r.source()), paths.volume(r.target())), outs);
    }

    /** An Operation value: 5 when outside 2..25 or a group-only operation (3, 5, 6, 13). */
    private static SyncOperation operation(Integer value, boolean list) throws ReplicationException {
        if (value == null) {
            throw new ReplicationException(Code.INVALID_PARAMETER, "Operation is required");
        }
        SyncOperation op = SyncOperation.of(value);
        if (op == null) {
            throw new ReplicationException(Code.INVALID_PARAMETER, "Operation " + value
                    + " is not in the value map (2..25)");
        }
        if (op.groupOnly()) {
            throw new ReplicationException(Code.INVALID_PARAMETER, op.label() + " (" + value + ") applies to a "
                    + "GroupSynchronized" + (list ? " and is reserved in ModifyListSynchronization"
                    : ", not to a StorageSynchronized"));
        }
        return op;
    }

    private SyncRelationship relationship(ObjectPath sync, String what) throws ReplicationException, CimException {
        SynchronizedInstances.Ends ends = synchronizations.ends(sync, what);
        return engine.find(ends.source(), ends.target()).orElseThrow(() -> new ReplicationException(
                Code.INVALID_PARAMETER, what + " " + sync + " names no replication relationship"));
    }

    /**
     * Answers for an accepted operation: 0 when it is done (or the awaited waypoint is passed); with a
     * WaitForCopyState still ahead, completes when it is reached (0), becomes unreachable (4), or the request's
     * deadline nears, when the rest is handed to a job (4096); without one, 4096 and a job at once.
     */
    private CompletionStage<MethodResult> finish(OperationContext ctx, String method, AcceptedOperation op,
                                                 CopyState wait, List<ObjectPath> affected, List<ParamValue> outs) {
        if (!op.continuing()) {
            return done(0, outs);
        }
        if (wait == null) {
            return withJob(ctx, method, op, op.finalState(), affected, outs);
        }
        CompletableFuture<?> reached = op.reached(wait).toCompletableFuture();
        Duration budget = budget(ctx);
        return reached.orTimeout(budget.toMillis(), TimeUnit.MILLISECONDS).handle((r, error) -> {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause()
                    : error;
            if (cause == null) {
                if (wait != op.finalState()) {
                    op.release(); // waited for a waypoint only: the copy goes on unowned
                }
                return new MethodResult(CimValue.uint32(0), outs);
            }
            if (cause instanceof TimeoutException) {
                LOG.info("{}: {} not reached within {} s; continuing as a job", method, wait.label(),
                        budget.toSeconds());
                return withJob(ctx, method, op, wait, affected, outs).join();
            }
            LOG.info("{} returns 4: {}", method, cause.getMessage());
            return new MethodResult(CimValue.uint32(4), outs);
        });
    }

    private CompletableFuture<MethodResult> withJob(OperationContext ctx, String method, AcceptedOperation op,
                                                     CopyState until, List<ObjectPath> affected,
                                                     List<ParamValue> outs) {
        int effect = op.operation() == null ? ReplicationJobs.CREATE : ReplicationJobs.PERFORMANCE_IMPACT;
        ObjectPath job = jobs.submit(method, ctx.user(), affected, effect,
                List.of(new ReplicationJobs.Watch(op, until)));
        List<ParamValue> all = new ArrayList<>(outs);
        all.add(ref("Job", job));
        return done(4096, all);
    }

    private static Duration budget(OperationContext ctx) {
        if (ctx.deadline() == null) {
            return DEFAULT_WAIT;
        }
        Duration left = Duration.between(Instant.now(), ctx.deadline()).minus(ANSWER_MARGIN);
        return left.isNegative() ? Duration.ZERO : left;
    }

    // ---- ModifyListSynchronization

    private CompletionStage<MethodResult> modifyListSynchronization(OperationContext ctx, MethodArguments a)
            throws ReplicationException, CimException {
        SyncOperation op = operation(a.integer("Operation"), true);
        List<ObjectPath> refs = a.references("Synchronization");
        if (refs.isEmpty()) {
            throw new ReplicationException(Code.INVALID_PARAMETER, "Synchronization[] is empty");
        }
        List<SyncRelationship> rels = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < refs.size(); i++) {
            SyncRelationship r = relationship(refs.get(i), "Synchronization[" + i + "]");
            if (!seen.add(r.id())) {
                throw new ReplicationException(Code.INVALID_PARAMETER, "Synchronization[" + i + "] is listed twice");
            }
            if (!rels.isEmpty() && !r.replicationType().equals(rels.get(0).replicationType())) {
                throw new ReplicationException(Code.INVALID_PARAMETER, "Synchronization[" + i + "] is of replication "
                        + "type " + r.replicationType() + ", element 0 of " + rels.get(0).replicationType()
                        + "; a list must have one SyncType and Mode");
            }
            rels.add(r);
        }
        ReplicationSettings settings = ReplicationSettings.parse(a.instance("ReplicationSettingData"),
                rels.get(0).syncType());
        CopyState wait = copyState(a.integer("WaitForCopyState"), "WaitForCopyState");
        boolean force = a.flag("Force");
        List<ReplicationEngine.Reservation> reserved = new ArrayList<>();
        try {
            for (SyncRelationship r : rels) {
                reserved.add(engine.reserve(r.id(), op, force, wait));
            }
        } catch (ReplicationException e) {
            reserved.forEach(engine::cancel);
            throw new ReplicationException(e.code(), "Synchronization[" + reserved.size() + "]: " + e.getMessage());
        }
        List<ObjectPath> affected = new ArrayList<>();
        List<Object> updated = new ArrayList<>();
        for (SyncRelationship r : rels) {
            affected.add(paths.volume(r.source()));
            affected.add(paths.volume(r.target()));
            updated.add(op == SyncOperation.REVERSE_ROLES ? paths.synchronization(paths.volume(r.target()),
                    paths.volume(r.source())) : null);
        }
        ObjectPath job = jobs.submit("ModifyListSynchronization", ctx.user(), affected,
                ReplicationJobs.PERFORMANCE_IMPACT, progress -> applyList(reserved, wait, settings.stopOnListError(), progress));
        List<ParamValue> outs = new ArrayList<>();
        outs.add(ref("Job", job));
        if (op == SyncOperation.REVERSE_ROLES) {
            outs.add(ParamValue.of("UpdatedSynchronizations", CimValue.array(CimType.REFERENCE, updated)));
        }
        LOG.info("ModifyListSynchronization {} on {} relationships: job {}", op.label(), rels.size(),
                job.key("InstanceID"));
        return done(4096, outs);
    }

    /** The list job: applies the operation element by element, then waits for every copy it started. */
    private void applyList(List<ReplicationEngine.Reservation> reserved, CopyState wait, boolean stopOnError,
                           org.replicacim.job.JobProgress progress) throws Exception {
        List<ReplicationJobs.Watch> watches = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < reserved.size(); i++) {
            ReplicationEngine.Reservation res = reserved.get(i);
            if (progress.stopRequested() || (stopOnError && !failures.isEmpty())) {
                engine.cancel(res);
                continue;
            }
            try {
                AcceptedOperation op = engine.apply(res);
                if (op.continuing()) {
                    watches.add(new ReplicationJobs.Watch(op, wait != null ? wait : op.finalState()));
                }
            } catch (ReplicationException e) {
                failures.add("element " + i + " (" + res.relationship().source() + " -> "
                        + res.relationship().target() + "): " + e.getMessage());
            }
            progress.report(watches.isEmpty() ? (i + 1) * 100 / reserved.size() / 2 : 0);
        }
        // from here on the job only waits for copies, which a restart can re-attach to
        if (failures.isEmpty()) {
            progress.checkpoint(ReplicationJobs.token(watches));
        }
        try {
            ReplicationJobs.awaitAll(watches, progress);
        } catch (JobFailure f) {
            failures.add(f.getMessage());
        }
        if (!failures.isEmpty()) {
            throw new JobFailure(4, String.join("; ", failures));
        }
    }

    // ---- GetReplicationRelationships[Instances]

    private CompletionStage<MethodResult> relationships(MethodArguments a, boolean instances)
            throws ReplicationException {
        Integer type = a.integer("Type");
        Integer locality = a.integer("Locality");
        if (type != null && type != 2 && type != 3) {
            throw new ReplicationException(Code.INVALID_PARAMETER, "Type must be 2 (StorageSynchronized) or 3 "
                    + "(GroupSynchronized), not " + type);
        }
        if (locality != null && locality != 2 && locality != 3) {
            throw new ReplicationException(Code.INVALID_PARAMETER, "Locality must be 2 (Local) or 3 (Remote), not "
                    + locality);
        }
        Integer syncTypeValue = a.integer("SyncType");
        SyncType syncType = syncTypeValue == null ? null : SyncType.of(syncTypeValue);
        Integer modeValue = a.integer("Mode");
        SyncMode mode = modeValue == null ? null : SyncMode.of(modeValue);
        CopyState state = copyState(a.integer("CopyState"), "CopyState");
        if ((syncTypeValue != null && syncType == null) || (modeValue != null && mode == null)) {
            throw new ReplicationException(Code.INVALID_PARAMETER, "SyncType or Mode is outside its value map");
        }
        List<Object> out = new ArrayList<>();
        // Only local relationships exist here.
        if ((type == null || type == 2) && (locality == null || locality == 2)) {
            for (SyncRelationship r : engine.list()) {
                if ((syncType == null || r.syncType() == syncType) && (mode == null || r.mode() == mode)
                        && (state == null || r.copyState() == state)) {
                    out.add(instances ? synchronizations.instance(r) : synchronizations.path(r));
                }
            }
        }
        if ((type == null || type == 3) && (locality == null || locality == 2)) {
            for (ReplicationGroups.GroupStatus g : groups.list()) {
                GroupRelationship r = g.relationship();
                if ((syncType == null || r.syncType() == syncType) && (mode == null || r.mode() == mode)
                        && (state == null || g.copyState() == state)) {
                    out.add(instances ? groupInstances.synchronization(g) : groupInstances.synchronization(r));
                }
            }
        }
        CimValue v = instances ? CimValue.embeddedArray(CimValue.Embedded.INSTANCE, out)
                : CimValue.array(CimType.REFERENCE, out);
        return done(0, ParamValue.of("Synchronizations", v));
    }

    // ---- GetAvailableTargetElements

    private CompletionStage<MethodResult> availableTargets(MethodArguments a)
            throws ReplicationException, CimException {
        VolumeId sourceId = paths.volumeId(a.reference("SourceElement"), "SourceElement");
        SyncType syncType = syncType(a.integer("SyncType"));
        SyncMode mode = mode(a.integer("Mode"), syncType);
        if (a.has("TargetAccessPoint")) {
            throw new ReplicationException(Code.NOT_SUPPORTED, "remote targets are not supported");
        }
        if (!engine.capabilities().supports(ReplicationType.local(syncType, mode))) {
            throw new ReplicationException(Code.NOT_SUPPORTED, "replication type "
                    + ReplicationType.local(syncType, mode) + " is not supported");
        }
        ReplicationSettings.parse(a.instance("ReplicationSettingData"), syncType);
        Set<PoolId> pools = new HashSet<>();
        for (ObjectPath p : a.references("TargetPools")) {
            pools.add(paths.poolId(p, "TargetPools"));
        }
        Integer max = a.integer("MaxElementCount");
        List<Object> candidates = new ArrayList<>();
        try {
            Volume source = backend.volume(sourceId);
            Set<VolumeId> paired = new HashSet<>();
            for (ReplicaPair p : backend.pairs()) {
                paired.add(p.source());
                paired.add(p.target());
            }
            for (SyncRelationship r : engine.list()) {
                paired.add(r.source());
                paired.add(r.target());
            }
            for (Volume v : backend.volumes()) {
                if (max != null && max > 0 && candidates.size() >= max) {
                    break;
                }
                if (!v.id().equals(sourceId) && !paired.contains(v.id()) && v.sizeBytes() >= source.sizeBytes()
                        && (pools.isEmpty() || pools.contains(v.poolId()))) {
                    candidates.add(paths.volume(v.id()));
                }
            }
        } catch (BackendException e) {
            throw new ReplicationException(e.reason() == BackendException.Reason.NOT_FOUND ? Code.INVALID_PARAMETER
                    : Code.FAILED, "SourceElement: " + e.getMessage());
        }
        return done(0, ParamValue.of("Candidates", CimValue.array(CimType.REFERENCE, candidates)));
    }
}
