package org.replicacim.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.replicacim.storage.CopyTask;
import org.replicacim.storage.PoolId;
import org.replicacim.storage.ReplicaTarget;
import org.replicacim.storage.VolumeId;
import org.replicacim.storage.file.FileBackend;
import org.replicacim.storage.file.FileBackendConfig;

/** Start-up recovery: the engine reconciles the stored relationships with what the backend did meanwhile. */
class ReplicationRecoveryTest {
    private static final long SIZE = 4 << 20;

    @TempDir
    Path dir;
    private FileBackend backend;
    private final MemoryRelationshipStore store = new MemoryRelationshipStore();
    private PoolId pool;
    private VolumeId source;

    @BeforeEach
    void open() throws Exception {
        backend = FileBackend.open(FileBackendConfig.defaults(dir));
        pool = backend.pools().get(0).id();
        source = backend.createVolume(pool, "source", SIZE).id();
    }

    @AfterEach
    void close() throws Exception {
        backend.close();
    }

    private SyncRelationship intent(String id) {
        return SyncRelationship.builder(id).source(source).syncType(SyncType.CLONE).mode(SyncMode.ASYNCHRONOUS)
                .copyState(CopyState.INITIALIZED).progressStatus(ProgressStatus.INITIALIZING)
                .requestedCopyState(CopyState.SYNCHRONIZED).percentSynced(0).whenEstablished(Instant.now())
                .generation(1).build();
    }

    @Test
    void aCreationIntentWithoutABackendPairIsRolledBack() {
        store.put(intent("rel-1"));
        ReplicationEngine engine = new ReplicationEngine(backend, store, Clock.systemUTC());
        assertTrue(engine.get("rel-1").isEmpty());
        assertTrue(store.list().isEmpty(), "the intent is removed from the store too");
    }

    @Test
    void aCreationIntentWhoseBackendCopyWasMadeIsCompleted() throws Exception {
        store.put(intent("rel-1"));
        CopyTask task = backend.createClone(source, ReplicaTarget.allocate(pool, "clone"));
        task.completion().toCompletableFuture().get(30, TimeUnit.SECONDS);
        ReplicationEngine engine = new ReplicationEngine(backend, store, Clock.systemUTC());
        SyncRelationship r = engine.get("rel-1").orElseThrow();
        assertEquals(CopyState.SYNCHRONIZED, r.copyState());
        assertEquals(CopyState.NOT_APPLICABLE, r.requestedCopyState());
        assertEquals(backend.pair(task.pairId()).target(), r.target());
        assertNotNull(r.whenSynchronized());
        assertEquals(r, store.get("rel-1").orElseThrow(), "the completion is stored");
    }

    @Test
    void aCopyThatFinishedWhileTheServerWasDownArrives() throws Exception {
        ReplicationEngine first = new ReplicationEngine(backend, store, Clock.systemUTC());
        backend.close();
        backend = FileBackend.open(FileBackendConfig.defaults(dir).withCopyBytesPerSecond(1 << 20));
        first = new ReplicationEngine(backend, store, Clock.systemUTC());
        AcceptedOperation op = first.create(new ReplicaRequest(source, null, null, "c", SyncType.CLONE,
                SyncMode.ASYNCHRONOUS, null, 0));
        assertTrue(store.get(op.relationshipId()).orElseThrow().inTransition());
        // the server "stops" with the copy running; the backend finishes it (the store still says copying)
        SyncRelationship copying = store.get(op.relationshipId()).orElseThrow();
        backend.close();
        backend = FileBackend.open(FileBackendConfig.defaults(dir));
        backend.task(copying.taskId()).completion().toCompletableFuture().get(30, TimeUnit.SECONDS);
        store.put(copying);
        ReplicationEngine engine = new ReplicationEngine(backend, store, Clock.systemUTC());
        SyncRelationship r = engine.get(op.relationshipId()).orElseThrow();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (r.inTransition() && System.nanoTime() < end) {
            Thread.sleep(20);
            r = engine.get(op.relationshipId()).orElseThrow();
        }
        assertEquals(CopyState.SYNCHRONIZED, r.copyState());
        assertEquals(CopyState.NOT_APPLICABLE, r.requestedCopyState());
        assertNotNull(r.whenSynchronized());
        assertNull(r.taskId());
    }

    @Test
    void aRelationshipWhoseTargetVanishedIsBroken() throws Exception {
        ReplicationEngine first = new ReplicationEngine(backend, store, Clock.systemUTC());
        AcceptedOperation op = first.create(new ReplicaRequest(source, null, null, "c", SyncType.CLONE,
                SyncMode.ASYNCHRONOUS, null, 0));
        SyncRelationship r = op.completion().toCompletableFuture().get(30, TimeUnit.SECONDS);
        backend.removePair(r.pairId(), false);
        backend.deleteVolume(r.target());
        ReplicationEngine engine = new ReplicationEngine(backend, store, Clock.systemUTC());
        SyncRelationship broken = engine.get(r.id()).orElseThrow();
        assertEquals(CopyState.BROKEN, broken.copyState());
        assertEquals(1, engine.list().size(), "a Broken relationship stays visible until detached");
        assertEquals(CopyState.BROKEN, store.get(r.id()).orElseThrow().copyState());
    }
}
