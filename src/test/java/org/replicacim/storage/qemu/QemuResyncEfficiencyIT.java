package org.replicacim.storage.qemu;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import org.replicacim.storage.ExternalTool;
import org.replicacim.storage.ResyncEfficiency;
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
            ResyncEfficiency.run(backend, config.poolId(), nbd.port(), WRITE, 180, "qemu resync", true);
        }
    }
}
