package org.replicacim.app;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Properties;

/**
 * The server's settings: built-in defaults, then the configuration file, then command-line flags.
 * Every key, its default and meaning is documented in {@code config/replicacim.properties}.
 *
 * @param nbdPort            TCP port of the NBD export of the volumes on 127.0.0.1; -1 turns the export off
 * @param backend            the block engine: {@code file} (embedded default) or {@code qemu}
 * @param poolCapacityBytes  logical capacity of the file engine's pool
 * @param storeUrl           JDBC URL of a shared PostgreSQL store; null for SQLite in the data directory
 * @param storeUser          PostgreSQL user, or null
 * @param storePassword      PostgreSQL password, or null (never printed)
 * @param storeLease         how long the leader lease lasts among servers sharing a PostgreSQL store
 * @param copyBytesPerSecond the file engine's copy throttle (bytes per second per task); 0 for unthrottled
 * @param qemu               settings of the qemu-storage-daemon engine ({@code backend.qemu.*})
 * @param security           HTTPS, authentication and request limits ({@link SecuritySettings})
 */
public record ServerConfig(String bindAddress, int httpPort, Path dataDir, Path mofDir, String hostName,
                           long maxBodyBytes, Duration requestTimeout, int maxThreads, int nbdPort, String backend,
                           long poolCapacityBytes, String storeUrl, String storeUser, String storePassword,
                           Duration storeLease, long copyBytesPerSecond, QemuSettings qemu,
                           SecuritySettings security) {

    /**
     * Settings of the qemu engine.
     *
     * @param binary             qemu-storage-daemon to start and supervise
     * @param img                qemu-img (creates qcow2 images)
     * @param qmpSocket          attach to this QMP socket of a running daemon instead of starting one; empty = start
     * @param nbdSocket          with {@code qmpSocket}: that daemon's NBD server socket if it already runs
     * @param format             raw or qcow2 images for new volumes (qcow2 keeps dirty bitmaps across restarts)
     * @param directIo           open images with O_DIRECT (those whose size is a multiple of 4 KiB)
     * @param poolCapacityBytes  logical capacity of the engine's pool
     * @param copyBytesPerSecond QEMU job speed limit; 0 for unthrottled
     */
    public record QemuSettings(String binary, String img, String qmpSocket, String nbdSocket, String format,
                               boolean directIo, long poolCapacityBytes, long copyBytesPerSecond) {
        static QemuSettings defaults() {
            return new QemuSettings("qemu-storage-daemon", "qemu-img", "", "", "raw", true, 1L << 40, 0);
        }
    }

    /** The built-in defaults, as {@code config/replicacim.properties} lists them. */
    public static ServerConfig defaults() {
        return new ServerConfig("127.0.0.1", 5988, Path.of("data"), null, defaultHostName(),
                16L * 1024 * 1024, Duration.ofMinutes(5), 64, 10809, "file", 1L << 40, null, null, null,
                Duration.ofSeconds(15), 0, QemuSettings.defaults(), SecuritySettings.defaults());
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
            try {
                c = c.with(key, v);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
            }
        }
        return c;
    }

    /** One setting by its key in the properties file. */
    public ServerConfig with(String key, String v) {
        return switch (key) {
            case "http.bind" -> withBindAddress(v);
            case "http.port" -> withHttpPort(parseInt(key, v));
            case "data.dir" -> withDataDir(Path.of(v));
            case "mof.dir" -> withMofDir(v.isEmpty() ? null : Path.of(v));
            case "server.host" -> withHostName(v);
            case "limits.maxBodyBytes" -> copy(b -> b.maxBodyBytes = parseLong(key, v));
            case "limits.requestTimeoutSeconds" -> copy(b -> b.requestTimeout = Duration.ofSeconds(parseLong(key, v)));
            case "limits.maxThreads" -> copy(b -> b.maxThreads = parseInt(key, v));
            case "nbd.port" -> withNbdPort(parseInt(key, v));
            case "backend" -> withBackend(v);
            case "backend.file.poolCapacityBytes" -> copy(b -> b.poolCapacityBytes = parseLong(key, v));
            case "backend.file.copyBytesPerSecond" -> copy(b -> b.copyBytesPerSecond = parseLong(key, v));
            case "backend.qemu.binary" -> withQemu(q -> new QemuSettings(v, q.img(), q.qmpSocket(), q.nbdSocket(),
                    q.format(), q.directIo(), q.poolCapacityBytes(), q.copyBytesPerSecond()));
            case "backend.qemu.img" -> withQemu(q -> new QemuSettings(q.binary(), v, q.qmpSocket(), q.nbdSocket(),
                    q.format(), q.directIo(), q.poolCapacityBytes(), q.copyBytesPerSecond()));
            case "backend.qemu.qmpSocket" -> withQemu(q -> new QemuSettings(q.binary(), q.img(), v, q.nbdSocket(),
                    q.format(), q.directIo(), q.poolCapacityBytes(), q.copyBytesPerSecond()));
            case "backend.qemu.nbdSocket" -> withQemu(q -> new QemuSettings(q.binary(), q.img(), q.qmpSocket(), v,
                    q.format(), q.directIo(), q.poolCapacityBytes(), q.copyBytesPerSecond()));
            case "backend.qemu.format" -> withQemu(q -> new QemuSettings(q.binary(), q.img(), q.qmpSocket(),
                    q.nbdSocket(), parseFormat(v), q.directIo(), q.poolCapacityBytes(), q.copyBytesPerSecond()));
            case "backend.qemu.directIo" -> withQemu(q -> new QemuSettings(q.binary(), q.img(), q.qmpSocket(),
                    q.nbdSocket(), q.format(), parseBoolean(key, v), q.poolCapacityBytes(), q.copyBytesPerSecond()));
            case "backend.qemu.poolCapacityBytes" -> withQemu(q -> new QemuSettings(q.binary(), q.img(),
                    q.qmpSocket(), q.nbdSocket(), q.format(), q.directIo(), parseLong(key, v), q.copyBytesPerSecond()));
            case "backend.qemu.copyBytesPerSecond" -> withQemu(q -> new QemuSettings(q.binary(), q.img(),
                    q.qmpSocket(), q.nbdSocket(), q.format(), q.directIo(), q.poolCapacityBytes(), parseLong(key, v)));
            case "store.url" -> withStoreUrl(v);
            case "store.user" -> copy(b -> b.storeUser = v.isEmpty() ? null : v);
            case "store.password" -> copy(b -> b.storePassword = v.isEmpty() ? null : v);
            case "store.leaseSeconds" -> withStoreLease(Duration.ofSeconds(parseLong(key, v)));
            case "log.format", "log.level" -> this; // applied to logging by LogSetup, which reads the same file
            default -> {
                if (!SecuritySettings.handles(key)) {
                    throw new IllegalArgumentException("unknown setting '" + key + "'");
                }
                yield copy(b -> b.security = b.security.with(key, v));
            }
        };
    }

    private ServerConfig withQemu(java.util.function.UnaryOperator<QemuSettings> change) {
        return copy(b -> b.qemu = change.apply(b.qemu));
    }

    private static String parseFormat(String v) {
        String f = v.toLowerCase(Locale.ROOT);
        if (!f.equals("raw") && !f.equals("qcow2")) {
            throw new IllegalArgumentException("backend.qemu.format must be raw or qcow2, not '" + v + "'");
        }
        return f;
    }

    private static boolean parseBoolean(String key, String v) {
        if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException("setting '" + key + "' needs true or false, not '" + v + "'");
        }
        return Boolean.parseBoolean(v);
    }

    private static int parseInt(String key, String v) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("setting '" + key + "' needs a whole number, not '" + v + "'");
        }
    }

    private static long parseLong(String key, String v) {
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("setting '" + key + "' needs a whole number, not '" + v + "'");
        }
    }

    public ServerConfig withBindAddress(String v) {
        return copy(b -> b.bindAddress = v);
    }

    public ServerConfig withHttpPort(int v) {
        if (v < 0 || v > 65535) {
            throw new IllegalArgumentException("port out of range: " + v);
        }
        return copy(b -> b.httpPort = v);
    }

    public ServerConfig withDataDir(Path v) {
        return copy(b -> b.dataDir = v);
    }

    public ServerConfig withHostName(String v) {
        return copy(b -> b.hostName = v);
    }

    public ServerConfig withMofDir(Path v) {
        return copy(b -> b.mofDir = v);
    }

    /** The NBD port; 0 picks a free port, -1 turns the export off. */
    public ServerConfig withNbdPort(int v) {
        if (v < -1 || v > 65535) {
            throw new IllegalArgumentException("NBD port out of range: " + v);
        }
        return copy(b -> b.nbdPort = v);
    }

    public ServerConfig withBackend(String v) {
        String name = v.toLowerCase(Locale.ROOT);
        if (!name.equals("file") && !name.equals("qemu")) {
            throw new IllegalArgumentException("unknown backend '" + v + "' (file or qemu)");
        }
        return copy(b -> b.backend = name);
    }

    /** The shared PostgreSQL store ({@code jdbc:postgresql://…}); null or empty for SQLite in the data directory. */
    public ServerConfig withStoreUrl(String v) {
        String url = v == null || v.isBlank() ? null : v.trim();
        if (url != null && !url.toLowerCase(Locale.ROOT).startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("store.url must be a PostgreSQL JDBC URL (jdbc:postgresql://host:port/db)"
                    + " or empty for SQLite in the data directory, not '" + v + "'");
        }
        return copy(b -> b.storeUrl = url);
    }

    /** The leader lease among servers sharing a PostgreSQL store (at least 3 s; renewed every third of it). */
    public ServerConfig withStoreLease(Duration v) {
        if (v.compareTo(Duration.ofSeconds(3)) < 0) {
            throw new IllegalArgumentException("store.leaseSeconds must be at least 3, not " + v.toSeconds());
        }
        return copy(b -> b.storeLease = v);
    }

    /** Every setting, the store password masked. */
    @Override
    public String toString() {
        return "ServerConfig[bind=" + bindAddress + ", port=" + httpPort + ", dataDir=" + dataDir + ", mofDir="
                + mofDir + ", host=" + hostName + ", maxBodyBytes=" + maxBodyBytes + ", requestTimeout="
                + requestTimeout + ", maxThreads=" + maxThreads + ", nbdPort=" + nbdPort + ", backend=" + backend
                + ", poolCapacityBytes=" + poolCapacityBytes + ", storeUrl=" + storeUrl + ", storeUser=" + storeUser
                + ", storePassword=" + (storePassword == null ? null : "***") + ", storeLease=" + storeLease + ", copyBytesPerSecond=" + copyBytesPerSecond + ", qemu=" + qemu
                + ", " + security + "]";
    }

    private ServerConfig copy(java.util.function.Consumer<Mutable> change) {
        Mutable m = new Mutable(this);
        change.accept(m);
        return m.build();
    }

    /** Scratch copy for the with-methods, so that adding a setting touches one place. */
    private static final class Mutable {
        String bindAddress;
        int httpPort;
        Path dataDir;
        Path mofDir;
        String hostName;
        long maxBodyBytes;
        Duration requestTimeout;
        int maxThreads;
        int nbdPort;
        String backend;
        long poolCapacityBytes;
        String storeUrl;
        String storeUser;
        String storePassword;
        Duration storeLease;
        long copyBytesPerSecond;
        QemuSettings qemu;
        SecuritySettings security;

        Mutable(ServerConfig c) {
            bindAddress = c.bindAddress;
            httpPort = c.httpPort;
            dataDir = c.dataDir;
            mofDir = c.mofDir;
            hostName = c.hostName;
            maxBodyBytes = c.maxBodyBytes;
            requestTimeout = c.requestTimeout;
            maxThreads = c.maxThreads;
            nbdPort = c.nbdPort;
            backend = c.backend;
            poolCapacityBytes = c.poolCapacityBytes;
            storeUrl = c.storeUrl;
            storeUser = c.storeUser;
            storePassword = c.storePassword;
            storeLease = c.storeLease;
            copyBytesPerSecond = c.copyBytesPerSecond;
            qemu = c.qemu;
            security = c.security;
        }

        ServerConfig build() {
            return new ServerConfig(bindAddress, httpPort, dataDir, mofDir, hostName, maxBodyBytes, requestTimeout,
                    maxThreads, nbdPort, backend, poolCapacityBytes, storeUrl, storeUser, storePassword, storeLease,
                    copyBytesPerSecond, qemu, security);
        }
    }
}
