package org.replicacim.storage.file;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
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

/**
 * Copy-rate benchmark of the file engine (run by bench/storage/run.sh, not a unit test): full clone, initial mirror
 * copy and resync after a fracture, each timed to completion including the final fsync, printed next to the dd
 * figure the script measured on the same file system and next to a dd copy of the source image made right before
 * each engine copy.
 *
 * <p>Arguments: data directory, dd MB/s, volume size in MiB, resync MiB.
 */
public final class CopyBenchmark {
    private CopyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        double ddMbps = Double.parseDouble(args[1]);
        long size = Long.parseLong(args.length > 2 ? args[2] : "1024") << 20;
        long resyncBytes = Long.parseLong(args.length > 3 ? args[3] : "256") << 20;
        Files.createDirectories(dir);
        try (FileBackend backend = FileBackend.open(FileBackendConfig.defaults(dir))) {
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
            Path sourceImage = dir.resolve("volumes").resolve(source.id().value() + ".img");
            double adjacent = ddCopy(sourceImage, dir);
            double clone = timed(backend.createClone(source.id(), ReplicaTarget.allocate(pool, "bench-clone")));
            report("clone", size, clone, ddMbps, adjacent);
            adjacent = ddCopy(sourceImage, dir);
            CopyTask mirror = backend.createMirror(source.id(), ReplicaTarget.allocate(pool, "bench-mirror"),
                    MirrorMode.SYNCHRONOUS);
            report("mirror initial copy", size, timed(mirror), ddMbps, adjacent);
            ReplicaPair pair = backend.fracture(mirror.pairId());
            long regions = resyncBytes / (1 << 20);
            try (BlockDevice device = backend.openDevice(source.id())) {
                byte[] region = new byte[1 << 20];
                long slots = size / region.length;
                java.util.BitSet used = new java.util.BitSet();
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
            adjacent = ddCopy(sourceImage, dir);
            long before = backend.counters().copyBytesWritten();
            double resync = timed(backend.resync(pair.id()));
            long copied = backend.counters().copyBytesWritten() - before;
            report("resync (" + regions + " x 1 MiB scattered)", copied, resync, ddMbps, adjacent);
            System.out.printf("resync copied %d bytes for %d bytes written (ratio %.3f)%n", copied, resyncBytes,
                    (double) copied / resyncBytes);
        }
    }

    private static double timed(CopyTask task) throws Exception {
        long start = System.nanoTime();
        CopyProgress done = task.completion().toCompletableFuture().get(10, TimeUnit.MINUTES);
        double seconds = (System.nanoTime() - start) / 1e9;
        if (done.bytesDone() <= 0) {
            throw new IllegalStateException("task copied nothing");
        }
        return seconds;
    }

    private static void report(String what, long bytes, double seconds, double ddMbps, double adjacent) {
        double mbps = bytes / 1e6 / seconds;
        System.out.printf("%-36s %8.1f MB in %6.2f s = %7.1f MB/s  (%5.1f %% of dd %.1f MB/s; "
                        + "dd copy just before: %.1f MB/s, ratio %.0f %%)%n", what, bytes / 1e6, seconds, mbps,
                100 * mbps / ddMbps, ddMbps, adjacent, 100 * mbps / adjacent);
    }

    /**
     * The machine is shared and dd's rate swings several-fold from one run to the next (the host's write cache
     * absorbs one burst, the next waits for it), so each engine figure is also compared with a dd copy of the
     * source image made right before it.
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
