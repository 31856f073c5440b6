package org.replicacim.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.replicacim.security.Role;

class SecuritySettingsTest {
    @Test
    void secureByDefault() {
        SecuritySettings s = ServerConfig.defaults().security();
        assertFalse(s.anonymousLoopback(), "credentials are required unless anonymous loopback is switched on");
        assertTrue(s.httpEnabled());
        assertEquals(-1, s.httpsPort());
        assertEquals(Path.of("d", "users"), s.usersFile(Path.of("d")));
    }

    @Test
    void settingsParseAndBadValuesAreNamed() {
        ServerConfig c = ServerConfig.defaults().with("https.port", "5989").with("http.enabled", "false")
                .with("security.anonymousRole", "reader").with("limits.maxRequestsPerUser", "3")
                .with("security.usersFile", "/etc/replicacim/users");
        assertEquals(5989, c.security().httpsPort());
        assertFalse(c.security().httpEnabled());
        assertEquals(Role.READER, c.security().anonymousRole());
        assertEquals(3, c.security().maxRequestsPerUser());
        assertEquals(Path.of("/etc/replicacim/users"), c.security().usersFile(Path.of("data")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ServerConfig.defaults().with("http.enabled", "yes"));
        assertTrue(e.getMessage().contains("http.enabled"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ServerConfig.defaults().with("security.anonymousRole", "root"));
        assertThrows(IllegalArgumentException.class, () -> ServerConfig.defaults().with("security.typo", "1"));
        assertThrows(IllegalArgumentException.class, () -> ServerConfig.defaults().with("https.port", "70000"));
    }

    @Test
    void anonymousAccessNeedsALoopbackListener() {
        assertTrue(ReplicaCimServer.isLoopback("127.0.0.1"));
        assertTrue(ReplicaCimServer.isLoopback("::1"));
        assertTrue(ReplicaCimServer.isLoopback("localhost"));
        assertFalse(ReplicaCimServer.isLoopback("0.0.0.0"), "a wildcard listener is reachable from outside");
        assertFalse(ReplicaCimServer.isLoopback("192.0.2.10"));
    }
}
