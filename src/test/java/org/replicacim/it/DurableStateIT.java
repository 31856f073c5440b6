package org.replicacim.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.replicacim.app.ReplicaCimServer;
import org.replicacim.app.ServerConfig;
import org.replicacim.store.StoreException;

/**
 * The real server keeps what clients create in its durable store (SQLite in the data directory): an instance
 * created with wbemcli is there after a restart, and a second server on the same data directory is refused.
 */
class DurableStateIT {
    @TempDir
    Path dataDir;

    private static final String KEYS = "CreationClassName=\"CIM_IndicationFilter\",Name=\"job-progress\","
            + "SystemCreationClassName=\"CIM_ComputerSystem\",SystemName=\"localhost\"";

    private ServerConfig config() {
        return ServerConfig.defaults().withHttpPort(0).withNbdPort(-1).withDataDir(dataDir).withHostName("localhost")
                .with("security.anonymousLoopback", "true");
    }

    @Test
    void aCreatedInstanceOutlivesARestart() throws Exception {
        Wbemcli.requireInstalled();
        String query = "SELECT * FROM CIM_InstModification WHERE SourceInstance ISA CIM_ConcreteJob";
        try (ReplicaCimServer server = ReplicaCimServer.start(config())) {
            String url = "http://localhost:" + server.httpPort() + "/interop:";
            Wbemcli.run("ci", url + "CIM_IndicationFilter." + KEYS, KEYS + ",Query=\"" + query
                    + "\",QueryLanguage=\"DMTF:CQL\"").assertOk();
        }
        try (ReplicaCimServer server = ReplicaCimServer.start(config())) {
            String url = "http://localhost:" + server.httpPort() + "/interop:";
            Wbemcli.Result r = Wbemcli.run("ei", url + "CIM_IndicationFilter").assertOk();
            assertTrue(r.out().contains("Name=\"job-progress\""), r.out());
            assertTrue(r.out().contains(query), r.out());
            Wbemcli.run("di", url + "CIM_IndicationFilter." + KEYS).assertOk();
        }
        try (ReplicaCimServer server = ReplicaCimServer.start(config())) {
            Wbemcli.Result r = Wbemcli.run("ein", "http://localhost:" + server.httpPort()
                    + "/interop:CIM_IndicationFilter").assertOk();
            assertFalse(r.out().contains("job-progress"), "deleted instances stay deleted: " + r.out());
        }
    }

    @Test
    void aSecondServerOnTheSameDataDirectoryIsRefusedAtStartUp() throws Exception {
        try (ReplicaCimServer first = ReplicaCimServer.start(config())) {
            StoreException e = assertThrows(StoreException.class, () -> ReplicaCimServer.start(config()));
            assertTrue(e.getMessage().contains("is in use by another ReplicaCIM server"), e.getMessage());
            assertTrue(first.httpPort() > 0, "the first server still serves");
        }
    }
}
