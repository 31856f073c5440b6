package org.replicacim.http;

import java.time.Duration;
import java.util.Objects;

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
 */
public record CimServerConfig(String bindAddress, int port, int minThreads, int maxThreads,
                              Duration idleTimeout, long maxBodyBytes, int responseBufferBytes,
                              long maxBufferedResponse, int flushEvery, Duration operationTimeout, String hostName,
                              boolean anyPath, String realm, BasicAuthenticator authenticator) {

    /** Loopback on 5988, 8–200 threads, 30 s idle timeout, 16 MiB bodies, 64 KiB response buffer, no authentication. */
    public static final CimServerConfig DEFAULT = new CimServerConfig("127.0.0.1", 5988, 8, 200,
            Duration.ofSeconds(30), 16L * 1024 * 1024, 64 * 1024, 256L * 1024 * 1024, 1000, Duration.ofMinutes(10),
            "localhost", false, "cimom", null);

    /** Validates the settings. */
    public CimServerConfig {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(operationTimeout, "operationTimeout");
        Objects.requireNonNull(hostName, "hostName");
        Objects.requireNonNull(realm, "realm");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (minThreads < 1 || maxThreads < minThreads || maxThreads < 4) {
            throw new IllegalArgumentException("need 1 <= minThreads <= maxThreads and maxThreads >= 4");
        }
        if (maxBodyBytes < 1 || responseBufferBytes < 1 || flushEvery < 1
                || maxBufferedResponse < responseBufferBytes) {
            throw new IllegalArgumentException("body, buffer and flush limits must be positive");
        }
    }

    /** The defaults. */
    public static CimServerConfig defaults() {
        return DEFAULT;
    }

    /** A copy listening on another address. */
    public CimServerConfig withBindAddress(String address) {
        return new CimServerConfig(address, port, minThreads, maxThreads, idleTimeout, maxBodyBytes,
                responseBufferBytes, maxBufferedResponse, flushEvery, operationTimeout, hostName, anyPath, realm,
                authenticator);
    }

    /** A copy listening on another port (0 = a free port). */
    public CimServerConfig withPort(int p) {
        return new CimServerConfig(bindAddress, p, minThreads, maxThreads, idleTimeout, maxBodyBytes,
                responseBufferBytes, maxBufferedResponse, flushEvery, operationTimeout, hostName, anyPath, realm,
                authenticator);
    }

    /** A copy with other thread bounds. */
    public CimServerConfig withThreads(int min, int max) {
        return new CimServerConfig(bindAddress, port, min, max, idleTimeout, maxBodyBytes,
                responseBufferBytes, maxBufferedResponse, flushEvery, operationTimeout, hostName, anyPath, realm,
                authenticator);
    }

    /** A copy with another idle timeout. */
    public CimServerConfig withIdleTimeout(Duration timeout) {
        return new CimServerConfig(bindAddress, port, minThreads, maxThreads, timeout, maxBodyBytes,
                responseBufferBytes, maxBufferedResponse, flushEvery, operationTimeout, hostName, anyPath, realm,
                authenticator);
    }

    /** A copy with another request body limit. */
    public CimServerConfig withMaxBodyBytes(long bytes) {
        return new CimServerConfig(bindAddress, port, minThreads, maxThreads, idleTimeout, bytes,
                responseBufferBytes, maxBufferedResponse, flushEvery, operationTimeout, hostName, anyPath, realm,
                authenticator);
    }

    /** A copy with another response buffer (the point where responses start to stream) and flush interval. */
    public CimServerConfig withResponseBuffer(int bytes, int flushEveryObjects) {
        return new CimServerConfig(bindAddress, port, minThreads, maxThreads, idleTimeout, maxBodyBytes,
                bytes, Math.max(bytes, maxBufferedResponse), flushEveryObjects, operationTimeout, hostName, anyPath,
                realm, authenticator);
    }

    /** A copy giving each operation another deadline. */
    public CimServerConfig withOperationTimeout(Duration timeout) {
        return new CimServerConfig(bindAddress, port, minThreads, maxThreads, idleTimeout, maxBodyBytes,
                responseBufferBytes, maxBufferedResponse, flushEvery, Objects.requireNonNull(timeout, "timeout"),
                hostName, anyPath, realm, authenticator);
    }

    /** A copy with another host name for response paths. */
    public CimServerConfig withHostName(String host) {
        return new CimServerConfig(bindAddress, port, minThreads, maxThreads, idleTimeout, maxBodyBytes,
                responseBufferBytes, maxBufferedResponse, flushEvery, operationTimeout, host, anyPath, realm,
                authenticator);
    }

    /** A copy that serves CIM-XML on every path (or only on /cimom and /). */
    public CimServerConfig withAnyPath(boolean any) {
        return new CimServerConfig(bindAddress, port, minThreads, maxThreads, idleTimeout, maxBodyBytes,
                responseBufferBytes, maxBufferedResponse, flushEvery, operationTimeout, hostName, any, realm,
                authenticator);
    }

    /** A copy requiring Basic authentication in the given realm (null authenticator: none). */
    public CimServerConfig withAuthentication(String authRealm, BasicAuthenticator auth) {
        return new CimServerConfig(bindAddress, port, minThreads, maxThreads, idleTimeout, maxBodyBytes,
                responseBufferBytes, maxBufferedResponse, flushEvery, operationTimeout, hostName, anyPath, authRealm,
                auth);
    }
}
