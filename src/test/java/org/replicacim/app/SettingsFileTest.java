package org.replicacim.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The shipped config/replicacim.properties documents the defaults: as shipped it changes nothing. */
class SettingsFileTest {
    private static final Path FILE = Path.of("config/replicacim.properties");
    /** {@code key = value} lines, active or commented out ({@code # server.host = localhost}). */
    private static final Pattern SETTING = Pattern.compile("^#?\\s*([a-z][A-Za-z.]+)\\s*=\\s*(.*)$");

    @Test
    void theShippedFileHoldsExactlyTheDefaults() throws Exception {
        ServerConfig defaults = ServerConfig.defaults();
        assertEquals(defaults, defaults.withFile(FILE));
    }

    @Test
    void everyDocumentedKeyIsASettingAndIsExplainedAboveIt() throws Exception {
        List<String> lines = Files.readAllLines(FILE);
        int settings = 0;
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = SETTING.matcher(lines.get(i));
            if (!m.matches()) {
                continue;
            }
            String key = m.group(1);
            if (lines.get(i).startsWith("#") && !key.contains(".")) {
                continue; // prose such as "# operator = reader + …"; commented-out settings all have dotted keys
            }
            // accepted by the server (an unknown key would throw)
            ServerConfig.defaults().with(key, m.group(2).trim());
            // explained by the comment above it, or above the group of settings it belongs to
            int k = i - 1;
            while (k >= 0 && SETTING.matcher(lines.get(k)).matches() && !lines.get(k).startsWith("#")) {
                k--;
            }
            final int above = k;
            assertTrue(above >= 0 && lines.get(above).startsWith("#"), key + " has no explanation above it");
            settings++;
        }
        assertTrue(settings >= 18, "only " + settings + " settings documented");
    }

    /** The container's settings are valid settings: all interfaces, HTTPS on 5989, data in the volume. */
    @Test
    void theContainerSettingsLoad() throws Exception {
        ServerConfig c = ServerConfig.defaults().withFile(Path.of("docker/replicacim.properties"));
        assertEquals("0.0.0.0", c.bindAddress());
        assertEquals(5989, c.security().httpsPort());
        assertEquals(Path.of("/var/lib/replicacim"), c.dataDir());
        assertEquals("localhost", c.hostName());
    }
}
