package org.replicacim.replication;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The CopyState machine as data: one row per (SyncType, from-state, operation) cell of replication-services.md
 * §12.2, to be read side by side with it. A cell that is not in the table is not a valid transition. The
 * capability answers (GetSupportedOperations, GetSupportedCopyStates, RequiresForce …) are derived from the same
 * rows, so they cannot disagree with behaviour.
 *
 * <p>Columns: SyncType | from | operation | force ("F" = required) | CopyState during ("=" unchanged) |
 * ProgressStatus during ("-" none) | final CopyState ("=" unchanged, "REMOVED" = relationship ends) |
 * final ProgressStatus | "swap" when the roles are exchanged | backend action.
 */
public final class CopyStateMachine {
    private static final String TABLE = """
        # 6 Mirror
        MIRROR   | INITIALIZED    | ABORT                   |   | =              | ABORTING      | ABORTED      | COMPLETED |      | CANCEL_COPY
        MIRROR   | INITIALIZED    | ACTIVATE                |   | UNSYNCHRONIZED | SYNCHRONIZING | SYNCHRONIZED | COMPLETED |      | START_COPY
        MIRROR   | INITIALIZED    | DETACH                  |   | =              | DETACHING     | REMOVED      | -         |      | REMOVE_PAIR
        MIRROR   | INITIALIZED    | DISSOLVE                |   | =              | TERMINATING   | REMOVED      | -         |      | REMOVE_PAIR
        MIRROR   | INITIALIZED    | RESET_TO_SYNC           |   | =              | -             | =            | -         |      | SET_MODE
        MIRROR   | INITIALIZED    | RESET_TO_ASYNC          |   | =              | -             | =            | -         |      | SET_MODE
        MIRROR   | INITIALIZED    | RESET_TO_ADAPTIVE       |   | =              | -             | =            | -         |      | SET_MODE
        MIRROR   | INITIALIZED    | UNPREPARE               |   | =              | PREPARING     | PREPARED     | COMPLETED |      | PREPARE
        MIRROR   | INITIALIZED    | PREPARE                 |   | =              | PREPARING     | PREPARED     | COMPLETED |      | PREPARE
        MIRROR   | UNSYNCHRONIZED | ABORT                   |   | =              | ABORTING      | ABORTED      | COMPLETED |      | CANCEL_COPY
        MIRROR   | UNSYNCHRONIZED | DEACTIVATE              | F | =              | -             | INACTIVE     | DORMANT   |      | STOP_DATA_FLOW
        MIRROR   | UNSYNCHRONIZED | DETACH                  | F | =              | DETACHING     | REMOVED      | -         |      | REMOVE_PAIR
        MIRROR   | UNSYNCHRONIZED | DISSOLVE                | F | =              | TERMINATING   | REMOVED      | -         |      | REMOVE_PAIR
        MIRROR   | UNSYNCHRONIZED | FRACTURE                | F | =              | FRACTURING    | FRACTURED    | COMPLETED |      | FRACTURE
        MIRROR   | UNSYNCHRONIZED | RESET_TO_SYNC           |   | =              | -             | =            | -         |      | SET_MODE
        MIRROR   | UNSYNCHRONIZED | RESET_TO_ASYNC          |   | =              | -             | =            | -         |      | SET_MODE
        MIRROR   | UNSYNCHRONIZED | RESET_TO_ADAPTIVE       |   | =              | -             | =            | -         |      | SET_MODE
        MIRROR   | UNSYNCHRONIZED | SUSPEND                 |   | =              | SUSPENDING    | SUSPENDED    | DORMANT   |      | SUSPEND
        MIRROR   | SYNCHRONIZED   | DEACTIVATE              |   | =              | -             | INACTIVE     | DORMANT   |      | STOP_DATA_FLOW
        MIRROR   | SYNCHRONIZED   | DETACH                  |   | =              | DETACHING     | REMOVED      | -         |      | REMOVE_PAIR
        MIRROR   | SYNCHRONIZED   | DISSOLVE                |   | =              | TERMINATING   | REMOVED      | -         |      | REMOVE_PAIR
        MIRROR   | SYNCHRONIZED   | FAILOVER                |   | =              | FAILING_OVER  | FAILEDOVER   | COMPLETED |      | FAILOVER
        MIRROR   | SYNCHRONIZED   | FRACTURE                |   | =              | FRACTURING    | FRACTURED    | COMPLETED |      | FRACTURE
        MIRROR   | SYNCHRONIZED   | RESET_TO_SYNC           |   | =              | -             | =            | -         |      | SET_MODE
        MIRROR   | SYNCHRONIZED   | RESET_TO_ASYNC          |   | =              | -             | =            | -         |      | SET_MODE
        MIRROR   | SYNCHRONIZED   | RESET_TO_ADAPTIVE       |   | =              | -             | =            | -         |      | SET_MODE
        MIRROR   | SYNCHRONIZED   | REVERSE_ROLES           |   | =              | -             | =            | COMPLETED | swap | SWAP_ROLES
        MIRROR   | SYNCHRONIZED   | SPLIT                   |   | =              | SPLITTING     | SPLIT        | COMPLETED |      | SPLIT
        MIRROR   | SYNCHRONIZED   | SUSPEND                 |   | =              | SUSPENDING    | SUSPENDED    | DORMANT   |      | SUSPEND
        MIRROR   | FRACTURED      | DETACH                  |   | =              | DETACHING     | REMOVED      | -         |      | REMOVE_PAIR
        MIRROR   | FRACTURED      | DISSOLVE                |   | =              | TERMINATING   | REMOVED      | -         |      | REMOVE_PAIR
        MIRROR   | FRACTURED      | FAILOVER                |   | =              | FAILING_OVER  | FAILEDOVER   | COMPLETED |      | FAILOVER
        MIRROR   | FRACTURED      | RESYNC                  |   | UNSYNCHRONIZED | RESYNCING     | SYNCHRONIZED | COMPLETED |      | RESYNC
        MIRROR   | FRACTURED      | RESTORE                 |   | UNSYNCHRONIZED | RESTORING     | SYNCHRONIZED | COMPLETED |      | RESTORE
        MIRROR   | FRACTURED      | RESET_TO_SYNC           |   | =              | -             | =            | -         |      | SET_MODE
        MIRROR   | FRACTURED      | RESET_TO_ASYNC          |   | =              | -             | =            | -         |      | SET_MODE
        MIRROR   | FRACTURED      | RESET_TO_ADAPTIVE       |   | =              | -             | =            | -         |      | SET_MODE
        MIRROR   | FRACTURED      | REVERSE_ROLES           |   | =              | -             | =            | COMPLETED | swap | SWAP_ROLES
        MIRROR   | FRACTURED      | UNPREPARE               |   | =              | PREPARING     | PREPARED     | COMPLETED |      | PREPARE
        MIRROR   | FRACTURED      | PREPARE                 |   | =              | PREPARING     | PREPARED     | COMPLETED |      | PREPARE
        MIRROR   | SPLIT          | DETACH                  |   | =              | DETACHING     | REMOVED      | -         |      | REMOVE_PAIR
        MIRROR   | SPLIT          | DISSOLVE                |   | =              | TERMINATING   | REMOVED      | -         |      | REMOVE_PAIR
        MIRROR   | SPLIT          | FAILOVER                |   | =              | FAILING_OVER  | FAILEDOVER   | COMPLETED |      | FAILOVER
        MIRROR   | SPLIT          | RESYNC                  |   | UNSYNCHRONIZED | RESYNCING     | SYNCHRONIZED | COMPLETED |      | RESYNC
        MIRROR   | SPLIT          | RESTORE                 |   | UNSYNCHRONIZED | RESTORING     | SYNCHRONIZED | COMPLETED |      | RESTORE
        MIRROR   | SPLIT          | RESET_TO_SYNC           |   | =              | -             | =            | -         |      | SET_MODE
        MIRROR   | SPLIT          | RESET_TO_ASYNC          |   | =              | -             | =            | -         |      | SET_MODE
        MIRROR   | SPLIT          | RESET_TO_ADAPTIVE       |   | =              | -             | =            | -         |      | SET_MODE
        MIRROR   | SPLIT          | REVERSE_ROLES           |   | =              | -             | =            | COMPLETED | swap | SWAP_ROLES
        MIRROR   | SPLIT          | UNPREPARE               |   | =              | PREPARING     | PREPARED     | COMPLETED |      | PREPARE
        MIRROR   | SPLIT          | PREPARE                 |   | =              | PREPARING     | PREPARED     | COMPLETED |      | PREPARE
        MIRROR   | INACTIVE       | ACTIVATE                |   | UNSYNCHRONIZED | SYNCHRONIZING | SYNCHRONIZED | COMPLETED |      | START_COPY
        MIRROR   | INACTIVE       | DETACH                  |   | =              | DETACHING     | REMOVED      | -         |      | REMOVE_PAIR
        MIRROR   | INACTIVE       | DISSOLVE                |   | =              | TERMINATING   | REMOVED      | -         |      | REMOVE_PAIR
        MIRROR   | INACTIVE       | RESET_TO_SYNC           |   | =              | -             | =            | -         |      | SET_MODE
        MIRROR   | INACTIVE       | RESET_TO_ASYNC          |   | =              | -             | =            | -         |      | SET_MODE
        MIRROR   | INACTIVE       | RESET_TO_ADAPTIVE       |   | =              | -             | =            | -         |      | SET_MODE
        MIRROR   | SUSPENDED      | ABORT                   |   | =              | ABORTING      | ABORTED      | COMPLETED |      | CANCEL_COPY
        MIRROR   | SUSPENDED      | DETACH                  |   | =              | DETACHING     | REMOVED      | -         |      | REMOVE_PAIR
        MIRROR   | SUSPENDED      | DISSOLVE                |   | =              | TERMINATING   | REMOVED      | -         |      | REMOVE_PAIR
        MIRROR   | SUSPENDED      | FAILOVER                |   | =              | FAILING_OVER  | FAILEDOVER   | COMPLETED |      | FAILOVER
        MIRROR   | SUSPENDED      | FRACTURE                |   | =              | FRACTURING    | FRACTURED    | COMPLETED |      | FRACTURE
        MIRROR   | SUSPENDED      | RESUME                  |   | UNSYNCHRONIZED | SYNCHRONIZING | SYNCHRONIZED | COMPLETED |      | RESUME
        MIRROR   | SUSPENDED      | RESET_TO_SYNC           |   | =              | -             | =            | -         |      | SET_MODE
        MIRROR   | SUSPENDED      | RESET_TO_ASYNC          |   | =              | -             | =            | -         |      | SET_MODE
        MIRROR   | SUSPENDED      | RESET_TO_ADAPTIVE       |   | =              | -             | =            | -         |      | SET_MODE
        MIRROR   | SUSPENDED      | REVERSE_ROLES           |   | =              | -             | =            | DORMANT   | swap | SWAP_ROLES
        MIRROR   | FAILEDOVER     | DETACH                  |   | =              | DETACHING     | REMOVED      | -         |      | REMOVE_PAIR
        MIRROR   | FAILEDOVER     | FAILBACK                |   | UNSYNCHRONIZED | FAILING_BACK  | SYNCHRONIZED | COMPLETED |      | FAILBACK
        MIRROR   | PREPARED       | ACTIVATE                |   | UNSYNCHRONIZED | SYNCHRONIZING | SYNCHRONIZED | COMPLETED |      | START_COPY
        MIRROR   | PREPARED       | DETACH                  |   | =              | DETACHING     | REMOVED      | -         |      | REMOVE_PAIR
        MIRROR   | PREPARED       | DISSOLVE                |   | =              | TERMINATING   | REMOVED      | -         |      | REMOVE_PAIR
        MIRROR   | PREPARED       | RESET_TO_SYNC           |   | =              | -             | =            | -         |      | SET_MODE
        MIRROR   | PREPARED       | RESET_TO_ASYNC          |   | =              | -             | =            | -         |      | SET_MODE
        MIRROR   | PREPARED       | RESET_TO_ADAPTIVE       |   | =              | -             | =            | -         |      | SET_MODE
        MIRROR   | ABORTED        | DETACH                  |   | =              | DETACHING     | REMOVED      | -         |      | REMOVE_PAIR
        MIRROR   | ABORTED        | DISSOLVE                |   | =              | TERMINATING   | REMOVED      | -         |      | REMOVE_PAIR
        MIRROR   | ABORTED        | RESYNC                  |   | UNSYNCHRONIZED | RESYNCING     | SYNCHRONIZED | COMPLETED |      | RESYNC
        MIRROR   | ABORTED        | UNPREPARE               |   | =              | PREPARING     | PREPARED     | COMPLETED |      | PREPARE
        MIRROR   | ABORTED        | PREPARE                 |   | =              | PREPARING     | PREPARED     | COMPLETED |      | PREPARE
        MIRROR   | BROKEN         | DETACH                  |   | =              | DETACHING     | REMOVED      | -         |      | REMOVE_PAIR
        MIRROR   | BROKEN         | DISSOLVE                |   | =              | TERMINATING   | REMOVED      | -         |      | REMOVE_PAIR
        MIRROR   | BROKEN         | FAILOVER                |   | =              | FAILING_OVER  | FAILEDOVER   | COMPLETED |      | FAILOVER
        MIRROR   | BROKEN         | RESYNC                  |   | UNSYNCHRONIZED | RESYNCING     | SYNCHRONIZED | COMPLETED |      | RESYNC
        MIRROR   | BROKEN         | UNPREPARE               |   | =              | PREPARING     | PREPARED     | COMPLETED |      | PREPARE
        MIRROR   | BROKEN         | PREPARE                 |   | =              | PREPARING     | PREPARED     | COMPLETED |      | PREPARE
        MIRROR   | SKEWED         | DETACH                  |   | =              | DETACHING     | REMOVED      | -         |      | REMOVE_PAIR
        MIRROR   | SKEWED         | DISSOLVE                |   | =              | TERMINATING   | REMOVED      | -         |      | REMOVE_PAIR
        MIRROR   | SKEWED         | RESYNC                  |   | UNSYNCHRONIZED | RESYNCING     | SYNCHRONIZED | COMPLETED |      | RESYNC
        MIRROR   | PARTITIONED    | DETACH                  | F | =              | DETACHING     | REMOVED      | -         |      | REMOVE_PAIR
        MIRROR   | PARTITIONED    | DISSOLVE                | F | =              | TERMINATING   | REMOVED      | -         |      | REMOVE_PAIR
        MIRROR   | INVALID        | DETACH                  | F | =              | DETACHING     | REMOVED      | -         |      | REMOVE_PAIR
        MIRROR   | INVALID        | DISSOLVE                | F | =              | TERMINATING   | REMOVED      | -         |      | REMOVE_PAIR
        # 7 Snapshot
        SNAPSHOT | INITIALIZED    | DETACH                  |   | =              | DETACHING     | REMOVED      | -         |      | REMOVE_PAIR
        SNAPSHOT | INITIALIZED    | RETURN_TO_RESOURCE_POOL |   | =              | TERMINATING   | REMOVED      | -         |      | REMOVE_PAIR_AND_TARGET
        SNAPSHOT | SYNCHRONIZED   | DEACTIVATE              |   | =              | -             | INACTIVE     | DORMANT   |      | STOP_DATA_FLOW
        SNAPSHOT | SYNCHRONIZED   | DETACH                  |   | =              | DETACHING     | REMOVED      | -         |      | REMOVE_PAIR
        SNAPSHOT | SYNCHRONIZED   | DISSOLVE                |   | =              | TERMINATING   | REMOVED      | -         |      | REMOVE_PAIR
        SNAPSHOT | SYNCHRONIZED   | RESYNC                  |   | =              | RESYNCING     | SYNCHRONIZED | COMPLETED |      | TAKE_POINT_IN_TIME
        SNAPSHOT | SYNCHRONIZED   | RESTORE                 |   | =              | RESTORING     | SYNCHRONIZED | COMPLETED |      | RESTORE
        SNAPSHOT | SYNCHRONIZED   | RETURN_TO_RESOURCE_POOL |   | =              | TERMINATING   | REMOVED      | -         |      | REMOVE_PAIR_AND_TARGET
        SNAPSHOT | INACTIVE       | ACTIVATE                |   | =              | INITIALIZING  | SYNCHRONIZED | COMPLETED |      | TAKE_POINT_IN_TIME
        SNAPSHOT | INACTIVE       | DETACH                  |   | =              | DETACHING     | REMOVED      | -         |      | REMOVE_PAIR
        SNAPSHOT | INACTIVE       | DISSOLVE                |   | =              | TERMINATING   | REMOVED      | -         |      | REMOVE_PAIR
        SNAPSHOT | INACTIVE       | RETURN_TO_RESOURCE_POOL |   | =              | TERMINATING   | REMOVED      | -         |      | REMOVE_PAIR_AND_TARGET
        SNAPSHOT | SKEWED         | DEACTIVATE              |   | =              | -             | INACTIVE     | DORMANT   |      | STOP_DATA_FLOW
        SNAPSHOT | SKEWED         | DETACH                  |   | =              | DETACHING     | REMOVED      | -         |      | REMOVE_PAIR
        SNAPSHOT | SKEWED         | DISSOLVE                |   | =              | TERMINATING   | REMOVED      | -         |      | REMOVE_PAIR
        SNAPSHOT | SKEWED         | RESYNC                  |   | =              | RESYNCING     | SYNCHRONIZED | COMPLETED |      | TAKE_POINT_IN_TIME
        SNAPSHOT | SKEWED         | RESTORE                 |   | =              | RESTORING     | SYNCHRONIZED | COMPLETED |      | RESTORE
        SNAPSHOT | SKEWED         | RETURN_TO_RESOURCE_POOL |   | =              | TERMINATING   | REMOVED      | -         |      | REMOVE_PAIR_AND_TARGET
        SNAPSHOT | BROKEN         | DETACH                  |   | =              | DETACHING     | REMOVED      | -         |      | REMOVE_PAIR
        SNAPSHOT | BROKEN         | DISSOLVE                |   | =              | TERMINATING   | REMOVED      | -         |      | REMOVE_PAIR
        SNAPSHOT | BROKEN         | RESYNC                  |   | =              | RESYNCING     | SYNCHRONIZED | COMPLETED |      | TAKE_POINT_IN_TIME
        SNAPSHOT | BROKEN         | RETURN_TO_RESOURCE_POOL |   | =              | TERMINATING   | REMOVED      | -         |      | REMOVE_PAIR_AND_TARGET
        # 8 Clone
        CLONE    | INITIALIZED    | ABORT                   |   | =              | ABORTING      | ABORTED      | COMPLETED |      | CANCEL_COPY
        CLONE    | INITIALIZED    | DETACH                  | F | =              | DETACHING     | REMOVED      | -         |      | REMOVE_PAIR
        CLONE    | INITIALIZED    | DISSOLVE                | F | =              | TERMINATING   | REMOVED      | -         |      | REMOVE_PAIR
        CLONE    | UNSYNCHRONIZED | ABORT                   |   | =              | ABORTING      | ABORTED      | COMPLETED |      | CANCEL_COPY
        CLONE    | UNSYNCHRONIZED | DETACH                  | F | =              | DETACHING     | REMOVED      | -         |      | REMOVE_PAIR
        CLONE    | UNSYNCHRONIZED | DISSOLVE                | F | =              | TERMINATING   | REMOVED      | -         |      | REMOVE_PAIR
        CLONE    | UNSYNCHRONIZED | SUSPEND                 |   | =              | SUSPENDING    | SUSPENDED    | DORMANT   |      | SUSPEND
        CLONE    | SYNCHRONIZED   | DETACH                  |   | =              | DETACHING     | REMOVED      | -         |      | REMOVE_PAIR
        CLONE    | SYNCHRONIZED   | DISSOLVE                |   | =              | TERMINATING   | REMOVED      | -         |      | REMOVE_PAIR
        CLONE    | SYNCHRONIZED   | RESYNC                  |   | UNSYNCHRONIZED | RESYNCING     | SYNCHRONIZED | COMPLETED |      | RESYNC
        CLONE    | SYNCHRONIZED   | RESTORE                 |   | =              | RESTORING     | SYNCHRONIZED | COMPLETED |      | RESTORE
        CLONE    | INACTIVE       | ACTIVATE                |   | UNSYNCHRONIZED | SYNCHRONIZING | SYNCHRONIZED | COMPLETED |      | START_COPY
        CLONE    | INACTIVE       | DETACH                  |   | =              | DETACHING     | REMOVED      | -         |      | REMOVE_PAIR
        CLONE    | INACTIVE       | DISSOLVE                |   | =              | TERMINATING   | REMOVED      | -         |      | REMOVE_PAIR
        CLONE    | SUSPENDED      | ABORT                   |   | =              | ABORTING      | ABORTED      | COMPLETED |      | CANCEL_COPY
        CLONE    | SUSPENDED      | DETACH                  | F | =              | DETACHING     | REMOVED      | -         |      | REMOVE_PAIR
        CLONE    | SUSPENDED      | DISSOLVE                | F | =              | TERMINATING   | REMOVED      | -         |      | REMOVE_PAIR
        CLONE    | SUSPENDED      | RESUME                  |   | UNSYNCHRONIZED | SYNCHRONIZING | SYNCHRONIZED | COMPLETED |      | RESUME
        CLONE    | ABORTED        | DETACH                  | F | =              | DETACHING     | REMOVED      | -         |      | REMOVE_PAIR
        CLONE    | ABORTED        | DISSOLVE                | F | =              | TERMINATING   | REMOVED      | -         |      | REMOVE_PAIR
        CLONE    | ABORTED        | RESYNC                  |   | UNSYNCHRONIZED | RESYNCING     | SYNCHRONIZED | COMPLETED |      | RESYNC
        CLONE    | BROKEN         | DETACH                  | F | =              | DETACHING     | REMOVED      | -         |      | REMOVE_PAIR
        CLONE    | BROKEN         | DISSOLVE                | F | =              | TERMINATING   | REMOVED      | -         |      | REMOVE_PAIR
        CLONE    | BROKEN         | RESYNC                  |   | UNSYNCHRONIZED | RESYNCING     | SYNCHRONIZED | COMPLETED |      | RESYNC
        CLONE    | SKEWED         | DETACH                  |   | =              | DETACHING     | REMOVED      | -         |      | REMOVE_PAIR
        CLONE    | SKEWED         | DISSOLVE                |   | =              | TERMINATING   | REMOVED      | -         |      | REMOVE_PAIR
        CLONE    | SKEWED         | RESYNC                  |   | UNSYNCHRONIZED | RESYNCING     | SYNCHRONIZED | COMPLETED |      | RESYNC
        CLONE    | SKEWED         | RESTORE                 |   | =              | RESTORING     | SYNCHRONIZED | COMPLETED |      | RESTORE
        """;

