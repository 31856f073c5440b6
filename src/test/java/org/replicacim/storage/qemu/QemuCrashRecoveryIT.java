package org.replicacim.storage.qemu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import org.replicacim.storage.BlockDevice;
import org.replicacim.storage.CopyProgress;
import org.replicacim.storage.CopyTask;
import org.replicacim.storage.CopyTaskId;
import org.replicacim.storage.CopyTaskState;
import org.replicacim.storage.ExternalTool;
import org.replicacim.storage.PairState;
import org.replicacim.storage.Patterns;
import org.replicacim.storage.ReplicaPair;
import org.replicacim.storage.ReplicaPairId;
import org.replicacim.storage.VolumeId;

/**
 * Acceptance for the qemu engine: kill -9 of a child JVM during a 1 GiB clone and during mirrored writes (its
 * qemu-storage-daemon lives on as an orphan). After reopening, every volume opens, acknowledged writes are on the
 * source, the interrupted clone is reported FAILED with its pair ABORTED (QEMU 7.2 cannot continue a backup) and
 * a resync completes it; synchronized mirrors are copied again in full and end SYNCHRONIZED and equal.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class QemuCrashRecoveryIT {
    @TempDir
    Path directory;

    @AfterEach
    void noOrphanLeft() throws IOException {
        // Whatever happened, do not leave a daemon behind.
        Path pid = directory.resolve("qsd").resolve("qsd.pid");
        if (Files.exists(pid)) {
            ProcessHandle.of(Long.parseLong(Files.readString(pid).trim()))
                    .filter(h -> h.info().command().map(c -> c.contains("qemu-storage-daemon")).orElse(false))
                    .ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void killDuringCloneReportsTheCopyFailedAndResyncCompletesIt() throws Exception {
        ExternalTool.require("qemu-storage-daemon", "qemu-img");
        Process child = startChild("clone");
        try {
            BlockingQueue<String> lines = readLines(child);
            String[] clone = await(lines, "CLONE ").split(" ");
            await(lines, "ACK_COW");
            long done;
            do {
                done = Long.parseLong(await(lines, "PROGRESS ").split(" ")[1]);
            } while (done < 300L << 20);
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            System.out.println("RESULT qemu killed clone at " + done + " of " + QemuCrashVictim.GIB + " bytes");

            try (QemuBackend backend = QemuBackend.open(QemuBackendConfig.defaults(directory))) {
                assertEquals(2, backend.volumes().size(), "both volumes reopen");
                ReplicaPair pair = backend.pair(ReplicaPairId.of(clone[1]));
                assertEquals(PairState.ABORTED, pair.state(), "the interrupted clone is not reported complete");
                CopyTask task = backend.task(CopyTaskId.of(clone[2]));
                assertEquals(CopyTaskState.FAILED, task.progress().state());
                assertTrue(task.progress().error().orElse("").contains("interrupted"));
                assertThrows(ExecutionException.class,
                        () -> task.completion().toCompletableFuture().get(1, TimeUnit.SECONDS));
                VolumeId source = pair.source();
                VolumeId target = VolumeId.of(clone[3]);
                try (BlockDevice s = backend.openDevice(source)) {
                    assertArrayEquals(Patterns.filled(0xee, QemuCrashVictim.REGION),
                            read(s, 0, QemuCrashVictim.REGION), "acknowledged write during the clone is on the source");
                    for (int r = 1; r < QemuCrashVictim.REGIONS; r++) {
                        assertArrayEquals(QemuCrashVictim.region(r), read(s, r * QemuCrashVictim.REGION_STRIDE,
                                QemuCrashVictim.REGION), "source region " + r);
                    }
                }
                CopyProgress resynced = backend.resync(pair.id()).completion().toCompletableFuture()
                        .get(180, TimeUnit.SECONDS);
                assertEquals(CopyTaskState.COMPLETED, resynced.state());
                assertEquals(PairState.SYNCHRONIZED, backend.pair(pair.id()).state());
                try (BlockDevice s = backend.openDevice(source); BlockDevice t = backend.openDevice(target)) {
                    assertEqual(s, t, 0, QemuCrashVictim.GIB);
                }
            }
        } finally {
            child.destroyForcibly();
        }
    }

    @Test
    void killDuringMirroredWritesKeepsAcknowledgedWritesAndRecopiesTargets() throws Exception {
        ExternalTool.require("qemu-storage-daemon", "qemu-img");
        Process child = startChild("mirror");
        try {
            BlockingQueue<String> lines = readLines(child);
            String[] mirrors = await(lines, "MIRRORS ").split(" ");
            int acked = -1;
            while (acked < 200) {
                acked = Integer.parseInt(await(lines, "ACK ").split(" ")[1]);
            }
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            String line;
            while ((line = lines.poll()) != null) {
                if (line.startsWith("ACK ")) {
                    acked = Integer.parseInt(line.split(" ")[1]);
                }
            }
            System.out.println("RESULT qemu killed mirrored writes after " + (acked + 1) + " acknowledged writes");

            try (QemuBackend backend = QemuBackend.open(QemuBackendConfig.defaults(directory))) {
                assertEquals(4, backend.volumes().size(), "every volume reopens");
                for (ReplicaPair pair : backend.pairs()) {
                    Optional<CopyTaskId> task = pair.activeTask();
                    assertTrue(task.isPresent(), "a synchronized mirror is copied again after the crash");
                    backend.task(task.get()).completion().toCompletableFuture().get(120, TimeUnit.SECONDS);
                }
                for (int m = 1; m <= 2; m++) {
                    VolumeId source = VolumeId.of(mirrors[m]);
                    ReplicaPair pair = backend.pairs().stream().filter(p -> p.source().equals(source)).findFirst()
                            .orElseThrow();
                    assertEquals(PairState.SYNCHRONIZED, pair.state(), pair.toString());
                    try (BlockDevice s = backend.openDevice(source);
                         BlockDevice t = backend.openDevice(pair.target())) {
                        for (int i = 0; i <= acked; i++) {
                            assertArrayEquals(Patterns.random(i, QemuCrashVictim.MIRROR_WRITE),
                                    read(s, (long) i * QemuCrashVictim.MIRROR_WRITE, QemuCrashVictim.MIRROR_WRITE),
                                    "acknowledged write " + i + " on " + source);
                        }
                        assertNotEquals(true, t.writable(), "a mirror target stays read-only");
                        assertEqual(s, t, 0, QemuCrashVictim.MIRROR_SIZE);
                    }
                }
            }
        } finally {
            child.destroyForcibly();
        }
    }

    private Process startChild(String mode) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                QemuCrashVictim.class.getName(), mode, directory.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static BlockingQueue<String> readLines(Process child) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("EOF " + e);
            }
            lines.add("EOF");
        }, "qemu-crash-victim-stdout");
        reader.setDaemon(true);
        reader.start();
        return lines;
    }

    private static String await(BlockingQueue<String> lines, String prefix) throws InterruptedException {
        while (true) {
            String line = lines.poll(120, TimeUnit.SECONDS);
            assertNotNull(line, "child said nothing while waiting for " + prefix);
            if (line.startsWith(prefix)) {
                return line;
            }
            if (line.startsWith("EOF") || line.startsWith("DONE")) {
                fail("child ended before " + prefix + ": " + line);
            }
        }
    }

    private static byte[] read(BlockDevice device, long offset, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        device.read(offset, buffer);
        return buffer.array();
    }

    private static void assertEqual(BlockDevice a, BlockDevice b, long from, long to) throws IOException {
        int piece = 4 << 20;
        ByteBuffer x = ByteBuffer.allocate(piece);
        ByteBuffer y = ByteBuffer.allocate(piece);
        for (long at = from; at < to; at += piece) {
            int n = (int) Math.min(piece, to - at);
            x.clear().limit(n);
            y.clear().limit(n);
            a.read(at, x);
            b.read(at, y);
            x.flip();
            y.flip();
            int mismatch = x.mismatch(y);
            if (mismatch >= 0) {
                fail("volumes differ at byte " + (at + mismatch));
            }
        }
    }
}
