package org.replicacim.provider.replication;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.replicacim.cim.CimException;
import org.replicacim.cim.CimType;
import org.replicacim.cim.CimValue;
import org.replicacim.cim.ObjectPath;
import org.replicacim.job.JobFailure;
import org.replicacim.message.MethodResult;
import org.replicacim.message.ParamValue;
import org.replicacim.provider.OperationContext;
import org.replicacim.provider.block.ElementPaths;
import org.replicacim.replication.AcceptedOperation;
import org.replicacim.replication.CopyState;
import org.replicacim.replication.GroupReplicaRequest;
import org.replicacim.replication.ReplicaRequest;
import org.replicacim.replication.ReplicationEngine;
import org.replicacim.replication.ReplicationException;
import org.replicacim.replication.ReplicationException.Code;
import org.replicacim.replication.ReplicationGroup;
import org.replicacim.replication.ReplicationGroups;
import org.replicacim.replication.ReplicationType;
import org.replicacim.replication.SyncMode;
import org.replicacim.replication.SyncOperation;
import org.replicacim.replication.SyncRelationship;
import org.replicacim.replication.SyncType;
import org.replicacim.replication.SynchronizationAspect;
import org.replicacim.storage.PoolId;
import org.replicacim.storage.VolumeId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The group and list methods of the replication service (replication-services.md §3): CreateGroup, DeleteGroup,
 * AddMembers, RemoveMembers, CreateGroupReplica, CreateGroupReplicaFromElements, CreateListReplica and
 * ModifyReplicaSynchronization on a CIM_GroupSynchronized. Refusals are return codes (§4.9); a member that fails
 * after the call was accepted ends the call's job in Exception with a description (and so a CIM_Error) naming it.
 */
final class GroupMethods {
    private static final Logger LOG = LoggerFactory.getLogger(GroupMethods.class);
    private static final Duration ANSWER_MARGIN = Duration.ofSeconds(2);
    private static final Duration DEFAULT_WAIT = Duration.ofMinutes(5);

    private final ElementPaths paths;
    private final ReplicationEngine engine;
    private final ReplicationGroups groups;
    private final ReplicationJobs jobs;
    private final GroupInstances instances;
    private final SynchronizedInstances synchronizations;

    GroupMethods(ElementPaths paths, ReplicationEngine engine, ReplicationGroups groups, ReplicationJobs jobs) {
        this.paths = paths;
        this.engine = engine;
        this.groups = groups;
        this.jobs = jobs;
        this.instances = new GroupInstances(paths);
        this.synchronizations = new SynchronizedInstances(paths);
    }

    private static CompletableFuture<MethodResult> done(int rc, List<ParamValue> outs) {
        return CompletableFuture.completedFuture(new MethodResult(CimValue.uint32(rc), outs));
    }

    private static ParamValue ref(String name, ObjectPath p) {
        return ParamValue.of(name, CimValue.reference(p));
    }

    private static void noRemote(MethodArguments a, String... names) throws ReplicationException {
        for (String n : names) {
            if (a.has(n)) {
                throw new ReplicationException(Code.NOT_SUPPORTED, "remote replication is not supported: " + n
                        + " must be NULL");
            }
        }
    }

    private List<VolumeId> volumes(MethodArguments a, String name) throws CimException {
        List<VolumeId> out = new ArrayList<>();
        List<ObjectPath> refs = a.references(name);
        for (int i = 0; i < refs.size(); i++) {
            out.add(paths.volumeId(refs.get(i), name + "[" + i + "]"));
        }
        return out;
    }

    // ---- CreateGroup / DeleteGroup / AddMembers / RemoveMembers (return family G, never a job)

    CompletionStage<MethodResult> createGroup(MethodArguments a) throws ReplicationException, CimException {
        noRemote(a, "ServiceAccessPoint");
        if (a.has("ReplicationSettingData") && (a.instance("ReplicationSettingData") == null
                || !a.instance("ReplicationSettingData").className().value().toLowerCase(java.util.Locale.ROOT)
                        .endsWith("replicationsettingdata"))) {
            throw new ReplicationException(Code.INVALID_PARAMETER, "ReplicationSettingData must be a "
                    + "CIM_ReplicationSettingData");
        }
        ReplicationGroup g = groups.createGroup(a.string("GroupName"), volumes(a, "Members"),
                !a.has("Persistent") || a.flag("Persistent"), a.flag("DeleteOnEmptyElement"),
                a.flag("DeleteOnUnassociated"), a.integer("ReservedAs"));
        return done(0, List.of(ref("ReplicationGroup", instances.group(g.id()))));
    }

