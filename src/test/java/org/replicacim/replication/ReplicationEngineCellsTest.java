package org.replicacim.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;
import org.replicacim.storage.PoolId;
import org.replicacim.storage.VolumeId;
import org.replicacim.storage.file.FileBackend;
import org.replicacim.storage.file.FileBackendConfig;

/**
 * The Broken rows of the table, which no request can produce (only a copy failing with an I/O error does): a
 * relationship the store holds as Broken — over a backend pair in the state a broken link leaves (a mirror stopped
 * applying writes, a finished clone or snapshot) — is taken over by a new engine and every operation is tried.
 */
class ReplicationEngineCellsTest {
    @TempDir
    Path dir;
    private FileBackend backend;
    private PoolId pool;

    @BeforeEach
    void open() throws Exception {
        backend = FileBackend.open(FileBackendConfig.defaults(dir));
        pool = backend.pools().get(0).id();
    }

    @AfterEach
    void close() throws Exception {
        backend.close();
    }

    /** A relationship of the type that the store says is Broken, and the engine that took it over. */
    private record Broken(ReplicationEngine engine, SyncRelationship relationship) {
    }

    private Broken broken(SyncType type) throws Exception {
        MemoryRelationshipStore store = new MemoryRelationshipStore();
        ReplicationEngine first = new ReplicationEngine(backend, store, Clock.systemUTC());
        VolumeId source = backend.createVolume(pool, "s-" + System.nanoTime(), 1 << 20).id();
        SyncMode mode = type == SyncType.MIRROR ? SyncMode.SYNCHRONOUS : SyncMode.ASYNCHRONOUS;
        AcceptedOperation op = first.create(new ReplicaRequest(source, null, null, null, type, mode, null, 0));
        SyncRelationship r = op.completion().toCompletableFuture().get(30, TimeUnit.SECONDS);
        if (type == SyncType.MIRROR) {
            r = first.modify(r.id(), SyncOperation.FRACTURE, false, null).relationship();
        }
        store.put(r.toBuilder().copyState(CopyState.BROKEN).build());
        return new Broken(new ReplicationEngine(backend, store, Clock.systemUTC()), r);
    }

    @ParameterizedTest
    @EnumSource(value = SyncType.class, names = {"MIRROR", "SNAPSHOT", "CLONE"})
    void everyOperationFromBroken(SyncType type) throws Exception {
        ReplicationType rtype = broken(type).relationship().replicationType();
        int valid = 0;
        for (SyncOperation op : SyncOperation.values()) {
            if (op.groupOnly()) {
                continue;
            }
            Broken b = broken(type);
            String id = b.relationship().id();
            Transition t = CopyStateMachine.standard().transition(type, CopyState.BROKEN, op);
            ReplicationCapabilities caps = b.engine().capabilities();
            if (!caps.operations(rtype).contains(op)) {
                ReplicationException e = assertThrows(ReplicationException.class,
                        () -> b.engine().modify(id, op, true, null), op.label());
                assertEquals(ReplicationException.Code.NOT_SUPPORTED, e.code(), op.label());
                continue;
            }
            if (t == null) {
                ReplicationException e = assertThrows(ReplicationException.class,
                        () -> b.engine().modify(id, op, true, null), op.label());
                assertEquals(ReplicationException.Code.INVALID_PARAMETER, e.code(), op.label());
                assertEquals(CopyState.BROKEN, b.engine().get(id).orElseThrow().copyState());
                continue;
            }
            if (t.forceRequired()) {
                assertThrows(ReplicationException.class, () -> b.engine().modify(id, op, false, null));
            }
            AcceptedOperation done = b.engine().modify(id, op, t.forceRequired(), null);
            SyncRelationship after = done.completion().toCompletableFuture().get(30, TimeUnit.SECONDS);
            if (t.removesRelationship()) {
                assertTrue(b.engine().get(id).isEmpty(), op.label());
            } else {
                assertNotNull(after, op.label());
                assertEquals(t.to(), after.copyState(), op.label());
                assertEquals(CopyState.NOT_APPLICABLE, after.requestedCopyState(), op.label());
            }
            valid++;
        }
        assertEquals(CopyStateMachine.standard().rows().stream()
                .filter(t -> t.syncType() == type && t.from() == CopyState.BROKEN)
                .filter(t -> ReplicationCapabilities.of(backend.capabilities()).operations(rtype)
                        .contains(t.operation())).count(), valid, "every Broken row of the table was walked");
    }
}
