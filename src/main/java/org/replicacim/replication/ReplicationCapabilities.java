package org.replicacim.replication;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.replicacim.storage.BackendCapabilities;
import org.replicacim.storage.Capability;

/**
 * What this server offers, per ReplicationType, derived from one source: the rows of {@link CopyStateMachine}
 * that the backend can perform and that start in a state a relationship can rest in here. Behaviour
 * ({@link ReplicationEngine}) and every capability answer (GetSupportedOperations, GetSupportedCopyStates,
 * GetSupportedWaitForCopyStates, RequiresForce, GetSupportedFeatures …) read the same rows, so they cannot disagree.
 *
 * <p>Rows are dropped when (replication-services.md §0.2, decisions marked [INF] there):
 * <ul>
 *   <li>the backend lacks the primitive ({@link BackendCapabilities}); the SPI cannot detach a snapshot from its
 *       source, so Snapshot Detach/Dissolve are never offered; it has no mode switch, so Reset To Sync/Async is
 *       offered only where it is a no-op (the type already has that Mode);</li>
 *   <li>their from-state is one a relationship never rests in here: Initialized (creation holds the relationship
 *       until the backend pair exists), Skewed (host writes to targets are not tracked separately), Partitioned and
 *       Invalid (remote only).</li>
 * </ul>
 */
public final class ReplicationCapabilities {
    /** §12.1: the states creation passes through (in order) and may park in, per SyncType. */
    private static final Map<SyncType, List<CopyState>> CREATION_PATH = Map.of(
            SyncType.MIRROR, List.of(CopyState.INITIALIZED, CopyState.UNSYNCHRONIZED, CopyState.SYNCHRONIZED),
            SyncType.CLONE, List.of(CopyState.INITIALIZED, CopyState.UNSYNCHRONIZED, CopyState.SYNCHRONIZED),
            SyncType.SNAPSHOT, List.of(CopyState.SYNCHRONIZED));

    private final List<ReplicationType> types;
    private final Map<ReplicationType, List<Transition>> rows = new LinkedHashMap<>();
    private final Map<ReplicationType, Set<CopyState>> restingStates = new LinkedHashMap<>();
    private final Map<ReplicationType, List<Transition>> groupRows = new LinkedHashMap<>();

    private ReplicationCapabilities(CopyStateMachine machine, BackendCapabilities backend) {
        List<ReplicationType> offered = new ArrayList<>();
        for (ReplicationType t : candidateTypes()) {
            if (backendSupports(t, backend)) {
                offered.add(t);
            }
        }
        this.types = List.copyOf(offered);
        for (ReplicationType type : types) {
            List<Transition> performable = new ArrayList<>();
            for (Transition row : machine.rows()) {
                if (row.syncType() == type.syncType() && backendCan(type, row, backend)) {
                    performable.add(row);
                }
            }
            Set<CopyState> resting = resting(type, performable);
            List<Transition> kept = new ArrayList<>();
            for (Transition row : performable) {
                if (resting.contains(row.from())) {
                    kept.add(row);
                }
            }
            rows.put(type, List.copyOf(kept));
            restingStates.put(type, Collections.unmodifiableSet(resting));
            List<Transition> group = new ArrayList<>();
            for (Transition row : CopyStateMachine.groupStandard().rows()) {
                if (row.syncType() == type.syncType() && backendCan(type, row, backend)
                        && (resting.contains(row.from()) || row.from() == CopyState.MIXED)) {
                    group.add(row);
                }
            }
            groupRows.put(type, List.copyOf(group));
        }
    }

    /** The capabilities of the standard machine on a backend. */
    public static ReplicationCapabilities of(BackendCapabilities backend) {
        return new ReplicationCapabilities(CopyStateMachine.standard(), backend);
    }

    /** Local Snapshot, Clone and Mirror in the modes a local block backend can serve (TokenizedClone, Adaptive and
     * remote types are never offered). */
    private static List<ReplicationType> candidateTypes() {
        return List.of(ReplicationType.local(SyncType.MIRROR, SyncMode.SYNCHRONOUS),
                ReplicationType.local(SyncType.MIRROR, SyncMode.ASYNCHRONOUS),
                ReplicationType.local(SyncType.SNAPSHOT, SyncMode.SYNCHRONOUS),
                ReplicationType.local(SyncType.SNAPSHOT, SyncMode.ASYNCHRONOUS),
                ReplicationType.local(SyncType.CLONE, SyncMode.SYNCHRONOUS),
                ReplicationType.local(SyncType.CLONE, SyncMode.ASYNCHRONOUS));
    }

