package org.replicacim.provider.replication;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.replicacim.cim.CimClass;
import org.replicacim.cim.CimException;
import org.replicacim.cim.CimInstance;
import org.replicacim.cim.CimMethod;
import org.replicacim.cim.CimType;
import org.replicacim.cim.CimValue;
import org.replicacim.cim.ObjectPath;
import org.replicacim.message.MethodResult;
import org.replicacim.message.ParamValue;
import org.replicacim.provider.ComputedInstanceProvider;
import org.replicacim.provider.MethodProvider;
import org.replicacim.provider.OperationContext;
import org.replicacim.provider.block.ElementPaths;
import org.replicacim.replication.CopyState;
import org.replicacim.replication.ReplicationCapabilities;
import org.replicacim.replication.ReplicationEngine;
import org.replicacim.replication.ReplicationException;
import org.replicacim.replication.ReplicationException.Code;
import org.replicacim.replication.ReplicationFeature;
import org.replicacim.replication.ReplicationType;
import org.replicacim.replication.SyncMode;
import org.replicacim.replication.SyncOperation;
import org.replicacim.replication.SyncRelationship;
import org.replicacim.replication.SyncType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MSISCSITARGET_ReplicationServiceCapabilities: the capabilities instance of the replication service and its
 * methods, every answer computed from {@link ReplicationCapabilities} (the transition table the engine also runs on).
 * Group answers come from the group rows of the same table; remote and token capabilities answer 1 (Not Supported).
 */
public final class ReplicationCapabilitiesProvider extends ComputedInstanceProvider implements MethodProvider {
    /** The class this provider serves. */
    public static final String CLASS = "MSISCSITARGET_ReplicationServiceCapabilities";
    /** SupportedAsynchronousActions: CreateElementReplica, CreateGroupReplica, ModifyReplicaSynchronization,
     * ModifyListSynchronization, CreateListReplica, CreateGroupReplicaFromElements. */
    static final int[] ASYNCHRONOUS_ACTIONS = {2, 3, 5, 6, 19, 20};
    /** SupportedSynchronousActions: the above plus CreateSynchronizationAspect, ModifySettingsDefineState and
     * ModifyListSettingsDefineState (which never start a job here), GetAvailableTargetElements, GetReplicationRelationships, CreateGroup, DeleteGroup,
     * AddMembers, RemoveMembers and GetReplicationRelationshipInstances. */
    static final int[] SYNCHRONOUS_ACTIONS = {2, 3, 4, 5, 6, 7, 8, 10, 12, 13, 14, 15, 19, 20, 21, 22};
    /** GetSupportedGroupFeatures: 5 empty groups allowed, 14 group is nameable, 23 an element can be in several
     * groups, 38 the provider can create the local target group, 49 SynchronizationAspect of a replication group,
     * 56 the client can supply RelationshipName. */
    static final int[] GROUP_FEATURES = {5, 14, 23, 38, 49, 56};

    private static final Logger LOG = LoggerFactory.getLogger(ReplicationCapabilitiesProvider.class);

    private final ElementPaths paths;
    private final ReplicationEngine engine;
    private final ReplicationCapabilities caps;
    private final SynchronizedInstances synchronizations;

    ReplicationCapabilitiesProvider(ElementPaths paths, ReplicationEngine engine) {
        this.paths = paths;
        this.engine = engine;
        this.caps = engine.capabilities();
        this.synchronizations = new SynchronizedInstances(paths);
    }

    /** The path of the one capabilities instance. */
    ObjectPath path() {
        return ObjectPath.builder(CLASS).namespace(paths.namespace())
                .key("InstanceID", "ReplicaCIM:ReplicationServiceCapabilities").build();
    }

