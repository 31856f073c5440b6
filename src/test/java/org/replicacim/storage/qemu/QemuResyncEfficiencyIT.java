package org.replicacim.storage.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.BitSet;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import org.replicacim.storage.BackendCounters;
import org.replicacim.storage.CopyProgress;
import org.replicacim.storage.CopyTask;
import org.replicacim.storage.ExternalTool;
import org.replicacim.storage.MirrorMode;
import org.replicacim.storage.NbdTestClient;
import org.replicacim.storage.Patterns;
import org.replicacim.storage.PoolId;
import org.replicacim.storage.ReplicaPair;
import org.replicacim.storage.ReplicaTarget;
import org.replicacim.storage.Volume;
import org.replicacim.storage.nbd.NbdServer;

/**
 * Acceptance for the qemu engine: after a fracture, resync of a 1 GiB mirror copies no more than 1.05 × the bytes
 * hosts wrote since the fracture (32 MiB of scattered 128 KiB writes through NBD), measured from the engine's
 * counters, which add up the progress QEMU's jobs report.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class QemuResyncEfficiencyIT {
    private static final long GIB = 1L << 30;
    private static final int WRITE = 128 << 10;

    @TempDir
    Path directory;

    @Test
    void resyncAfterFractureCopiesOnlyWhatWasWritten() throws Exception {
        ExternalTool.require("qemu-storage-daemon", "qemu-img");
        QemuBackendConfig config = QemuBackendConfig.defaults(directory).withPoolCapacity(4 * GIB);
        try (QemuBackend backend = QemuBackend.open(config); NbdServer nbd = NbdServer.start(backend, 0)) {
            PoolId pool = config.poolId();
            Volume source = backend.createVolume(pool, "source", GIB);
            try (NbdTestClient c = NbdTestClient.connect(nbd.port(), source.id().value())) {
                c.write(0, Patterns.random(1, 8 << 20));
            }
            CopyTask mirror = backend.createMirror(source.id(), ReplicaTarget.allocate(pool, "target"),
                    MirrorMode.SYNCHRONOUS);
            mirror.completion().toCompletableFuture().get(180, TimeUnit.SECONDS);
            ReplicaPair pair = backend.fracture(mirror.pairId());

            BackendCounters before = backend.counters();
            long budget = 32L << 20;
            int writes = (int) (budget / WRITE);
            BitSet used = new BitSet();
            Random random = new Random(7);
            int slots = (int) (GIB / WRITE);
            try (NbdTestClient c = NbdTestClient.connect(nbd.port(), source.id().value())) {
                for (int i = 0; i < writes; i++) {
                    int slot;
                    do {
                        slot = random.nextInt(slots);
                    } while (used.get(slot));
                    used.set(slot);
                    c.write((long) slot * WRITE, Patterns.random(1000 + i, WRITE));
                }
                c.flush();
            }
            BackendCounters afterWrites = backend.counters();
            long hostBytes = afterWrites.hostBytesWritten() - before.hostBytesWritten();
            assertEquals(budget, hostBytes);
            assertEquals(budget, backend.changeMap(pair.id()).dirtyBytes(), "the change map shows the writes");

            CopyProgress resync = backend.resync(pair.id()).completion().toCompletableFuture()
                    .get(180, TimeUnit.SECONDS);
            long copied = backend.counters().copyBytesWritten() - afterWrites.copyBytesWritten();
            double ratio = (double) copied / hostBytes;
            System.out.printf("RESULT qemu resync write=%d host=%d copied=%d task.bytesWritten=%d ratio=%.4f%n",
                    WRITE, hostBytes, copied, resync.bytesWritten(), ratio);
            assertTrue(ratio <= 1.05, "resync copied " + copied + " bytes for " + hostBytes + " written");
            assertEquals(copied, resync.bytesWritten());
            try (NbdTestClient s = NbdTestClient.connect(nbd.port(), source.id().value());
                 NbdTestClient t = NbdTestClient.connect(nbd.port(), pair.target().value())) {
                for (int slot = used.nextSetBit(0); slot >= 0; slot = used.nextSetBit(slot + 1)) {
                    long offset = (long) slot * WRITE;
                    assertEquals(java.util.Arrays.hashCode(s.read(offset, WRITE)),
                            java.util.Arrays.hashCode(t.read(offset, WRITE)), "slot " + slot);
                }
                assertEquals(s.sha256(0, 8 << 20), t.sha256(0, 8 << 20));
            }
        }
    }
}
