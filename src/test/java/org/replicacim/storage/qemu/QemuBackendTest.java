package org.replicacim.storage.qemu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.BitSet;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import org.replicacim.storage.BackendException;
import org.replicacim.storage.BlockDevice;
import org.replicacim.storage.Capability;
import org.replicacim.storage.ChangeMap;
import org.replicacim.storage.CopyProgress;
import org.replicacim.storage.CopyTask;
import org.replicacim.storage.ExternalTool;
import org.replicacim.storage.MirrorMode;
import org.replicacim.storage.PairState;
import org.replicacim.storage.Patterns;
import org.replicacim.storage.PoolId;
import org.replicacim.storage.ReplicaPair;
import org.replicacim.storage.ReplicaTarget;
import org.replicacim.storage.Volume;

/** What the qemu engine does beyond the shared contract: FUSE file export, bitmaps, supervision, qcow2. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class QemuBackendTest {
    private static final long SIZE = 16L << 20;
    private static final int MIB = 1 << 20;

    @TempDir
    Path directory;
    private final PoolId pool = PoolId.of("default");

    @BeforeEach
    void tools() {
        ExternalTool.require("qemu-storage-daemon", "qemu-img");
    }

    private static void write(BlockDevice d, long offset, byte[] data) throws IOException {
        d.write(offset, ByteBuffer.wrap(data));
    }

    private static byte[] read(BlockDevice d, long offset, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length);
        d.read(offset, b);
        return b.array();
    }

    @Test
    void capabilitiesDeclareWhatQemu72CannotDo() throws Exception {
        try (QemuBackend backend = QemuBackend.open(QemuBackendConfig.defaults(directory))) {
            assertFalse(backend.capabilities().supports(Capability.RESUMABLE_COPY));
            assertFalse(backend.capabilities().supports(Capability.WRITABLE_SNAPSHOT));
            assertFalse(backend.capabilities().supports(Capability.WRITE_BARRIER));
            assertEquals(BackendException.Reason.UNSUPPORTED, assertThrows(BackendException.class,
                    () -> backend.holdingWrites(java.util.List.of(), () -> null)).reason());
            assertTrue(backend.capabilities().supports(Capability.MIRROR_SYNC));
            assertEquals(64 * 1024, backend.capabilities().changeGranularityBytes());
        }
    }

    @Test
    void fileExportServesTheVolumeAsAPlainFile() throws Exception {
        assertTrue(Files.exists(Path.of("/dev/fuse")), "/dev/fuse is needed for the FUSE export");
        try (QemuBackend backend = QemuBackend.open(QemuBackendConfig.defaults(directory))) {
            Volume v = backend.createVolume(pool, "data", SIZE);
            byte[] before = Patterns.random(1, MIB);
            try (BlockDevice d = backend.openDevice(v.id())) {
                write(d, 3 * MIB, before);
                d.flush();
            }
            Path file = directory.resolve("lun.img");
            try (QemuBackend.FileExport export = backend.exportAsFile(v.id(), file, true)) {
                assertEquals(SIZE, Files.size(export.path()), "the file is as large as the volume");
                byte[] after = Patterns.random(2, MIB);
                try (FileChannel c = FileChannel.open(export.path(), StandardOpenOption.READ,
                        StandardOpenOption.WRITE)) {
                    ByteBuffer got = ByteBuffer.allocate(MIB);
                    c.read(got, 3L * MIB);
                    assertArrayEquals(before, got.array(), "the file shows what hosts wrote over NBD");
                    c.write(ByteBuffer.wrap(after), 8L * MIB);
                    c.force(true);
                }
                try (BlockDevice d = backend.openDevice(v.id())) {
                    assertArrayEquals(after, read(d, 8 * MIB, MIB), "writes to the file reach the volume");
                }
                assertEquals(BackendException.Reason.IN_USE, assertThrows(BackendException.class,
                        () -> backend.deleteVolume(v.id())).reason());
            }
            backend.deleteVolume(v.id());
        }
    }

    @Test
    void volumesNotAMultipleOf4KiBWorkWithAndWithoutDirectIo() throws Exception {
        for (boolean direct : new boolean[] {true, false}) {
            try (QemuBackend backend = QemuBackend.open(QemuBackendConfig.defaults(directory.resolve("d" + direct))
                    .withDirectIo(direct))) {
                long odd = SIZE + 512;
                Volume v = backend.createVolume(pool, "odd", odd);
                byte[] tail = Patterns.random(9, 1536);
                try (BlockDevice d = backend.openDevice(v.id())) {
                    assertEquals(odd, d.size());
                    write(d, odd - tail.length, tail);
                    d.flush();
                    assertArrayEquals(tail, read(d, odd - tail.length, tail.length));
                }
                backend.resizeVolume(v.id(), 2 * SIZE);
                try (BlockDevice d = backend.openDevice(v.id())) {
                    assertArrayEquals(tail, read(d, odd - tail.length, tail.length), "direct=" + direct);
                    write(d, 2 * SIZE - 2 * MIB, Patterns.filled(7, MIB));
                }
                backend.resizeVolume(v.id(), 2 * SIZE - 512);
                try (BlockDevice d = backend.openDevice(v.id())) {
                    assertArrayEquals(tail, read(d, odd - tail.length, tail.length), "direct=" + direct);
                }
            }
        }
    }

    @Test
    void changeMapShowsExactlyTheChunksWrittenOnEitherSide() throws Exception {
        try (QemuBackend backend = QemuBackend.open(QemuBackendConfig.defaults(directory))) {
            Volume source = backend.createVolume(pool, "source", SIZE);
            CopyTask mirror = backend.createMirror(source.id(), ReplicaTarget.allocate(pool, "target"),
                    MirrorMode.SYNCHRONOUS);
            mirror.completion().toCompletableFuture().get(60, TimeUnit.SECONDS);
            ReplicaPair pair = backend.split(mirror.pairId());
            int g = backend.capabilities().changeGranularityBytes();
            try (BlockDevice s = backend.openDevice(source.id()); BlockDevice t = backend.openDevice(pair.target())) {
                write(s, 5L * g + 100, Patterns.random(3, 10));
                write(t, 200L * g, Patterns.random(4, 2 * g));
            }
            ChangeMap map = backend.changeMap(pair.id());
            BitSet expected = new BitSet();
            expected.set(5);
            expected.set(200, 202);
            assertEquals(expected, map.dirty());
            assertEquals(3L * g, backend.pair(pair.id()).changedBytes());
        }
    }

    @Test
    void resyncUnderConcurrentHostWritesNeverLosesAWrite() throws Exception {
        try (QemuBackend backend = QemuBackend.open(QemuBackendConfig.defaults(directory))) {
            Volume source = backend.createVolume(pool, "source", 64L << 20);
            CopyTask mirror = backend.createMirror(source.id(), ReplicaTarget.allocate(pool, "target"),
                    MirrorMode.SYNCHRONOUS);
            mirror.completion().toCompletableFuture().get(60, TimeUnit.SECONDS);
            ReplicaPair pair = backend.fracture(mirror.pairId());
            java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
            java.util.concurrent.atomic.AtomicInteger written = new java.util.concurrent.atomic.AtomicInteger();
            Thread writer = new Thread(() -> {
                java.util.Random random = new java.util.Random(11);
                try (BlockDevice d = backend.openDevice(source.id())) {
                    for (int i = 0; !stop.get() && i < 2000; i++) {
                        int slot = random.nextInt(1024);
                        write(d, slot * 65536L, Patterns.random(i, 4096));
                        written.incrementAndGet();
                        Thread.sleep(i % 10 == 0 ? 30 : 1);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            writer.start();
            Thread.sleep(200);
            CopyProgress resync = backend.resync(pair.id()).completion().toCompletableFuture()
                    .get(60, TimeUnit.SECONDS);
            assertEquals(PairState.SYNCHRONIZED, backend.pair(pair.id()).state());
            Thread.sleep(300);
            stop.set(true);
            writer.join(10_000);
            assertTrue(written.get() > 50, "the writer ran (" + written.get() + " writes)");
            backend.split(pair.id());
            try (BlockDevice s = backend.openDevice(source.id()); BlockDevice t = backend.openDevice(pair.target())) {
                assertArrayEquals(read(s, 0, 64 << 20), read(t, 0, 64 << 20),
                        "writes before, during and after the resync are all on the target (" + written.get()
                                + " writes, resync copied " + resync.bytesWritten() + " bytes)");
            }
        }
    }

    @Test
    void anAbortedCloneReportsWhereItStopped() throws Exception {
        try (QemuBackend backend = QemuBackend.open(QemuBackendConfig.defaults(directory)
                .withCopyBytesPerSecond(16L << 20))) {
            Volume source = backend.createVolume(pool, "source", 64L << 20);
            try (BlockDevice d = backend.openDevice(source.id())) {
                write(d, 0, Patterns.random(10, 64 << 20));
            }
            CopyTask clone = backend.createClone(source.id(), ReplicaTarget.allocate(pool, "clone"));
            Thread.sleep(500);
            ReplicaPair aborted = backend.abort(clone.pairId());
            assertEquals(PairState.ABORTED, aborted.state());
            CopyProgress progress = clone.progress();
            assertEquals(org.replicacim.storage.CopyTaskState.CANCELLED, progress.state());
            assertEquals(64L << 20, progress.bytesTotal());
            assertTrue(progress.percent() < 100, "an aborted copy is not reported complete: " + progress);
        }
    }

    @Test
    void aDaemonThatDiesIsRestartedAndLiveSnapshotsReportedBroken() throws Exception {
        try (QemuBackend backend = QemuBackend.open(QemuBackendConfig.defaults(directory))) {
            Volume v = backend.createVolume(pool, "data", SIZE);
            byte[] data = Patterns.random(5, MIB);
            try (BlockDevice d = backend.openDevice(v.id())) {
                write(d, 0, data);
                d.flush();
            }
            ReplicaPair snap = backend.createSnapshot(v.id(), ReplicaTarget.allocate(pool, "snap"));
            long pid = Long.parseLong(Files.readString(directory.resolve("qsd").resolve("qsd.pid")).trim());
            ProcessHandle daemon = ProcessHandle.of(pid).orElseThrow();
            daemon.destroyForcibly();
            daemon.onExit().get(10, TimeUnit.SECONDS);
            long deadline = System.currentTimeMillis() + 30_000;
            while (backend.pair(snap.id()).state() != PairState.BROKEN && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
            assertEquals(PairState.BROKEN, backend.pair(snap.id()).state());
            long newPid = Long.parseLong(Files.readString(directory.resolve("qsd").resolve("qsd.pid")).trim());
            assertTrue(newPid != pid && ProcessHandle.of(newPid).map(ProcessHandle::isAlive).orElse(false),
                    "a new daemon runs");
            try (BlockDevice d = backend.openDevice(v.id())) {
                assertArrayEquals(data, read(d, 0, MIB), "flushed data survived the daemon's death");
            }
            backend.resync(snap.id()).completion().toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertEquals(PairState.SYNCHRONIZED, backend.pair(snap.id()).state(), "a resync takes a new snapshot");
        }
    }

    @Test
    void attachesToADaemonSomeoneElseRunsAndLeavesItRunning() throws Exception {
        Path run = Files.createDirectories(directory.resolve("external"));
        Path qmp = run.resolve("qmp.sock");
        Process daemon = new ProcessBuilder("qemu-storage-daemon", "--chardev",
                "socket,path=" + qmp + ",server=on,wait=off,id=qmp0", "--monitor", "chardev=qmp0")
                .redirectErrorStream(true).redirectOutput(run.resolve("log").toFile()).start();
        try {
            for (int i = 0; i < 500 && !Files.exists(qmp); i++) {
                Thread.sleep(10);
            }
            QemuBackendConfig config = QemuBackendConfig.defaults(directory.resolve("data"))
                    .withAttach(java.util.Optional.of(qmp), java.util.Optional.empty());
            byte[] data = Patterns.random(8, MIB);
            Volume v;
            ReplicaPair snap;
            try (QemuBackend backend = QemuBackend.open(config)) {
                v = backend.createVolume(pool, "data", SIZE);
                try (BlockDevice d = backend.openDevice(v.id())) {
                    write(d, MIB, data);
                    d.flush();
                }
                snap = backend.createSnapshot(v.id(), ReplicaTarget.allocate(pool, "snap"));
            }
            assertTrue(daemon.isAlive(), "closing the engine leaves an attached daemon running");
            try (QemuBackend backend = QemuBackend.open(config)) {
                assertEquals(PairState.SYNCHRONIZED, backend.pair(snap.id()).state());
                try (BlockDevice d = backend.openDevice(v.id())) {
                    assertArrayEquals(data, read(d, MIB, MIB));
                    write(d, MIB, Patterns.filled(0x55, MIB));
                }
                try (BlockDevice s = backend.openDevice(snap.target())) {
                    assertArrayEquals(data, read(s, MIB, MIB), "the snapshot kept its point in time");
                }
            }
        } finally {
            daemon.destroyForcibly();
            daemon.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void qcow2BitmapsSurviveAReopenSoResyncStaysIncremental() throws Exception {
        QemuBackendConfig config = QemuBackendConfig.defaults(directory)
                .withFormat(QemuBackendConfig.ImageFormat.QCOW2);
        ReplicaPair pair;
        byte[] data = Patterns.random(6, MIB);
        try (QemuBackend backend = QemuBackend.open(config)) {
            Volume source = backend.createVolume(pool, "source", SIZE);
            CopyTask mirror = backend.createMirror(source.id(), ReplicaTarget.allocate(pool, "target"),
                    MirrorMode.SYNCHRONOUS);
            mirror.completion().toCompletableFuture().get(60, TimeUnit.SECONDS);
            pair = backend.fracture(mirror.pairId());
            try (BlockDevice s = backend.openDevice(source.id())) {
                write(s, 4 * MIB, data);
            }
        }
        assertTrue(Files.exists(directory.resolve("volumes").resolve(pair.source().value() + ".qcow2")));
        try (QemuBackend backend = QemuBackend.open(config)) {
            assertEquals(PairState.FRACTURED, backend.pair(pair.id()).state());
            assertEquals(MIB, backend.changeMap(pair.id()).dirtyBytes(), "the persistent bitmap came back");
            CopyProgress resync = backend.resync(pair.id()).completion().toCompletableFuture()
                    .get(60, TimeUnit.SECONDS);
            assertEquals(MIB, resync.bytesWritten());
            backend.split(pair.id());
            try (BlockDevice s = backend.openDevice(pair.source()); BlockDevice t = backend.openDevice(pair.target())) {
                assertArrayEquals(read(s, 0, (int) SIZE), read(t, 0, (int) SIZE));
                assertArrayEquals(data, read(t, 4 * MIB, MIB));
            }
        }
    }
}