    @Override
    protected List<CimInstance> instances(OperationContext ctx, CimClass cls) {
        int[] types = caps.types().stream().mapToInt(ReplicationType::value).toArray();
        return List.of(CimInstance.builder(CLASS).path(path())
                .property("InstanceID", path().key("InstanceID"))
                .property("ElementName", CimValue.string("Replication Service Capabilities"))
                .property("SupportedReplicationTypes", CimValue.uint16Array(types))
                .property("SupportedStorageObjects", CimValue.uint16Array(2))
                .property("SupportedAsynchronousActions", CimValue.uint16Array(ASYNCHRONOUS_ACTIONS))
                .property("SupportedSynchronousActions", CimValue.uint16Array(SYNCHRONOUS_ACTIONS))
                .build());
    }

    @Override
    public CompletionStage<MethodResult> invokeMethod(OperationContext ctx, CimClass cls, ObjectPath target,
                                                      CimMethod method, List<ParamValue> inParameters) {
        String name = method.name().value();
        MethodArguments a = new MethodArguments(inParameters);
        try {
            return CompletableFuture.completedFuture(switch (name.toLowerCase(Locale.ROOT)) {
                case "convertsynctypetoreplicationtype" -> convertToType(a);
                case "convertreplicationtypetosynctype" -> convertFromType(a);
                case "getsupportedcopystates" -> copyStates(a);
                case "getsupportedwaitforcopystates" -> waitStates(a);
                case "getsupportedfeatures" -> features(a);
                case "getsupportedoperations" -> operations(a, "SupportedOperations");
                case "getsupportedlistoperations" -> listOperations(a);
                case "getsupportedoperationsforsynchronization" -> operationsFor(a);
                case "getsupportedreplicationsettingdata" -> settingValues(a);
                case "getdefaultreplicationsettingdata" -> result(0, ParamValue.of("DefaultInstance",
                        CimValue.embedded(CimValue.Embedded.OBJECT, ReplicationSettings.defaults(type(a)))));
                case "getsupportedthinprovisioningfeatures" -> {
                    type(a);
                    // Targets are sparse: unallocated blocks read as zeros.
                    yield result(0, ParamValue.of("SupportedThinProvisioningFeatures", CimValue.uint16Array(2)));
                }
                case "getsynchronizationsupported" -> synchronizationSupported(a);
                case "getsupportedgroupoperations" -> groupOperations(a);
                case "getsupportedgroupcopystates" -> groupCopyStates(a);
                case "getsupportedgroupfeatures" -> {
                    type(a);
                    yield result(0, ParamValue.of("GroupFeatures", CimValue.uint16Array(GROUP_FEATURES)));
                }
                case "getsupportedconsistency" -> {
                    ReplicationType t = type(a);
                    yield result(0, ParamValue.of("SupportedConsistency", caps.consistency(t)
                            ? CimValue.uint16Array(2) : CimValue.uint16Array()));
                }
                case "getdefaultconsistency" -> {
                    type(a);
                    // 0: no default; a group is consistent only when the client asks (Consistency 3).
                    yield result(0, ParamValue.of("DefaultConsistency", CimValue.uint16(0)));
                }
                case "getdefaultgrouppersistency" -> result(0, ParamValue.of("DefaultGroupPersistency",
                        CimValue.uint16(2)));
                case "getsupportedsettingsdefinestateoperations" -> {
                    ReplicationType t = type(a);
                    if (t.syncType() != SyncType.SNAPSHOT) {
                        throw new ReplicationException(Code.NOT_SUPPORTED, "synchronization aspects are snapshots");
                    }
                    // Activate/Deactivate Consistency, Delete, Restore, Attach To Target.
                    yield result(0, ParamValue.of("SupportedOperations", caps.consistency(t)
                            ? CimValue.uint16Array(2, 3, 4, 7, 8) : CimValue.uint16Array(4, 7, 8)));
                }
                default -> throw new ReplicationException(Code.NOT_SUPPORTED, name
                        + " is not supported (no remote replication or tokens here)");
            });
        } catch (ReplicationException e) {
            LOG.info("{} returns {}: {}", name, e.code().returnValue(), e.getMessage());
            return CompletableFuture.completedFuture(result(e.code().returnValue()));
        } catch (CimException e) {
            LOG.info("{} returns 5: {}", name, e.description());
            return CompletableFuture.completedFuture(result(5));
        } catch (RuntimeException e) {
            LOG.error("{} failed unexpectedly", name, e);
            return CompletableFuture.completedFuture(result(2));
        }
    }

