package org.replicacim.replication;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.replicacim.replication.ReplicationException.Code;
import org.replicacim.storage.BlockDevice;
import org.replicacim.storage.PoolId;
import org.replicacim.storage.VolumeId;
import org.replicacim.storage.file.FileBackend;
import org.replicacim.storage.file.FileBackendConfig;

/** The engine over the real file backend: states, data, and the one-operation-at-a-time rule. */
class ReplicationEngineTest {
    private static final long SIZE = 4L << 20;

    @TempDir
    Path dir;
    private FileBackend backend;
    private ReplicationEngine engine;
    private MemoryRelationshipStore store;
    private PoolId pool;
    private VolumeId source;

    @BeforeEach
    void open() throws Exception {
        backend = FileBackend.open(FileBackendConfig.defaults(dir));
        store = new MemoryRelationshipStore();
        engine = new ReplicationEngine(backend, store, Clock.systemUTC());
        pool = backend.pools().get(0).id();
        source = backend.createVolume(pool, "source", SIZE).id();
        write(source, 0, 0x11, SIZE);
    }

    @AfterEach
    void close() throws Exception {
        backend.close();
    }

    private void write(VolumeId v, long offset, int pattern, long length) throws Exception {
        try (BlockDevice d = backend.openDevice(v)) {
            ByteBuffer b = ByteBuffer.allocate((int) length);
            while (b.hasRemaining()) {
                b.put((byte) pattern);
            }
            b.flip();
            d.write(offset, b);
        }
    }

    private byte[] digest(VolumeId v) throws Exception {
        try (BlockDevice d = backend.openDevice(v)) {
            ByteBuffer b = ByteBuffer.allocate((int) SIZE);
            d.read(0, b);
            return MessageDigest.getInstance("SHA-256").digest(b.array());
        }
    }

