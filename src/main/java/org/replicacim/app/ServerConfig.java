package org.replicacim.app;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

/**
 * The server's settings: built-in defaults, then the configuration file, then command-line flags.
 * Every key, its default and meaning is documented in {@code config/replicacim.properties}.
 */
public record ServerConfig(String bindAddress, int httpPort, Path dataDir, Path mofDir, String hostName,
                           long maxBodyBytes, Duration requestTimeout, int maxThreads) {

    /** The built-in defaults, as {@code config/replicacim.properties} lists them. */
    public static ServerConfig defaults() {
        return new ServerConfig("127.0.0.1", 5988, Path.of("data"), null, defaultHostName(),
                16L * 1024 * 1024, Duration.ofMinutes(5), 64);
    }

    private static String defaultHostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    /** Reads a properties file over these settings; unknown keys are an error so typos do not pass silently. */
    public ServerConfig withFile(Path file) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        }
        ServerConfig c = this;
        for (String key : p.stringPropertyNames()) {
            String v = p.getProperty(key).trim();
            c = switch (key) {
                case "http.bind" -> c.withBindAddress(v);
                case "http.port" -> c.withHttpPort(Integer.parseInt(v));
                case "data.dir" -> c.withDataDir(Path.of(v));
                case "mof.dir" -> c.withMofDir(v.isEmpty() ? null : Path.of(v));
                case "server.host" -> c.withHostName(v);
                case "limits.maxBodyBytes" -> new ServerConfig(c.bindAddress, c.httpPort, c.dataDir, c.mofDir,
                        c.hostName, Long.parseLong(v), c.requestTimeout, c.maxThreads);
                case "limits.requestTimeoutSeconds" -> new ServerConfig(c.bindAddress, c.httpPort, c.dataDir,
                        c.mofDir, c.hostName, c.maxBodyBytes, Duration.ofSeconds(Long.parseLong(v)), c.maxThreads);
                case "limits.maxThreads" -> new ServerConfig(c.bindAddress, c.httpPort, c.dataDir, c.mofDir,
                        c.hostName, c.maxBodyBytes, c.requestTimeout, Integer.parseInt(v));
                default -> throw new IllegalArgumentException("unknown setting '" + key + "' in " + file);
            };
        }
        return c;
    }

    public ServerConfig withBindAddress(String v) {
        return new ServerConfig(v, httpPort, dataDir, mofDir, hostName, maxBodyBytes, requestTimeout, maxThreads);
    }

    public ServerConfig withHttpPort(int v) {
        if (v < 0 || v > 65535) {
            throw new IllegalArgumentException("port out of range: " + v);
        }
        return new ServerConfig(bindAddress, v, dataDir, mofDir, hostName, maxBodyBytes, requestTimeout, maxThreads);
    }

    public ServerConfig withDataDir(Path v) {
        return new ServerConfig(bindAddress, httpPort, v, mofDir, hostName, maxBodyBytes, requestTimeout, maxThreads);
    }

    public ServerConfig withHostName(String v) {
        return new ServerConfig(bindAddress, httpPort, dataDir, mofDir, v, maxBodyBytes, requestTimeout, maxThreads);
    }

    public ServerConfig withMofDir(Path v) {
        return new ServerConfig(bindAddress, httpPort, dataDir, v, hostName, maxBodyBytes, requestTimeout, maxThreads);
    }
}