    private String groupOf(MethodArguments a, Code missing) throws ReplicationException {
        try {
            String id = instances.groupId(a.reference("ReplicationGroup"), "ReplicationGroup");
            if (groups.group(id).isEmpty()) {
                throw new ReplicationException(missing, "ReplicationGroup names no replication group");
            }
            return id;
        } catch (CimException e) {
            throw new ReplicationException(a.has("ReplicationGroup") ? missing : Code.INVALID_PARAMETER,
                    e.description());
        }
    }

    CompletionStage<MethodResult> deleteGroup(MethodArguments a) throws ReplicationException {
        noRemote(a, "ServiceAccessPoint");
        groups.deleteGroup(groupOf(a, Code.INVALID_PARAMETER), a.flag("RemoveElements"));
        return done(0, List.of());
    }

    CompletionStage<MethodResult> addMembers(MethodArguments a) throws ReplicationException, CimException {
        noRemote(a, "ServiceAccessPoint");
        String id = groupOf(a, Code.GROUP_CONDITION);
        groups.addMembers(id, volumes(a, "Members"));
        return done(0, List.of());
    }

    CompletionStage<MethodResult> removeMembers(MethodArguments a) throws ReplicationException, CimException {
        noRemote(a, "ServiceAccessPoint");
        String id = groupOf(a, Code.GROUP_CONDITION);
        groups.removeMembers(id, volumes(a, "Members"), a.has("DeleteOnEmptyElement")
                ? a.flag("DeleteOnEmptyElement") : null);
        return done(0, List.of());
    }

    // ---- CreateGroupReplica / CreateGroupReplicaFromElements

    private static boolean consistency(MethodArguments a) throws ReplicationException {
        Integer c = a.integer("Consistency");
        if (c == null || c == 2) {
            return false;
        }
        if (c == 3) {
            return true;
        }
        throw new ReplicationException(Code.INVALID_PARAMETER, "Consistency " + c + " is not 2 (No Consistency) or "
                + "3 (Sequential Consistency)");
    }

    CompletionStage<MethodResult> createGroupReplica(OperationContext ctx, MethodArguments a)
            throws ReplicationException, CimException {
        noRemote(a, "SourceAccessPoint", "TargetAccessPoint", "ConnectivityCollection");
        SyncType syncType = ReplicationServiceProvider.syncType(a.integer("SyncType"));
        SyncMode mode = ReplicationServiceProvider.mode(a.integer("Mode"), syncType);
        if (a.has("SourceGroup") == a.has("SourceElement")) {
            throw new ReplicationException(Code.INVALID_PARAMETER, "exactly one of SourceGroup and SourceElement is "
                    + "required");
        }
        if (a.has("SourceElement") || a.has("TargetElementCount")) {
            throw new ReplicationException(Code.NOT_SUPPORTED, "one-to-many replication (SourceElement with "
                    + "TargetElementCount) is not supported (group feature 2 is not advertised)");
        }
        String source = instances.groupId(a.reference("SourceGroup"), "SourceGroup");
        String target = a.has("TargetGroup") ? instances.groupId(a.reference("TargetGroup"), "TargetGroup") : null;
        PoolId pool = pool(a, target != null);
        ReplicationSettings settings = ReplicationSettings.parse(a.instance("ReplicationSettingData"), syncType);
        CopyState wait = ReplicationServiceProvider.copyState(a.integer("WaitForCopyState"), "WaitForCopyState");
        ReplicationGroups.GroupCreation c = groups.createGroupReplica(new GroupReplicaRequest(source, target, pool,
                a.string("RelationshipName"), syncType, mode, consistency(a), wait, settings.copyPriority(),
                List.of()));
        return answerCreation(ctx, "CreateGroupReplica", c, wait, List.of());
    }

    private PoolId pool(MethodArguments a, boolean targetsGiven) throws ReplicationException, CimException {
        ObjectPath poolRef = a.reference("TargetPool");
        if (targetsGiven && (poolRef != null || a.has("TargetSettingGoal"))) {
            throw new ReplicationException(Code.INVALID_PARAMETER,
                    "TargetPool and TargetSettingGoal must be NULL when the targets are supplied");
        }
        return poolRef == null ? null : paths.poolId(poolRef, "TargetPool");
    }

