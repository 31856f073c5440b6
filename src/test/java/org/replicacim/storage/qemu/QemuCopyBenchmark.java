package org.replicacim.storage.qemu;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.BitSet;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.replicacim.storage.BlockDevice;
import org.replicacim.storage.CopyProgress;
import org.replicacim.storage.CopyTask;
import org.replicacim.storage.MirrorMode;
import org.replicacim.storage.PoolId;
import org.replicacim.storage.ReplicaPair;
import org.replicacim.storage.ReplicaTarget;
import org.replicacim.storage.Volume;
import org.replicacim.storage.VolumeId;

/**
 * Copy-rate benchmark of the qemu engine (run by bench/storage/run.sh, not a unit test): full clone, initial mirror
 * copy and resync after a fracture, each timed to completion plus an fsync of the target image (what dd's
 * conv=fsync pays), printed next to the dd figures the script measured on the same file system.
 *
 * <p>Arguments: data directory, dd write MB/s, dd copy MB/s, volume size in MiB, resync MiB, direct I/O (true/false).
 */
public final class QemuCopyBenchmark {
    private QemuCopyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        double ddWrite = Double.parseDouble(args[1]);
        double ddCopy = Double.parseDouble(args[2]);
        long size = Long.parseLong(args[3]) << 20;
        long resyncBytes = Long.parseLong(args[4]) << 20;
        boolean direct = Boolean.parseBoolean(args[5]);
        Files.createDirectories(dir);
        QemuBackendConfig config = QemuBackendConfig.defaults(dir).withDirectIo(direct);
        String label = direct ? "qemu O_DIRECT" : "qemu page cache";
        try (QemuBackend backend = QemuBackend.open(config)) {
            PoolId pool = backend.pools().get(0).id();
            Volume source = backend.createVolume(pool, "bench-source", size);
            byte[] block = new byte[4 << 20];
            Random random = new Random(1);
            try (BlockDevice device = backend.openDevice(source.id())) {
                for (long at = 0; at < size; at += block.length) {
                    random.nextBytes(block);
                    device.write(at, ByteBuffer.wrap(block));
                }
                device.flush();
            }
            Path ddSource = dir.resolve("dd-source.img");
            writeRandom(ddSource, size);
            double adjacent = ddCopy(ddSource, dir);
            CopyTask clone = backend.createClone(source.id(), ReplicaTarget.allocate(pool, "bench-clone"));
            report(label + " clone", size, timed(backend, clone, dir), ddWrite, ddCopy, adjacent);
            adjacent = ddCopy(ddSource, dir);
            CopyTask mirror = backend.createMirror(source.id(), ReplicaTarget.allocate(pool, "bench-mirror"),
                    MirrorMode.SYNCHRONOUS);
            report(label + " mirror initial copy", size, timed(backend, mirror, dir), ddWrite, ddCopy, adjacent);
            ReplicaPair pair = backend.fracture(mirror.pairId());
            long regions = resyncBytes / (1 << 20);
            try (BlockDevice device = backend.openDevice(source.id())) {
                byte[] region = new byte[1 << 20];
                long slots = size / region.length;
                BitSet used = new BitSet();
                for (int i = 0; i < regions; i++) {
                    int slot;
                    do {
                        slot = random.nextInt((int) slots);
                    } while (used.get(slot));
                    used.set(slot);
                    random.nextBytes(region);
                    device.write((long) slot * region.length, ByteBuffer.wrap(region));
                }
                device.flush();
            }
            adjacent = ddCopy(ddSource, dir);
            Files.delete(ddSource);
            long before = backend.counters().copyBytesWritten();
            double resync = timed(backend, backend.resync(pair.id()), dir);
            long copied = backend.counters().copyBytesWritten() - before;
            report(label + " resync (" + regions + " x 1 MiB)", copied, resync, ddWrite, ddCopy, adjacent);
            System.out.printf("%s resync copied %d bytes for %d bytes written (ratio %.3f)%n", label, copied,
                    resyncBytes, (double) copied / resyncBytes);
        }
    }

    private static double timed(QemuBackend backend, CopyTask task, Path dir) throws Exception {
        long start = System.nanoTime();
        CopyProgress done = task.completion().toCompletableFuture().get(10, TimeUnit.MINUTES);
        VolumeId target = backend.pair(task.pairId()).target();
        try (FileChannel c = FileChannel.open(dir.resolve("volumes").resolve(target.value() + ".raw"),
                StandardOpenOption.WRITE)) {
            c.force(true);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (done.bytesDone() <= 0) {
            throw new IllegalStateException("task copied nothing");
        }
        return seconds;
    }

    private static void report(String what, long bytes, double seconds, double ddWrite, double ddCopy,
                               double adjacent) {
        double mbps = bytes / 1e6 / seconds;
        System.out.printf("%-40s %8.1f MB in %6.2f s = %7.1f MB/s  (%5.1f %% of dd write, %5.1f %% of dd copy; "
                        + "dd copy just before: %.1f MB/s, ratio %.0f %%)%n",
                what, bytes / 1e6, seconds, mbps, 100 * mbps / ddWrite, 100 * mbps / ddCopy, adjacent,
                100 * mbps / adjacent);
    }

    private static void writeRandom(Path file, long size) throws Exception {
        byte[] block = new byte[4 << 20];
        Random random = new Random(2);
        try (FileChannel c = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            for (long at = 0; at < size; at += block.length) {
                random.nextBytes(block);
                c.write(ByteBuffer.wrap(block), at);
            }
            c.force(true);
        }
    }

    /**
     * The machine is shared and dd's rate swings several-fold from one run to the next, so each engine figure is
     * also compared with a dd copy of the same size made right before it.
     */
    private static double ddCopy(Path source, Path dir) throws Exception {
        Path copy = dir.resolve("dd-copy.img");
        long start = System.nanoTime();
        Process dd = new ProcessBuilder("dd", "if=" + source, "of=" + copy, "bs=1M", "conv=fsync", "status=none")
                .inheritIO().start();
        if (!dd.waitFor(10, TimeUnit.MINUTES) || dd.exitValue() != 0) {
            throw new IllegalStateException("dd failed");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long bytes = Files.size(source);
        Files.delete(copy);
        return bytes / 1e6 / seconds;
    }
}