    private static MethodResult result(int rc, ParamValue... outs) {
        return new MethodResult(CimValue.uint32(rc), List.of(outs));
    }

    /** ReplicationType IN: 5 if absent or outside the map, 1 if not offered. */
    private ReplicationType type(MethodArguments a) throws ReplicationException {
        Integer v = a.integer("ReplicationType");
        ReplicationType t = v == null ? null : ReplicationType.of(v);
        if (t == null) {
            throw new ReplicationException(Code.INVALID_PARAMETER, "ReplicationType " + v + " is not in 2..25");
        }
        if (!caps.supports(t)) {
            throw new ReplicationException(Code.NOT_SUPPORTED, "replication type " + t + " is not supported");
        }
        return t;
    }

    private static SyncOperation operation(Integer v) throws ReplicationException {
        if (v == null) {
            return null;
        }
        SyncOperation op = SyncOperation.of(v);
        if (op == null) {
            throw new ReplicationException(Code.INVALID_PARAMETER, "Operation " + v + " is not in 2..25");
        }
        return op;
    }

    private MethodResult convertToType(MethodArguments a) throws ReplicationException {
        Integer s = a.integer("SyncType");
        Integer m = a.integer("Mode");
        Integer l = a.integer("LocalOrRemote");
        SyncType st = s == null ? null : SyncType.of(s);
        SyncMode mode = m == null ? null : SyncMode.of(m);
        if (st == null || mode == null || (l != null && l != 2 && l != 3)) {
            throw new ReplicationException(Code.INVALID_PARAMETER, "SyncType 6..9, Mode 2..4 and LocalOrRemote 2 "
                    + "or 3 are required");
        }
        ReplicationType t = new ReplicationType(st, mode, l != null && l == 3);
        return result(0, ParamValue.of("SupportedReplicationTypes", CimValue.uint16(t.value())));
    }

    private MethodResult convertFromType(MethodArguments a) throws ReplicationException {
        Integer v = a.integer("ReplicationType");
        ReplicationType t = v == null ? null : ReplicationType.of(v);
        if (t == null) {
            throw new ReplicationException(Code.INVALID_PARAMETER, "ReplicationType " + v + " is not in 2..25");
        }
        return result(0, ParamValue.of("SyncType", CimValue.uint16(t.syncType().value())),
                ParamValue.of("Mode", CimValue.uint16(t.mode().value())),
                ParamValue.of("LocalOrRemote", CimValue.uint16(t.remote() ? 3 : 2)));
    }

    private MethodResult copyStates(MethodArguments a) throws ReplicationException {
        ReplicationType t = type(a);
        SyncOperation op = operation(a.integer("Operation"));
        Set<CopyState> states = op == null ? caps.states(t) : caps.statesAccepting(t, op);
        List<Object> values = new ArrayList<>();
        List<Object> host = new ArrayList<>();
        for (CopyState s : states) {
            values.add(s.value());
            host.add(ReplicationCapabilities.hostAccessible(t.syncType(), s));
        }
        return result(0, ParamValue.of("SupportedCopyStates", CimValue.array(CimType.UINT16, values)),
                ParamValue.of("HostAccessible", CimValue.array(CimType.BOOLEAN, host)));
    }