    private SyncRelationship done(AcceptedOperation op) throws Exception {
        return op.completion().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private AcceptedOperation create(SyncType type, SyncMode mode, CopyState waitFor) throws Exception {
        return engine.create(new ReplicaRequest(source, null, null, "t", type, mode, waitFor, 0));
    }

    @Test
    void snapshotRestoreBringsBackThePointInTime() throws Exception {
        AcceptedOperation created = create(SyncType.SNAPSHOT, SyncMode.ASYNCHRONOUS, CopyState.SYNCHRONIZED);
        SyncRelationship r = created.relationship();
        assertEquals(CopyState.SYNCHRONIZED, r.copyState());
        assertEquals(CopyState.NOT_APPLICABLE, r.requestedCopyState());
        assertEquals(100, r.percentSynced());
        assertNotNull(r.whenSynced());
        byte[] before = digest(source);
        write(source, 0, 0xab, 1 << 20);
        assertFalse(java.util.Arrays.equals(before, digest(source)));
        assertArrayEquals(before, digest(r.target()), "the snapshot keeps the point in time");
        AcceptedOperation restored = engine.modify(r.id(), SyncOperation.RESTORE, false, CopyState.SYNCHRONIZED);
        assertEquals(CopyState.SYNCHRONIZED, done(restored).copyState());
        assertArrayEquals(before, digest(source));
        engine.modify(r.id(), SyncOperation.RETURN_TO_RESOURCE_POOL, false, CopyState.NOT_APPLICABLE);
        assertTrue(engine.get(r.id()).isEmpty());
        assertThrows(Exception.class, () -> backend.volume(r.target()));
    }

    @Test
    void mirrorFractureWriteResyncMakesTheTargetEqual() throws Exception {
        SyncRelationship r = done(create(SyncType.MIRROR, SyncMode.SYNCHRONOUS, null));
        assertEquals(CopyState.SYNCHRONIZED, r.copyState());
        assertTrue(r.syncMaintained());
        assertArrayEquals(digest(source), digest(r.target()));
        engine.modify(r.id(), SyncOperation.FRACTURE, false, null);
        assertEquals(CopyState.FRACTURED, engine.get(r.id()).orElseThrow().copyState());
        write(source, 1 << 20, 0xcd, 1 << 20);
        assertFalse(java.util.Arrays.equals(digest(source), digest(r.target())));
        AcceptedOperation resync = engine.modify(r.id(), SyncOperation.RESYNC, false, null);
        SyncRelationship after = done(resync);
        assertEquals(CopyState.SYNCHRONIZED, after.copyState());
        assertEquals(ProgressStatus.COMPLETED, after.progressStatus());
        assertArrayEquals(digest(source), digest(r.target()));
    }

    @Test
    void invalidStateMissingForceAndUnofferedOperationsChangeNothing() throws Exception {
        SyncRelationship r = done(create(SyncType.MIRROR, SyncMode.SYNCHRONOUS, null));
        ReplicationException e = assertThrows(ReplicationException.class,
                () -> engine.modify(r.id(), SyncOperation.RESUME, false, null));
        assertEquals(Code.INVALID_PARAMETER, e.code());
        e = assertThrows(ReplicationException.class,
                () -> engine.modify(r.id(), SyncOperation.RETURN_TO_RESOURCE_POOL, false, null));
        assertEquals(Code.NOT_SUPPORTED, e.code());
        e = assertThrows(ReplicationException.class,
                () -> engine.modify(r.id(), SyncOperation.RESET_TO_ASYNC, false, null));
        assertEquals(Code.NOT_SUPPORTED, e.code(), "no mode switch in the SPI");
        e = assertThrows(ReplicationException.class,
                () -> engine.modify(r.id(), SyncOperation.FRACTURE, false, CopyState.SPLIT));
        assertEquals(Code.INVALID_PARAMETER, e.code());
        assertEquals(r.copyState(), engine.get(r.id()).orElseThrow().copyState());
        assertEquals(r, store.get(r.id()).orElseThrow());
        engine.modify(r.id(), SyncOperation.RESET_TO_SYNC, false, null);
        assertEquals(r, store.get(r.id()).orElseThrow(), "resetting to the mode it has is a no-op");
    }

    @Test
    void aSlowCopyHoldsTheRelationshipUntilAbort() throws Exception {
        backend.close();
        backend = FileBackend.open(FileBackendConfig.defaults(dir).withCopyBytesPerSecond(1 << 20));
        engine = new ReplicationEngine(backend, new MemoryRelationshipStore(), Clock.systemUTC());
        AcceptedOperation created = create(SyncType.CLONE, SyncMode.ASYNCHRONOUS, null);
        SyncRelationship r = created.relationship();
        assertEquals(CopyState.UNSYNCHRONIZED, r.copyState());
        assertEquals(CopyState.SYNCHRONIZED, r.requestedCopyState());
        ReplicationException e = assertThrows(ReplicationException.class,
                () -> engine.modify(r.id(), SyncOperation.SUSPEND, false, null));
        assertEquals(Code.IN_USE, e.code());
        engine.modify(r.id(), SyncOperation.ABORT, false, CopyState.ABORTED);
        SyncRelationship aborted = engine.get(r.id()).orElseThrow();
        assertEquals(CopyState.ABORTED, aborted.copyState());
        assertEquals(CopyState.NOT_APPLICABLE, aborted.requestedCopyState());
        var failure = assertThrows(java.util.concurrent.ExecutionException.class,
                () -> created.completion().toCompletableFuture().get(5, TimeUnit.SECONDS));
        assertEquals(Code.FAILED, ((ReplicationException) failure.getCause()).code());
        e = assertThrows(ReplicationException.class, () -> engine.modify(r.id(), SyncOperation.DETACH, false, null));
        assertEquals(Code.INVALID_PARAMETER, e.code(), "detaching an aborted clone needs Force");
        assertNull(engine.modify(r.id(), SyncOperation.DETACH, true, null).relationship());
        assertTrue(engine.get(r.id()).isEmpty());
        backend.volume(r.target());
    }

    @Test
    void parkedInactiveRelationshipsHaveNoPairUntilActivated() throws Exception {
        SyncRelationship r = create(SyncType.CLONE, SyncMode.SYNCHRONOUS, CopyState.INACTIVE).relationship();
        assertEquals(CopyState.INACTIVE, r.copyState());
        assertNull(r.pairId());
        AcceptedOperation act = engine.modify(r.id(), SyncOperation.ACTIVATE, false, null);
        assertEquals(CopyState.SYNCHRONIZED, done(act).copyState());
        assertArrayEquals(digest(source), digest(r.target()));
    }

    @Test
    void reverseRolesExchangesSourceAndTarget() throws Exception {
        SyncRelationship r = done(create(SyncType.MIRROR, SyncMode.SYNCHRONOUS, null));
        AcceptedOperation rev = engine.modify(r.id(), SyncOperation.REVERSE_ROLES, false, null);
        assertEquals(r.target(), rev.relationship().source());
        assertEquals(r.source(), rev.relationship().target());
        assertTrue(engine.find(r.target(), r.source()).isPresent());
        assertTrue(engine.find(r.source(), r.target()).isEmpty());
    }

    @Test
    void aPairRemovedBehindTheEngineMakesTheRelationshipVanish() throws Exception {
        SyncRelationship r = create(SyncType.SNAPSHOT, SyncMode.ASYNCHRONOUS, null).relationship();
        backend.removePair(r.pairId(), true);
        assertTrue(engine.list().isEmpty());
        assertTrue(engine.get(r.id()).isEmpty());
        assertTrue(store.get(r.id()).isEmpty());
    }
}
