package org.replicacim.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.replicacim.it.ReplicationFixture.outInts;
import static org.replicacim.it.ReplicationFixture.outRef;
import static org.replicacim.it.ReplicationFixture.prop;
import static org.replicacim.it.ReplicationFixture.rc;
import static org.replicacim.it.ReplicationFixture.u16;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.replicacim.cim.CimInstance;
import org.replicacim.cim.ObjectPath;
import org.replicacim.message.MethodResult;
import org.replicacim.replication.CopyState;
import org.replicacim.replication.CopyStateMachine;
import org.replicacim.replication.SyncOperation;
import org.replicacim.replication.SyncType;
import org.replicacim.replication.Transition;
import org.replicacim.storage.VolumeId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The table walk of CopyStateCellsIT for CIM_GroupSynchronized, over HTTP against the real server: for every group
 * CopyState a group relationship of two member pairs can be brought into over the API (group operations only), every
 * operation 2–25 is sent to the GroupSynchronized. An element operation valid in the members' state must bring the
 * group (every member) to the cell's final state, data checked per member; an invalid one must answer the §4.9 code
 * (1 not offered for the type, 5 not valid in the state or missing Force), change no member and leave no job. The
 * group-only operations (3, 5, 6, 13) follow the group rows (valid in every state). A Mixed group (members in
 * different states) accepts an operation only if every member's cell does, and GetSupportedGroupOperations agrees
 * with all of it.
 */
