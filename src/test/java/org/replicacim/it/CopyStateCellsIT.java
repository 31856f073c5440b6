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
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
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
 * Walks every (SyncType × CopyState × Operation) cell of replication-services.md §12.2 over HTTP against the real
 * server and file engine. For each CopyState a relationship can be brought into over the API, every operation
 * 2–25 is sent: a cell the table marks valid must reach its final state (data checked by checksum on the engine),
 * an invalid one must answer the §4.9 code (1 not offered for the type, 5 not valid in the state or missing Force),
 * change nothing and leave no job. States no request can produce are checked to accept nothing (the capabilities
 * say so) or are named in the skip message (Broken: only a failed copy produces it; the domain tests cover it).
 */
class CopyStateCellsIT {
    private static final Logger LOG = LoggerFactory.getLogger(CopyStateCellsIT.class);
    private static final long SIZE = 8L << 20;
    private static final long SLOW_SIZE = 256L << 20;
    private static final CopyStateMachine TABLE = CopyStateMachine.standard();
    private static final Duration SETTLE = Duration.ofSeconds(60);

    @RegisterExtension
    static final RunningServer SERVER = new RunningServer();

    private static ReplicationFixture fx;
    private static VolumeId slowSource;
    private static int counter;

    /** What one run of a state's cells did, for the log. */
    private record Tally(int valid, int invalid) {
    }

    @BeforeAll
    static void setUp() throws Exception {
        fx = new ReplicationFixture(SERVER);
        // Large enough that its copies take about a second: Unsynchronized and Suspended copies are observable.
        slowSource = fx.volume("slow-source", SLOW_SIZE, 0x5a);
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (fx != null) {
            fx.discard(slowSource);
        }
    }

    static Stream<Arguments> cells() {
        List<Arguments> out = new ArrayList<>();
        for (SyncType t : List.of(SyncType.MIRROR, SyncType.SNAPSHOT, SyncType.CLONE)) {
            for (CopyState s : CopyState.values()) {
                out.add(Arguments.of(t, s));
            }
        }
        return out.stream();
    }

    /** The ReplicationType each SyncType is walked with: sync mirror, and the default (async) PIT copies. */
    private static int replicationType(SyncType t) {
        return switch (t) {
            case MIRROR -> 2;
            case SNAPSHOT -> 7;
            default -> 11;
        };
    }

    @ParameterizedTest(name = "{0} from {1}")
    @MethodSource("cells")
    void everyOperationFromThisState(SyncType type, CopyState state) throws Exception {
        int rtype = replicationType(type);
        Set<Integer> offered = Set.copyOf(outInts(fx.capabilities("GetSupportedOperations",
                u16("ReplicationType", rtype)), "SupportedOperations"));
        List<Integer> acceptedHere = outInts(fx.capabilities("GetSupportedOperations", u16("ReplicationType", rtype),
                u16("CopyState", state.value())), "SupportedOperations");
        checkOnlyDocumentedRestrictions(type, offered);
        Recipe recipe = recipe(type, state);
        if (recipe == null) {
            if (state == CopyState.BROKEN) {
                Assumptions.abort("Broken is produced only by a failed copy; ReplicationEngineCellsTest walks it");
            }
            assertTrue(acceptedHere.isEmpty(), "no operation may be advertised from " + state + " (a state a "
                    + type + " never rests in here), but got " + acceptedHere);
            return;
        }
        // What the capabilities advertise from this state is exactly the table's valid cells that are offered.
        Set<Integer> expectedHere = new java.util.TreeSet<>();
        for (SyncOperation op : SyncOperation.values()) {
            if (TABLE.transition(type, state, op) != null && offered.contains(op.value())) {
                expectedHere.add(op.value());
            }
        }
        assertEquals(expectedHere, new java.util.TreeSet<>(acceptedHere), "GetSupportedOperations(" + rtype + ", "
                + state + ")");
        int invalid = walkInvalid(type, state, recipe, offered);
        int valid = 0;
        for (SyncOperation op : SyncOperation.values()) {
            Transition t = TABLE.transition(type, state, op);
            if (t != null && offered.contains(op.value())) {
                walkValid(type, state, recipe, t);
                valid++;
            }
        }
        LOG.info("{} from {}: {} valid and {} invalid cells checked", type, state, valid, invalid);
    }

    /** The only cells of the table this server does not offer are the ones its backend cannot perform. */
    private static void checkOnlyDocumentedRestrictions(SyncType type, Set<Integer> offered) {
        Set<SyncOperation> missing = EnumSet.noneOf(SyncOperation.class);
        for (Transition t : TABLE.rows()) {
            if (t.syncType() == type && !offered.contains(t.operation().value())) {
                missing.add(t.operation());
            }
        }
        Set<SyncOperation> documented = switch (type) {
            // The SPI cannot detach a snapshot from its source.
            case SNAPSHOT -> EnumSet.of(SyncOperation.DETACH, SyncOperation.DISSOLVE);
            // No mode switch in the SPI: a synchronous mirror can only be "reset" to synchronous.
            case MIRROR -> EnumSet.of(SyncOperation.RESET_TO_ASYNC, SyncOperation.RESET_TO_ADAPTIVE);
            default -> EnumSet.noneOf(SyncOperation.class);
        };
        assertEquals(documented, missing, type + ": operations of the table not offered");
    }