    private MethodResult waitStates(MethodArguments a) throws ReplicationException {
        ReplicationType t = type(a);
        Integer method = a.integer("MethodName");
        SyncOperation op = operation(a.integer("Operation"));
        Set<CopyState> states;
        if (method != null && (method == 2 || method == 3 || method == 7 || method == 8)) {
            states = caps.creationWaitStates(t);
        } else if (method != null && (method == 4 || method == 5)) {
            states = java.util.EnumSet.noneOf(CopyState.class);
            for (SyncOperation o : op == null ? caps.operations(t) : Set.of(op)) {
                states.addAll(caps.waitStates(t, o));
            }
        } else {
            throw new ReplicationException(Code.NOT_SUPPORTED, "MethodName " + method + " names a method this "
                    + "service does not implement (2 CreateElementReplica, 3 CreateGroupReplica, "
                    + "4 ModifyReplicaSynchronization, 5 ModifyListSynchronization, 7 CreateListReplica, "
                    + "8 CreateGroupReplicaFromElements are)");
        }
        return result(0, ParamValue.of("SupportedCopyStates", values(states)));
    }

    private MethodResult features(MethodArguments a) throws ReplicationException {
        ReplicationType t = type(a);
        List<Object> values = new ArrayList<>();
        for (ReplicationFeature f : caps.features(t)) {
            values.add(f.value());
        }
        return result(0, ParamValue.of("Features", CimValue.array(CimType.UINT16, values)));
    }

    private MethodResult operations(MethodArguments a, String outName) throws ReplicationException {
        ReplicationType t = type(a);
        Integer sv = a.integer("CopyState");
        CopyState state = sv == null ? null : CopyState.of(sv);
        if (sv != null && state == null) {
            throw new ReplicationException(Code.INVALID_PARAMETER, "CopyState " + sv + " is not in 2..18");
        }
        Set<SyncOperation> ops = state == null ? caps.operations(t) : caps.operations(t, state);
        return operationArrays(t, ops, state, outName);
    }

    private MethodResult operationArrays(ReplicationType t, Set<SyncOperation> ops, CopyState state,
                                         String outName) {
        List<Object> values = new ArrayList<>();
        List<Object> force = new ArrayList<>();
        List<Object> path = new ArrayList<>();
        for (SyncOperation o : ops) {
            values.add(o.value());
            force.add(caps.requiresForce(t, o, state));
            path.add(caps.updatesPath(t, o));
        }
        return result(0, ParamValue.of(outName, CimValue.array(CimType.UINT16, values)),
                ParamValue.of("RequiresForce", CimValue.array(CimType.BOOLEAN, force)),
                ParamValue.of("UpdatesSynchronizedPath", CimValue.array(CimType.BOOLEAN, path)));
    }

    /** GetSupportedGroupOperations: every element operation applied to all members plus the group-only ones, from
     * the group rows of the same table; with CopyState, those accepted in that group state (Mixed included). */
    private MethodResult groupOperations(MethodArguments a) throws ReplicationException {
        ReplicationType t = type(a);
        Integer sv = a.integer("CopyState");
        CopyState state = sv == null ? null : CopyState.of(sv);
        if (sv != null && state == null) {
            throw new ReplicationException(Code.INVALID_PARAMETER, "CopyState " + sv + " is not in 2..18");
        }
        Set<SyncOperation> ops = state == null ? caps.groupOperations(t) : caps.groupOperations(t, state);
        List<Object> values = new ArrayList<>();
        List<Object> force = new ArrayList<>();
        List<Object> path = new ArrayList<>();
        for (SyncOperation o : ops) {
            values.add(o.value());
            force.add(!o.groupOnly() && state != CopyState.MIXED && caps.requiresForce(t, o, state));
            path.add(!o.groupOnly() && caps.updatesPath(t, o));
        }
        return result(0, ParamValue.of("SupportedGroupOperations", CimValue.array(CimType.UINT16, values)),
                ParamValue.of("RequiresForce", CimValue.array(CimType.BOOLEAN, force)),
                ParamValue.of("UpdatesSynchronizedPath", CimValue.array(CimType.BOOLEAN, path)));
    }