    /**
     * The group-only operations of §4.5.5 (3, 5, 6, 13), performed on the group relationship itself; "*" in the
     * from column stands for every CopyState, Mixed included (features 45–48, which would restrict AddSyncPair and
     * RemoveSyncPair to some states, are not advertised). Every other operation on a group is the element row of
     * each member.
     */
    private static final String GROUP_TABLE = """
        MIRROR   | *              | ACTIVATE_CONSISTENCY    |   | =              | -             | =            | -         |      | SET_CONSISTENCY
        MIRROR   | *              | DEACTIVATE_CONSISTENCY  |   | =              | -             | =            | -         |      | SET_CONSISTENCY
        MIRROR   | *              | ADD_SYNC_PAIR           |   | =              | -             | =            | -         |      | CHANGE_MEMBERSHIP
        MIRROR   | *              | REMOVE_SYNC_PAIR        |   | =              | -             | =            | -         |      | CHANGE_MEMBERSHIP
        SNAPSHOT | *              | ACTIVATE_CONSISTENCY    |   | =              | -             | =            | -         |      | SET_CONSISTENCY
        SNAPSHOT | *              | DEACTIVATE_CONSISTENCY  |   | =              | -             | =            | -         |      | SET_CONSISTENCY
        SNAPSHOT | *              | ADD_SYNC_PAIR           |   | =              | -             | =            | -         |      | CHANGE_MEMBERSHIP
        SNAPSHOT | *              | REMOVE_SYNC_PAIR        |   | =              | -             | =            | -         |      | CHANGE_MEMBERSHIP
        CLONE    | *              | ACTIVATE_CONSISTENCY    |   | =              | -             | =            | -         |      | SET_CONSISTENCY
        CLONE    | *              | DEACTIVATE_CONSISTENCY  |   | =              | -             | =            | -         |      | SET_CONSISTENCY
        CLONE    | *              | ADD_SYNC_PAIR           |   | =              | -             | =            | -         |      | CHANGE_MEMBERSHIP
        CLONE    | *              | REMOVE_SYNC_PAIR        |   | =              | -             | =            | -         |      | CHANGE_MEMBERSHIP
        """;