    private static boolean backendSupports(ReplicationType type, BackendCapabilities backend) {
        if (!backend.supports(Capability.VOLUMES)) {
            return false;
        }
        return switch (type.syncType()) {
            // A copy-on-write snapshot preserves the old block inside the host write; that also meets the
            // asynchronous contract (the point in time is the same), so both modes are served by it [INF].
            case SNAPSHOT -> backend.supports(Capability.SNAPSHOT);
            // The clone copy runs in the background either way; Mode is recorded [INF, §4.5.3 default].
            case CLONE -> backend.supports(Capability.CLONE);
            case MIRROR -> backend.supports(type.mode() == SyncMode.SYNCHRONOUS ? Capability.MIRROR_SYNC
                    : Capability.MIRROR_ASYNC);
            default -> false;
        };
    }

    /** Whether the backend can perform a row's action for this type. */
    private static boolean backendCan(ReplicationType type, Transition row, BackendCapabilities b) {
        boolean mirror = type.syncType() == SyncType.MIRROR;
        return switch (row.action()) {
            case CANCEL_COPY, REMOVE_PAIR_AND_TARGET, PREPARE -> true;
            // The SPI keeps a snapshot target dependent on its source: it can only go together with the target.
            case REMOVE_PAIR -> type.syncType() != SyncType.SNAPSHOT;
            case START_COPY, TAKE_POINT_IN_TIME, RESYNC -> b.supports(Capability.INCREMENTAL_RESYNC);
            case STOP_DATA_FLOW -> !mirror || (b.supports(Capability.CHANGE_TRACKING)
                    && (row.from() != CopyState.UNSYNCHRONIZED || b.supports(Capability.SUSPEND_RESUME)));
            case FAILOVER, FRACTURE, SPLIT -> b.supports(Capability.CHANGE_TRACKING);
            case FAILBACK, RESTORE -> b.supports(Capability.RESTORE);
            case SUSPEND, RESUME -> b.supports(Capability.SUSPEND_RESUME);
            case SWAP_ROLES -> b.supports(Capability.SWAP_ROLES);
            // No mode switch in the SPI: only "reset" to the Mode the type already has, a no-op (§4.5.6).
            case SET_MODE -> modeOf(row.operation()) == type.mode();
            // Consistency is only honest where the backend can hold writes while the members' points are taken.
            case SET_CONSISTENCY -> b.supports(Capability.WRITE_BARRIER);
            case CHANGE_MEMBERSHIP -> true;
        };
    }

    /** The Mode a Reset To … operation asks for. */
    static SyncMode modeOf(SyncOperation op) {
        return switch (op) {
            case RESET_TO_SYNC -> SyncMode.SYNCHRONOUS;
            case RESET_TO_ASYNC -> SyncMode.ASYNCHRONOUS;
            case RESET_TO_ADAPTIVE -> SyncMode.ADAPTIVE;
            default -> null;
        };
    }

    /** States a relationship can rest in: what creation leaves (or parks in), Broken (a failed copy), and every
     * state the performable rows lead to from those, to a fixed point. */
    private static Set<CopyState> resting(ReplicationType type, List<Transition> performable) {
        Set<CopyState> states = EnumSet.of(CopyState.INACTIVE, CopyState.BROKEN);
        for (CopyState s : CREATION_PATH.get(type.syncType())) {
            if (s != CopyState.INITIALIZED) {
                states.add(s);
            }
        }
        boolean grew = true;
        while (grew) {
            grew = false;
            for (Transition row : performable) {
                if (states.contains(row.from())) {
                    grew |= row.to() != null && states.add(row.to());
                    grew |= states.add(row.during());
                }
            }
        }
        return states;
    }

    /** The ReplicationTypes offered (SupportedReplicationTypes), in the order advertised. */
    public List<ReplicationType> types() {
        return types;
    }

    public boolean supports(ReplicationType type) {
        return rows.containsKey(type);
    }

    /** Every offered row of the type. */
    public List<Transition> rows(ReplicationType type) {
        return rows.getOrDefault(type, List.of());
    }

    /** The row for this combination, or null when the operation is not accepted there. */
    public Transition transition(ReplicationType type, CopyState from, SyncOperation operation) {
        for (Transition t : rows(type)) {
            if (t.from() == from && t.operation() == operation) {
                return t;
            }
        }
        return null;
    }