    private CompletionStage<MethodResult> answerCreation(OperationContext ctx, String method,
                                                         ReplicationGroups.GroupCreation c, CopyState wait,
                                                         List<ParamValue> extra) {
        List<ParamValue> outs = new ArrayList<>(extra);
        outs.add(ref("TargetGroup", instances.group(c.targetGroup().id())));
        outs.add(ref("Synchronization", instances.synchronization(c.relationship())));
        List<ObjectPath> affected = new ArrayList<>();
        for (AcceptedOperation m : c.members()) {
            affected.add(paths.volume(m.relationship().target()));
        }
        return finishAll(ctx, method, c.members(), List.of(), wait, affected, ReplicationJobs.CREATE, outs);
    }

    CompletionStage<MethodResult> createGroupReplicaFromElements(OperationContext ctx, MethodArguments a)
            throws ReplicationException, CimException {
        noRemote(a, "SourceAccessPoint", "TargetAccessPoint", "ConnectivityCollection");
        SyncType syncType = ReplicationServiceProvider.syncType(a.integer("SyncType"));
        SyncMode mode = ReplicationServiceProvider.mode(a.integer("Mode"), syncType);
        List<VolumeId> sources = volumes(a, "SourceElements");
        if (sources.isEmpty()) {
            throw new ReplicationException(Code.INVALID_PARAMETER, "SourceElements[] is required");
        }
        List<VolumeId> targets = volumes(a, "TargetElements");
        if (!targets.isEmpty() && targets.size() != sources.size()) {
            throw new ReplicationException(Code.INVALID_PARAMETER, "TargetElements[] has " + targets.size()
                    + " elements, SourceElements[] " + sources.size());
        }
        if (a.has("TargetPool") && !a.references("TargetPools").isEmpty()) {
            throw new ReplicationException(Code.INVALID_PARAMETER, "TargetPool and TargetPools[] are exclusive");
        }
        if (!a.references("TargetPools").isEmpty()) {
            throw new ReplicationException(Code.NOT_SUPPORTED, "TargetPools[] (a pool per target) is not supported; "
                    + "use TargetPool");
        }
        PoolId pool = pool(a, !targets.isEmpty());
        ReplicationSettings settings = ReplicationSettings.parse(a.instance("ReplicationSettingData"), syncType);
        CopyState wait = ReplicationServiceProvider.copyState(a.integer("WaitForCopyState"), "WaitForCopyState");
        boolean consistent = consistency(a);
        List<String> names = a.strings("TargetElementNames");
        ReplicationGroup sourceGroup = groups.createGroup(a.string("SourceGroupName"), sources, false, false, true,
                ReplicationGroup.SOURCE_OR_TARGET);
        ReplicationGroup targetGroup = null;
        try {
            if (!targets.isEmpty()) {
                targetGroup = groups.createGroup(a.string("TargetGroupName"), targets, false, false, true,
                        ReplicationGroup.SOURCE_OR_TARGET);
            }
            ReplicationGroups.GroupCreation c = groups.createGroupReplica(new GroupReplicaRequest(sourceGroup.id(),
                    targetGroup == null ? null : targetGroup.id(), pool, a.string("RelationshipName"), syncType, mode,
                    consistent, wait, settings.copyPriority(), names));
            return answerCreation(ctx, "CreateGroupReplicaFromElements", c, wait,
                    List.of(ref("SourceGroup", instances.group(sourceGroup.id()))));
        } catch (ReplicationException | RuntimeException e) {
            groups.deleteGroup(sourceGroup.id(), true);
            if (targetGroup != null) {
                groups.deleteGroup(targetGroup.id(), true);
            }
            throw e;
        }
    }

    // ---- CreateListReplica

