package org.replicacim.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The store contract on the embedded default, SQLite in the data directory; plus what only SQLite has. */
class SqliteStoreTest extends StoreContract {
    @Override
    StoreConfig config() {
        return StoreConfig.sqlite(dataDir).withNodeName("test node");
    }

    @Test
    void theDatabaseIsInTheDataDirectoryInWalModeWithFullSync() {
        Store s = open();
        assertTrue(java.nio.file.Files.exists(dataDir.resolve(StoreConfig.SQLITE_FILE)));
        assertEquals("wal", s.database().write(tx -> tx.queryOne("PRAGMA journal_mode", r -> r.getString(1))));
        assertEquals(Integer.valueOf(2), s.database().write(tx -> tx.queryOne("PRAGMA synchronous", r -> r.getInt(1))), "FULL");
        assertEquals(Integer.valueOf(2), s.database().read(tx -> tx.queryOne("PRAGMA synchronous", r -> r.getInt(1))), "FULL");
    }

    @Test
    void aSecondServerOnTheSameDataDirectoryIsRefused() {
        open();
        StoreException e = assertThrows(StoreException.class, () -> Store.open(config().withNodeName("intruder")));
        assertTrue(e.getMessage().contains("is in use by another ReplicaCIM server (test node)"), e.getMessage());
        assertTrue(e.getMessage().contains(dataDir.toAbsolutePath().toString()), e.getMessage());
    }

    @Test
    void closingReleasesTheDataDirectory() {
        Store s = open();
        s.close();
        open().close();
    }
}
