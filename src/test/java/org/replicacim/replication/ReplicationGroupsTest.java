package org.replicacim.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.replicacim.storage.BackendCapabilities;
import org.replicacim.storage.Capability;
import org.replicacim.storage.PoolId;
import org.replicacim.storage.VolumeId;
import org.replicacim.storage.file.FileBackend;
import org.replicacim.storage.file.FileBackendConfig;

/** Groups over the engine and the real file backend: group rows, creation undo, durability across a restart. */
class ReplicationGroupsTest {
    private static final long SIZE = 2L << 20;
    private static final ReplicationType SNAPSHOT = ReplicationType.local(SyncType.SNAPSHOT, SyncMode.ASYNCHRONOUS);

    @TempDir
    Path dir;
    private FileBackend backend;
    private final MemoryRelationshipStore relationships = new MemoryRelationshipStore();
    private final MemoryGroupStore groupStore = new MemoryGroupStore();
    private ReplicationEngine engine;
    private ReplicationGroups groups;
    private PoolId pool;

    @BeforeEach
    void open() throws Exception {
        backend = FileBackend.open(FileBackendConfig.defaults(dir));
        engine = new ReplicationEngine(backend, relationships, Clock.systemUTC());
        groups = new ReplicationGroups(engine, backend, groupStore, Clock.systemUTC());
        pool = backend.pools().get(0).id();
    }

    @AfterEach
    void close() throws Exception {
        backend.close();
    }

