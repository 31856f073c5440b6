package org.replicacim.it;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.replicacim.app.ReplicaCimServer;
import org.replicacim.app.ServerConfig;

/**
 * JUnit 5 extension that starts the real server (embedded defaults, built-in schema) on a free loopback port
 * with a fresh data directory before the test class and stops it afterwards.
 */
public final class RunningServer implements BeforeAllCallback, AfterAllCallback {
    private final java.util.function.UnaryOperator<ServerConfig> customise;
    private ReplicaCimServer server;
    private Path dataDir;

    /**
     * The test defaults, then any {@code -Dit.set.KEY=VALUE} system property as the configuration file's KEY, so a
     * whole IT can run on another engine: {@code -Dit.set.backend=qemu}.
     */
    public RunningServer() {
        this(c -> {
            ServerConfig adjusted = c;
            for (String name : System.getProperties().stringPropertyNames()) {
                if (name.startsWith("it.set.")) {
                    adjusted = adjusted.with(name.substring("it.set.".length()), System.getProperty(name));
                }
            }
            return adjusted;
        });
    }

    /** A server whose settings are adjusted after the test defaults (for example another block engine). */
    public RunningServer(java.util.function.UnaryOperator<ServerConfig> customise) {
        this.customise = customise;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        dataDir = Files.createTempDirectory("replicacim-it");
        server = ReplicaCimServer.start(customise.apply(ServerConfig.defaults().withHttpPort(0).withNbdPort(0)
                .withDataDir(dataDir).withHostName("localhost").with("security.anonymousLoopback", "true")));
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (server != null) {
            server.close();
        }
    }

    public int port() {
        return server.httpPort();
    }

    /** The base URL wbemcli takes, e.g. {@code http://localhost:PORT}. */
    public String url() {
        return "http://localhost:" + port();
    }

    public Path dataDir() {
        return dataDir;
    }

    public ReplicaCimServer server() {
        return server;
    }
}
