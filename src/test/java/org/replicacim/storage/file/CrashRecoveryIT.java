package org.replicacim.storage.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import org.replicacim.storage.BlockDevice;
import org.replicacim.storage.CopyProgress;
import org.replicacim.storage.CopyTask;
import org.replicacim.storage.CopyTaskId;
import org.replicacim.storage.CopyTaskState;
import org.replicacim.storage.PairState;
import org.replicacim.storage.Patterns;
import org.replicacim.storage.ReplicaPair;
import org.replicacim.storage.ReplicaPairId;
import org.replicacim.storage.Volume;
import org.replicacim.storage.VolumeId;

/**
 * Acceptance: kill -9 of a child JVM during a 1 GiB clone and during mirrored writes. After reopening, every
 * volume opens, acknowledged writes are on the source, and the interrupted copy resumes (or reports failure) —
 * the target is never silently short.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class CrashRecoveryIT {
    @TempDir
    Path directory;

    @Test
    void killDuringCloneResumesToACompletePointInTimeCopy() throws Exception {
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
            System.out.println("RESULT killed clone at " + done + " of " + CrashVictim.GIB + " bytes");

            try (FileBackend backend = FileBackend.open(FileBackendConfig.defaults(directory))) {
                List<Volume> volumes = backend.volumes();
                assertEquals(2, volumes.size(), "both volumes reopen");
                ReplicaPair pair = backend.pair(ReplicaPairId.of(clone[1]));
                assertTrue(pair.state() == PairState.COPYING || pair.state() == PairState.SYNCHRONIZED
                        || pair.state() == PairState.BROKEN, "state " + pair.state());
                CopyTask task = backend.task(CopyTaskId.of(clone[2]));
                CopyProgress resumed = task.completion().toCompletableFuture().get(180, TimeUnit.SECONDS);
                assertEquals(CopyTaskState.COMPLETED, resumed.state());
                assertEquals(PairState.SYNCHRONIZED, backend.pair(pair.id()).state());
                VolumeId source = pair.source();
                VolumeId target = VolumeId.of(clone[3]);
                try (BlockDevice s = backend.openDevice(source); BlockDevice t = backend.openDevice(target)) {
                    assertArrayEquals(Patterns.filled(0xee, CrashVictim.REGION), read(s, 0, CrashVictim.REGION),
                            "acknowledged write during the clone is on the source");
                    assertArrayEquals(CrashVictim.region(0), read(t, 0, CrashVictim.REGION),
                            "the clone keeps the point in time of region 0");
                    for (int r = 1; r < CrashVictim.REGIONS; r++) {
                        long offset = r * CrashVictim.REGION_STRIDE;
                        assertArrayEquals(CrashVictim.region(r), read(s, offset, CrashVictim.REGION), "source " + r);
                    }
                    assertEqualFrom(s, t, CrashVictim.REGION, CrashVictim.GIB);
                }
            }
        } finally {
            child.destroyForcibly();
        }
    }

    @Test
    void killDuringMirroredWritesKeepsAcknowledgedWritesAndResyncsTargets() throws Exception {
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
            System.out.println("RESULT killed mirrored writes after " + (acked + 1) + " acknowledged writes");

            try (FileBackend backend = FileBackend.open(FileBackendConfig.defaults(directory))) {
                assertEquals(4, backend.volumes().size(), "every volume reopens");
                for (ReplicaPair pair : backend.pairs()) {
                    if (pair.activeTask().isPresent()) {
                        backend.task(pair.activeTask().get()).completion().toCompletableFuture()
                                .get(60, TimeUnit.SECONDS);
                    }
                }
                for (int m = 1; m <= 2; m++) {
                    VolumeId source = VolumeId.of(mirrors[m]);
                    ReplicaPair pair = backend.pairs().stream().filter(p -> p.source().equals(source)).findFirst()
                            .orElseThrow();
                    assertEquals(PairState.SYNCHRONIZED, pair.state(), pair.toString());
                    try (BlockDevice s = backend.openDevice(source);
                         BlockDevice t = backend.openDevice(pair.target())) {
                        for (int i = 0; i <= acked; i++) {
                            assertArrayEquals(Patterns.random(i, CrashVictim.MIRROR_WRITE),
                                    read(s, (long) i * CrashVictim.MIRROR_WRITE, CrashVictim.MIRROR_WRITE),
                                    "acknowledged write " + i + " on " + source);
                        }
                        assertEqualFrom(s, t, 0, CrashVictim.MIRROR_SIZE);
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
                CrashVictim.class.getName(), mode, directory.toString())
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
        }, "crash-victim-stdout");
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

    private static void assertEqualFrom(BlockDevice a, BlockDevice b, long from, long to) throws IOException {
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