    private record CellKey(SyncType type, CopyState from, SyncOperation operation) { }

    private static final CopyStateMachine STANDARD = new CopyStateMachine(parse(TABLE));
    private static final CopyStateMachine GROUP = new CopyStateMachine(parse(GROUP_TABLE));

    private final Map<CellKey, Transition> cells;
    private final List<Transition> rows;

    private CopyStateMachine(List<Transition> rows) {
        Map<CellKey, Transition> m = new LinkedHashMap<>();
        for (Transition t : rows) {
            if (m.put(new CellKey(t.syncType(), t.from(), t.operation()), t) != null) {
                throw new IllegalStateException("cell listed twice: " + t);
            }
        }
        this.cells = m;
        this.rows = List.copyOf(rows);
    }

    /** The machine of replication-services.md §12.2. */
    public static CopyStateMachine standard() {
        return STANDARD;
    }

    /** The group-only operations of §4.5.5 as rows (see {@code GROUP_TABLE}). */
    public static CopyStateMachine groupStandard() {
        return GROUP;
    }

    /** A machine restricted to what a backend can do: rows whose action it cannot perform are dropped. */
    public CopyStateMachine restrictedTo(Set<SyncType> types, Set<BackendAction> actions) {
        List<Transition> kept = new ArrayList<>();
        for (Transition t : rows) {
            if (types.contains(t.syncType()) && actions.contains(t.action())) {
                kept.add(t);
            }
        }
        return new CopyStateMachine(kept);
    }