    private List<VolumeId> volumes(String prefix, int n, long size) throws Exception {
        List<VolumeId> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(backend.createVolume(pool, prefix + i, size).id());
        }
        return out;
    }

    @Test
    void groupRowsOfferConsistencyOnlyWhereTheBackendCanHoldWrites() {
        ReplicationCapabilities file = engine.capabilities();
        assertTrue(file.consistency(SNAPSHOT));
        assertTrue(file.groupOperations(SNAPSHOT).containsAll(EnumSet.of(SyncOperation.ACTIVATE_CONSISTENCY,
                SyncOperation.DEACTIVATE_CONSISTENCY, SyncOperation.ADD_SYNC_PAIR, SyncOperation.REMOVE_SYNC_PAIR)));
        assertTrue(file.groupOperations(SNAPSHOT).containsAll(file.operations(SNAPSHOT)));
        assertTrue(file.groupStates(SNAPSHOT).contains(CopyState.MIXED));
        EnumSet<Capability> noBarrier = EnumSet.allOf(Capability.class);
        noBarrier.remove(Capability.WRITE_BARRIER);
        ReplicationCapabilities other = ReplicationCapabilities.of(BackendCapabilities.of(65536, noBarrier));
        assertFalse(other.consistency(SNAPSHOT), "no write barrier, no consistent groups");
        assertFalse(other.groupOperations(SNAPSHOT).contains(SyncOperation.ACTIVATE_CONSISTENCY));
        assertTrue(other.groupOperations(SNAPSHOT).contains(SyncOperation.ADD_SYNC_PAIR));
        // Group-only operations are never element operations.
        for (SyncOperation op : EnumSet.of(SyncOperation.ACTIVATE_CONSISTENCY, SyncOperation.ADD_SYNC_PAIR)) {
            assertFalse(file.operations(SNAPSHOT).contains(op), op + " offered for a StorageSynchronized");
        }
    }

    @Test
    void aCreationThatFailsAtOneMemberUndoesTheMembersBeforeIt() throws Exception {
        List<VolumeId> sources = volumes("s", 3, SIZE);
        List<VolumeId> targets = new ArrayList<>(volumes("t", 1, SIZE));
        targets.add(backend.createVolume(pool, "too-small", SIZE / 2).id());
        targets.add(backend.createVolume(pool, "t2", SIZE).id());
        ReplicationGroup source = groups.createGroup("sources", sources, true, false, false, null);
        ReplicationGroup target = groups.createGroup("targets", targets, true, false, false, null);
        ReplicationException e = assertThrows(ReplicationException.class, () -> groups.createGroupReplica(
                new GroupReplicaRequest(source.id(), target.id(), null, "r", SyncType.CLONE, SyncMode.ASYNCHRONOUS,
                        true, null, 0, List.of())));
        assertEquals(ReplicationException.Code.INVALID_PARAMETER, e.code());
        assertTrue(e.getMessage().contains("member 1"), e.getMessage());
        assertEquals(List.of(), engine.list(), "member 0 was undone");
        assertEquals(List.of(), groups.list());
        for (VolumeId v : targets) {
            assertTrue(backend.volumes().stream().anyMatch(x -> x.id().equals(v)), "supplied targets stay");
        }
        assertEquals(6, backend.volumes().size(), "3 sources, 3 supplied targets: nothing allocated stays");
    }

    @Test
    void groupsAndGroupRelationshipsSurviveARestart() throws Exception {
        List<VolumeId> sources = volumes("s", 3, SIZE);
        ReplicationGroup source = groups.createGroup("sources", sources, true, false, false, null);
        ReplicationGroups.GroupCreation c = groups.createGroupReplica(new GroupReplicaRequest(source.id(), null, null,
                "snaps", SyncType.SNAPSHOT, SyncMode.ASYNCHRONOUS, true, CopyState.SYNCHRONIZED, 0, List.of()));
        assertEquals(3, c.members().size());
        backend.close();
        backend = FileBackend.open(FileBackendConfig.defaults(dir));
        engine = new ReplicationEngine(backend, relationships, Clock.systemUTC());
        groups = new ReplicationGroups(engine, backend, groupStore, Clock.systemUTC());
        List<ReplicationGroups.GroupStatus> all = groups.list();
        assertEquals(1, all.size());
        ReplicationGroups.GroupStatus s = all.get(0);
        assertEquals("snaps", s.relationship().name());
        assertTrue(s.relationship().consistencyEnabled());
        assertEquals(CopyState.SYNCHRONIZED, s.copyState());
        assertEquals(sources, s.members().stream().map(SyncRelationship::source).toList(), "member order kept");
        assertEquals(sources, groups.group(source.id()).orElseThrow().members());
        assertEquals(3, groups.group(s.relationship().targetGroup()).orElseThrow().members().size());
        // Return To ResourcePool on the group removes every pair and target; the target group goes with it.
        ReplicationGroups.GroupReservation res = groups.reserve(s.relationship().id(),
                SyncOperation.RETURN_TO_RESOURCE_POOL, false, null);
        assertFalse(groups.apply(res, true).failed());
        assertEquals(List.of(), groups.list());
        assertTrue(groups.group(s.relationship().targetGroup()).isEmpty(), "DeleteOnUnassociated target group");
        assertEquals(sources, groups.group(source.id()).orElseThrow().members(), "the source group stays");
    }

    @Test
    void membersInARelationshipCannotBeRemovedAndAnEmptiedGroupMayGo() throws Exception {
        List<VolumeId> sources = volumes("s", 2, SIZE);
        ReplicationGroup g = groups.createGroup("g", sources, true, true, false, null);
        groups.createGroupReplica(new GroupReplicaRequest(g.id(), null, null, null, SyncType.SNAPSHOT,
                SyncMode.ASYNCHRONOUS, false, null, 0, List.of()));
        ReplicationException inUse = assertThrows(ReplicationException.class,
                () -> groups.removeMembers(g.id(), List.of(sources.get(0)), null));
        assertEquals(ReplicationException.Code.IN_USE, inUse.code());
        ReplicationException deleted = assertThrows(ReplicationException.class, () -> groups.deleteGroup(g.id(), true));
        assertEquals(7, deleted.code().returnValue(), "DeleteGroup 7: in a replication relationship");
        VolumeId other = backend.createVolume(pool, "x", SIZE).id();
        ReplicationException notMember = assertThrows(ReplicationException.class,
                () -> groups.removeMembers(g.id(), List.of(other), null));
        assertEquals(8, notMember.code().returnValue());
        ReplicationGroup empty = groups.createGroup("e", List.of(other), true, true, false, null);
        assertTrue(groups.removeMembers(empty.id(), List.of(other), null).isEmpty(), "DeleteOnEmptyElement");
        assertTrue(groups.group(empty.id()).isEmpty());
    }

    @Test
    void aFollowerReadsWhatTheLeaderStoredAndANewLeaderReReadsIt() throws Exception {
        List<VolumeId> sources = volumes("s", 2, SIZE);
        ReplicationEngine follower = new ReplicationEngine(backend, relationships, Clock.systemUTC(), false);
        ReplicationGroups following = new ReplicationGroups(follower, backend, groupStore, Clock.systemUTC());
        assertEquals(List.of(), following.groups());
        // The leader (this test's engine) makes a group and a group snapshot; the follower sees them from the store.
        ReplicationGroup g = groups.createGroup("led", sources, true, false, false, null);
        groups.createGroupReplica(new GroupReplicaRequest(g.id(), null, null, "led-snaps", SyncType.SNAPSHOT,
                SyncMode.ASYNCHRONOUS, false, null, 0, List.of()));
        assertEquals(List.of("led", "led-snaps-targets"), following.groups().stream().map(ReplicationGroup::name)
                .sorted().toList());
        assertEquals(1, following.list().size());
        assertEquals(CopyState.SYNCHRONIZED, following.list().get(0).copyState());
        // It takes over: the groups are re-read, and it drives them.
        follower.lead();
        assertEquals(1, following.list().size());
        ReplicationGroups.GroupReservation res = following.reserve(following.list().get(0).relationship().id(),
                SyncOperation.RETURN_TO_RESOURCE_POOL, false, null);
        assertFalse(following.apply(res, true).failed());
        assertEquals(List.of(), following.list());
        assertEquals(List.of(), groupStore.relationships(), "the new leader wrote the end of the relationship");
    }

    /** A group store that counts how often everything is read (a follower's re-read of the shared store). */
    private static final class CountingGroupStore implements GroupStore {
        private final GroupStore inner;
        private final AtomicInteger groupReads = new AtomicInteger();

        CountingGroupStore(GroupStore inner) {
            this.inner = inner;
        }

        @Override
        public void putGroup(ReplicationGroup group) {
            inner.putGroup(group);
        }

        @Override
        public Optional<ReplicationGroup> group(String id) {
            return inner.group(id);
        }

        @Override
        public List<ReplicationGroup> groups() {
            groupReads.incrementAndGet();
            return inner.groups();
        }

        @Override
        public void removeGroup(String id) {
            inner.removeGroup(id);
        }

        @Override
        public void putRelationship(GroupRelationship r) {
            inner.putRelationship(r);
        }

        @Override
        public List<GroupRelationship> relationships() {
            return inner.relationships();
        }

        @Override
        public void removeRelationship(String id) {
            inner.removeRelationship(id);
        }

        @Override
        public void putAspect(SynchronizationAspect a) {
            inner.putAspect(a);
        }

        @Override
        public List<SynchronizationAspect> aspects() {
            return inner.aspects();
        }

        @Override
        public void removeAspect(String id) {
            inner.removeAspect(id);
        }
    }

    @Test
    void aFollowerReadsTheStoreOncePerCallAndNeverSeesItEmpty() throws Exception {
        List<VolumeId> sources = volumes("s", 2, SIZE);
        ReplicationGroup g = groups.createGroup("led", sources, true, false, false, null);
        groups.createGroupReplica(new GroupReplicaRequest(g.id(), null, null, "led-snaps", SyncType.SNAPSHOT,
                SyncMode.ASYNCHRONOUS, true, null, 0, List.of()));
        for (int i = 0; i < 3; i++) {
            groups.createGroup("more" + i, volumes("m" + i, 1, SIZE), true, false, false, null);
        }
        CountingGroupStore counting = new CountingGroupStore(groupStore);
        ReplicationEngine follower = new ReplicationEngine(backend, relationships, Clock.systemUTC(), false);
        ReplicationGroups following = new ReplicationGroups(follower, backend, counting, Clock.systemUTC());
        int before = counting.groupReads.get();
        List<ReplicationGroup> all = following.groups();
        assertEquals(5, all.size());
        assertEquals(1, counting.groupReads.get() - before, "one read of the store for the whole list");
        Set<String> consistent = following.consistentPointInTimeGroups();
        for (ReplicationGroup each : all) {
            assertEquals(following.holdsConsistentPointInTime(each.id()), consistent.contains(each.id()), each.name());
        }
        assertEquals(1, consistent.size(), "only the consistent snapshot's target group");
        before = counting.groupReads.get();
        following.aspects();
        assertEquals(1, counting.groupReads.get() - before);

        // While the follower re-reads, a reader of a group that exists all along always finds it.
        AtomicBoolean missed = new AtomicBoolean();
        long until = System.nanoTime() + 500_000_000L;
        Thread reader = new Thread(() -> {
            for (int i = 0; i < 1_000_000 && System.nanoTime() < until && !missed.get(); i++) {
                if (following.groups().stream().noneMatch(x -> x.id().equals(g.id()))) {
                    missed.set(true);
                }
            }
        });
        reader.start();
        for (int i = 0; i < 1_000_000 && System.nanoTime() < until && !missed.get(); i++) {
            if (following.group(g.id()).isEmpty()) {
                missed.set(true);
            }
        }
        reader.join(5_000);
        assertFalse(reader.isAlive());
        assertFalse(missed.get(), "a follower's re-read must never show the group as gone");
    }
}
