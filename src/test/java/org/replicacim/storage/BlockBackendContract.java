package org.replicacim.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import org.replicacim.storage.BackendException.Reason;
import org.replicacim.storage.nbd.NbdServer;

/**
 * Behaviour every {@link BlockBackend} must show. An engine plugs in by extending this class and implementing
 * {@link #openBackend(Path)}; each test writes through the engine's NBD export, runs one primitive and compares
 * content by SHA-256. Primitives the engine does not declare are skipped.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class BlockBackendContract {
    protected static final long SIZE = 16L << 20;
    protected static final int MIB = 1 << 20;

    @TempDir
    protected Path dataDirectory;
    protected BlockBackend backend;
    protected NbdServer nbd;
    protected PoolId pool;

    /** Opens (or reopens) the engine on {@code directory}. */
    protected abstract BlockBackend openBackend(Path directory) throws Exception;

    @BeforeEach
    void start() throws Exception {
        backend = openBackend(dataDirectory);
        pool = backend.pools().get(0).id();
        nbd = NbdServer.start(backend, 0);
    }

    @AfterEach
    void stop() throws Exception {
        if (nbd != null) {
            nbd.close();
        }
        if (backend != null) {
            backend.close();
        }
    }

    protected void reopen() throws Exception {
        nbd.close();
        backend.close();
        backend = openBackend(dataDirectory);
        nbd = NbdServer.start(backend, 0);
    }

    protected Volume volume(String name) throws BackendException {
        return backend.createVolume(pool, name, SIZE);
    }

    protected NbdTestClient connect(VolumeId id) throws Exception {
        return NbdTestClient.connect(nbd.port(), id.value());
    }

    protected void write(VolumeId id, long offset, byte[] data) throws Exception {
        try (NbdTestClient c = connect(id)) {
            c.write(offset, data);
            c.flush();
        }
    }

    protected String sha(VolumeId id) throws Exception {
        try (NbdTestClient c = connect(id)) {
            return c.sha256(0, SIZE);
        }
    }

    protected static CopyProgress await(CopyTask task) throws Exception {
        return task.completion().toCompletableFuture().get(45, TimeUnit.SECONDS);
    }

    protected void require(Capability capability) {
        assumeTrue(backend.capabilities().supports(capability), "engine lacks " + capability);
    }

    /** Writes a recognisable base image: random data in the first 4 MiB and at 10 MiB. */
    protected void fillBase(VolumeId id) throws Exception {
        write(id, 0, Patterns.random(1, 4 * MIB));
        write(id, 10 * MIB, Patterns.random(2, MIB));
    }

    @Test
    void volumesAreCreatedListedAndDeleted() throws Exception {
        long freeBefore = backend.pool(pool).freeBytes();
        Volume v = volume("data");
        assertEquals(SIZE, v.sizeBytes());
        assertTrue(v.blockSize() >= 512);
        assertEquals(freeBefore - SIZE, backend.pool(pool).freeBytes());
        assertEquals(List.of(v.id()), backend.volumes().stream().map(Volume::id).toList());
        backend.deleteVolume(v.id());
        assertEquals(freeBefore, backend.pool(pool).freeBytes());
        assertEquals(Reason.NOT_FOUND, assertThrows(BackendException.class, () -> backend.volume(v.id())).reason());
    }

    @Test
    void writesThroughNbdReadBackAndSurviveReopen() throws Exception {
        Volume v = volume("data");
        byte[] data = Patterns.random(7, 3 * MIB + 4096);
        write(v.id(), 123 * 512, data);
        String before = sha(v.id());
        reopen();
        try (NbdTestClient c = connect(v.id())) {
            assertEquals(SIZE, c.size());
            assertEquals(java.util.HexFormat.of().formatHex(data),
                    java.util.HexFormat.of().formatHex(c.read(123 * 512, data.length)));
        }
        assertEquals(before, sha(v.id()));
    }

    @Test
    void resizeGrowsAndShrinksAboveUsedData() throws Exception {
        require(Capability.RESIZE);
        Volume v = volume("data");
        write(v.id(), 0, Patterns.random(3, MIB));
        assertEquals(2 * SIZE, backend.resizeVolume(v.id(), 2 * SIZE).sizeBytes());
        assertEquals(2 * MIB, backend.resizeVolume(v.id(), 2 * MIB).sizeBytes());
        BackendException e = assertThrows(BackendException.class, () -> backend.resizeVolume(v.id(), MIB / 2));
        assertEquals(Reason.INVALID_ARGUMENT, e.reason());
        assertEquals(2 * MIB, backend.volume(v.id()).sizeBytes());
    }

    @Test
    void snapshotKeepsPointInTimeWhileSourceChanges() throws Exception {
        require(Capability.SNAPSHOT);
        Volume source = volume("source");
        fillBase(source.id());
        String pointInTime = sha(source.id());
        ReplicaPair snap = backend.createSnapshot(source.id(), ReplicaTarget.allocate(pool, "snap"));
        assertEquals(PairState.SYNCHRONIZED, snap.state());
        write(source.id(), 512 * 1024, Patterns.filled(0xbb, 2 * MIB));
        write(source.id(), 15 * MIB, Patterns.filled(0xcc, MIB));
        assertEquals(pointInTime, sha(snap.target()));
        assertNotEquals(pointInTime, sha(source.id()));
        reopen();
        assertEquals(pointInTime, sha(snap.target()), "snapshot survives a reopen");
    }

    @Test
    void snapshotRestoreBringsBackThePointInTime() throws Exception {
        require(Capability.SNAPSHOT);
        require(Capability.RESTORE);
        Volume source = volume("source");
        fillBase(source.id());
        String pointInTime = sha(source.id());
        ReplicaPair snap = backend.createSnapshot(source.id(), ReplicaTarget.allocate(pool, "snap"));
        write(source.id(), 3 * MIB, Patterns.filled(0x11, 3 * MIB));
        await(backend.restore(snap.id()));
        assertEquals(pointInTime, sha(source.id()));
        assertEquals(PairState.SYNCHRONIZED, backend.pair(snap.id()).state());
    }

    @Test
    void snapshotResyncTakesANewPointInTime() throws Exception {
        require(Capability.SNAPSHOT);
        Volume source = volume("source");
        fillBase(source.id());
        ReplicaPair snap = backend.createSnapshot(source.id(), ReplicaTarget.allocate(pool, "snap"));
        write(source.id(), 0, Patterns.filled(0x22, MIB));
        await(backend.resync(snap.id()));
        String now = sha(source.id());
        assertEquals(now, sha(snap.target()));
        write(source.id(), 0, Patterns.filled(0x33, MIB));
        assertEquals(now, sha(snap.target()));
    }

    @Test
    void cloneCopiesThePointInTimeOfTheRequest() throws Exception {
        require(Capability.CLONE);
        Volume source = volume("source");
        fillBase(source.id());
        String pointInTime = sha(source.id());
        CopyTask task = backend.createClone(source.id(), ReplicaTarget.allocate(pool, "clone"));
        write(source.id(), 0, Patterns.filled(0x44, 2 * MIB));
        CopyProgress done = await(task);
        assertEquals(CopyTaskState.COMPLETED, done.state());
        assertEquals(done.bytesTotal(), done.bytesDone());
        ReplicaPair pair = backend.pair(task.pairId());
        assertEquals(PairState.SYNCHRONIZED, pair.state());
        assertEquals(pointInTime, sha(pair.target()));
        backend.removePair(pair.id(), false);
        assertEquals(pointInTime, sha(pair.target()), "the clone is independent after detach");
    }

    @Test
    void cloneResyncCopiesOnlyChanges() throws Exception {
        require(Capability.CLONE);
        require(Capability.INCREMENTAL_RESYNC);
        Volume source = volume("source");
        fillBase(source.id());
        CopyTask clone = backend.createClone(source.id(), ReplicaTarget.allocate(pool, "clone"));
        await(clone);
        write(source.id(), 5 * MIB, Patterns.random(9, MIB));
        CopyProgress resync = await(backend.resync(clone.pairId()));
        assertTrue(resync.bytesWritten() <= MIB, "resync wrote " + resync.bytesWritten());
        assertEquals(sha(source.id()), sha(backend.pair(clone.pairId()).target()));
    }

    @Test
    void cloneResyncCopiesThePointInTimeOfTheRequest() throws Exception {
        require(Capability.CLONE);
        Volume source = volume("source");
        fillBase(source.id());
        CopyTask clone = backend.createClone(source.id(), ReplicaTarget.allocate(pool, "clone"));
        await(clone);
        write(source.id(), 3 * MIB, Patterns.random(11, MIB));
        String pointInTime = sha(source.id());
        CopyTask resync = backend.resync(clone.pairId());
        // written right after the request returned: the clone must not take it
        write(source.id(), 3 * MIB, Patterns.filled(0x55, 2 * MIB));
        assertEquals(CopyTaskState.COMPLETED, await(resync).state());
        assertEquals(pointInTime, sha(backend.pair(clone.pairId()).target()));
    }

    @Test
    void synchronousMirrorAppliesEveryWriteBeforeAcknowledging() throws Exception {
        require(Capability.MIRROR_SYNC);
        Volume source = volume("source");
        fillBase(source.id());
        CopyTask task = backend.createMirror(source.id(), ReplicaTarget.allocate(pool, "mirror"),
                MirrorMode.SYNCHRONOUS);
        await(task);
        ReplicaPair pair = backend.pair(task.pairId());
        assertEquals(PairState.SYNCHRONIZED, pair.state());
        try (NbdTestClient s = connect(source.id())) {
            for (int i = 0; i < 20; i++) {
                s.write((long) i * 700_000 + 1000, Patterns.random(100 + i, 100_000));
            }
            // No flush, no wait: a synchronous mirror already has every acknowledged write.
            assertEquals(s.sha256(0, SIZE), backend.volumes().isEmpty() ? "" : shaWhileOpen(pair.target()));
        }
    }

    private String shaWhileOpen(VolumeId id) throws Exception {
        return sha(id);
    }

    @Test
    void mirrorTargetRefusesHostWritesWhileMirroring() throws Exception {
        require(Capability.MIRROR_SYNC);
        Volume source = volume("source");
        CopyTask task = backend.createMirror(source.id(), ReplicaTarget.allocate(pool, "mirror"),
                MirrorMode.SYNCHRONOUS);
        await(task);
        try (NbdTestClient t = connect(backend.pair(task.pairId()).target())) {
            assertTrue(t.readOnly());
            NbdTestClient.NbdError e = assertThrows(NbdTestClient.NbdError.class,
                    () -> t.write(0, Patterns.filled(1, 4096)));
            assertEquals(1, e.errno, "EPERM");
        }
    }

    @Test
    void asynchronousMirrorCatchesUpAndSplitDrains() throws Exception {
        require(Capability.MIRROR_ASYNC);
        Volume source = volume("source");
        CopyTask task = backend.createMirror(source.id(), ReplicaTarget.allocate(pool, "mirror"),
                MirrorMode.ASYNCHRONOUS);
        await(task);
        try (NbdTestClient s = connect(source.id())) {
            for (int i = 0; i < 40; i++) {
                s.write((long) i * 400_000, Patterns.random(200 + i, 64 * 1024));
            }
        }
        ReplicaPair split = backend.split(task.pairId());
        assertEquals(PairState.SPLIT, split.state());
        assertEquals(0, split.lagBytes());
        assertEquals(sha(source.id()), sha(split.target()));
    }

    @Test
    void fractureTracksChangesAndResyncCopiesOnlyThem() throws Exception {
        require(Capability.MIRROR_SYNC);
        require(Capability.INCREMENTAL_RESYNC);
        Volume source = volume("source");
        fillBase(source.id());
        CopyTask task = backend.createMirror(source.id(), ReplicaTarget.allocate(pool, "mirror"),
                MirrorMode.SYNCHRONOUS);
        await(task);
        ReplicaPair fractured = backend.fracture(task.pairId());
        assertEquals(PairState.FRACTURED, fractured.state());
        int granularity = backend.capabilities().changeGranularityBytes();
        write(source.id(), 2L * granularity, Patterns.random(5, 3 * granularity));
        write(source.id(), 100L * granularity, Patterns.random(6, granularity));
        assertNotEquals(sha(source.id()), sha(fractured.target()));
        if (backend.capabilities().supports(Capability.CHANGE_TRACKING)) {
            assertEquals(4L * granularity, backend.changeMap(fractured.id()).dirtyBytes());
        }
        CopyProgress resync = await(backend.resync(fractured.id()));
        assertTrue(resync.bytesWritten() <= 4L * granularity, "resync wrote " + resync.bytesWritten());
        assertEquals(PairState.SYNCHRONIZED, backend.pair(fractured.id()).state());
        assertEquals(sha(source.id()), sha(fractured.target()));
        write(source.id(), 0, Patterns.filled(0x5a, MIB));
        assertEquals(sha(source.id()), sha(fractured.target()), "mirroring again after resync");
    }

    @Test
    void restoreCopiesTheTargetBackOntoTheSource() throws Exception {
        require(Capability.MIRROR_SYNC);
        require(Capability.RESTORE);
        Volume source = volume("source");
        fillBase(source.id());
        CopyTask task = backend.createMirror(source.id(), ReplicaTarget.allocate(pool, "mirror"),
                MirrorMode.SYNCHRONOUS);
        await(task);
        ReplicaPair split = backend.split(task.pairId());
        String good = sha(split.target());
        write(source.id(), MIB, Patterns.filled(0x66, 2 * MIB));
        write(split.target(), 12 * MIB, Patterns.filled(0x77, MIB));
        String expected = sha(split.target());
        assertNotEquals(good, expected);
        await(backend.restore(split.id()));
        assertEquals(expected, sha(source.id()));
        assertEquals(PairState.SYNCHRONIZED, backend.pair(split.id()).state());
    }

    @Test
    void swapRolesMakesTheTargetTheSource() throws Exception {
        require(Capability.SWAP_ROLES);
        Volume source = volume("source");
        fillBase(source.id());
        CopyTask task = backend.createMirror(source.id(), ReplicaTarget.allocate(pool, "mirror"),
                MirrorMode.SYNCHRONOUS);
        await(task);
        ReplicaPair swapped = backend.swapRoles(task.pairId());
        assertEquals(source.id(), swapped.target());
        write(swapped.source(), 4 * MIB, Patterns.random(12, MIB));
        assertEquals(sha(swapped.source()), sha(swapped.target()));
    }

    @Test
    void suspendTracksAndResumeCatchesUp() throws Exception {
        require(Capability.SUSPEND_RESUME);
        require(Capability.MIRROR_SYNC);
        Volume source = volume("source");
        CopyTask task = backend.createMirror(source.id(), ReplicaTarget.allocate(pool, "mirror"),
                MirrorMode.SYNCHRONOUS);
        await(task);
        ReplicaPair suspended = backend.suspend(task.pairId());
        assertEquals(PairState.SUSPENDED, suspended.state());
        write(source.id(), 6 * MIB, Patterns.random(13, MIB));
        assertNotEquals(sha(source.id()), sha(suspended.target()));
        await(backend.resumePair(suspended.id()));
        assertEquals(sha(source.id()), sha(suspended.target()));
    }

    @Test
    void pausedCloneCanBeAbortedAndResynced() throws Exception {
        require(Capability.CLONE);
        require(Capability.PAUSE_COPY);
        Volume source = volume("source");
        fillBase(source.id());
        CopyTask task = backend.createClone(source.id(), ReplicaTarget.allocate(pool, "clone"));
        task.pause();
        ReplicaPair aborted = backend.abort(task.pairId());
        assertEquals(PairState.ABORTED, aborted.state());
        assertThrows(Exception.class, () -> task.completion().toCompletableFuture().get(10, TimeUnit.SECONDS));
        await(backend.resync(aborted.id()));
        assertEquals(sha(source.id()), sha(aborted.target()));
    }

    @Test
    void badInputIsRefusedAndChangesNothing() throws Exception {
        Volume v = volume("data");
        write(v.id(), 0, Patterns.random(4, MIB));
        List<Volume> before = backend.volumes();
        long free = backend.pool(pool).freeBytes();
        assertEquals(Reason.NO_SPACE, assertThrows(BackendException.class,
                () -> backend.createVolume(pool, "huge", backend.pool(pool).capacityBytes() + (1L << 30))).reason());
        assertEquals(Reason.INVALID_ARGUMENT, assertThrows(BackendException.class,
                () -> backend.createVolume(pool, "odd", 1000)).reason());
        assertEquals(Reason.NOT_FOUND, assertThrows(BackendException.class,
                () -> backend.createVolume(PoolId.of("no-such-pool"), "x", MIB)).reason());
        assertEquals(Reason.NOT_FOUND, assertThrows(BackendException.class,
                () -> backend.createSnapshot(VolumeId.of("missing"), ReplicaTarget.allocate(pool, "s"))).reason());
        if (backend.capabilities().supports(Capability.RESIZE)) {
            assertEquals(Reason.INVALID_ARGUMENT, assertThrows(BackendException.class,
                    () -> backend.resizeVolume(v.id(), 4096)).reason());
        }
        assertEquals(Reason.NOT_FOUND, assertThrows(BackendException.class,
                () -> backend.resync(ReplicaPairId.of("pair-none"))).reason());
        assertEquals(before, backend.volumes());
        assertEquals(free, backend.pool(pool).freeBytes());
        assertTrue(backend.pairs().isEmpty());
    }

    @Test
    void pairedVolumesCannotBeDeletedOrResized() throws Exception {
        require(Capability.SNAPSHOT);
        Volume source = volume("source");
        ReplicaPair snap = backend.createSnapshot(source.id(), ReplicaTarget.allocate(pool, "snap"));
        assertEquals(Reason.IN_USE, assertThrows(BackendException.class,
                () -> backend.deleteVolume(source.id())).reason());
        assertEquals(Reason.IN_USE, assertThrows(BackendException.class,
                () -> backend.resizeVolume(source.id(), 2 * SIZE)).reason());
        backend.removePair(snap.id(), true);
        assertEquals(Reason.NOT_FOUND, assertThrows(BackendException.class,
                () -> backend.volume(snap.target())).reason());
        backend.deleteVolume(source.id());
    }

    @Test
    void everyCopyTaskReportsByteProgress() throws Exception {
        require(Capability.CLONE);
        Volume source = volume("source");
        fillBase(source.id());
        CopyTask task = backend.createClone(source.id(), ReplicaTarget.allocate(pool, "clone"));
        CopyProgress done = await(task);
        assertTrue(done.bytesTotal() >= SIZE - backend.capabilities().changeGranularityBytes());
        assertEquals(100, done.percent());
        assertTrue(backend.tasks().stream().anyMatch(t -> t.id().equals(task.id())));
        assertTrue(Duration.ofSeconds(1).toMillis() > 0);
    }
}
