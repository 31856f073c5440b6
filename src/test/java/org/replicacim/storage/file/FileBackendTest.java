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

    /** During a clone's resync host writes are mirrored between the sides, so its destination takes none. */
    @Test
    void aCloneTargetTakesNoHostWritesWhileAResyncCopiesIntoIt() throws Exception {
        try (FileBackend backend = FileBackend.open(FileBackendConfig.defaults(dir).withCopyBytesPerSecond(8L << 20))) {
            PoolId pool = backend.pools().get(0).id();
            Volume source = backend.createVolume(pool, "s", SIZE);
            byte[] base = Patterns.random(3, (int) SIZE);
            try (BlockDevice d = backend.openDevice(source.id())) {
                d.write(0, ByteBuffer.wrap(base));
            }
            CopyTask clone = backend.createClone(source.id(), ReplicaTarget.allocate(pool, "c"));
            clone.completion().toCompletableFuture().get(60, TimeUnit.SECONDS);
            ReplicaPair pair = backend.pair(clone.pairId());
            try (BlockDevice d = backend.openDevice(source.id())) {
                d.write(0, ByteBuffer.wrap(Patterns.random(4, (int) SIZE))); // every chunk changes: a long resync
                System.arraycopy(read(d, 0, (int) SIZE), 0, base, 0, (int) SIZE);
            }
            CopyTask resync = backend.resync(clone.pairId());
            try (BlockDevice t = backend.openDevice(pair.target())) {
                byte[] junk = new byte[65536];
                java.util.Arrays.fill(junk, (byte) 0x5a);
                assertThrows(AccessDeniedException.class, () -> t.write(SIZE - 65536, ByteBuffer.wrap(junk)));
            }
            resync.completion().toCompletableFuture().get(60, TimeUnit.SECONDS);
            try (BlockDevice s = backend.openDevice(source.id()); BlockDevice t = backend.openDevice(pair.target())) {
                assertEquals(java.util.Arrays.hashCode(base), java.util.Arrays.hashCode(read(s, 0, (int) SIZE)),
                        "the source holds only its own writes");
                assertEquals(java.util.Arrays.hashCode(base), java.util.Arrays.hashCode(read(t, 0, (int) SIZE)));
            }
        }
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

    /**
     * A SIGKILL leaves on disk what the process wrote, including a pending bitmap that still lists chunks the copy
     * has already taken (their clear is checkpointed later). A host write to such a chunk must not let the resumed
     * copy take the new data: the clone is the point in time of its creation. The crash is the directory as the
     * running backend left it, copied aside.
     */
    @Test
    void aCloneResumedAfterACrashKeepsItsPointInTimeForChunksWrittenAfterTheyWereCopied() throws Exception {
        int size = 16 << 20;
        byte[] original = Patterns.random(7, size);
        // 4 MiB a second, and a clock that never moves: the copy takes its first runs and no timed checkpoint follows
        FileBackendConfig slow = new FileBackendConfig(dir, PoolId.of("default"), 1L << 40,
                FileBackendConfig.DEFAULT_CHUNK_SIZE, 4L << 20, 64L << 20, 2,
                java.time.Clock.fixed(java.time.Instant.parse("2026-01-01T00:00:00Z"), java.time.ZoneOffset.UTC));
        Path crashed = dir.resolveSibling(dir.getFileName() + "-crashed");
        CopyTask task;
        Volume source;
        try (FileBackend backend = FileBackend.open(slow)) {
            PoolId pool = backend.pools().get(0).id();
            source = backend.createVolume(pool, "s", size);
            try (BlockDevice d = backend.openDevice(source.id())) {
                d.write(0, ByteBuffer.wrap(original));
                task = backend.createClone(source.id(), ReplicaTarget.allocate(pool, "c"));
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (task.progress().bytesDone() < (4 << 20) && System.nanoTime() < end) {
                    Thread.sleep(5);
                }
                assertTrue(task.progress().bytesDone() >= (4 << 20) && task.progress().bytesDone() < size,
                        "the first 4 MiB are copied, the rest not: " + task.progress());
                d.write(0, ByteBuffer.wrap(Patterns.filled(9, 65536))); // a chunk the copy has already taken
            }
            copyTree(dir, crashed);
        }
        try (FileBackend backend = FileBackend.open(FileBackendConfig.defaults(crashed))) {
            assertEquals(CopyTaskState.COMPLETED, backend.task(task.id()).completion().toCompletableFuture()
                    .get(30, TimeUnit.SECONDS).state());
            try (BlockDevice t = backend.openDevice(backend.pair(task.pairId()).target())) {
                assertTrue(java.util.Arrays.equals(original, read(t, 0, size)),
                        "the clone holds its source as of its creation");
            }
        } finally {
            try (var files = Files.walk(crashed)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private static void copyTree(Path from, Path to) throws Exception {
        try (var files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path dest = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest);
                }
            }
        }
    }
}
