package org.replicacim.storage.qemu;

import java.nio.ByteBuffer;
import java.nio.file.Path;

import org.replicacim.storage.BlockDevice;
import org.replicacim.storage.CopyTask;
import org.replicacim.storage.MirrorMode;
import org.replicacim.storage.NbdTestClient;
import org.replicacim.storage.Patterns;
import org.replicacim.storage.PoolId;
import org.replicacim.storage.ReplicaTarget;
import org.replicacim.storage.Volume;
import org.replicacim.storage.nbd.NbdServer;

/**
 * Child JVM for {@link QemuCrashRecoveryIT}: runs a workload on the qemu engine and reports progress on stdout
 * until the parent kills it with SIGKILL (the daemon it started lives on as an orphan). Not a test itself.
 */
public final class QemuCrashVictim {
    static final long GIB = 1L << 30;
    static final int REGION = 4 << 20;
    static final int REGIONS = 48;
    static final long REGION_STRIDE = 20L << 20;
    static final int MIRROR_WRITE = 64 << 10;
    static final long MIRROR_SIZE = 64L << 20;

    private QemuCrashVictim() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[1]);
        switch (args[0]) {
            case "clone" -> clone(dir);
            case "mirror" -> mirror(dir);
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    static byte[] region(int index) {
        return Patterns.random(10_000 + index, REGION);
    }

    private static void clone(Path dir) throws Exception {
        QemuBackend backend = QemuBackend.open(QemuBackendConfig.defaults(dir)
                .withCopyBytesPerSecond(100L << 20));
        PoolId pool = backend.pools().get(0).id();
        Volume source = backend.createVolume(pool, "source", GIB);
        try (BlockDevice device = backend.openDevice(source.id())) {
            for (int r = 0; r < REGIONS; r++) {
                device.write(r * REGION_STRIDE, ByteBuffer.wrap(region(r)));
            }
            device.flush();
            System.out.println("SOURCE " + source.id());
            CopyTask task = backend.createClone(source.id(), ReplicaTarget.allocate(pool, "clone"));
            System.out.println("CLONE " + task.pairId() + " " + task.id() + " "
                    + backend.pair(task.pairId()).target());
            device.write(0, ByteBuffer.wrap(Patterns.filled(0xee, REGION)));
            device.flush();
            System.out.println("ACK_COW");
            System.out.flush();
            while (true) {
                System.out.println("PROGRESS " + task.progress().bytesDone());
                System.out.flush();
                Thread.sleep(100);
            }
        }
    }

    private static void mirror(Path dir) throws Exception {
        QemuBackend backend = QemuBackend.open(QemuBackendConfig.defaults(dir));
        PoolId pool = backend.pools().get(0).id();
        Volume syncSource = backend.createVolume(pool, "sync-source", MIRROR_SIZE);
        Volume asyncSource = backend.createVolume(pool, "async-source", MIRROR_SIZE);
        CopyTask sync = backend.createMirror(syncSource.id(), ReplicaTarget.allocate(pool, "sync-target"),
                MirrorMode.SYNCHRONOUS);
        CopyTask async = backend.createMirror(asyncSource.id(), ReplicaTarget.allocate(pool, "async-target"),
                MirrorMode.ASYNCHRONOUS);
        sync.completion().toCompletableFuture().get();
        async.completion().toCompletableFuture().get();
        NbdServer nbd = NbdServer.start(backend, 0);
        System.out.println("MIRRORS " + syncSource.id() + " " + asyncSource.id());
        try (NbdTestClient s = NbdTestClient.connect(nbd.port(), syncSource.id().value());
             NbdTestClient a = NbdTestClient.connect(nbd.port(), asyncSource.id().value())) {
            int slots = (int) (MIRROR_SIZE / MIRROR_WRITE);
            for (int i = 0; i < slots; i++) {
                byte[] data = Patterns.random(i, MIRROR_WRITE);
                s.write((long) i * MIRROR_WRITE, data);
                a.write((long) i * MIRROR_WRITE, data);
                System.out.println("ACK " + i);
                System.out.flush();
                Thread.sleep(2);
            }
        }
        System.out.println("DONE");
        System.out.flush();
        Thread.sleep(60_000);
    }
}
