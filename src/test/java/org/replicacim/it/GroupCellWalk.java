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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
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
 * The table walk of CopyStateCellsIT for CIM_GroupSynchronized, over HTTP against the real server ({@link
 * GroupCellsIT} for the states a group rests in, {@link GroupCopyingCellsIT} for those it holds while copying): for
 * every group CopyState a group relationship of two member pairs can be brought into over the API (group operations
 * only), every operation 2–25 is sent to the GroupSynchronized. An element operation valid in the members' state must bring the
 * group (every member) to the cell's final state, data checked per member; an invalid one must answer the §4.9 code
 * (1 not offered for the type, 5 not valid in the state or missing Force), change no member and leave no job. The
 * group-only operations (3, 5, 6, 13) follow the group rows (valid in every state). A Mixed group (members in
 * different states) accepts an operation only if every member's cell does, and GetSupportedGroupOperations agrees
 * with all of it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class GroupCellWalk {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCellWalk.class);
    static final int MEMBERS = 2;
    private static final CopyStateMachine TABLE = CopyStateMachine.standard();
    private static final Duration SETTLE = Duration.ofSeconds(60);

    ReplicationFixture fx;
    GroupFixture gx;
    private int counter;

    /** The server the walk runs against. */
    abstract RunningServer server();

    /** Bytes per member volume. */
    abstract long size();

    /** The (SyncType, CopyState) cells this walk covers. */
    abstract Stream<Arguments> cells();

    /** How a group gets into the state: the WaitForCopyState of CreateGroupReplica and the group operations after. */
    record Recipe(int createWait, List<Integer> steps, boolean copying) {
    }

    abstract Recipe recipe(SyncType type, CopyState state);

    @BeforeAll
    void setUp() throws Exception {
        fx = new ReplicationFixture(server());
        gx = new GroupFixture(fx);
    }

    private static int replicationType(SyncType t) {
        return switch (t) {
            case MIRROR -> 2;
            case SNAPSHOT -> 7;
            default -> 11;
        };
    }

    /** A group relationship made for a cell, with its source volumes. */
    record Made(ObjectPath sync, ObjectPath sourceGroup, List<VolumeId> sources) {
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
        // The group-only rows hold in every state: the four are walked on one group, in an order that keeps it. Not
        // while copies run: AddSyncPair needs a further pair, whose copy would wait behind the members' (the file
        // engine's two copy threads stay with a paused copy); GroupCellsIT walks these rows in 12 states.
        if (!recipe(type, state).copying()) {
            Made g = make(type, state);
            try {
                for (SyncOperation op : List.of(SyncOperation.ACTIVATE_CONSISTENCY,
                        SyncOperation.DEACTIVATE_CONSISTENCY, SyncOperation.ADD_SYNC_PAIR,
                        SyncOperation.REMOVE_SYNC_PAIR)) {
                    walkGroupOnly(type, state, op, g);
                    valid++;
                }
            } finally {
                discard(g);
            }
        }
        LOG.info("group {} from {}: {} valid and {} invalid cells checked", type, state, valid, invalid);
    }

    // ---------------------------------------------------------------- invalid cells

    private int walkInvalid(SyncType type, CopyState state, Set<Integer> offered) throws Exception {
        List<Made> made = new ArrayList<>();
        try {
            return walkInvalid(type, state, offered, made);
        } finally {
            for (Made m : made) {
                discard(m);
            }
        }
    }

    private int walkInvalid(SyncType type, CopyState state, Set<Integer> offered, List<Made> made) throws Exception {
        Made g = make(type, state);
        made.add(g);
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
            Made again = ensure(g, type, state);
            if (again != g) {
                made.add(again);
                g = again;
            }
            List<CimInstance> before = memberStates(g.sync);
            int jobs = fx.jobCount();
            MethodResult r = gx.modify(g.sync, value, null, null);
            assertEquals(expected, rc(r), cell + " return code");
            assertNull(outRef(r, "Job"), cell + " must not start a job");
            List<CimInstance> after = memberStates(g.sync);
            assertEquals(before.size(), after.size(), cell + " changed the members");
            for (int i = 0; i < before.size(); i++) {
                if (recipe(type, state).copying() && prop(before.get(i), "CopyState") == 3
                        && prop(after.get(i), "CopyState") == 4 && prop(after.get(i), "ProgressStatus") == 2) {
                    continue; // the member's copy finished meanwhile, as it would have without the refused call
                }
                for (String p : List.of("CopyState", "RequestedCopyState", "ProgressStatus", "Mode")) {
                    assertEquals(prop(before.get(i), p), prop(after.get(i), p),
                            cell + " changed member " + i + " " + p);
                }
            }
            assertEquals(jobs, fx.jobCount(), cell + " left a job");
            n++;
        }
        return n;
    }

    // ---------------------------------------------------------------- valid cells

    private void walkValid(SyncType type, CopyState state, Transition t) throws Exception {
        Made made = make(type, state);
        Made[] held = {made};
        try {
            held[0] = ensure(made, type, state);
            walkValidOn(type, state, t, held[0]);
        } finally {
            discard(made);
            discard(held[0]);
        }
    }

    private void walkValidOn(SyncType type, CopyState state, Transition t, Made g) throws Exception {
        String cell = "group " + type + " " + state + " " + t.operation();
        SyncOperation op = t.operation();
        List<CimInstance> members = memberStates(g.sync);
        boolean copying = recipe(type, state).copying();
        switch (op) {
            case RESYNC, ACTIVATE, RESUME, RESTORE -> {
                if (!copying) {
                    for (VolumeId s : g.sources) {
                        fx.fill(s, 256 << 10, 256 << 10, 0x21 + counter);
                    }
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
                // Reset To …: nothing changes; a copy already running goes on to Synchronized meanwhile.
                assertTrue(prop(after, "CopyState") == state.value() || (copying && prop(after, "CopyState") == 4),
                        cell + " CopyState unchanged");
                return;
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
                VolumeId extra = fx.volume("extra-" + counter++, 256 << 10, 0x11);
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

    // ---------------------------------------------------------------- getting a group into a state

    /** The member pairs' StorageSynchronized instances (with their paths), in member order. */
    List<CimInstance> memberStates(ObjectPath groupSync) throws Exception {
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

    Made make(SyncType type, CopyState state) throws Exception {
        List<VolumeId> sources = new ArrayList<>();
        for (int i = 0; i < MEMBERS; i++) {
            sources.add(fx.volume("g" + counter++ + "-" + i, size(), 0x40 + (counter % 64)));
        }
        ObjectPath group = gx.createGroup(null, sources);
        Recipe recipe = recipe(type, state);
        int createWait = recipe.createWait();
        MethodResult r = gx.createGroupReplica(group, type.value(), type == SyncType.MIRROR ? 2 : null, createWait,
                false);
        assertEquals(0, rc(r), "CreateGroupReplica " + type + " waiting for " + createWait);
        ObjectPath sync = outRef(r, "Synchronization");
        assertNotNull(sync);
        for (int op : recipe.steps()) {
            MethodResult s = gx.modify(sync, op, null, null);
            assertTrue(rc(s) == 0 || rc(s) == 4096, "step " + op + " towards " + state + ": " + rc(s));
            if (rc(s) == 4096) {
                assertEquals(7, prop(gx.awaitJob(outRef(s, "Job"), SETTLE), "JobState"));
            }
            if (!recipe.copying()) {
                gx.settle(sync, SETTLE);
            }
        }
        CimInstance i = gx.get(sync);
        assertEquals(state.value(), prop(i, "CopyState"), "recipe for group " + type + " " + state);
        assertEquals(MEMBERS, memberStates(sync).size());
        return new Made(sync, group, sources);
    }

    /** For states held only while copies run: the group again if its copy moved on or is nearly done. */
    private Made ensure(Made g, SyncType type, CopyState state) throws Exception {
        if (!recipe(type, state).copying()) {
            return g;
        }
        List<String> seen = new ArrayList<>();
        for (int attempt = 0; attempt < 5; attempt++) {
            CimInstance i = gx.get(g.sync);
            boolean early = true;
            for (CimInstance m : memberStates(g.sync)) {
                early &= state != CopyState.UNSYNCHRONIZED || prop(m, "PercentSynced") <= 50;
                seen.add(prop(m, "CopyState") + "/" + prop(m, "PercentSynced"));
            }
            if (i != null && prop(i, "CopyState") == state.value() && early) {
                return g;
            }
            discard(g);
            g = make(type, state);
        }
        throw new AssertionError("could not hold a group " + type + " in " + state + "; members seen (CopyState/"
                + "PercentSynced) " + seen);
    }

    /** Removes the sources and everything replicated from them, directly on the engine. */
    void discard(Made g) throws Exception {
        for (VolumeId v : g.sources) {
            fx.discard(v);
        }
    }
}
