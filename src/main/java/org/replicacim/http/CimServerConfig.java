package org.replicacim.http;

import java.time.Duration;
import java.util.Objects;
import org.replicacim.security.AuditLog;
import org.replicacim.security.LoginThrottle;
import org.replicacim.security.TlsKeyStore;

/**
 * Settings of a {@link CimServer}: where it listens, how many threads it runs, its timeouts and size limits, the host
 * name written into paths of responses, and optional Basic authentication.
 *
 * @param bindAddress         the address to listen on (default 127.0.0.1)
 * @param port                the TCP port (default 5988; 0 picks a free port)
 * @param minThreads          the smallest number of worker threads
 * @param maxThreads          the largest number of worker threads (bounds concurrent operations)
 * @param idleTimeout         how long an idle keep-alive connection stays open
 * @param maxBodyBytes        the largest request body accepted (larger → 413)
 * @param responseBufferBytes how much of a response is held back before it streams (chunked); smaller responses go
 *                            out whole with Content-Length, and an error before this point replaces the response
 * @param maxBufferedResponse the largest response held in memory for HTTP/1.0 clients, which cannot take chunks
 * @param flushEvery          how many result objects the response writer encodes between flushes
 * @param operationTimeout    the deadline given to the operation layer for each request
 * @param hostName            the host written into INSTANCEPATH/CLASSPATH of responses when a path has none
 * @param anyPath             whether CIM-XML is served on every request path, not only {@code /cimom} and {@code /}
 * @param realm               the Basic authentication realm
 * @param authenticator       checks Basic credentials; null disables authentication
 * @param anonymousAllowed    whether a request without credentials passes as the anonymous user (loopback only, by
 *                            the application's choice); credentials that are sent are still checked
 * @param loginThrottle       refuses addresses after repeated failed logins (429); null for none
 * @param audit               where failed and throttled logins are recorded; null for none
 * @param httpEnabled         whether the plain HTTP listener runs
 * @param httpsPort           the TLS port (5989 by convention; 0 picks a free port; -1: no HTTPS listener)
 * @param tls                 the key store of the HTTPS listener (required when httpsPort >= 0)
 * @param maxRequestsPerUser  how many requests one user (or the anonymous user) may have running at once (then 503)
 * @param maxHeaderBytes      the largest request head (request line and headers; larger → 431)
 * @param minRequestDataRate  the slowest body upload tolerated, bytes per second (0: no limit)
 * @param headerTimeout       how long a new connection may take to send its first complete request head
 * @param maxConnections      how many connections the listeners accept at once (more wait in the backlog)
 */