class GroupCellsIT {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCellsIT.class);
    private static final long SIZE = 1L << 20;
    private static final int MEMBERS = 2;
    private static final CopyStateMachine TABLE = CopyStateMachine.standard();
    private static final Duration SETTLE = Duration.ofSeconds(30);

    @RegisterExtension
    static final RunningServer SERVER = new RunningServer();

    private static ReplicationFixture fx;
    private static GroupFixture gx;
    private static int counter;

    @BeforeAll
    static void setUp() throws Exception {
        fx = new ReplicationFixture(SERVER);
        gx = new GroupFixture(fx);
    }

    @AfterAll
    static void tearDown() {
    }

    /** The group states reachable over the API without a long copy (a group Unsynchronized needs both members
     * mid-copy at once; CopyStateCellsIT walks that row for pairs). */
    static Stream<Arguments> cells() {
        List<Arguments> out = new ArrayList<>();
        for (CopyState s : List.of(CopyState.SYNCHRONIZED, CopyState.FRACTURED, CopyState.SPLIT, CopyState.INACTIVE,
                CopyState.SUSPENDED, CopyState.FAILEDOVER, CopyState.PREPARED, CopyState.ABORTED)) {
            out.add(Arguments.of(SyncType.MIRROR, s));
        }
        out.add(Arguments.of(SyncType.SNAPSHOT, CopyState.SYNCHRONIZED));
        out.add(Arguments.of(SyncType.SNAPSHOT, CopyState.INACTIVE));
        out.add(Arguments.of(SyncType.CLONE, CopyState.SYNCHRONIZED));
        out.add(Arguments.of(SyncType.CLONE, CopyState.INACTIVE));
        return out.stream();
    }

    private static int replicationType(SyncType t) {
        return switch (t) {
            case MIRROR -> 2;
            case SNAPSHOT -> 7;
            default -> 11;
        };
    }

    /** A group relationship made for a cell, with its source volumes. */
    private record Made(ObjectPath sync, ObjectPath sourceGroup, List<VolumeId> sources) {
    }

    @ParameterizedTest(name = "group {0} from {1}")
    @MethodSource("cells")
    void everyOperationFromThisGroupState(SyncType type, CopyState state) throws Exception {
        int rtype = replicationType(type);
        Set<Integer> offered = Set.copyOf(outInts(fx.capabilities("GetSupportedGroupOperations",
                u16("ReplicationType", rtype)), "SupportedGroupOperations"));
        List<Integer> acceptedHere = outInts(fx.capabilities("GetSupportedGroupOperations",
                u16("ReplicationType", rtype), u16("CopyState", state.value())), "SupportedGroupOperations");
        Set<Integer> elementOffered = Set.copyOf(outInts(fx.capabilities("GetSupportedOperations",
                u16("ReplicationType", rtype)), "SupportedOperations"));
        Set<Integer> expectedHere = new TreeSet<>();
        for (SyncOperation op : SyncOperation.values()) {
            boolean valid = op.groupOnly() || TABLE.transition(type, state, op) != null;
            if (valid && (op.groupOnly() || elementOffered.contains(op.value()))) {
                expectedHere.add(op.value());
            }
        }
        assertEquals(expectedHere, new TreeSet<>(acceptedHere), "GetSupportedGroupOperations(" + rtype + ", "
                + state + ")");
        for (SyncOperation op : SyncOperation.values()) {
            assertEquals(op.groupOnly() || elementOffered.contains(op.value()), offered.contains(op.value()),
                    "group operation " + op + " offered exactly when the element operation is (or group-only)");
        }
        int invalid = walkInvalid(type, state, offered);
        int valid = 0;
        for (SyncOperation op : SyncOperation.values()) {
            Transition t = TABLE.transition(type, state, op);
            if (t != null && offered.contains(op.value())) {
                walkValid(type, state, t);
                valid++;
            }
        }
        // The group-only rows hold in every state: the four are walked on one group, in an order that keeps it.
        Made g = make(type, state);
        for (SyncOperation op : List.of(SyncOperation.ACTIVATE_CONSISTENCY, SyncOperation.DEACTIVATE_CONSISTENCY,
                SyncOperation.ADD_SYNC_PAIR, SyncOperation.REMOVE_SYNC_PAIR)) {
            walkGroupOnly(type, state, op, g);
            valid++;
        }
        discard(g);
        LOG.info("group {} from {}: {} valid and {} invalid cells checked", type, state, valid, invalid);
    }

    // ---------------------------------------------------------------- invalid cells

    private int walkInvalid(SyncType type, CopyState state, Set<Integer> offered) throws Exception {
        Made g = make(type, state);
        int n = 0;
        for (int value = 2; value <= 25; value++) {
            SyncOperation op = SyncOperation.of(value);
            if (op.groupOnly()) {
                continue;
            }
            Transition t = TABLE.transition(type, state, op);
            int expected;
            if (!offered.contains(value)) {
                expected = 1;
            } else if (t == null || t.forceRequired()) {
                expected = 5;
            } else {
                continue;
            }
            String cell = "group " + type + " " + state + " " + op;
            List<CimInstance> before = memberStates(g.sync);
            int jobs = fx.jobCount();
            MethodResult r = gx.modify(g.sync, value, null, null);
            assertEquals(expected, rc(r), cell + " return code");
            assertNull(outRef(r, "Job"), cell + " must not start a job");
            List<CimInstance> after = memberStates(g.sync);
            assertEquals(before.size(), after.size(), cell + " changed the members");
            for (int i = 0; i < before.size(); i++) {
                for (String p : List.of("CopyState", "RequestedCopyState", "ProgressStatus", "Mode")) {
                    assertEquals(prop(before.get(i), p), prop(after.get(i), p),
                            cell + " changed member " + i + " " + p);
                }
            }
            assertEquals(jobs, fx.jobCount(), cell + " left a job");
            n++;
        }
        discard(g);
        return n;
    }

    // ---------------------------------------------------------------- valid cells

    private void walkValid(SyncType type, CopyState state, Transition t) throws Exception {
        String cell = "group " + type + " " + state + " " + t.operation();
        Made g = make(type, state);
        SyncOperation op = t.operation();
        List<CimInstance> members = memberStates(g.sync);
        switch (op) {
            case RESYNC, ACTIVATE, RESUME, RESTORE -> {
                for (VolumeId s : g.sources) {
                    fx.fill(s, 256 << 10, 256 << 10, 0x21 + counter);
                }
            }
            default -> { }
        }
        boolean waitInCall = counter++ % 2 == 0;
        Integer wait = waitInCall ? (t.removesRelationship() ? 15 : t.to().value()) : null;
        MethodResult r = gx.modify(g.sync, op.value(), t.forceRequired() ? Boolean.TRUE : null, wait);
        int code = rc(r);
        assertTrue(code == 0 || code == 4096, cell + " returned " + code);
        if (waitInCall) {
            assertEquals(0, code, cell + " with WaitForCopyState returns when every member reached it");
        }
        if (code == 4096) {
            CimInstance job = gx.awaitJob(outRef(r, "Job"), SETTLE);
            assertEquals(7, prop(job, "JobState"), cell + " job completed: " + job);
        }
        ObjectPath path = g.sync;
        if (t.swapsRoles()) {
            path = outRef(r, "UpdatedSynchronization");
            assertNotNull(path, cell + " returns UpdatedSynchronization");
            assertNull(gx.get(g.sync), cell + ": the old path is gone");
        }
        CimInstance after = gx.settle(path, SETTLE);
        if (t.removesRelationship()) {
            assertNull(after, cell + " removes the group relationship");
            for (CimInstance m : members) {
                assertNull(fx.sync(m.path()), cell + " removes member " + m.path());
                VolumeId target = ReplicationFixture.target(m.path());
                assertEquals(op != SyncOperation.RETURN_TO_RESOURCE_POOL, fx.exists(target), cell + " target kept");
            }
        } else {
            assertNotNull(after, cell + " keeps the group relationship");
            if (t.to() == state && t.duringStatus() == null && t.action().name().equals("SET_MODE")) {
                assertEquals(state.value(), prop(after, "CopyState"), cell + " CopyState unchanged");
            } else {
                assertEquals(t.to().value(), prop(after, "CopyState"), cell + " group CopyState");
            }
            assertEquals(15, prop(after, "RequestedCopyState"), cell + " RequestedCopyState back to 15");
            List<CimInstance> now = memberStates(path);
            assertEquals(MEMBERS, now.size(), cell + " members kept");
            for (CimInstance m : now) {
                assertEquals(t.to().value(), prop(m, "CopyState"), cell + " member CopyState");
                if (t.to() == CopyState.SYNCHRONIZED) {
                    assertEquals(fx.sha(ReplicationFixture.source(m.path())), fx.sha(ReplicationFixture.target(
                            m.path())), cell + ": member target equals its source");
                }
            }
        }
        discard(g);
    }

    /** The group-only operations: consistency toggles, and moving a pair in and out with SyncPair[]. */
    private void walkGroupOnly(SyncType type, CopyState state, SyncOperation op, Made g) throws Exception {
        String cell = "group " + type + " " + state + " " + op;
        List<CimInstance> before = memberStates(g.sync);
        switch (op) {
            case ACTIVATE_CONSISTENCY, DEACTIVATE_CONSISTENCY -> {
                assertEquals(0, rc(gx.modify(g.sync, op.value(), null, null)), cell);
                CimInstance after = gx.get(g.sync);
                boolean on = op == SyncOperation.ACTIVATE_CONSISTENCY;
                assertEquals(on, after.value("ConsistencyEnabled").asBoolean(), cell + " ConsistencyEnabled");
                assertEquals(on ? 2 : 4, prop(after, "ConsistencyStatus"), cell + " ConsistencyStatus");
                // The same toggle again is no error and no change.
                assertEquals(0, rc(gx.modify(g.sync, op.value(), null, null)), cell + " again");
                if (on) {
                    // A single member of a consistent group needs Force (§4.8).
                    ObjectPath member = before.get(0).path();
                    assertEquals(5, rc(fx.modify(member, SyncOperation.DETACH.value(), null, null)),
                            cell + ": a member alone needs Force");
                }
            }
            case ADD_SYNC_PAIR -> {
                assertEquals(5, rc(gx.modify(g.sync, op.value(), null, null)), cell + " without SyncPair[]");
                VolumeId extra = fx.volume("extra-" + counter++, SIZE, 0x11);
                MethodResult made = fx.create(type.value(), type == SyncType.MIRROR ? 2 : null, extra, 4);
                assertEquals(0, rc(made), cell + " extra pair");
                ObjectPath pair = outRef(made, "Synchronization");
                assertEquals(0, rc(gx.modify(g.sync, op.value(), null, null,
                        GroupFixture.refs("SyncPair", List.of(pair)))), cell);
                assertEquals(before.size() + 1, memberStates(g.sync).size(), cell + " member added");
                assertTrue(gx.members(g.sourceGroup).contains(extra), cell + " source added to the source group");
                assertEquals(6, rc(gx.modify(g.sync, op.value(), null, null,
                        GroupFixture.refs("SyncPair", List.of(pair)))), cell + " twice: In Use");
            }
            case REMOVE_SYNC_PAIR -> {
                ObjectPath pair = before.get(0).path();
                assertEquals(0, rc(gx.modify(g.sync, op.value(), null, null,
                        GroupFixture.refs("SyncPair", List.of(pair)))), cell);
                assertEquals(before.size() - 1, memberStates(g.sync).size(), cell + " member removed");
                assertNotNull(fx.sync(pair), cell + ": the pair stays related on its own");
                assertEquals(5, rc(gx.modify(g.sync, op.value(), null, null,
                        GroupFixture.refs("SyncPair", List.of(pair)))), cell + ": not a member any more");
            }
            default -> throw new IllegalStateException(op.toString());
        }
    }

    // ---------------------------------------------------------------- Mixed

    /** A group whose members are in different states: an operation valid for every member applies to all; one
     * valid for some only is refused as a whole (5) with nothing changed. */
    @Test
    void mixedGroupAcceptsOnlyWhatEveryMemberAccepts() throws Exception {
        Made g = make(SyncType.MIRROR, CopyState.SYNCHRONIZED);
        List<CimInstance> members = memberStates(g.sync);
        // One member fractured on its own (the group is not consistent, so no Force is needed).
        assertEquals(0, rc(fx.modify(members.get(0).path(), SyncOperation.FRACTURE.value(), null, null)));
        CimInstance mixed = gx.get(g.sync);
        assertEquals(14, prop(mixed, "CopyState"), "members Fractured and Synchronized: the group is Mixed");
        assertEquals(14, prop(mixed, "ProgressStatus"), "ProgressStatus Mixed too");
        List<Integer> fromMixed = outInts(fx.capabilities("GetSupportedGroupOperations", u16("ReplicationType", 2),
                u16("CopyState", 14)), "SupportedGroupOperations");
        assertEquals(new TreeSet<>(List.of(3, 5, 6, 13)), new TreeSet<>(fromMixed), "from Mixed, the group-only ones");
        // Resync is valid from Fractured but not from Synchronized: refused, naming nothing changed.
        assertEquals(5, rc(gx.modify(g.sync, SyncOperation.RESYNC.value(), null, null)));
        assertEquals(6, prop(fx.sync(members.get(0).path()), "CopyState"));
        assertEquals(4, prop(fx.sync(members.get(1).path()), "CopyState"));
        // Fracture is valid from Synchronized only: refused as well.
        assertEquals(5, rc(gx.modify(g.sync, SyncOperation.FRACTURE.value(), null, null)));
        // Split likewise; Detach is valid from both: the whole group goes.
        MethodResult r = gx.modify(g.sync, SyncOperation.DETACH.value(), null, 15);
        assertEquals(0, rc(r));
        assertNull(gx.get(g.sync));
        discard(g);
    }

    // ---------------------------------------------------------------- getting a group into a state

    /** The member pairs' StorageSynchronized instances (with their paths), in member order. */
    private List<CimInstance> memberStates(ObjectPath groupSync) throws Exception {
        CimInstance g = gx.get(groupSync);
        if (g == null) {
            return List.of();
        }
        ObjectPath source = g.value("SystemElement").asReference();
        ObjectPath target = g.value("SyncedElement").asReference();
        List<VolumeId> sources = gx.members(source);
        List<VolumeId> targets = gx.members(target);
        List<CimInstance> out = new ArrayList<>();
        for (int i = 0; i < Math.min(sources.size(), targets.size()); i++) {
            ObjectPath p = fx.paths.synchronization(fx.paths.volume(sources.get(i)), fx.paths.volume(targets.get(i)));
            CimInstance m = fx.sync(p);
            if (m != null) {
                out.add(m.toBuilder().path(p).build());
            }
        }
        return out;
    }

    private Made make(SyncType type, CopyState state) throws Exception {
        List<VolumeId> sources = new ArrayList<>();
        for (int i = 0; i < MEMBERS; i++) {
            sources.add(fx.volume("g" + counter++ + "-" + i, SIZE, 0x40 + (counter % 64)));
        }
        ObjectPath group = gx.createGroup(null, sources);
        Integer createWait = type == SyncType.CLONE && state == CopyState.INACTIVE ? 8 : 4;
        MethodResult r = gx.createGroupReplica(group, type.value(), type == SyncType.MIRROR ? 2 : null, createWait,
                false);
        assertEquals(0, rc(r), "CreateGroupReplica " + type + " waiting for " + createWait);
        ObjectPath sync = outRef(r, "Synchronization");
        assertNotNull(sync);
        for (int op : steps(type, state)) {
            MethodResult s = gx.modify(sync, op, null, null);
            assertTrue(rc(s) == 0 || rc(s) == 4096, "step " + op + " towards " + state + ": " + rc(s));
            if (rc(s) == 4096) {
                assertEquals(7, prop(gx.awaitJob(outRef(s, "Job"), SETTLE), "JobState"));
            }
            gx.settle(sync, SETTLE);
        }
        CimInstance i = gx.get(sync);
        assertEquals(state.value(), prop(i, "CopyState"), "recipe for group " + type + " " + state);
        assertEquals(MEMBERS, memberStates(sync).size());
        return new Made(sync, group, sources);
    }

    private static List<Integer> steps(SyncType type, CopyState s) {
        int fracture = SyncOperation.FRACTURE.value();
        if (type != SyncType.MIRROR) {
            return type == SyncType.SNAPSHOT && s == CopyState.INACTIVE ? List.of(SyncOperation.DEACTIVATE.value())
                    : List.of();
        }
        return switch (s) {
            case FRACTURED -> List.of(fracture);
            case SPLIT -> List.of(SyncOperation.SPLIT.value());
            case INACTIVE -> List.of(SyncOperation.DEACTIVATE.value());
            case SUSPENDED -> List.of(SyncOperation.SUSPEND.value());
            case FAILEDOVER -> List.of(SyncOperation.FAILOVER.value());
            case PREPARED -> List.of(fracture, SyncOperation.PREPARE.value());
            case ABORTED -> List.of(SyncOperation.SUSPEND.value(), SyncOperation.ABORT.value());
            default -> List.of();
        };
    }

    /** Removes the sources and everything replicated from them, directly on the engine. */
    private void discard(Made g) throws Exception {
        for (VolumeId v : g.sources) {
            fx.discard(v);
        }
    }
}