    /** GetSupportedOperations: operations accepted in at least one state. */
    public Set<SyncOperation> operations(ReplicationType type) {
        Set<SyncOperation> ops = EnumSet.noneOf(SyncOperation.class);
        for (Transition t : rows(type)) {
            ops.add(t.operation());
        }
        return ops;
    }

    /** GetSupportedOperations with CopyState (and GetSupportedOperationsForSynchronization): operations accepted
     * from that state. */
    public Set<SyncOperation> operations(ReplicationType type, CopyState from) {
        Set<SyncOperation> ops = EnumSet.noneOf(SyncOperation.class);
        for (Transition t : rows(type)) {
            if (t.from() == from) {
                ops.add(t.operation());
            }
        }
        return ops;
    }

    /** GetSupportedCopyStates with an Operation: the states from which it is accepted. */
    public Set<CopyState> statesAccepting(ReplicationType type, SyncOperation operation) {
        Set<CopyState> states = EnumSet.noneOf(CopyState.class);
        for (Transition t : rows(type)) {
            if (t.operation() == operation) {
                states.add(t.from());
            }
        }
        return states;
    }

    /** GetSupportedCopyStates without an Operation: every state a relationship of the type can show, including the
     * creation waypoints it passes through. */
    public Set<CopyState> states(ReplicationType type) {
        if (!supports(type)) {
            return Set.of();
        }
        Set<CopyState> states = EnumSet.copyOf(restingStates.get(type));
        states.addAll(CREATION_PATH.get(type.syncType()));
        states.add(CopyState.INITIALIZED);
        return states;
    }

    /** States a relationship of the type can be in when an operation arrives. */
    public Set<CopyState> restingStates(ReplicationType type) {
        return restingStates.getOrDefault(type, Set.of());
    }

    /** RequiresForce: the operation needs Force in every state where it is accepted (or, with a state, there). */
    public boolean requiresForce(ReplicationType type, SyncOperation operation, CopyState from) {
        boolean any = false;
        for (Transition t : rows(type)) {
            if (t.operation() == operation && (from == null || t.from() == from)) {
                any = true;
                if (!t.forceRequired()) {
                    return false;
                }
            }
        }
        return any;
    }

    /** UpdatesSynchronizedPath: the operation exchanges source and target (the association's keys change). */
    public boolean updatesPath(ReplicationType type, SyncOperation operation) {
        for (Transition t : rows(type)) {
            if (t.operation() == operation && t.swapsRoles()) {
                return true;
            }
        }
        return false;
    }

    /** WaitForCopyState values accepted by CreateElementReplica: the §12.1 path and Inactive (parking). */
    public Set<CopyState> creationWaitStates(ReplicationType type) {
        if (!supports(type)) {
            return Set.of();
        }
        Set<CopyState> states = EnumSet.copyOf(CREATION_PATH.get(type.syncType()));
        states.add(CopyState.INACTIVE);
        return states;
    }

    /** The states creation passes through, in order (the last one is where it ends unless parked). */
    public List<CopyState> creationPath(SyncType type) {
        return CREATION_PATH.get(type);
    }

    /** WaitForCopyState values accepted with one row: its final state, the copy waypoint (Unsynchronized) if it
     * passes through one, and Not Applicable ("until it is gone") when it removes the relationship. */
    public static Set<CopyState> waitStates(Transition t) {
        if (t.removesRelationship()) {
            return EnumSet.of(CopyState.NOT_APPLICABLE);
        }
        Set<CopyState> states = EnumSet.of(t.to());
        if (t.during() != t.from() && t.during() != t.to()) {
            states.add(t.during());
        }
        return states;
    }

    /** GetSupportedWaitForCopyStates for ModifyReplicaSynchronization: the union over the operation's rows. */
    public Set<CopyState> waitStates(ReplicationType type, SyncOperation operation) {
        Set<CopyState> states = EnumSet.noneOf(CopyState.class);
        for (Transition t : rows(type)) {
            if (t.operation() == operation) {
                states.addAll(waitStates(t));
            }
        }
        return states;
    }

