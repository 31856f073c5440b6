package org.replicacim.storage.qemu;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import org.replicacim.storage.VolumeId;
import org.replicacim.storage.file.CopyBenchmark;
import org.replicacim.storage.file.CopyBenchmark.Baseline;

/**
 * Copy-rate benchmark of the qemu engine (run by bench/storage/run.sh, not a unit test): the file engine's harness
 * ({@link CopyBenchmark.Harness}) with each copy timed to completion plus an fsync of the target image (what dd's
 * conv=fsync pays). With O_DIRECT the fair baseline is a dd copy with O_DIRECT on both sides; the buffered dd copy
 * is reported too.
 *
 * <p>Arguments: data directory, rounds, volume size in MiB, resync MiB, direct I/O (true/false).
 */
public final class QemuCopyBenchmark {
    private QemuCopyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int rounds = Integer.parseInt(args[1]);
        long size = Long.parseLong(args[2]) << 20;
        long resyncBytes = Long.parseLong(args[3]) << 20;
        boolean direct = Boolean.parseBoolean(args[4]);
        Files.createDirectories(dir);
        QemuBackendConfig config = QemuBackendConfig.defaults(dir).withDirectIo(direct);
        Path volumes = dir.resolve("volumes");
        try (QemuBackend backend = QemuBackend.open(config)) {
            CopyBenchmark.Durability fsyncTarget = task -> {
                VolumeId target = backend.pair(task.pairId()).target();
                try (FileChannel c = FileChannel.open(volumes.resolve(target.value() + ".raw"),
                        StandardOpenOption.WRITE)) {
                    c.force(true);
                }
            };
            new CopyBenchmark.Harness(direct ? "qemu O_DIRECT" : "qemu page cache", backend,
                    id -> volumes.resolve(id.value() + ".raw"), fsyncTarget, QemuCopyBenchmark::daemonCpuSeconds,
                    dir, rounds, size, resyncBytes,
                    direct ? List.of(Baseline.DIRECT, Baseline.BUFFERED) : List.of(Baseline.BUFFERED)).run();
        }
    }

    /** CPU time of the qemu-storage-daemon this JVM started (the copy jobs run there, not here). */
    private static double daemonCpuSeconds() {
        return ProcessHandle.current().descendants()
                .filter(p -> p.info().command().map(c -> c.endsWith("qemu-storage-daemon")).orElse(false))
                .mapToDouble(p -> p.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(0.0)).sum();
    }
}
