package org.replicacim.app.admin;

import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import org.replicacim.client.Credentials;
import org.replicacim.client.WbemClient;
import org.replicacim.repository.ClassRepository;
import picocli.CommandLine.Option;

/** The options every admin verb shares: which server, which credentials, and how to print. */
public final class AdminOptions {
    @Option(names = "--url", paramLabel = "URL", defaultValue = "${env:REPLICACIM_URL:-http://127.0.0.1:5988}",
            description = "server to talk to (default ${DEFAULT-VALUE}; env REPLICACIM_URL)")
    String url;

    @Option(names = "--user", paramLabel = "NAME", defaultValue = "${env:REPLICACIM_USER}",
            description = "user for HTTP Basic authentication (env REPLICACIM_USER)")
    String user;

    @Option(names = "--password", paramLabel = "SECRET", defaultValue = "${env:REPLICACIM_PASSWORD}",
            description = "password for --user (better: env REPLICACIM_PASSWORD, which stays out of the process list)")
    String password;

    @Option(names = "--cacert", paramLabel = "PEM", defaultValue = "${env:REPLICACIM_CACERT}",
            description = "for https:// URLs: trust this certificate (e.g. the server's data/https-cert.pem) instead of"
                    + " the JVM's CA certificates (env REPLICACIM_CACERT)")
    java.nio.file.Path cacert;

    @Option(names = "--json", description = "print one JSON document on stdout instead of tables")
    boolean json;

    @Option(names = "--request-timeout", paramLabel = "SECONDS", defaultValue = "300",
            description = "how long one request to the server may take (default ${DEFAULT-VALUE})")
    long requestTimeoutSeconds;

    /** Where results go; errors go to stderr. Replaceable so that tests can run the commands in-process. */
    PrintStream out = System.out;
    PrintStream err = System.err;

    /** Opens a client for the server; the connection itself is made by the first request. */
    AdminSession connect() throws AdminFailure {
        URI endpoint;
        try {
            endpoint = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new AdminFailure(ExitCode.USAGE, "--url '" + url + "' is not a URL");
        }
        if (endpoint.getScheme() == null || endpoint.getHost() == null
                || !(endpoint.getScheme().equals("http") || endpoint.getScheme().equals("https"))) {
            throw new AdminFailure(ExitCode.USAGE, "--url '" + url + "' must look like http://host:port");
        }
        Credentials credentials = null;
        if (user != null && !user.isEmpty()) {
            if (password == null) {
                throw new AdminFailure(ExitCode.USAGE, "--user needs a password (--password or env REPLICACIM_PASSWORD)");
            }
            try {
                credentials = new Credentials(user, password);
            } catch (IllegalArgumentException e) {
                throw new AdminFailure(ExitCode.USAGE, e.getMessage());
            }
        }
        javax.net.ssl.SSLContext tls = null;
        if (cacert != null) {
            try {
                tls = WbemClient.trusting(cacert);
            } catch (java.io.IOException | RuntimeException e) {
                throw new AdminFailure(ExitCode.USAGE, "--cacert " + cacert + ": " + e.getMessage());
            }
        }
        WbemClient client = tls == null
                ? WbemClient.connect(endpoint, credentials, ClassRepository.STORAGE,
                        Duration.ofSeconds(Math.max(1, requestTimeoutSeconds)))
                : WbemClient.connect(endpoint, credentials, ClassRepository.STORAGE,
                        Duration.ofSeconds(Math.max(1, requestTimeoutSeconds)), tls);
        return new AdminSession(client, this);
    }
}
