package org.replicacim.storage.file;

import java.nio.file.Path;

import org.replicacim.storage.BlockBackend;
import org.replicacim.storage.BlockBackendContract;

/** Runs the backend contract against the embedded file engine. */
class FileBackendContractTest extends BlockBackendContract {
    @Override
    protected BlockBackend openBackend(Path directory) throws Exception {
        return FileBackend.open(FileBackendConfig.defaults(directory).withPoolCapacity(1L << 30));
    }
}
