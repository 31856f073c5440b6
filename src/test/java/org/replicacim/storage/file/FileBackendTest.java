package org.replicacim.storage.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import org.replicacim.storage.BackendException;
import org.replicacim.storage.BlockDevice;
import org.replicacim.storage.CopyTask;
import org.replicacim.storage.CopyTaskState;
import org.replicacim.storage.MirrorMode;
import org.replicacim.storage.PairState;
import org.replicacim.storage.Patterns;
import org.replicacim.storage.PoolId;
import org.replicacim.storage.ReplicaPair;
import org.replicacim.storage.ReplicaTarget;
import org.replicacim.storage.Volume;

/** File-engine specifics beyond the contract: graceful close mid-copy, orphan cleanup, fencing, sparse copies. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FileBackendTest {
    private static final long SIZE = 64L << 20;

    @TempDir
    Path dir;

    private static byte[] read(BlockDevice d, long offset, int length) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(length);
        d.read(offset, b);
        return b.array();
    }

    @Test
    void closeDuringACopyResumesItOnReopen() throws Exception {
        FileBackendConfig slow = FileBackendConfig.defaults(dir).withCopyBytesPerSecond(32L << 20);
        CopyTask task;
        Volume source;
        try (FileBackend backend = FileBackend.open(slow)) {
            PoolId pool = backend.pools().get(0).id();
            source = backend.createVolume(pool, "s", SIZE);
            try (BlockDevice d = backend.openDevice(source.id())) {
                d.write(0, ByteBuffer.wrap(Patterns.random(1, (int) SIZE)));
            }
            task = backend.createClone(source.id(), ReplicaTarget.allocate(pool, "c"));
            Thread.sleep(300);
            assertTrue(task.progress().bytesDone() < SIZE);
        }
        try (FileBackend backend = FileBackend.open(FileBackendConfig.defaults(dir))) {
            ReplicaPair pair = backend.pair(task.pairId());
            assertEquals(PairState.COPYING, pair.state());
            assertEquals(CopyTaskState.COMPLETED, backend.task(task.id()).completion().toCompletableFuture()
                    .get(30, TimeUnit.SECONDS).state());
            try (BlockDevice s = backend.openDevice(source.id()); BlockDevice t = backend.openDevice(pair.target())) {
                assertEquals(java.util.Arrays.hashCode(read(s, 0, (int) SIZE)),
                        java.util.Arrays.hashCode(read(t, 0, (int) SIZE)));
            }
        }
    }

    @Test
    void orphanFilesFromInterruptedCreatesAreRemovedOnOpen() throws Exception {
        try (FileBackend backend = FileBackend.open(FileBackendConfig.defaults(dir))) {
            backend.createVolume(backend.pools().get(0).id(), "keep", SIZE);
        }
        Files.write(dir.resolve("volumes/vol-orphan.img"), new byte[10]);
        Files.write(dir.resolve("volumes/vol-x.properties.tmp"), new byte[10]);
        Files.write(dir.resolve("pairs/pair-gone.dirty"), new byte[10]);
        try (FileBackend backend = FileBackend.open(FileBackendConfig.defaults(dir))) {
            assertEquals(1, backend.volumes().size());
        }
        assertTrue(Files.notExists(dir.resolve("volumes/vol-orphan.img")));
        assertTrue(Files.notExists(dir.resolve("volumes/vol-x.properties.tmp")));
        assertTrue(Files.notExists(dir.resolve("pairs/pair-gone.dirty")));
    }

    @Test
    void mirrorTargetIsFencedAndAFracturedTargetIsWritable() throws Exception {
        try (FileBackend backend = FileBackend.open(FileBackendConfig.defaults(dir))) {
            PoolId pool = backend.pools().get(0).id();
            Volume source = backend.createVolume(pool, "s", SIZE);
            CopyTask mirror = backend.createMirror(source.id(), ReplicaTarget.allocate(pool, "m"),
                    MirrorMode.ASYNCHRONOUS);
            mirror.completion().toCompletableFuture().get(30, TimeUnit.SECONDS);
            ReplicaPair pair = backend.pair(mirror.pairId());
            try (BlockDevice t = backend.openDevice(pair.target())) {
                assertThrows(AccessDeniedException.class, () -> t.write(0, ByteBuffer.allocate(512)));
                backend.fracture(pair.id());
                t.write(0, ByteBuffer.wrap(Patterns.filled(3, 512)));
                assertEquals(65536, backend.changeMap(pair.id()).dirtyBytes());
            }
            assertEquals(BackendException.Reason.INVALID_STATE,
                    assertThrows(BackendException.class, () -> backend.fracture(pair.id())).reason());
        }
    }

    @Test
    void cloneOfASparseVolumeWritesOnlyItsData() throws Exception {
        try (FileBackend backend = FileBackend.open(FileBackendConfig.defaults(dir))) {
            PoolId pool = backend.pools().get(0).id();
            Volume source = backend.createVolume(pool, "s", 1L << 30);
            try (BlockDevice d = backend.openDevice(source.id())) {
                d.write(512L << 20, ByteBuffer.wrap(Patterns.random(5, 1 << 20)));
            }
            CopyTask clone = backend.createClone(source.id(), ReplicaTarget.allocate(pool, "c"));
            var done = clone.completion().toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertEquals(1L << 30, done.bytesDone());
            assertEquals(1L << 20, done.bytesWritten());
        }
    }
}