    CompletionStage<MethodResult> createListReplica(OperationContext ctx, MethodArguments a)
            throws ReplicationException, CimException {
        noRemote(a, "SourceAccessPoint", "TargetAccessPoint", "ConnectivityCollection");
        SyncType syncType = ReplicationServiceProvider.syncType(a.integer("SyncType"));
        SyncMode mode = ReplicationServiceProvider.mode(a.integer("Mode"), syncType);
        List<VolumeId> sources = volumes(a, "SourceElements");
        if (sources.isEmpty()) {
            throw new ReplicationException(Code.INVALID_PARAMETER, "SourceElements[] is required");
        }
        List<VolumeId> targets = volumes(a, "TargetElements");
        if (!targets.isEmpty() && targets.size() != sources.size()) {
            throw new ReplicationException(Code.INVALID_PARAMETER, "TargetElements[] has " + targets.size()
                    + " elements, SourceElements[] " + sources.size() + "; they pair one to one");
        }
        Set<VolumeId> seen = new HashSet<>();
        for (VolumeId v : sources) {
            if (!seen.add(v)) {
                throw new ReplicationException(Code.INVALID_PARAMETER, "SourceElements[] lists " + v + " twice");
            }
        }
        for (VolumeId v : targets) {
            if (!seen.add(v)) {
                throw new ReplicationException(Code.INVALID_PARAMETER, "TargetElements[] lists " + v
                        + " twice or as a source");
            }
        }
        PoolId pool = pool(a, !targets.isEmpty());
        ReplicationSettings settings = ReplicationSettings.parse(a.instance("ReplicationSettingData"), syncType);
        settings.checkTarget(!targets.isEmpty());
        CopyState wait = ReplicationServiceProvider.copyState(a.integer("WaitForCopyState"), "WaitForCopyState");
        ReplicationType type = ReplicationType.local(syncType, mode);
        if (!engine.capabilities().supports(type)) {
            throw new ReplicationException(Code.NOT_SUPPORTED, "replication type " + type + " is not supported");
        }
        if (wait != null && !engine.capabilities().creationWaitStates(type).contains(wait)) {
            throw new ReplicationException(Code.INVALID_PARAMETER, "WaitForCopyState " + wait.value()
                    + " is not supported when creating a " + syncType);
        }
        List<String> names = a.strings("ElementNames");
        List<ReplicaRequest> requests = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            requests.add(new ReplicaRequest(sources.get(i), targets.isEmpty() ? null : targets.get(i),
                    targets.isEmpty() ? pool : null, i < names.size() ? names.get(i) : null, syncType, mode, wait,
                    settings.copyPriority()));
        }
        ReplicationGroups.Outcome made = groups.createAll(requests, consistency(a), false,
                settings.stopOnListError());
        List<Object> syncs = new ArrayList<>();
        List<Object> madeTargets = new ArrayList<>();
        List<ObjectPath> affected = new ArrayList<>();
        int k = 0;
        Set<Integer> failed = new HashSet<>();
        for (ReplicationGroups.MemberFailure f : made.failures()) {
            failed.add(f.index());
        }
        for (int i = 0; i < requests.size(); i++) {
            AcceptedOperation op = null;
            if (!failed.contains(i) && k < made.accepted().size()
                    && made.accepted().get(k).relationship().source().equals(requests.get(i).source())) {
                op = made.accepted().get(k++);
            }
            syncs.add(op == null ? null : synchronizations.path(op.relationship()));
            madeTargets.add(op == null ? null : paths.volume(op.relationship().target()));
            if (op != null) {
                affected.add(paths.volume(op.relationship().target()));
            }
        }
        List<ParamValue> outs = List.of(ParamValue.of("Synchronizations", CimValue.array(CimType.REFERENCE, syncs)),
                ParamValue.of("TargetElements", CimValue.array(CimType.REFERENCE, madeTargets)));
        LOG.info("CreateListReplica: {} of {} {} pairs created{}", made.accepted().size(), requests.size(), syncType,
                made.failed() ? ", " + made.failures().size() + " failed" : "");
        List<String> failures = made.failures().stream().map(f -> "creating " + f.describe()).toList();
        return finishAll(ctx, "CreateListReplica", made.accepted(), failures, wait, affected, ReplicationJobs.CREATE,
                outs);
    }

    // ---- ModifyReplicaSynchronization on a GroupSynchronized

    CompletionStage<MethodResult> modify(OperationContext ctx, MethodArguments a)
            throws ReplicationException, CimException {
        ObjectPath ref = a.reference("Synchronization");
        GroupInstances.Ends ends = instances.ends(ref, "Synchronization");
        ReplicationGroups.GroupStatus s = groups.find(ends.source(), ends.target()).orElseThrow(() ->
                new ReplicationException(Code.INVALID_PARAMETER, "Synchronization " + ref
                        + " names no group relationship"));
        Integer value = a.integer("Operation");
        if (value == null) {
            throw new ReplicationException(Code.INVALID_PARAMETER, "Operation is required");
        }
        SyncOperation op = SyncOperation.of(value);
        if (op == null) {
            throw new ReplicationException(Code.INVALID_PARAMETER, "Operation " + value
                    + " is not in the value map (2..25)");
        }
        String id = s.relationship().id();
        if (op.groupOnly()) {
            List<String> pairs = new ArrayList<>();
            List<ObjectPath> refs = a.references("SyncPair");
            for (int i = 0; i < refs.size(); i++) {
                SynchronizedInstances.Ends e = synchronizations.ends(refs.get(i), "SyncPair[" + i + "]");
                SyncRelationship r = engine.find(e.source(), e.target()).orElseThrow(() -> new ReplicationException(
                        Code.INVALID_PARAMETER, "SyncPair names no replication relationship"));
                pairs.add(r.id());
            }
            if (a.has("WaitForCopyState")) {
                throw new ReplicationException(Code.INVALID_PARAMETER, op.label() + " does not move the CopyState; "
                        + "WaitForCopyState must be NULL");
            }
            ReplicationGroups.GroupStatus after = groups.modifyGroup(id, op, pairs);
            LOG.info("ModifyReplicaSynchronization {} on group '{}': {}", op.label(), after.relationship().name(),
                    after.copyState().label());
            return done(0, List.of());
        }
        if (!a.references("SyncPair").isEmpty()) {
            throw new ReplicationException(Code.INVALID_PARAMETER,
                    "SyncPair is only used by AddSyncPair and RemoveSyncPair");
        }
        ReplicationSettings settings = ReplicationSettings.parse(a.instance("ReplicationSettingData"),
                s.relationship().syncType());
        CopyState wait = ReplicationServiceProvider.copyState(a.integer("WaitForCopyState"), "WaitForCopyState");
        ReplicationGroups.GroupReservation res = groups.reserve(id, op, a.flag("Force"), wait);
        List<ObjectPath> affected = new ArrayList<>();
        for (ReplicationEngine.Reservation m : res.members()) {
            affected.add(paths.volume(m.relationship().source()));
            affected.add(paths.volume(m.relationship().target()));
        }
        ReplicationGroups.Outcome outcome = groups.apply(res, settings.stopOnListError());
        List<String> failures = new ArrayList<>();
        for (ReplicationGroups.MemberFailure f : outcome.failures()) {
            failures.add(f.describe());
        }
        if (outcome.failed() && settings.stopOnListError()) {
            int skipped = res.members().size() - outcome.accepted().size() - outcome.failures().size();
            if (skipped > 0) {
                failures.add(skipped + " later member(s) left untouched (OnGroupOrListError = Stop)");
            }
        }
        LOG.info("ModifyReplicaSynchronization {} on group '{}': {} members applied, {} failed", op.label(),
                s.relationship().name(), outcome.accepted().size(), outcome.failures().size());
        List<ParamValue> outs = new ArrayList<>();
        if (op == SyncOperation.REVERSE_ROLES && !outcome.failed()) {
            groups.status(id).ifPresent(now -> outs.add(ref("UpdatedSynchronization",
                    instances.synchronization(now.relationship()))));
        }
        return finishAll(ctx, "ModifyReplicaSynchronization", outcome.accepted(), failures, wait, affected,
                ReplicationJobs.PERFORMANCE_IMPACT, outs);
    }

    // ---- CreateSynchronizationAspect / ModifySettingsDefineState

    CompletionStage<MethodResult> createSynchronizationAspect(MethodArguments a)
            throws ReplicationException, CimException {
        noRemote(a, "SourceAccessPoint");
        SyncType syncType = ReplicationServiceProvider.syncType(a.integer("SyncType"));
        ReplicationServiceProvider.mode(a.integer("Mode"), syncType);
        if (a.has("SourceGroup") == a.has("SourceElement")) {
            throw new ReplicationException(Code.INVALID_PARAMETER, "exactly one of SourceGroup and SourceElement is "
                    + "required");
        }
        VolumeId source = a.has("SourceElement") ? paths.volumeId(a.reference("SourceElement"), "SourceElement")
                : null;
        String group = a.has("SourceGroup") ? instances.groupId(a.reference("SourceGroup"), "SourceGroup") : null;
        ReplicationSettings.parse(a.instance("ReplicationSettingData"), syncType);
        SynchronizationAspect made = groups.createAspect(a.string("Name"), source, group, syncType, consistency(a));
        return done(0, List.of(ref("SettingsState", instances.settingsState(made))));
    }

    /** Operations 2 Activate Consistency, 3 Deactivate Consistency, 4 Delete, 7 Restore and 8 Attach To Target (onto
     * the volumes that hold the point in time); 5 Copy To Target and 6 Detach are not supported. */
    CompletionStage<MethodResult> modifySettingsDefineState(MethodArguments a)
            throws ReplicationException, CimException {
        noRemote(a, "TargetAccessPoint");
        Integer op = a.integer("Operation");
        if (op == null || op < 2 || op > 8) {
            throw new ReplicationException(Code.INVALID_PARAMETER, "Operation " + op + " is not in 2..8");
        }
        String id = instances.aspectId(a.reference("SettingsState"), "SettingsState");
        if (groups.aspect(id).isEmpty()) {
            throw new ReplicationException(Code.INVALID_PARAMETER, "SettingsState names no synchronization aspect");
        }
        if (op == 5 || op == 6) {
            throw new ReplicationException(Code.NOT_SUPPORTED, (op == 5 ? "Copy To Target" : "Detach")
                    + " is not supported; Attach To Target (8) makes the point in time a Snapshot relationship");
        }
        if (op != 8 && (a.has("TargetElement") || a.has("TargetGroup") || a.has("TargetElementCount"))) {
            throw new ReplicationException(Code.INVALID_PARAMETER, "targets are only given with Copy/Attach To Target");
        }
        switch (op) {
            case 2, 3 -> groups.setAspectConsistency(id, op == 2);
            case 4 -> groups.deleteAspect(id);
            case 7 -> groups.restoreAspect(id);
            default -> {
                if (a.has("TargetElement") || a.has("TargetGroup") || a.has("TargetElementCount")
                        || a.has("TargetPool") || a.has("TargetSettingGoal")) {
                    throw new ReplicationException(Code.NOT_SUPPORTED, "Attach To Target attaches the aspect to the "
                            + "volumes that already hold its point in time; TargetElement, TargetGroup, "
                            + "TargetElementCount, TargetPool and TargetSettingGoal must be NULL");
                }
                if (a.has("WaitForCopyState") && a.integer("WaitForCopyState") != 4) {
                    throw new ReplicationException(Code.INVALID_PARAMETER, "an attached snapshot is Synchronized at "
                            + "once; WaitForCopyState may only be 4");
                }
                ReplicationGroups.AttachedAspect attached = groups.attachAspect(id);
                List<ParamValue> outs = new ArrayList<>();
                if (attached.group() != null) {
                    outs.add(ref("Synchronization", instances.synchronization(attached.group())));
                    outs.add(ref("TargetGroup", instances.group(attached.group().targetGroup())));
                } else {
                    SyncRelationship r = attached.relationships().get(0);
                    outs.add(ref("Synchronization", synchronizations.path(r)));
                    outs.add(ref("TargetElement", paths.volume(r.target())));
                }
                return done(0, outs);
            }
        }
        return done(0, List.of());
    }

    /** The list variant (operations 2..5 only): every SettingsStates[] element is checked first, then each is
     * done in order; 5 Copy To Target is not supported (as for one aspect). */
    CompletionStage<MethodResult> modifyListSettingsDefineState(MethodArguments a)
            throws ReplicationException, CimException {
        noRemote(a, "TargetAccessPoint");
        Integer op = a.integer("Operation");
        if (op == null || op < 2 || op > 5) {
            throw new ReplicationException(Code.INVALID_PARAMETER, "Operation " + op + " is not in 2..5");
        }
        if (op == 5) {
            throw new ReplicationException(Code.NOT_SUPPORTED, "Copy To Target is not supported");
        }
        if (a.has("TargetElementCount") || !a.references("TargetElements").isEmpty()
                || !a.references("TargetGroups").isEmpty()) {
            throw new ReplicationException(Code.INVALID_PARAMETER, "targets are only given with Copy To Target");
        }
        List<ObjectPath> refs = a.references("SettingsStates");
        if (refs.isEmpty()) {
            throw new ReplicationException(Code.INVALID_PARAMETER, "SettingsStates[] is required");
        }
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < refs.size(); i++) {
            String id = instances.aspectId(refs.get(i), "SettingsStates[" + i + "]");
            if (groups.aspect(id).isEmpty() || ids.contains(id)) {
                throw new ReplicationException(Code.INVALID_PARAMETER, "SettingsStates[" + i + "] names no aspect "
                        + "or one listed before");
            }
            ids.add(id);
        }
        for (String id : ids) {
            if (op == 4) {
                groups.deleteAspect(id);
            } else {
                groups.setAspectConsistency(id, op == 2);
            }
        }
        return done(0, List.of());
    }

    // ---- answering for several accepted operations

    /**
     * 0 when every operation is done and none failed; a job (4096) when a member failed (the job ends in Exception
     * naming it, after the others' copies ended) or copies continue without a WaitForCopyState; with one, the call
     * waits until every member reached it (0), one cannot (4), or the deadline nears (the rest becomes a job).
     */
    private CompletionStage<MethodResult> finishAll(OperationContext ctx, String method, List<AcceptedOperation> ops,
                                                    List<String> failures, CopyState wait, List<ObjectPath> affected,
                                                    int effect, List<ParamValue> outs) {
        List<ReplicationJobs.Watch> watches = new ArrayList<>();
        for (AcceptedOperation op : ops) {
            // Reset To …: only the Mode changes; a copy already running is the creation's, not this operation's.
            boolean modeOnly = op.operation() == SyncOperation.RESET_TO_SYNC
                    || op.operation() == SyncOperation.RESET_TO_ASYNC || op.operation() == SyncOperation.RESET_TO_ADAPTIVE;
            if (op.continuing() && !modeOnly) {
                watches.add(new ReplicationJobs.Watch(op, wait != null ? wait : op.finalState()));
            }
        }
        if (watches.isEmpty() && failures.isEmpty()) {
            return done(0, outs);
        }
        if (!failures.isEmpty() || wait == null) {
            return withJob(ctx, method, watches, failures, affected, effect, outs);
        }
        List<CompletableFuture<?>> reached = new ArrayList<>();
        for (ReplicationJobs.Watch w : watches) {
            reached.add(w.operation().reached(wait).toCompletableFuture());
        }
        Duration budget = budget(ctx);
        return CompletableFuture.allOf(reached.toArray(CompletableFuture[]::new))
                .orTimeout(budget.toMillis(), TimeUnit.MILLISECONDS).handle((r, error) -> {
                    Throwable cause = error instanceof CompletionException && error.getCause() != null
                            ? error.getCause() : error;
                    if (cause == null) {
                        for (ReplicationJobs.Watch w : watches) {
                            if (wait != w.operation().finalState()) {
                                w.operation().release();
                            }
                        }
                        return new MethodResult(CimValue.uint32(0), outs);
                    }
                    if (cause instanceof TimeoutException) {
                        LOG.info("{}: {} not reached by every member within {} s; continuing as a job", method,
                                wait.label(), budget.toSeconds());
                        return withJob(ctx, method, watches, List.of(), affected, effect, outs).join();
                    }
                    LOG.info("{} returns 4: {}", method, cause.getMessage());
                    return new MethodResult(CimValue.uint32(4), outs);
                });
    }

    private CompletableFuture<MethodResult> withJob(OperationContext ctx, String method,
                                                     List<ReplicationJobs.Watch> watches, List<String> failures,
                                                     List<ObjectPath> affected, int effect, List<ParamValue> outs) {
        ObjectPath job = jobs.submit(method, ctx.user(), affected, effect, progress -> {
            List<String> all = new ArrayList<>(failures);
            try {
                ReplicationJobs.awaitAll(watches, progress);
            } catch (JobFailure f) {
                all.add(f.getMessage());
            }
            if (!all.isEmpty()) {
                throw new JobFailure(4, String.join("; ", all));
            }
        });
        List<ParamValue> withJob = new ArrayList<>(outs);
        withJob.add(ref("Job", job));
        return done(4096, withJob);
    }

    private static Duration budget(OperationContext ctx) {
        if (ctx.deadline() == null) {
            return DEFAULT_WAIT;
        }
        Duration left = Duration.between(Instant.now(), ctx.deadline()).minus(ANSWER_MARGIN);
        return left.isNegative() ? Duration.ZERO : left;
    }
}