    // ---------------------------------------------------------------- invalid cells

    private int walkInvalid(SyncType type, CopyState state, Recipe recipe, Set<Integer> offered) throws Exception {
        Made rel = recipe.make();
        int n = 0;
        for (int value = 2; value <= 25; value++) {
            SyncOperation op = SyncOperation.of(value);
            Transition t = TABLE.transition(type, state, op);
            boolean isOffered = offered.contains(value);
            int expected;
            if (op.groupOnly()) {
                expected = 5;
            } else if (!isOffered) {
                expected = 1;
            } else if (t == null) {
                expected = 5;
            } else if (t.forceRequired()) {
                expected = 5; // sent without Force below
            } else {
                continue;
            }
            rel = recipe.ensure(rel);
            CimInstance before = fx.sync(rel.sync);
            int jobs = fx.jobCount();
            MethodResult r = fx.modify(rel.sync, value, null, null);
            String cell = type + " " + state + " " + op;
            assertEquals(expected, rc(r), cell + " return code");
            assertNull(outRef(r, "Job"), cell + " must not start a job");
            CimInstance after = fx.sync(rel.sync);
            assertNotNull(after, cell + " must not remove the relationship");
            for (String p : List.of("CopyState", "RequestedCopyState", "Mode", "SyncType")) {
                assertEquals(prop(before, p), prop(after, p), cell + " changed " + p);
            }
            if (!recipe.slow) {
                assertEquals(prop(before, "ProgressStatus"), prop(after, "ProgressStatus"), cell + " changed PS");
            }
            assertEquals(jobs, fx.jobCount(), cell + " left a job");
            n++;
        }
        // An invalid CopyState for WaitForCopyState is refused the same way.
        fx.discard(rel.source, rel.target());
        return n;
    }

    // ---------------------------------------------------------------- valid cells

    private void walkValid(SyncType type, CopyState state, Recipe recipe, Transition t) throws Exception {
        String cell = type + " " + state + " " + t.operation();
        Made rel = recipe.ensure(recipe.make());
        VolumeId source = ReplicationFixture.source(rel.sync);
        VolumeId target = rel.target();
        SyncOperation op = t.operation();
        // Make the copy move data where the operation copies.
        if (!recipe.slow) {
            switch (op) {
                case RESYNC, ACTIVATE, RESUME, RESTORE -> fx.fill(source, 1 << 20, 1 << 20, 0x21 + counter);
                case FAILBACK -> fx.fill(target, 2 << 20, 1 << 20, 0x31 + counter);
                default -> { }
            }
        }
        String targetBefore = op == SyncOperation.RESTORE || op == SyncOperation.FAILBACK ? fx.sha(target) : null;
        boolean waitInCall = counter++ % 2 == 0;
        Integer wait = waitInCall ? (t.removesRelationship() ? 15 : t.to().value()) : null;
        MethodResult r = fx.modify(rel.sync, op.value(), t.forceRequired() ? Boolean.TRUE : null, wait);
        int code = rc(r);
        if (waitInCall) {
            assertEquals(0, code, cell + " with WaitForCopyState returns when it is reached");
        } else {
            assertTrue(code == 0 || code == 4096, cell + " returned " + code);
            assertEquals(code == 4096, outRef(r, "Job") != null, cell + ": a Job exactly with 4096");
        }
        ObjectPath path = rel.sync;
        if (t.swapsRoles()) {
            path = outRef(r, "UpdatedSynchronization");
            assertNotNull(path, cell + " returns UpdatedSynchronization");
            assertEquals(target, ReplicationFixture.source(path));
            assertNull(fx.sync(rel.sync), cell + ": the old path is gone");
        }
        CimInstance after = fx.settle(path, SETTLE);
        if (t.removesRelationship()) {
            assertNull(after, cell + " removes the relationship");
            boolean targetKept = fx.exists(target);
            assertEquals(op != SyncOperation.RETURN_TO_RESOURCE_POOL, targetKept, cell + " target kept");
            if (targetKept && state == CopyState.SYNCHRONIZED) {
                assertEquals(fx.sha(source), fx.sha(target), cell + ": the detached target holds the data");
            }
        } else {
            assertNotNull(after, cell + " keeps the relationship");
            if (t.to() == state && t.duringStatus() == null && state == CopyState.UNSYNCHRONIZED) {
                // Reset To …: nothing changes, and the copy already running goes on to Synchronized meanwhile.
                assertTrue(prop(after, "CopyState") == 3 || prop(after, "CopyState") == 4, cell + " CopyState");
                assertEquals(SyncOperation.RESET_TO_SYNC == op ? 2 : 3, prop(after, "Mode"), cell + " Mode");
                fx.discard(rel.source, target);
                return;
            }
            assertEquals(t.to().value(), prop(after, "CopyState"), cell + " final CopyState");
            assertEquals(15, prop(after, "RequestedCopyState"), cell + " RequestedCopyState back to 15");
            if (t.toStatus() != null) {
                assertEquals(t.toStatus().value(), prop(after, "ProgressStatus"), cell + " final ProgressStatus");
            }
            VolumeId s = ReplicationFixture.source(path);
            VolumeId g = ReplicationFixture.target(path);
            if (targetBefore != null) {
                assertEquals(targetBefore, fx.sha(s), cell + ": the source now holds the target's data");
            }
            if (t.to() == CopyState.SYNCHRONIZED || (state == CopyState.SYNCHRONIZED && !recipe.slow)) {
                assertEquals(fx.sha(s), fx.sha(g), cell + ": target equals source");
                if (t.to() == CopyState.SYNCHRONIZED) {
                    assertEquals(100, prop(after, "PercentSynced"), cell + " PercentSynced");
                }
            }
        }
        fx.discard(rel.source, target);
    }

