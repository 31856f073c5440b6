package org.replicacim.storage.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.replicacim.storage.BlockDevice;
import org.replicacim.storage.Capability;
import org.replicacim.storage.PoolId;
import org.replicacim.storage.ReplicaPair;
import org.replicacim.storage.ReplicaTarget;
import org.replicacim.storage.VolumeId;

/** The file engine's write barrier: writes wait while it is held, and snapshots taken in it share a point. */
class WriteBarrierTest {
    @TempDir
    Path dir;

    @Test
    void writesWaitForTheBarrierAndSnapshotsInsideSeeTheSamePoint() throws Exception {
        try (FileBackend backend = FileBackend.open(FileBackendConfig.defaults(dir))) {
            assertTrue(backend.capabilities().supports(Capability.WRITE_BARRIER));
            PoolId pool = backend.pools().get(0).id();
            VolumeId a = backend.createVolume(pool, "a", 1 << 20).id();
            VolumeId b = backend.createVolume(pool, "b", 1 << 20).id();
            CompletableFuture<Void> write = new CompletableFuture<>();
            List<ReplicaPair> pairs = backend.holdingWrites(List.of(a, b), () -> {
                CompletableFuture.runAsync(() -> {
                    try (BlockDevice d = backend.openDevice(a)) {
                        d.write(0, ByteBuffer.wrap(new byte[] {1, 2, 3, 4}));
                        write.complete(null);
                    } catch (Exception e) {
                        write.completeExceptionally(e);
                    }
                });
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                assertFalse(write.isDone(), "a host write waits while the barrier is held");
                return List.of(backend.createSnapshot(a, ReplicaTarget.allocate(pool, "sa")),
                        backend.createSnapshot(b, ReplicaTarget.allocate(pool, "sb")));
            });
            write.get(10, TimeUnit.SECONDS);
            try (BlockDevice snap = backend.openDevice(pairs.get(0).target());
                 BlockDevice live = backend.openDevice(a)) {
                ByteBuffer s = ByteBuffer.allocate(4);
                snap.read(0, s);
                ByteBuffer l = ByteBuffer.allocate(4);
                live.read(0, l);
                assertEquals(0, s.get(0), "the snapshot is from before the held write");
                assertEquals(1, l.get(0), "the write went through after the barrier");
            }
        }
    }
}