    /** GetSupportedGroupCopyStates: the members' states plus Mixed; with Operation, the states it is accepted in. */
    private MethodResult groupCopyStates(MethodArguments a) throws ReplicationException {
        ReplicationType t = type(a);
        SyncOperation op = operation(a.integer("Operation"));
        Set<CopyState> states;
        if (op == null) {
            states = caps.groupStates(t);
        } else if (op.groupOnly()) {
            states = java.util.EnumSet.noneOf(CopyState.class);
            for (CopyState s : caps.groupStates(t)) {
                if (caps.groupTransition(t, s, op) != null) {
                    states.add(s);
                }
            }
        } else {
            states = caps.statesAccepting(t, op);
        }
        return result(0, ParamValue.of("SupportedCopyStates", values(states)));
    }

    private MethodResult listOperations(MethodArguments a) throws ReplicationException {
        Integer kind = a.integer("SynchronizationType");
        if (kind != null && kind == 3) {
            throw new ReplicationException(Code.NOT_SUPPORTED, "there are no GroupSynchronized relationships here");
        }
        return operations(a, "SupportedListOperations");
    }

    private MethodResult operationsFor(MethodArguments a) throws ReplicationException, CimException {
        ObjectPath sync = a.reference("Synchronization");
        SynchronizedInstances.Ends ends = synchronizations.ends(sync, "Synchronization");
        SyncRelationship r = engine.find(ends.source(), ends.target()).orElseThrow(() ->
                new ReplicationException(Code.INVALID_PARAMETER, "Synchronization names no relationship"));
        return operationArrays(r.replicationType(), caps.operations(r.replicationType(), r.copyState()),
                r.copyState(), "SupportedOperations");
    }

    private MethodResult settingValues(MethodArguments a) throws ReplicationException {
        ReplicationType t = type(a);
        Integer property = a.integer("PropertyName");
        int[] values = switch (property == null ? 0 : property) {
            case 3 -> t.syncType() == SyncType.MIRROR ? new int[] {2, 3, 4}
                    : new int[] {2, ReplicationSettings.methodology(t.syncType())};
            case 5 -> new int[] {2, 3};
            case 7 -> new int[] {1, 2, 3, 4, 5};
            case 8 -> new int[] {2, 5, 6, 7};
            default -> null;
        };
        if (values == null) {
            // 7 = "Property Is Not Supported" for this method.
            LOG.info("GetSupportedReplicationSettingData returns 7: property {} is not supported", property);
            return result(7);
        }
        List<Object> out = new ArrayList<>();
        for (int v : values) {
            out.add((long) v);
        }
        return result(0, ParamValue.of("SupportedValues", CimValue.array(CimType.UINT64, out)));
    }

    private MethodResult synchronizationSupported(MethodArguments a) throws ReplicationException {
        if (a.has("OtherElementAccessPoint")) {
            throw new ReplicationException(Code.NOT_SUPPORTED, "remote replication is not supported");
        }
        Integer method = a.integer("MethodName");
        if (method != null && method != 2) {
            throw new ReplicationException(Code.NOT_SUPPORTED, "only CreateElementReplica (2) is supported");
        }
        List<Object> types = new ArrayList<>();
        List<Object> modes = new ArrayList<>();
        List<Object> roles = new ArrayList<>();
        for (ReplicationType t : caps.types()) {
            types.add(t.syncType().value());
            modes.add(t.mode().value());
            roles.add(2);
        }
        return result(0, ParamValue.of("SyncTypes", CimValue.array(CimType.UINT16, types)),
                ParamValue.of("Modes", CimValue.array(CimType.UINT16, modes)),
                ParamValue.of("LocalElementRole", CimValue.array(CimType.UINT16, roles)));
    }

    private static CimValue values(Set<CopyState> states) {
        List<Object> out = new ArrayList<>();
        for (CopyState s : states) {
            out.add(s.value());
        }
        return CimValue.array(CimType.UINT16, out);
    }
}