    // ---------------------------------------------------------------- getting into a state

    /** A relationship made for a cell: its path, and its source (a fresh volume, or the shared slow one). */
    private record Made(ObjectPath sync, VolumeId source) {
        VolumeId target() {
            return ReplicationFixture.target(sync);
        }
    }

    /** How to bring a relationship of a SyncType into one CopyState over the API. */
    private final class Recipe {
        final SyncType type;
        final CopyState state;
        final boolean slow;
        final List<Integer> steps;
        final Integer createWait;

        Recipe(SyncType type, CopyState state, boolean slow, Integer createWait, Integer... steps) {
            this.type = type;
            this.state = state;
            this.slow = slow;
            this.createWait = createWait;
            this.steps = List.of(steps);
        }

        Made make() throws Exception {
            VolumeId source = slow ? slowSource : fx.volume("src-" + counter++, SIZE, 0x40 + (counter % 64));
            MethodResult r = fx.create(type.value(), type == SyncType.MIRROR ? 2 : null, source, createWait);
            assertEquals(0, rc(r), "create " + type + " waiting for " + createWait);
            ObjectPath sync = outRef(r, "Synchronization");
            for (int op : steps) {
                assertEquals(0, rc(fx.modify(sync, op, null, null)), "step " + op + " towards " + state);
                fx.settle(sync, SETTLE);
            }
            CimInstance i = fx.sync(sync);
            assertEquals(state.value(), prop(i, "CopyState"), "recipe for " + type + " " + state);
            return new Made(sync, slow ? null : source);
        }

        /** For states held only while a copy runs: the relationship again if its copy is nearly done. */
        Made ensure(Made m) throws Exception {
            if (!slow) {
                return m;
            }
            for (int attempt = 0; attempt < 5; attempt++) {
                CimInstance i = fx.sync(m.sync);
                if (i != null && prop(i, "CopyState") == state.value()
                        && (state != CopyState.UNSYNCHRONIZED || prop(i, "PercentSynced") < 70)) {
                    return m;
                }
                fx.discard(m.target());
                m = make();
            }
            throw new AssertionError("could not hold a " + type + " in " + state);
        }
    }

    private Recipe recipe(SyncType type, CopyState s) {
        int fracture = SyncOperation.FRACTURE.value();
        return switch (type) {
            case MIRROR -> switch (s) {
                case SYNCHRONIZED -> new Recipe(type, s, false, 4);
                case UNSYNCHRONIZED -> new Recipe(type, s, true, 3);
                case FRACTURED -> new Recipe(type, s, false, 4, fracture);
                case SPLIT -> new Recipe(type, s, false, 4, SyncOperation.SPLIT.value());
                case INACTIVE -> new Recipe(type, s, false, 4, SyncOperation.DEACTIVATE.value());
                case SUSPENDED -> new Recipe(type, s, false, 4, SyncOperation.SUSPEND.value());
                case FAILEDOVER -> new Recipe(type, s, false, 4, SyncOperation.FAILOVER.value());
                case PREPARED -> new Recipe(type, s, false, 4, fracture, SyncOperation.PREPARE.value());
                case ABORTED -> new Recipe(type, s, false, 4, SyncOperation.SUSPEND.value(),
                        SyncOperation.ABORT.value());
                default -> null;
            };
            case SNAPSHOT -> switch (s) {
                case SYNCHRONIZED -> new Recipe(type, s, false, 4);
                case INACTIVE -> new Recipe(type, s, false, 4, SyncOperation.DEACTIVATE.value());
                default -> null;
            };
            case CLONE -> switch (s) {
                case SYNCHRONIZED -> new Recipe(type, s, false, 4);
                case INACTIVE -> new Recipe(type, s, false, 8);
                case UNSYNCHRONIZED -> new Recipe(type, s, true, 3);
                case SUSPENDED -> new Recipe(type, s, true, 3, SyncOperation.SUSPEND.value());
                case ABORTED -> new Recipe(type, s, true, 3, SyncOperation.ABORT.value());
                default -> null;
            };
            default -> null;
        };
    }
}
