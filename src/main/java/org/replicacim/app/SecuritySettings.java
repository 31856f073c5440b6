package org.replicacim.app;

import java.nio.file.Path;
import java.time.Duration;
import org.replicacim.security.Role;

/**
 * The security and hardening settings of the server ({@code http.enabled}, {@code https.*}, {@code security.*} and the
 * request limits of {@code limits.*} that protect against slow or greedy clients); documented with their defaults in
 * {@code config/replicacim.properties}.
 *
 * @param httpEnabled          whether the plain HTTP listener runs
 * @param httpsPort            the HTTPS port (5989 by convention; 0 = any free port; -1 = no HTTPS)
 * @param keyStore             the HTTPS key store; null for a self-signed one generated into the data directory
 * @param keyStorePassword     its password (never printed)
 * @param keyStoreType         PKCS12 or JKS
 * @param usersFile            the users file; null for {@code users} in the data directory
 * @param anonymousLoopback    whether requests without credentials from loopback peers are let in (then as
 *                             {@code anonymousRole}); only honoured when the server listens on a loopback address
 * @param anonymousRole        the role of such anonymous requests
 * @param freeFailedLogins     failed logins in a row from one address before it is throttled
 * @param loginBlock           how long a throttled address waits at first (doubling, at most 15 minutes)
 * @param maxRequestsPerUser   requests one user may have running at once
 * @param maxHeaderBytes       the largest request head
 * @param minRequestDataRate   the slowest body upload tolerated (bytes per second; 0 = no limit)
 * @param headerTimeout        how long a new connection may take to send its first request head
 * @param idleTimeout          how long an idle connection stays open
 * @param maxConnections       how many connections are accepted at once
 * @param maxEnumerationsPerUser how many pull enumeration contexts one user may hold open
 */
public record SecuritySettings(boolean httpEnabled, int httpsPort, Path keyStore, String keyStorePassword,
                               String keyStoreType, Path usersFile, boolean anonymousLoopback, Role anonymousRole,
                               int freeFailedLogins, Duration loginBlock, int maxRequestsPerUser, int maxHeaderBytes,
                               long minRequestDataRate, Duration headerTimeout, Duration idleTimeout,
                               int maxConnections, int maxEnumerationsPerUser) {

    /** HTTP on, HTTPS off, authentication required everywhere, 5 free failures then 30 s, 64 requests per user. */
    public static SecuritySettings defaults() {
        return new SecuritySettings(true, -1, null, "", "PKCS12", null, false, Role.ADMIN, 5,
                Duration.ofSeconds(30), 64, 16 * 1024, 128, Duration.ofSeconds(20), Duration.ofSeconds(30), 1000, 100);
    }

    /** Whether the key belongs to these settings. */
    public static boolean handles(String key) {
        return key.equals("http.enabled") || key.startsWith("https.") || key.startsWith("security.")
                || switch (key) {
                    case "limits.maxRequestsPerUser", "limits.maxHeaderBytes", "limits.minRequestBytesPerSecond",
                         "limits.headerTimeoutSeconds", "limits.idleTimeoutSeconds", "limits.maxConnections",
                         "limits.maxEnumerationContextsPerUser" -> true;
                    default -> false;
                };
    }

    /** One setting by its key; IllegalArgumentException for an unknown key or a bad value. */
    public SecuritySettings with(String key, String v) {
        boolean httpOn = httpEnabled;
        int tlsPort = httpsPort;
        Path ks = keyStore;
        String ksPassword = keyStorePassword;
        String ksType = keyStoreType;
        Path users = usersFile;
        boolean anonymous = anonymousLoopback;
        Role anonRole = anonymousRole;
        int failures = freeFailedLogins;
        Duration block = loginBlock;
        int perUser = maxRequestsPerUser;
        int headerBytes = maxHeaderBytes;
        long rate = minRequestDataRate;
        Duration headerWait = headerTimeout;
        Duration idle = idleTimeout;
        int connections = maxConnections;
        int enumerations = maxEnumerationsPerUser;
        switch (key) {
            case "http.enabled" -> httpOn = bool(key, v);
            case "https.port" -> tlsPort = range(key, v, -1, 65535);
            case "https.keystore" -> ks = v.isEmpty() ? null : Path.of(v);
            case "https.keystorePassword" -> ksPassword = v;
            case "https.keystoreType" -> ksType = v.isEmpty() ? "PKCS12" : v;
            case "security.usersFile" -> users = v.isEmpty() ? null : Path.of(v);
            case "security.anonymousLoopback" -> anonymous = bool(key, v);
            case "security.anonymousRole" -> anonRole = Role.parse(v);
            case "security.freeFailedLogins" -> failures = range(key, v, 1, 1000);
            case "security.loginBlockSeconds" -> block = Duration.ofSeconds(range(key, v, 0, 900));
            case "limits.maxRequestsPerUser" -> perUser = range(key, v, 1, 100_000);
            case "limits.maxHeaderBytes" -> headerBytes = range(key, v, 1024, 1 << 20);
            case "limits.minRequestBytesPerSecond" -> rate = range(key, v, 0, Integer.MAX_VALUE);
            case "limits.headerTimeoutSeconds" -> headerWait = Duration.ofSeconds(range(key, v, 1, 3600));
            case "limits.idleTimeoutSeconds" -> idle = Duration.ofSeconds(range(key, v, 1, 3600));
            case "limits.maxConnections" -> connections = range(key, v, 1, 1_000_000);
            case "limits.maxEnumerationContextsPerUser" -> enumerations = range(key, v, 1, 100_000);
            default -> throw new IllegalArgumentException("unknown setting '" + key + "'");
        }
        return new SecuritySettings(httpOn, tlsPort, ks, ksPassword, ksType, users, anonymous, anonRole, failures,
                block, perUser, headerBytes, rate, headerWait, idle, connections, enumerations);
    }

    private static boolean bool(String key, String v) {
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(v);
        }
        throw new IllegalArgumentException("setting '" + key + "' needs true or false, not '" + v + "'");
    }

    private static int range(String key, String v, int min, int max) {
        int n;
        try {
            n = Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("setting '" + key + "' needs a whole number, not '" + v + "'");
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException("setting '" + key + "' must be between " + min + " and " + max);
        }
        return n;
    }

    /** The users file for a data directory. */
    public Path usersFile(Path dataDir) {
        return usersFile != null ? usersFile : dataDir.resolve("users");
    }

    /** Every setting, the key store password masked. */
    @Override
    public String toString() {
        return "SecuritySettings[http=" + httpEnabled + ", httpsPort=" + httpsPort + ", keyStore=" + keyStore
                + ", usersFile=" + usersFile + ", anonymousLoopback=" + anonymousLoopback + ", anonymousRole="
                + anonymousRole.text() + ", maxRequestsPerUser=" + maxRequestsPerUser + "]";
    }
}