    /** The cell for this combination, or null when the operation is not valid there. */
    public Transition transition(SyncType type, CopyState from, SyncOperation operation) {
        return cells.get(new CellKey(type, from, operation));
    }

    public List<Transition> rows() {
        return rows;
    }

    /** Operations valid in at least one state of the SyncType (GetSupportedOperations). */
    public Set<SyncOperation> operations(SyncType type) {
        Set<SyncOperation> ops = EnumSet.noneOf(SyncOperation.class);
        for (Transition t : rows) {
            if (t.syncType() == type) {
                ops.add(t.operation());
            }
        }
        return ops;
    }

    /** States in which the operation is accepted for the SyncType (GetSupportedCopyStates). */
    public Set<CopyState> statesAccepting(SyncType type, SyncOperation operation) {
        Set<CopyState> states = EnumSet.noneOf(CopyState.class);
        for (Transition t : rows) {
            if (t.syncType() == type && t.operation() == operation) {
                states.add(t.from());
            }
        }
        return states;
    }

    /** Every state a relationship of the SyncType can be in. */
    public Set<CopyState> states(SyncType type) {
        Set<CopyState> states = EnumSet.noneOf(CopyState.class);
        for (Transition t : rows) {
            if (t.syncType() == type) {
                states.add(t.from());
                if (t.to() != null) {
                    states.add(t.to());
                }
            }
        }
        return states;
    }