public record CimServerConfig(String bindAddress, int port, int minThreads, int maxThreads,
                              Duration idleTimeout, long maxBodyBytes, int responseBufferBytes,
                              long maxBufferedResponse, int flushEvery, Duration operationTimeout, String hostName,
                              boolean anyPath, String realm, BasicAuthenticator authenticator,
                              boolean anonymousAllowed, LoginThrottle loginThrottle, AuditLog audit,
                              boolean httpEnabled, int httpsPort, TlsKeyStore tls, int maxRequestsPerUser,
                              int maxHeaderBytes, long minRequestDataRate, Duration headerTimeout,
                              int maxConnections) {

    /**
     * Loopback on 5988 (no HTTPS), 8–200 threads, 30 s idle timeout, 16 MiB bodies, 64 KiB response buffer, no
     * authentication, 64 requests per user, 16 KiB request heads, 20 s for the first request head, 1000 connections.
     */
    public static final CimServerConfig DEFAULT = new CimServerConfig("127.0.0.1", 5988, 8, 200,
            Duration.ofSeconds(30), 16L * 1024 * 1024, 64 * 1024, 256L * 1024 * 1024, 1000, Duration.ofMinutes(10),
            "localhost", false, "cimom", null, false, null, null, true, -1, null, 64, 16 * 1024, 0,
            Duration.ofSeconds(20), 1000);

    /** Validates the settings. */
    public CimServerConfig {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(operationTimeout, "operationTimeout");
        Objects.requireNonNull(hostName, "hostName");
        Objects.requireNonNull(realm, "realm");
        Objects.requireNonNull(headerTimeout, "headerTimeout");
        if (port < 0 || port > 65535 || httpsPort < -1 || httpsPort > 65535) {
            throw new IllegalArgumentException("port out of range: " + port + "/" + httpsPort);
        }
        if (minThreads < 1 || maxThreads < minThreads || maxThreads < 4) {
            throw new IllegalArgumentException("need 1 <= minThreads <= maxThreads and maxThreads >= 4");
        }
        if (maxBodyBytes < 1 || responseBufferBytes < 1 || flushEvery < 1
                || maxBufferedResponse < responseBufferBytes) {
            throw new IllegalArgumentException("body, buffer and flush limits must be positive");
        }
        if (httpsPort >= 0 && tls == null) {
            throw new IllegalArgumentException("an HTTPS listener needs a key store");
        }
        if (!httpEnabled && httpsPort < 0) {
            throw new IllegalArgumentException("neither HTTP nor HTTPS is enabled");
        }
        if (maxRequestsPerUser < 1 || maxHeaderBytes < 1024 || minRequestDataRate < 0 || maxConnections < 1
                || headerTimeout.isNegative() || headerTimeout.isZero()) {
            throw new IllegalArgumentException("request, header, rate and connection limits must be positive");
        }
    }

    /** The defaults. */
    public static CimServerConfig defaults() {
        return DEFAULT;
    }

    /** A copy listening on another address. */
    public CimServerConfig withBindAddress(String address) {
        return copy(b -> b.bindAddress = address);
    }

    /** A copy listening on another port (0 = a free port). */
    public CimServerConfig withPort(int p) {
        return copy(b -> b.port = p);
    }

    /** A copy with other thread bounds. */
    public CimServerConfig withThreads(int min, int max) {
        return copy(b -> {
            b.minThreads = min;
            b.maxThreads = max;
        });
    }

    /** A copy with another idle timeout. */
    public CimServerConfig withIdleTimeout(Duration timeout) {
        return copy(b -> b.idleTimeout = timeout);
    }

    /** A copy with another request body limit. */
    public CimServerConfig withMaxBodyBytes(long bytes) {
        return copy(b -> b.maxBodyBytes = bytes);
    }

    /** A copy with another response buffer (the point where responses start to stream) and flush interval. */
    public CimServerConfig withResponseBuffer(int bytes, int flushEveryObjects) {
        return copy(b -> {
            b.responseBufferBytes = bytes;
            b.maxBufferedResponse = Math.max(bytes, maxBufferedResponse);
            b.flushEvery = flushEveryObjects;
        });
    }

    /** A copy with another host name for response paths. */
    public CimServerConfig withHostName(String host) {
        return copy(b -> b.hostName = host);
    }

    /** A copy that serves CIM-XML on every path (or only on /cimom and /). */
    public CimServerConfig withAnyPath(boolean any) {
        return copy(b -> b.anyPath = any);
    }

    /** A copy requiring Basic authentication in the given realm (null authenticator: none). */
    public CimServerConfig withAuthentication(String authRealm, BasicAuthenticator auth) {
        return copy(b -> {
            b.realm = authRealm;
            b.authenticator = auth;
        });
    }

    /** A copy that lets requests without credentials through as the anonymous user (or not). */
    public CimServerConfig withAnonymousAllowed(boolean allowed) {
        return copy(b -> b.anonymousAllowed = allowed);
    }

    /** A copy with a failed-login throttle and an audit trail for logins (either may be null). */
    public CimServerConfig withLoginProtection(LoginThrottle throttle, AuditLog auditLog) {
        return copy(b -> {
            b.loginThrottle = throttle;
            b.audit = auditLog;
        });
    }

    /** A copy with the plain HTTP listener on or off. */
    public CimServerConfig withHttpEnabled(boolean enabled) {
        return copy(b -> b.httpEnabled = enabled);
    }

    /** A copy with an HTTPS listener on the port (0 = a free port) presenting the key store; -1 and null: none. */
    public CimServerConfig withHttps(int tlsPort, TlsKeyStore keyStore) {
        return copy(b -> {
            b.httpsPort = tlsPort;
            b.tls = keyStore;
        });
    }

    /** A copy with another deadline for each operation. */
    public CimServerConfig withOperationTimeout(Duration timeout) {
        return copy(b -> b.operationTimeout = timeout);
    }

    /** A copy with other hardening limits. */
    public CimServerConfig withRequestLimits(int requestsPerUser, int headerBytes, long minDataRate,
                                             Duration firstHeaderTimeout, int connections) {
        return copy(b -> {
            b.maxRequestsPerUser = requestsPerUser;
            b.maxHeaderBytes = headerBytes;
            b.minRequestDataRate = minDataRate;
            b.headerTimeout = firstHeaderTimeout;
            b.maxConnections = connections;
        });
    }

    private CimServerConfig copy(java.util.function.Consumer<Mutable> change) {
        Mutable m = new Mutable(this);
        change.accept(m);
        return m.build();
    }

    /** Scratch copy for the with-methods, so that adding a setting touches one place. */
    private static final class Mutable {
        String bindAddress;
        int port;
        int minThreads;
        int maxThreads;
        Duration idleTimeout;
        long maxBodyBytes;
        int responseBufferBytes;
        long maxBufferedResponse;
        int flushEvery;
        Duration operationTimeout;
        String hostName;
        boolean anyPath;
        String realm;
        BasicAuthenticator authenticator;
        boolean anonymousAllowed;
        LoginThrottle loginThrottle;
        AuditLog audit;
        boolean httpEnabled;
        int httpsPort;
        TlsKeyStore tls;
        int maxRequestsPerUser;
        int maxHeaderBytes;
        long minRequestDataRate;
        Duration headerTimeout;
        int maxConnections;

        Mutable(CimServerConfig c) {
            bindAddress = c.bindAddress;
            port = c.port;
            minThreads = c.minThreads;
            maxThreads = c.maxThreads;
            idleTimeout = c.idleTimeout;
            maxBodyBytes = c.maxBodyBytes;
            responseBufferBytes = c.responseBufferBytes;
            maxBufferedResponse = c.maxBufferedResponse;
            flushEvery = c.flushEvery;
            operationTimeout = c.operationTimeout;
            hostName = c.hostName;
            anyPath = c.anyPath;
            realm = c.realm;
            authenticator = c.authenticator;
            anonymousAllowed = c.anonymousAllowed;
            loginThrottle = c.loginThrottle;
            audit = c.audit;
            httpEnabled = c.httpEnabled;
            httpsPort = c.httpsPort;
            tls = c.tls;
            maxRequestsPerUser = c.maxRequestsPerUser;
            maxHeaderBytes = c.maxHeaderBytes;
            minRequestDataRate = c.minRequestDataRate;
            headerTimeout = c.headerTimeout;
            maxConnections = c.maxConnections;
        }

        CimServerConfig build() {
            return new CimServerConfig(bindAddress, port, minThreads, maxThreads, idleTimeout, maxBodyBytes,
                    responseBufferBytes, maxBufferedResponse, flushEvery, operationTimeout, hostName, anyPath, realm,
                    authenticator, anonymousAllowed, loginThrottle, audit, httpEnabled, httpsPort, tls,
                    maxRequestsPerUser, maxHeaderBytes, minRequestDataRate, headerTimeout, maxConnections);
        }
    }
}
