package org.replicacim.storage.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.replicacim.storage.BlockBackend;
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
 * Copy-rate benchmark of the file engine (run by bench/storage/run.sh, not a unit test): clone, initial mirror copy
 * and resync after a fracture, each measured several times interleaved with dd copies of the same number of bytes,
 * every run starting from a settled page cache; prints medians and the ratio of medians. {@link Harness} is also
 * used by the qemu engine's benchmark.
 *
 * <p>Arguments: data directory, rounds, volume size in MiB, resync MiB.
 */
public final class CopyBenchmark {
    private CopyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int rounds = Integer.parseInt(args.length > 1 ? args[1] : "3");
        long size = Long.parseLong(args.length > 2 ? args[2] : "1024") << 20;
        long resyncBytes = Long.parseLong(args.length > 3 ? args[3] : "256") << 20;
        Files.createDirectories(dir);
        try (FileBackend backend = FileBackend.open(FileBackendConfig.defaults(dir))) {
            // The file engine's task completes after its own final fsync of the target: nothing to add.
            new Harness("file", backend, id -> dir.resolve("volumes").resolve(id.value() + ".img"), task -> { },
                    CpuClock.ofThisProcess(), dir, rounds, size, resyncBytes, List.of(Baseline.BUFFERED)).run();
        }
    }

    /** A dd copy the engine is compared with; the first one given to the harness is the fair one. */
    public enum Baseline {
        /** Through the page cache, one fsync at the end: the durability the engines' copies give. */
        BUFFERED("dd copy", "conv=fsync"),
        /** O_DIRECT on both sides, one request in flight: the baseline of an engine whose nodes use O_DIRECT. */
        DIRECT("dd direct copy", "iflag=direct", "oflag=direct", "conv=fsync");

        final String label;
        final List<String> flags;

        Baseline(String label, String... flags) {
            this.label = label;
            this.flags = List.of(flags);
        }
    }

    /** CPU seconds the engine's process(es) used so far: the copy's CPU cost is the difference around a run. */
    public interface CpuClock {
        double seconds();

        /** This JVM (the file engine copies in process). */
        static CpuClock ofThisProcess() {
            return () -> ProcessHandle.current().info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(0.0);
        }
    }

    /** Makes a finished task's target durable (on top of what the engine did), inside the timed span. */
    public interface Durability {
        void await(CopyTask task) throws Exception;
    }

    /**
     * Measures clone, initial mirror copy and resync of one engine {@code rounds} times each. Within a round the
     * engine copy and each dd baseline run in a rotating order, each after {@code sync} and after the kernel's
     * dirty and write-back pages fell below 32 MiB, so that no run pays for the write-back of the previous one.
     */
    public static final class Harness {
        private static final long SETTLED_BYTES = 32L << 20;
        private static final long SETTLE_MILLIS = 60_000;
        private static final int MIB = 1 << 20;

        private final String label;
        private final BlockBackend backend;
        private final Function<VolumeId, Path> image;
        private final Durability durability;
        private final CpuClock cpu;
        private final Path dir;
        private final int rounds;
        private final long size;
        private final long resyncBytes;
        private final List<Baseline> baselines;
        private final Random random = new Random(1);

        public Harness(String label, BlockBackend backend, Function<VolumeId, Path> image, Durability durability,
                       CpuClock cpu, Path dir, int rounds, long size, long resyncBytes, List<Baseline> baselines) {
            this.label = label;
            this.backend = backend;
            this.image = image;
            this.durability = durability;
            this.cpu = cpu;
            this.dir = dir;
            this.rounds = rounds;
            this.size = size;
            this.resyncBytes = resyncBytes;
            this.baselines = baselines;
        }

        public void run() throws Exception {
            PoolId pool = backend.pools().get(0).id();
            Volume source = backend.createVolume(pool, "bench-source", size);
            byte[] block = new byte[4 << 20];
            try (BlockDevice device = backend.openDevice(source.id())) {
                for (long at = 0; at < size; at += block.length) {
                    random.nextBytes(block);
                    device.write(at, ByteBuffer.wrap(block));
                }
                device.flush();
            }
            Path sourceImage = image.apply(source.id());
            List<String> summary = new ArrayList<>();

            Series clone = new Series("clone");
            for (int r = 0; r < rounds; r++) {
                clone.round(r, size, sourceImage, () -> {
                    CopyTask task = backend.createClone(source.id(), ReplicaTarget.allocate(pool, "bench-clone"));
                    double seconds = timed(task);
                    backend.removePair(task.pairId(), true);
                    return seconds;
                });
            }
            clone.summarize(summary);

            Series mirror = new Series("mirror initial");
            ReplicaPair[] kept = new ReplicaPair[1];
            for (int r = 0; r < rounds; r++) {
                boolean last = r == rounds - 1;
                mirror.round(r, size, sourceImage, () -> {
                    CopyTask task = backend.createMirror(source.id(), ReplicaTarget.allocate(pool, "bench-mirror"),
                            MirrorMode.SYNCHRONOUS);
                    double seconds = timed(task);
                    ReplicaPair fractured = backend.fracture(task.pairId());
                    if (last) {
                        kept[0] = fractured;
                    } else {
                        backend.removePair(task.pairId(), true);
                    }
                    return seconds;
                });
            }
            mirror.summarize(summary);

            Series resync = new Series("resync " + (resyncBytes / MIB) + " x 1 MiB");
            for (int r = 0; r < rounds; r++) {
                if (r > 0) {
                    backend.fracture(kept[0].id());
                }
                writeScattered(source.id());
                long[] copied = new long[1];
                resync.round(r, resyncBytes, sourceImage, () -> {
                    long before = backend.counters().copyBytesWritten();
                    double seconds = timed(backend.resync(kept[0].id()));
                    copied[0] = backend.counters().copyBytesWritten() - before;
                    return seconds;
                });
                System.out.printf(Locale.ROOT, "  %s resync round %d copied %d bytes for %d bytes written since "
                        + "the fracture (ratio %.3f)%n", label, r + 1, copied[0], resyncBytes,
                        (double) copied[0] / resyncBytes);
            }
            resync.summarize(summary);
            summary.forEach(System.out::println);
        }

        private void writeScattered(VolumeId volume) throws Exception {
            try (BlockDevice device = backend.openDevice(volume)) {
                byte[] region = new byte[MIB];
                int slots = (int) (size / MIB);
                BitSet used = new BitSet();
                for (long i = 0; i < resyncBytes / MIB; i++) {
                    int slot;
                    do {
                        slot = random.nextInt(slots);
                    } while (used.get(slot));
                    used.set(slot);
                    random.nextBytes(region);
                    device.write((long) slot * MIB, ByteBuffer.wrap(region));
                }
                device.flush();
            }
        }

        private double timed(CopyTask task) throws Exception {
            long start = System.nanoTime();
            CopyProgress done = task.completion().toCompletableFuture().get(10, TimeUnit.MINUTES);
            durability.await(task);
            double seconds = (System.nanoTime() - start) / 1e9;
            if (done.bytesDone() <= 0) {
                throw new IllegalStateException("task copied nothing");
            }
            return seconds;
        }

        private interface EngineRun {
            double seconds() throws Exception;
        }

        /** The runs of one copy kind: engine MB/s and each baseline's MB/s, one entry per round. */
        private final class Series {
            private final String kind;
            private final List<Double> engine = new ArrayList<>();
            private final List<Double> cpuPerGb = new ArrayList<>();
            private final List<List<Double>> dd = new ArrayList<>();

            Series(String kind) throws IOException {
                this.kind = kind;
                baselines.forEach(b -> dd.add(new ArrayList<>()));
                System.out.printf(Locale.ROOT, "%s %s: load %s%n", label, kind, loadAverage());
            }

            /** The engine and each baseline once, in an order rotated by the round number. */
            void round(int r, long bytes, Path sourceImage, EngineRun engineRun) throws Exception {
                int runs = baselines.size() + 1;
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %s %s round %d:", label, kind,
                        r + 1));
                for (int k = 0; k < runs; k++) {
                    int which = (k + r) % runs;
                    settle();
                    if (which == baselines.size()) {
                        double cpuBefore = cpu.seconds();
                        double mbps = bytes / 1e6 / engineRun.seconds();
                        double cpuSeconds = (cpu.seconds() - cpuBefore) / (bytes / 1e9);
                        engine.add(mbps);
                        cpuPerGb.add(cpuSeconds);
                        line.append(String.format(Locale.ROOT, "  engine %.0f (%.2f CPU s/GB)", mbps, cpuSeconds));
                    } else {
                        Baseline b = baselines.get(which);
                        double mbps = ddCopy(sourceImage, bytes, b);
                        dd.get(which).add(mbps);
                        line.append(String.format(Locale.ROOT, "  %s %.0f", b.label, mbps));
                    }
                }
                System.out.println(line.append("  MB/s"));
            }

            void summarize(List<String> summary) {
                double e = median(engine);
                System.out.printf(Locale.ROOT, "  %s %s: median engine CPU %.2f s per GB copied%n", label, kind,
                        median(cpuPerGb));
                for (int i = 0; i < baselines.size(); i++) {
                    double d = median(dd.get(i));
                    double ratio = e / d;
                    summary.add(String.format(Locale.ROOT, "SUMMARY|%s %s|%.0f|%s|%.0f|%.3f|%s", label, kind, e,
                            baselines.get(i).label, d, ratio, ratio >= 0.80 ? "met" : "not met"));
                }
            }
        }

        /** dd of the first {@code bytes} of the source image into a new file, timed until it is durable. */
        private double ddCopy(Path source, long bytes, Baseline baseline) throws Exception {
            Path copy = dir.resolve("dd-copy.img");
            List<String> argv = new ArrayList<>(List.of("dd", "if=" + source, "of=" + copy, "bs=1M",
                    "count=" + bytes / MIB, "status=none"));
            argv.addAll(baseline.flags);
            long start = System.nanoTime();
            Process dd = new ProcessBuilder(argv).inheritIO().start();
            if (!dd.waitFor(10, TimeUnit.MINUTES) || dd.exitValue() != 0) {
                dd.destroyForcibly();
                throw new IllegalStateException("dd failed: " + argv);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (Files.size(copy) != bytes) {
                throw new IllegalStateException("dd copied " + Files.size(copy) + " bytes, not " + bytes);
            }
            Files.delete(copy);
            return bytes / 1e6 / seconds;
        }

        /**
         * sync, then wait (bounded) until Dirty + Writeback in /proc/meminfo are below 32 MiB: the same starting
         * state for every timed run.
         */
        private void settle() throws Exception {
            Process sync = new ProcessBuilder("sync").inheritIO().start();
            if (!sync.waitFor(SETTLE_MILLIS, TimeUnit.MILLISECONDS)) {
                sync.destroyForcibly();
                System.out.println("  (sync did not return within 60 s)");
            }
            long deadline = System.currentTimeMillis() + SETTLE_MILLIS;
            long pending = pendingWriteBack();
            while (pending >= SETTLED_BYTES) {
                if (System.currentTimeMillis() > deadline) {
                    System.out.printf(Locale.ROOT, "  (gave up waiting for write-back after 60 s: %d MiB dirty "
                            + "+ write-back)%n", pending >> 20);
                    return;
                }
                Thread.sleep(50);
                pending = pendingWriteBack();
            }
        }

        private static long pendingWriteBack() throws IOException {
            long bytes = 0;
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"), StandardCharsets.US_ASCII)) {
                if (line.startsWith("Dirty:") || line.startsWith("Writeback:")) {
                    bytes += Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
            return bytes;
        }

        private static String loadAverage() throws IOException {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        }

        private static double median(List<Double> values) {
            double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
            Arrays.sort(sorted);
            int n = sorted.length;
            return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        }
    }
}
