package org.replicacim.store;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension: a real PostgreSQL server (the Debian {@code postgresql} package's binaries) started once per
 * test JVM in a temporary directory on 127.0.0.1 and a free port, stopped when the tests end. As root it runs as
 * the {@code postgres} system user (postgres refuses to run as root). Each test gets a fresh database from
 * {@link #newDatabaseUrl()}. When PostgreSQL is not installed the tests are skipped with a message saying so.
 */
public final class PostgresServer implements BeforeAllCallback {
    private static final String USER = "replicacim";
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static Instance instance;
    private static String unavailable;

    /** The running server, shared by every test class of this JVM. */
    private record Instance(Path dir, Path bin, List<String> runAs, int port, String password) {
        String url(String database) {
            return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        Instance i = shared();
        if (i == null) {
            System.err.println("SKIPPED (PostgreSQL not available): " + context.getDisplayName() + ": " + unavailable);
            Assumptions.abort("PostgreSQL is not available: " + unavailable);
        }
    }

    private static synchronized Instance shared() {
        if (instance == null && unavailable == null) {
            try {
                instance = start();
                Instance started = instance;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(started), "postgres-stop"));
            } catch (Exception e) {
                unavailable = e.getMessage();
            }
        }
        return instance;
    }

    /** A new, empty database on the shared server. */
    public String newDatabaseUrl() {
        Instance i = shared();
        String name = "t" + DATABASES.incrementAndGet() + "_" + ProcessHandle.current().pid();
        try (Connection c = DriverManager.getConnection(i.url("postgres"), USER, i.password());
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name + ": " + e.getMessage(), e);
        }
        return i.url(name);
    }

    public String user() {
        return USER;
    }

    public String password() {
        return shared().password();
    }

    private static Instance start() throws IOException, InterruptedException {
        Path bin = findBin();
        List<String> runAs = new ArrayList<>();
        boolean root = new com.sun.security.auth.module.UnixSystem().getUid() == 0;
        Path dir = Files.createTempDirectory("replicacim-pg");
        if (root) {
            // postgres will not run as root: run it as the postgres system user that the Debian package creates
            UserPrincipal pg;
            try {
                pg = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
            } catch (IOException e) {
                throw new IOException("running as root and there is no 'postgres' user to run PostgreSQL as");
            }
            Files.setOwner(dir, pg);
            runAs.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        String password = UUID.randomUUID().toString();
        Path pwfile = dir.resolve("pw");
        Files.writeString(pwfile, password + "\n", StandardCharsets.UTF_8);
        if (root) {
            Files.setOwner(pwfile, dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres"));
        }
        Path data = dir.resolve("data");
        run(runAs, List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER,
                "--pwfile=" + pwfile, "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C",
                "--no-sync"), dir, 120);
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = freePort();
            // fsync off: these tests crash clients, never the database server, so its own durability is not at stake
            String options = "-c listen_addresses=127.0.0.1 -p " + port + " -k " + dir
                    + " -c fsync=off -c max_connections=100";
            try {
                run(runAs, List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l",
                        dir.resolve("log").toString(), "-w", "-t", "60", "-o", options, "start"), dir, 90);
                return new Instance(dir, bin, runAs, port, password);
            } catch (IOException e) {
                last = e;
            }
        }
        throw last;
    }

    private static void stop(Instance i) {
        try {
            run(i.runAs(), List.of(i.bin().resolve("pg_ctl").toString(), "-D", i.dir().resolve("data").toString(),
                    "-m", "immediate", "-w", "stop"), i.dir(), 60);
        } catch (IOException | InterruptedException e) {
            System.err.println("PostgresServer: stopping the test server failed: " + e.getMessage());
        }
        try (Stream<Path> s = Files.walk(i.dir())) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind
        }
    }

    private static Path findBin() throws IOException {
        String env = System.getenv("REPLICACIM_PG_BIN");
        if (env != null && !env.isEmpty()) {
            return Path.of(env);
        }
        Path base = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(base)) {
            throw new IOException("no PostgreSQL binaries in /usr/lib/postgresql (install the Debian package"
                    + " 'postgresql', or set REPLICACIM_PG_BIN)");
        }
        try (Stream<Path> s = Files.list(base)) {
            return s.map(p -> p.resolve("bin")).filter(p -> Files.isExecutable(p.resolve("pg_ctl")))
                    .max(Comparator.comparingInt(p -> Integer.parseInt(p.getParent().getFileName().toString()
                            .replaceAll("\\D", "0"))))
                    .orElseThrow(() -> new IOException("no PostgreSQL version with pg_ctl under " + base));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void run(List<String> prefix, List<String> command, Path dir, int timeoutSeconds)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(command);
        Path out = Files.createTempFile("replicacim-pg-cmd", ".log");
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish within " + timeoutSeconds + " s");
            }
            if (p.exitValue() != 0) {
                String log = Files.readString(out, StandardCharsets.UTF_8);
                Path serverLog = dir.resolve("log");
                if (Files.exists(serverLog)) {
                    log += "\n" + Files.readString(serverLog, StandardCharsets.UTF_8);
                }
                throw new IOException(command.get(0) + " failed (exit " + p.exitValue() + "): " + log.strip());
            }
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