    /** Whether the operation needs Force in every state where it is valid (GetSupportedOperations.RequiresForce). */
    public boolean requiresForce(SyncType type, SyncOperation operation) {
        boolean any = false;
        for (Transition t : rows) {
            if (t.syncType() == type && t.operation() == operation) {
                any = true;
                if (!t.forceRequired()) {
                    return false;
                }
            }
        }
        return any;
    }

    /** Per SyncType, the operations whose rows swap roles (GetSupportedOperations.UpdatesSynchronizedPath). */
    public Map<SyncType, Set<SyncOperation>> rolesSwapping() {
        Map<SyncType, Set<SyncOperation>> m = new EnumMap<>(SyncType.class);
        for (Transition t : rows) {
            if (t.swapsRoles()) {
                m.computeIfAbsent(t.syncType(), k -> EnumSet.noneOf(SyncOperation.class)).add(t.operation());
            }
        }
        return Collections.unmodifiableMap(m);
    }

    // ---- the table reader ------------------------------------------------------------------------

    static List<Transition> parse(String table) {
        List<Transition> out = new ArrayList<>();
        int lineNo = 0;
        for (String line : table.split("\n")) {
            lineNo++;
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            String[] c = l.split("\\|", -1);
            if (c.length != 10) {
                throw new IllegalStateException("transition table line " + lineNo + " has " + c.length + " columns");
            }
            for (int i = 0; i < c.length; i++) {
                c[i] = c[i].strip();
            }
            SyncType type = SyncType.valueOf(c[0]);
            if (c[1].equals("*")) {
                for (CopyState any : CopyState.values()) {
                    c[1] = any.name();
                    out.addAll(parse(String.join("|", c)));
                }
                continue;
            }
            CopyState from = CopyState.valueOf(c[1]);
            SyncOperation op = SyncOperation.valueOf(c[2]);
            boolean force = c[3].equals("F");
            CopyState during = c[4].equals("=") ? from : CopyState.valueOf(c[4]);
            ProgressStatus duringStatus = c[5].equals("-") ? null : ProgressStatus.valueOf(c[5]);
            CopyState to = c[6].equals("REMOVED") ? null : c[6].equals("=") ? from : CopyState.valueOf(c[6]);
            ProgressStatus toStatus = c[7].equals("-") ? null : ProgressStatus.valueOf(c[7]);
            boolean swap = c[8].equals("swap");
            BackendAction action = BackendAction.valueOf(c[9]);
            out.add(new Transition(type, from, op, force, during, duringStatus, to, toStatus, swap, action));
        }
        return out;
    }
}
