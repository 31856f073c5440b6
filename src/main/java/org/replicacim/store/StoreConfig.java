package org.replicacim.store;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where the durable state lives and how servers sharing it elect their leader.
 *
 * @param url           JDBC URL of a shared PostgreSQL database; null or empty for SQLite in the data directory
 * @param user          database user (PostgreSQL), or null
 * @param password      database password (PostgreSQL), or null
 * @param dataDir       the server's data directory (holds {@code replicacim.db} with SQLite)
 * @param leaseDuration how long a leader's lease lasts without renewal; a follower takes over after it
 * @param renewPeriod   how often the leader renews (and a follower tries to take over); well below the lease
 * @param nodeName      how this server is named to the others (e.g. host and port), shown in refusals
 * @param poolSize      connections kept open (PostgreSQL; SQLite uses one writer and this many readers)
 */
public record StoreConfig(String url, String user, String password, Path dataDir, Duration leaseDuration,
                          Duration renewPeriod, String nodeName, int poolSize) {
    /** The SQLite file inside the data directory. */
    public static final String SQLITE_FILE = "replicacim.db";

    public StoreConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(leaseDuration, "leaseDuration");
        Objects.requireNonNull(renewPeriod, "renewPeriod");
        if (url != null && url.isBlank()) {
            url = null;
        }
        if (leaseDuration.toMillis() < 1000) {
            throw new IllegalArgumentException("the leader lease must last at least one second, not " + leaseDuration);
        }
        if (renewPeriod.isNegative() || renewPeriod.isZero() || renewPeriod.compareTo(leaseDuration) >= 0) {
            throw new IllegalArgumentException("the lease renewal period (" + renewPeriod
                    + ") must be positive and shorter than the lease (" + leaseDuration + ")");
        }
        if (poolSize < 1) {
            throw new IllegalArgumentException("pool size must be at least 1");
        }
        if (url != null) {
            Dialect.of(url); // rejects other databases early, with the message saying what is supported
        }
    }

    /** SQLite in the data directory, a 15-second lease (unused with SQLite), named after this process. */
    public static StoreConfig sqlite(Path dataDir) {
        return new StoreConfig(null, null, null, dataDir, Duration.ofSeconds(15), Duration.ofSeconds(5),
                defaultNodeName(), 4);
    }

    /** A shared PostgreSQL database; the data directory still holds this server's other files. */
    public static StoreConfig postgres(String url, String user, String password, Path dataDir) {
        return new StoreConfig(url, user, password, dataDir, Duration.ofSeconds(15), Duration.ofSeconds(5),
                defaultNodeName(), 8);
    }

    /** The host name and process id, e.g. {@code pid 4242 on storage1}. */
    public static String defaultNodeName() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "localhost";
        }
        return "pid " + ProcessHandle.current().pid() + " on " + host;
    }

    /** The JDBC URL actually used. */
    public String jdbcUrl() {
        return url != null ? url : "jdbc:sqlite:" + dataDir.resolve(SQLITE_FILE).toAbsolutePath();
    }

    public Dialect dialect() {
        return url == null ? Dialect.SQLITE : Dialect.of(url);
    }

    /** A copy with another lease duration, renewing at a third of it. */
    public StoreConfig withLease(Duration lease) {
        return new StoreConfig(url, user, password, dataDir, lease, lease.dividedBy(3), nodeName, poolSize);
    }

    /** A copy with another lease duration and renewal period. */
    public StoreConfig withLease(Duration lease, Duration renew) {
        return new StoreConfig(url, user, password, dataDir, lease, renew, nodeName, poolSize);
    }

    public StoreConfig withNodeName(String name) {
        return new StoreConfig(url, user, password, dataDir, leaseDuration, renewPeriod, name, poolSize);
    }

    /** The password is never shown. */
    @Override
    public String toString() {
        return "StoreConfig[" + jdbcUrl() + (user == null ? "" : " as " + user) + ", lease " + leaseDuration
                + ", node " + nodeName + "]";
    }
}
