package org.replicacim.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The resync-efficiency acceptance scenario, the same for every engine: a 1 GiB mirror is fractured, hosts write
 * 32 MiB of scattered blocks through NBD, and the resync must copy no more than 1.05 x those bytes (the engine's own
 * counters), with the written blocks and the first 8 MiB equal on both sides afterwards.
 */
public final class ResyncEfficiency {
    private static final long GIB = 1L << 30;

    private ResyncEfficiency() {
    }

    /**
     * Runs the scenario on a backend whose volumes {@code nbdPort} exports; {@code label} starts the RESULT line;
     * {@code checkChangeMap} also asserts that the change map shows exactly the bytes written.
     */
    public static void run(BlockBackend backend, PoolId pool, int nbdPort, int writeSize, long timeoutSeconds,
                           String label, boolean checkChangeMap) throws Exception {
        Volume source = backend.createVolume(pool, "source", GIB);
        try (NbdTestClient c = NbdTestClient.connect(nbdPort, source.id().value())) {
            c.write(0, Patterns.random(1, 8 << 20));
        }
        CopyTask mirror = backend.createMirror(source.id(), ReplicaTarget.allocate(pool, "target"),
                MirrorMode.SYNCHRONOUS);
        mirror.completion().toCompletableFuture().get(timeoutSeconds, TimeUnit.SECONDS);
        ReplicaPair pair = backend.fracture(mirror.pairId());

        BackendCounters before = backend.counters();
        long budget = 32L << 20;
        int writes = (int) (budget / writeSize);
        BitSet used = new BitSet();
        Random random = new Random(7);
        int slots = (int) (GIB / writeSize);
        try (NbdTestClient c = NbdTestClient.connect(nbdPort, source.id().value())) {
            for (int i = 0; i < writes; i++) {
                int slot;
                do {
                    slot = random.nextInt(slots);
                } while (used.get(slot));
                used.set(slot);
                c.write((long) slot * writeSize, Patterns.random(1000 + i, writeSize));
            }
            c.flush();
        }
        BackendCounters afterWrites = backend.counters();
        long hostBytes = afterWrites.hostBytesWritten() - before.hostBytesWritten();
        assertEquals(budget, hostBytes);
        if (checkChangeMap) {
            assertEquals(budget, backend.changeMap(pair.id()).dirtyBytes(), "the change map shows the writes");
        }

        CopyProgress resync = backend.resync(pair.id()).completion().toCompletableFuture()
                .get(timeoutSeconds, TimeUnit.SECONDS);
        long copied = backend.counters().copyBytesWritten() - afterWrites.copyBytesWritten();
        double ratio = (double) copied / hostBytes;
        System.out.printf("RESULT %s write=%d host=%d copied=%d task.bytesWritten=%d ratio=%.4f%n", label,
                writeSize, hostBytes, copied, resync.bytesWritten(), ratio);
        assertTrue(ratio <= 1.05, "resync copied " + copied + " bytes for " + hostBytes + " written");
        assertEquals(copied, resync.bytesWritten());
        try (NbdTestClient s = NbdTestClient.connect(nbdPort, source.id().value());
             NbdTestClient t = NbdTestClient.connect(nbdPort, pair.target().value())) {
            for (int slot = used.nextSetBit(0); slot >= 0; slot = used.nextSetBit(slot + 1)) {
                long offset = (long) slot * writeSize;
                assertEquals(java.util.Arrays.hashCode(s.read(offset, writeSize)),
                        java.util.Arrays.hashCode(t.read(offset, writeSize)), "slot " + slot);
            }
            assertEquals(s.sha256(0, 8 << 20), t.sha256(0, 8 << 20));
        }
    }
}