    /** GetSupportedFeatures: the features the type's rows imply. */
    public Set<ReplicationFeature> features(ReplicationType type) {
        if (!supports(type)) {
            return Set.of();
        }
        Set<ReplicationFeature> f = EnumSet.of(ReplicationFeature.TARGETS_FROM_SOURCE_POOL,
                ReplicationFeature.CLIENT_NAMES_TARGET, ReplicationFeature.REPLICATION_GROUPS);
        if (type.syncType() == SyncType.SNAPSHOT) {
            f.add(ReplicationFeature.SYNCHRONIZATION_ASPECT);
        }
        Set<SyncOperation> ops = operations(type);
        if (!ops.contains(SyncOperation.DETACH) && !ops.contains(SyncOperation.DISSOLVE)) {
            f.add(ReplicationFeature.TARGET_MUST_REMAIN_ASSOCIATED);
        }
        if (ops.contains(SyncOperation.REVERSE_ROLES)
                && rows(type).stream().filter(t -> t.operation() == SyncOperation.REVERSE_ROLES)
                        .allMatch(t -> t.to() == t.from())) {
            f.add(ReplicationFeature.REVERSE_ROLES_KEEPS_COPY_STATE);
        }
        if (ops.contains(SyncOperation.FAILOVER) && operations(type, CopyState.FAILEDOVER).stream()
                .allMatch(o -> o == SyncOperation.FAILBACK || o == SyncOperation.DETACH)) {
            f.add(ReplicationFeature.FAILOVER_REQUIRES_FAILBACK);
        }
        return f;
    }

    /** HostAccessible[] of GetSupportedCopyStates: whether hosts can read the target in that state (§6.3 [I]). */
    public static boolean hostAccessible(SyncType type, CopyState state) {
        return switch (type) {
            case SNAPSHOT -> state != CopyState.BROKEN && state != CopyState.INACTIVE;
            case CLONE -> state == CopyState.SYNCHRONIZED || state == CopyState.SKEWED;
            case MIRROR -> state == CopyState.FRACTURED || state == CopyState.SPLIT || state == CopyState.FAILEDOVER;
            default -> false;
        };
    }

    /** Per type, the operations offered (for logs and diagnostics). */
    public Map<ReplicationType, Set<SyncOperation>> summary() {
        Map<ReplicationType, Set<SyncOperation>> m = new LinkedHashMap<>();
        for (ReplicationType t : types) {
            m.put(t, operations(t));
        }
        return m;
    }

    /** Per SyncType, whether some offered type has it (GetSynchronizationSupported). */
    public Map<SyncType, List<SyncMode>> modesBySyncType() {
        Map<SyncType, List<SyncMode>> m = new EnumMap<>(SyncType.class);
        for (ReplicationType t : types) {
            m.computeIfAbsent(t.syncType(), k -> new ArrayList<>()).add(t.mode());
        }
        return m;
    }

    // ---------------------------------------------------------------- groups (§4.5.5)

    /** The row of a group-only operation (3, 5, 6, 13) from the group's CopyState (Mixed included), or null. */
    public Transition groupTransition(ReplicationType type, CopyState from, SyncOperation operation) {
        for (Transition t : groupRows.getOrDefault(type, List.of())) {
            if (t.from() == from && t.operation() == operation) {
                return t;
            }
        }
        return null;
    }

    /** Operations a GroupSynchronized of the type accepts (GetSupportedGroupOperations): every element operation,
     * applied to all member pairs, plus the group-only operations of the group rows. */
    public Set<SyncOperation> groupOperations(ReplicationType type) {
        Set<SyncOperation> ops = EnumSet.noneOf(SyncOperation.class);
        ops.addAll(operations(type));
        for (Transition t : groupRows.getOrDefault(type, List.of())) {
            ops.add(t.operation());
        }
        return ops;
    }

    /** Operations a group accepts in a CopyState: the element operations of that state (every member is in it)
     * and the group-only ones; from Mixed only the group-only ones are certain (the rest depends on each member). */
    public Set<SyncOperation> groupOperations(ReplicationType type, CopyState from) {
        Set<SyncOperation> ops = EnumSet.noneOf(SyncOperation.class);
        if (from != CopyState.MIXED) {
            ops.addAll(operations(type, from));
        }
        for (Transition t : groupRows.getOrDefault(type, List.of())) {
            if (t.from() == from) {
                ops.add(t.operation());
            }
        }
        return ops;
    }

    /** States a group of the type can show (GetSupportedGroupCopyStates): its members' states and Mixed. */
    public Set<CopyState> groupStates(ReplicationType type) {
        Set<CopyState> states = EnumSet.noneOf(CopyState.class);
        states.addAll(states(type));
        states.add(CopyState.MIXED);
        return states;
    }

    /** Whether groups of the type can be made consistent (a point in time across members). */
    public boolean consistency(ReplicationType type) {
        return groupTransition(type, CopyState.MIXED, SyncOperation.ACTIVATE_CONSISTENCY) != null;
    }
}
