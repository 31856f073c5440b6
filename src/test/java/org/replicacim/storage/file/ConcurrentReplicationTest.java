package org.replicacim.storage.file;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import org.replicacim.storage.BlockDevice;
import org.replicacim.storage.CopyTask;
import org.replicacim.storage.MirrorMode;
import org.replicacim.storage.PoolId;
import org.replicacim.storage.ReplicaPair;
import org.replicacim.storage.ReplicaTarget;
import org.replicacim.storage.Volume;
import org.replicacim.storage.VolumeId;

/**
 * Host writes race with a throttled clone copy, copy-on-write of two snapshots, a synchronous and an asynchronous
 * mirror, all on one source. An in-memory model of the source gives the expected content of every replica.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ConcurrentReplicationTest {
    private static final int SIZE = 32 << 20;

    @TempDir
    Path dir;

    @Test
    void replicasMatchTheModelAfterRacingWrites() throws Exception {
        FileBackendConfig config = FileBackendConfig.defaults(dir).withCopyBytesPerSecond(64L << 20)
                .withAsyncQueueBytes(1 << 20);
        try (FileBackend backend = FileBackend.open(config)) {
            PoolId pool = backend.pools().get(0).id();
            Volume source = backend.createVolume(pool, "s", SIZE);
            byte[] model = new byte[SIZE];
            Random random = new Random(11);
            try (BlockDevice device = backend.openDevice(source.id())) {
                writes(device, model, random, 100);
                CopyTask sync = backend.createMirror(source.id(), ReplicaTarget.allocate(pool, "sync"),
                        MirrorMode.SYNCHRONOUS);
                CopyTask async = backend.createMirror(source.id(), ReplicaTarget.allocate(pool, "async"),
                        MirrorMode.ASYNCHRONOUS);
                writes(device, model, random, 150);
                ReplicaPair snap1 = backend.createSnapshot(source.id(), ReplicaTarget.allocate(pool, "snap1"));
                byte[] atSnap1 = model.clone();
                CopyTask clone = backend.createClone(source.id(), ReplicaTarget.allocate(pool, "clone"));
                byte[] atClone = model.clone();
                writes(device, model, random, 250);
                ReplicaPair snap2 = backend.createSnapshot(source.id(), ReplicaTarget.allocate(pool, "snap2"));
                byte[] atSnap2 = model.clone();
                writes(device, model, random, 250);
                clone.completion().toCompletableFuture().get(60, TimeUnit.SECONDS);
                sync.completion().toCompletableFuture().get(60, TimeUnit.SECONDS);
                async.completion().toCompletableFuture().get(60, TimeUnit.SECONDS);
                writes(device, model, random, 150);
                ReplicaPair syncPair = backend.pair(sync.pairId());
                ReplicaPair asyncPair = backend.split(async.pairId());

                assertContent(backend, source.id(), model, "source");
                assertContent(backend, snap1.target(), atSnap1, "snapshot 1");
                assertContent(backend, snap2.target(), atSnap2, "snapshot 2");
                assertContent(backend, backend.pair(clone.pairId()).target(), atClone, "clone");
                assertContent(backend, syncPair.target(), model, "synchronous mirror");
                assertContent(backend, asyncPair.target(), model, "asynchronous mirror after split");
            }
        }
    }

    private static void writes(BlockDevice device, byte[] model, Random random, int count) throws Exception {
        for (int i = 0; i < count; i++) {
            int length = (1 + random.nextInt(64)) * 4096;
            int offset = random.nextInt(SIZE - length) & ~511;
            byte[] data = new byte[length];
            random.nextBytes(data);
            device.write(offset, ByteBuffer.wrap(data));
            System.arraycopy(data, 0, model, offset, length);
        }
    }

    private static void assertContent(FileBackend backend, VolumeId id, byte[] expected, String what)
            throws Exception {
        try (BlockDevice device = backend.openDevice(id)) {
            ByteBuffer actual = ByteBuffer.allocate(SIZE);
            device.read(0, actual);
            assertEquals(-1, Arrays.mismatch(expected, actual.array()), what + " differs at this byte");
        }
    }
}
