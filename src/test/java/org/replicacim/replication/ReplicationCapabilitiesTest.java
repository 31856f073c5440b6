package org.replicacim.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.replicacim.storage.BackendCapabilities;
import org.replicacim.storage.Capability;

/** The capability answers against the table they are derived from (replication-services.md §6.3 invariants). */
class ReplicationCapabilitiesTest {
    private static final ReplicationCapabilities ALL = ReplicationCapabilities.of(
            BackendCapabilities.of(4096, EnumSet.allOf(Capability.class)));

    @Test
    void replicationTypeArithmeticRoundTrips() {
        for (int v = 2; v <= 25; v++) {
            assertEquals(v, ReplicationType.of(v).value());
        }
        assertNull(ReplicationType.of(1));
        assertNull(ReplicationType.of(26));
        assertEquals(11, ReplicationType.local(SyncType.CLONE, SyncMode.ASYNCHRONOUS).value());
        assertEquals(18, ReplicationType.local(SyncType.MIRROR, SyncMode.ADAPTIVE).value());
    }

    @Test
    void localSnapshotCloneAndMirrorAreOffered() {
        assertEquals(List.of(2, 3, 6, 7, 10, 11), ALL.types().stream().map(ReplicationType::value).toList());
    }

    @Test
    void aBackendWithoutAPrimitiveLosesExactlyItsRows() {
        ReplicationCapabilities noSwap = ReplicationCapabilities.of(BackendCapabilities.of(4096,
                EnumSet.complementOf(EnumSet.of(Capability.SWAP_ROLES, Capability.MIRROR_ASYNC))));
        ReplicationType mirror = ReplicationType.local(SyncType.MIRROR, SyncMode.SYNCHRONOUS);
        assertFalse(noSwap.operations(mirror).contains(SyncOperation.REVERSE_ROLES));
        assertTrue(noSwap.operations(mirror).contains(SyncOperation.FRACTURE));
        assertFalse(noSwap.supports(ReplicationType.local(SyncType.MIRROR, SyncMode.ASYNCHRONOUS)));
    }

    @Test
    void answersAreTheTableRows() {
        CopyStateMachine table = CopyStateMachine.standard();
        for (ReplicationType t : ALL.types()) {
            Set<CopyState> resting = ALL.restingStates(t);
            for (SyncOperation op : SyncOperation.values()) {
                boolean anyRow = ALL.rows(t).stream().anyMatch(r -> r.operation() == op);
                assertEquals(anyRow, ALL.operations(t).contains(op), t + " " + op);
                for (CopyState s : CopyState.values()) {
                    Transition mine = ALL.transition(t, s, op);
                    Transition spec = table.transition(t.syncType(), s, op);
                    if (mine != null) {
                        assertEquals(spec, mine, "an offered cell is the table's cell");
                        assertTrue(ALL.statesAccepting(t, op).contains(s));
                        assertTrue(ALL.operations(t, s).contains(op));
                    } else if (spec != null && resting.contains(s)) {
                        assertFalse(ALL.operations(t).contains(op),
                                t + ": a table cell from a resting state is dropped only with its whole operation: "
                                        + s + " " + op);
                    }
                }
                if (ALL.operations(t).contains(op)) {
                    boolean allForce = ALL.rows(t).stream().filter(r -> r.operation() == op)
                            .allMatch(Transition::forceRequired);
                    assertEquals(allForce, ALL.requiresForce(t, op, null));
                }
            }
            assertTrue(ALL.states(t).containsAll(resting));
        }
    }

    @Test
    void restrictionsAndFeaturesFollowTheRows() {
        ReplicationType snapshot = ReplicationType.local(SyncType.SNAPSHOT, SyncMode.ASYNCHRONOUS);
        ReplicationType mirror = ReplicationType.local(SyncType.MIRROR, SyncMode.SYNCHRONOUS);
        ReplicationType asyncMirror = ReplicationType.local(SyncType.MIRROR, SyncMode.ASYNCHRONOUS);
        assertFalse(ALL.operations(snapshot).contains(SyncOperation.DETACH), "the SPI cannot detach a snapshot");
        assertTrue(ALL.features(snapshot).contains(ReplicationFeature.TARGET_MUST_REMAIN_ASSOCIATED));
        assertTrue(ALL.operations(mirror).contains(SyncOperation.RESET_TO_SYNC));
        assertFalse(ALL.operations(mirror).contains(SyncOperation.RESET_TO_ASYNC));
        assertTrue(ALL.operations(asyncMirror).contains(SyncOperation.RESET_TO_ASYNC));
        assertTrue(ALL.features(mirror).containsAll(Set.of(ReplicationFeature.REVERSE_ROLES_KEEPS_COPY_STATE,
                ReplicationFeature.FAILOVER_REQUIRES_FAILBACK)));
        assertEquals(EnumSet.of(CopyState.UNSYNCHRONIZED, CopyState.SYNCHRONIZED, CopyState.BROKEN,
                CopyState.FRACTURED, CopyState.SPLIT, CopyState.INACTIVE, CopyState.SUSPENDED, CopyState.FAILEDOVER,
                CopyState.PREPARED, CopyState.ABORTED), ALL.restingStates(mirror));
        assertTrue(ALL.statesAccepting(mirror, SyncOperation.ACTIVATE).equals(EnumSet.of(CopyState.INACTIVE,
                CopyState.PREPARED)), "Initialized is never at rest here");
        assertEquals(EnumSet.of(CopyState.UNSYNCHRONIZED, CopyState.SYNCHRONIZED),
                ALL.waitStates(mirror, SyncOperation.RESYNC));
        assertEquals(EnumSet.of(CopyState.NOT_APPLICABLE), ALL.waitStates(snapshot,
                SyncOperation.RETURN_TO_RESOURCE_POOL));
        assertEquals(EnumSet.of(CopyState.SYNCHRONIZED, CopyState.INACTIVE), ALL.creationWaitStates(snapshot));
        assertTrue(ALL.requiresForce(ReplicationType.local(SyncType.CLONE, SyncMode.ASYNCHRONOUS),
                SyncOperation.DETACH, CopyState.ABORTED));
        assertFalse(ALL.requiresForce(ReplicationType.local(SyncType.CLONE, SyncMode.ASYNCHRONOUS),
                SyncOperation.DETACH, null));
    }
}
