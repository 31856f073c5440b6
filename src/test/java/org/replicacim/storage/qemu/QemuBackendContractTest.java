package org.replicacim.storage.qemu;

import java.nio.file.Path;

import org.replicacim.storage.BlockBackend;
import org.replicacim.storage.BlockBackendContract;
import org.replicacim.storage.ExternalTool;

/** Runs the backend contract against the qemu-storage-daemon engine (raw images, the default). */
class QemuBackendContractTest extends BlockBackendContract {
    @Override
    protected BlockBackend openBackend(Path directory) throws Exception {
        ExternalTool.require("qemu-storage-daemon", "qemu-img");
        return QemuBackend.open(QemuBackendConfig.defaults(directory).withPoolCapacity(1L << 30));
    }
}
