package org.replicacim.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store settings: defaults, the settings file, checks, and the password never printed. */
class ServerConfigStoreTest {
    @TempDir
    Path dir;

    @Test
    void theShippedSettingsFileGivesTheDefaults() throws Exception {
        ServerConfig c = ServerConfig.defaults().withFile(Path.of("config/replicacim.properties"));
        assertNull(c.storeUrl(), "SQLite in the data directory by default");
        assertNull(c.storeUser());
        assertNull(c.storePassword());
        assertEquals(Duration.ofSeconds(15), c.storeLease());
    }

    @Test
    void aPostgresStoreIsConfiguredByTheSettingsFileAndItsPasswordIsNeverPrinted() throws Exception {
        Path f = dir.resolve("s.properties");
        Files.writeString(f, "store.url = jdbc:postgresql://127.0.0.1:5432/replicacim\nstore.user = cim\n"
                + "store.password = s3cret\nstore.leaseSeconds = 30\n");
        ServerConfig c = ServerConfig.defaults().withFile(f);
        assertEquals("jdbc:postgresql://127.0.0.1:5432/replicacim", c.storeUrl());
        assertEquals("cim", c.storeUser());
        assertEquals("s3cret", c.storePassword());
        assertEquals(Duration.ofSeconds(30), c.storeLease());
        assertFalse(c.toString().contains("s3cret"), c.toString());
        assertTrue(c.toString().contains("storePassword=***"), c.toString());
    }

    @Test
    void badStoreSettingsAreRefusedWithTheKeyNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ServerConfig.defaults().with("store.url", "jdbc:mysql://x/y"));
        assertTrue(e.getMessage().startsWith("store.url must be a PostgreSQL JDBC URL"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ServerConfig.defaults().with("store.leaseSeconds", "1"));
        assertTrue(e.getMessage().contains("at least 3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ServerConfig.defaults().with("store.leaseSeconds", "x"));
        assertTrue(e.getMessage().contains("store.leaseSeconds"), e.getMessage());
    }
}
