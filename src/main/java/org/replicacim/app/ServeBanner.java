package org.replicacim.app;

/**
 * What {@code replicacim serve} prints once it listens: a one-line summary, then every endpoint, the backend, the
 * store and the data directory.
 */
final class ServeBanner {
    private ServeBanner() {
    }

    static String text(ServerConfig c, ReplicaCimServer server) {
        String host = c.bindAddress().contains(":") ? "[" + c.bindAddress() + "]" : c.bindAddress();
        boolean http = server.httpPort() > 0;
        String base = (http ? "http://" : "https://") + host + ":" + (http ? server.httpPort() : server.httpsPort());
        StringBuilder sb = new StringBuilder();
        // the first line keeps the shape scripts and tests wait for ("on http://…/cimom … NBD on 127.0.0.1:N")
        sb.append("ReplicaCIM ").append(ReplicaCimServer.VERSION).append(" serving CIM-XML on ").append(base)
                .append("/cimom; data in ").append(c.dataDir().toAbsolutePath()).append("; backend ")
                .append(c.backend()).append(server.nbdPort() < 0 ? "" : "; NBD on 127.0.0.1:" + server.nbdPort())
                .append('\n');
        if (http) {
            sb.append("  CIM-XML   ").append(base).append("/cimom\n");
        }
        if (server.httpsPort() > 0) {
            sb.append("  CIM-XML   https://").append(host).append(':').append(server.httpsPort()).append("/cimom (TLS)\n");
        }
        sb.append("  metrics   ").append(base).append("/metrics\n");
        sb.append("  health    ").append(base).append("/health\n");
        sb.append("  NBD       ").append(server.nbdPort() < 0 ? "off" : "127.0.0.1:" + server.nbdPort()
                + " (export name = volume DeviceID)").append('\n');
        sb.append("  backend   ").append(c.backend()).append(c.backend().equals("file")
                ? " (sparse files in " + c.dataDir().resolve("volumes").toAbsolutePath() + ")" : "").append('\n');
        sb.append("  store     ").append(c.storeUrl() == null
                ? "SQLite " + c.dataDir().resolve("replicacim.db").toAbsolutePath()
                : "PostgreSQL " + c.storeUrl()).append('\n');
        sb.append("  data      ").append(c.dataDir().toAbsolutePath()).append('\n');
        SecuritySettings sec = c.security();
        sb.append("  logins    HTTP Basic, users in ").append(sec.usersFile(c.dataDir()).toAbsolutePath())
                .append(sec.anonymousLoopback() ? "; without credentials from loopback as " + sec.anonymousRole().text()
                        : "").append('\n');
        sb.append("Press Ctrl-C to stop.\n");
        return sb.toString();
    }
}
