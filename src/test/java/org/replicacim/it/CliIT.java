package org.replicacim.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.replicacim.app.ReplicaCimServer;
import org.replicacim.app.ServerConfig;
import org.replicacim.security.PasswordHash;
import org.replicacim.security.Role;
import org.replicacim.security.UserFile;
import org.replicacim.storage.BlockDevice;
import org.replicacim.storage.VolumeId;

/**
 * The {@code replicacim} admin verbs, run as a child process against a real server on a free loopback port: every
 * verb with its table and its --json document, a {@code job watch} that ends with the clone it follows, the exit
 * codes of the documented failures, and the README's tour executed as written.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(300)
class CliIT {
    /**
     * Copies run at 16 MiB/s, so that a clone of 128 MiB of data is a job that can be watched (about eight seconds,
     * several times what a CLI run takes to start even on a loaded machine).
     */
    private static final long COPY_RATE = 16L << 20;
    private static final long FILLED = 128L << 20;

    private static final String USER = "cli-admin";
    private static final String PASSWORD = "cli-password";

    private static ReplicaCimServer server;
    private static Cli cli;
    private static String url;
    private static Path data;

    @BeforeAll
    static void start() throws Exception {
        data = Files.createTempDirectory("replicacim-cli");
        // authentication as shipped (credentials required); the verbs log in as an admin through the environment
        new UserFile(data.resolve("users")).add(USER, Role.ADMIN, PASSWORD.toCharArray(), PasswordHash.MIN_ITERATIONS);
        server = ReplicaCimServer.start(ServerConfig.defaults().withHttpPort(0).withNbdPort(-1).withDataDir(data)
                .withHostName("localhost").with("backend.file.copyBytesPerSecond", Long.toString(COPY_RATE)));
        url = "http://127.0.0.1:" + server.httpPort();
        cli = new Cli(url, Map.of("REPLICACIM_USER", USER, "REPLICACIM_PASSWORD", PASSWORD));
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        deleteTree(data); // the clones hold real data: several hundred MiB
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static Cli.Result ok(Cli.Result r) {
        assertEquals(0, r.exit(), r::toString);
        return r;
    }

    private static String createVolume(String name, String size) throws Exception {
        JsonNode v = ok(cli.run("volume", "create", name, "--size", size, "--json")).json().get("volume");
        assertEquals(name, v.get("name").asText());
        return v.get("deviceId").asText();
    }

    /** Writes a pattern over the first {@code length} bytes, straight on the engine (copies skip zero chunks). */
    private static void fill(String deviceId, long length) throws Exception {
        try (BlockDevice d = server.backend().openDevice(VolumeId.of(deviceId))) {
            ByteBuffer b = ByteBuffer.allocate(1 << 20);
            for (long off = 0; off < length; off += b.capacity()) {
                for (int i = 0; i < b.capacity(); i++) {
                    b.put(i, (byte) (1 + ((off + i) >>> 12)));
                }
                b.clear();
                d.write(off, b);
            }
            d.flush();
        }
    }

    private static JsonNode replicaOf(JsonNode list, String replicaName) {
        for (JsonNode r : list.get("replicas")) {
            if (r.get("replica").get("name").asText().equals(replicaName)) {
                return r;
            }
        }
        return null;
    }

    @Test
    @Order(1)
    void volumeCreateListDelete() throws Exception {
        String id = createVolume("cli-vol", "64M");
        Cli.Result table = ok(cli.run("volume", "list"));
        assertTrue(table.out().startsWith("DEVICEID"), table::toString);
        assertTrue(table.out().lines().anyMatch(l -> l.startsWith(id) && l.contains("cli-vol") && l.contains("64 MiB")),
                table::toString);

        JsonNode list = ok(cli.run("volume", "list", "--json")).json();
        JsonNode mine = null;
        for (JsonNode v : list.get("volumes")) {
            if (v.get("deviceId").asText().equals(id)) {
                mine = v;
            }
        }
        assertNotNull(mine, list::toString);
        assertEquals(64L << 20, mine.get("sizeBytes").asLong());

        Cli.Result deleted = ok(cli.run("volume", "delete", "cli-vol", "--json"));
        assertEquals(id, deleted.json().get("deleted").get("deviceId").asText());
        for (JsonNode v : ok(cli.run("volume", "list", "--json")).json().get("volumes")) {
            assertFalse(v.get("deviceId").asText().equals(id), "deleted volume still listed");
        }
    }

    @Test
    @Order(2)
    void replicaCreateListModify() throws Exception {
        createVolume("cli-src", "32M");
        JsonNode snap = ok(cli.run("replica", "create", "cli-src", "--type", "snapshot", "--name", "cli-snap",
                "--json")).json().get("replica");
        assertEquals("Snapshot", snap.get("syncType").asText());
        assertEquals("cli-src", snap.get("source").get("name").asText());

        Cli.Result mirror = ok(cli.run("replica", "create", "cli-src", "--type", "mirror", "--name", "cli-mirror"));
        assertTrue(mirror.out().contains("created mirror cli-mirror of cli-src: Synchronized"), mirror::toString);

        Cli.Result table = ok(cli.run("replica", "list", "--source", "cli-src"));
        assertTrue(table.out().startsWith("SOURCE"), table::toString);
        assertTrue(table.out().lines().anyMatch(l -> l.contains("cli-mirror") && l.contains("Mirror")
                && l.contains("Synchronized")), table::toString);

        JsonNode fractured = ok(cli.run("replica", "modify", "fracture", "cli-mirror", "--json")).json();
        assertEquals("fracture", fractured.get("operation").asText());
        assertEquals("Synchronized", fractured.get("before").get("copyState").asText());
        assertEquals("Fractured", fractured.get("replica").get("copyState").asText());
        assertEquals("Fractured", replicaOf(ok(cli.run("replica", "list", "--json")).json(), "cli-mirror")
                .get("copyState").asText());

        Cli.Result resync = ok(cli.run("replica", "modify", "resync", "cli-mirror"));
        assertTrue(resync.out().contains("Resync Replica: cli-src -> cli-mirror Fractured -> Synchronized"),
                resync::toString);

        // the value-map label works as well as the short name; Return To ResourcePool deletes the snapshot
        JsonNode returned = ok(cli.run("replica", "modify", "Return To ResourcePool", "cli-snap", "--json")).json();
        assertTrue(returned.get("removed").asBoolean(), returned::toString);
        JsonNode after = ok(cli.run("replica", "list", "--json")).json();
        assertEquals(null, replicaOf(after, "cli-snap"));
        assertNotNull(replicaOf(after, "cli-mirror"));
    }

    @Test
    @Order(3)
    void jobWatchEndsWhenTheCloneCompletes() throws Exception {
        String src = createVolume("cli-big", "128M");
        fill(src, FILLED);
        JsonNode created = ok(cli.run("replica", "create", "cli-big", "--type", "clone", "--name", "cli-big-clone",
                "--async", "--json")).json();
        String job = created.get("job").get("id").asText();
        assertEquals("Unsynchronized", created.get("replica").get("copyState").asText());

        JsonNode jobs = ok(cli.run("job", "list", "--json")).json().get("jobs");
        boolean listed = false;
        for (JsonNode j : jobs) {
            listed |= j.get("id").asText().equals(job);
        }
        assertTrue(listed, jobs::toString);

        long t0 = System.nanoTime();
        Cli.Result watched = ok(cli.run("job", "watch", job.substring(job.lastIndexOf(':') + 1), "--interval", "200"));
        double seconds = (System.nanoTime() - t0) / 1e9;
        List<String> bars = watched.out().lines().filter(l -> l.startsWith("[")).toList();
        assertTrue(bars.size() >= 2, "expected several progress readings:\n" + watched);
        assertTrue(bars.get(bars.size() - 1).contains("100%") && bars.get(bars.size() - 1).contains("Completed"),
                watched::toString);
        assertTrue(bars.stream().anyMatch(l -> l.contains("Running")), watched::toString);
        Matcher bar = Pattern.compile("^\\[[#.]{30}\\] +\\d+%").matcher(bars.get(0));
        assertTrue(bar.find(), bars.get(0));
        System.err.printf("CliIT: job watch followed a %d MiB clone at %d MiB/s for %.1f s (%d readings)%n",
                FILLED >> 20, COPY_RATE >> 20, seconds, bars.size());

        JsonNode done = ok(cli.run("job", "watch", job, "--json")).json().get("job");
        assertEquals("Completed", done.get("state").asText());
        assertEquals(100, done.get("percentComplete").asInt());
        assertEquals("Synchronized", replicaOf(ok(cli.run("replica", "list", "--json")).json(), "cli-big-clone")
                .get("copyState").asText());
    }

    @Test
    @Order(4)
    void aWatchedJobThatFailsExitsWithFourAndAWatchThatGivesUpWithFive() throws Exception {
        // sixteen seconds of copying: long enough to outlast two CLI runs before the abort
        String src = createVolume("cli-abort", "256M");
        fill(src, 256L << 20);
        ok(cli.run("replica", "create", "cli-abort", "--type", "clone", "--name", "cli-abort-clone", "--async"));
        // without an id, watch follows the newest running job: this clone
        Cli.Result gaveUp = cli.run("job", "watch", "--timeout", "1", "--json");
        assertEquals(5, gaveUp.exit(), gaveUp::toString);
        assertEquals("Running", gaveUp.json().get("error").get("job").get("state").asText(), gaveUp::toString);
        String job = gaveUp.json().get("error").get("job").get("id").asText();

        JsonNode aborted = ok(cli.run("replica", "modify", "abort", "cli-abort-clone", "--json")).json();
        assertEquals("Aborted", aborted.get("replica").get("copyState").asText(), aborted::toString);
        Cli.Result failed = cli.run("job", "watch", job);
        assertEquals(4, failed.exit(), failed::toString);
        assertTrue(failed.err().startsWith("replicacim: job " + job + " ended Exception"), failed::toString);
        assertEquals(1, failed.err().lines().count(), failed::toString);
    }

    @Test
    @Order(5)
    void errorsExitWithTheirCodeAndOneLine() throws Exception {
        Cli.Result missing = cli.run("volume", "delete", "no-such-volume");
        assertEquals(1, missing.exit(), missing::toString);
        assertEquals("replicacim: 6 CIM_ERR_NOT_FOUND: no volume with DeviceID or name 'no-such-volume'",
                missing.err().strip());

        Cli.Result missingJson = cli.run("volume", "delete", "no-such-volume", "--json");
        assertEquals(1, missingJson.exit());
        assertEquals(6, missingJson.json().get("error").get("cimStatus").asInt(), missingJson::toString);

        createVolume("cli-busy", "16M");
        ok(cli.run("replica", "create", "cli-busy", "--type", "snapshot", "--name", "cli-busy-snap"));
        Cli.Result inUse = cli.run("volume", "delete", "cli-busy", "--json");
        assertEquals(1, inUse.exit(), inUse::toString);
        assertEquals(6, inUse.json().get("error").get("returnValue").asInt(), inUse::toString);
        assertTrue(inUse.err().contains("ReturnToStoragePool returned 6 (In Use)"), inUse::toString);

        for (String[] bad : List.of(
                new String[] {"volume", "create", "x", "--size", "12Q"},
                new String[] {"volume", "create", "x"},
                new String[] {"replica", "create", "cli-busy", "--type", "hologram"},
                new String[] {"replica", "modify", "explode", "cli-busy-snap"},
                new String[] {"volume", "list", "--no-such-option"},
                new String[] {"volume"},
                new String[] {"job", "watch", "a", "b"})) {
            Cli.Result r = cli.run(bad);
            assertEquals(2, r.exit(), () -> String.join(" ", bad) + "\n" + r);
            assertEquals(1, r.err().lines().count(), () -> String.join(" ", bad) + "\n" + r);
            assertTrue(r.err().startsWith("replicacim: "), r::toString);
            assertEquals("", r.out(), r::toString);
        }

        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        Cli.Result refused = cli.runBare("volume", "list", "--url", "http://127.0.0.1:" + closed);
        assertEquals(3, refused.exit(), refused::toString);
        assertEquals("replicacim: cannot reach http://127.0.0.1:" + closed + ": connection refused",
                refused.err().strip());

        // credentials: none → 401, a wrong password → 401, both exit 3 with a hint; --user without a password is usage
        Cli.Result anonymous = new Cli(url, Map.of()).run("volume", "list");
        assertEquals(3, anonymous.exit(), anonymous::toString);
        assertTrue(anonymous.err().contains("HTTP 401") && anonymous.err().contains("--user"), anonymous::toString);
        Cli.Result wrong = new Cli(url, Map.of()).run("volume", "list", "--user", USER, "--password", "nope");
        assertEquals(3, wrong.exit(), wrong::toString);
        Cli.Result noPassword = new Cli(url, Map.of()).run("volume", "list", "--user", USER);
        assertEquals(2, noPassword.exit(), noPassword::toString);
        assertEquals(1, noPassword.err().lines().count(), noPassword::toString);

        Cli.Result notCim = cli.runBare("volume", "list", "--url", url + "/metrics");
        assertEquals(3, notCim.exit(), notCim::toString);

        Cli.Result help = cli.runBare("volume", "create", "--help");
        assertEquals(0, help.exit());
        assertTrue(help.out().contains("Exit codes:") && help.out().contains("4   the job waited for failed"),
                help::toString);
    }

    /** The README's tour: its {@code replicacim} block runs as written in bash, the URL coming from the env. */
    @Test
    @Order(6)
    void theReadmeTourRunsAsWritten() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        int tour = readme.indexOf("\n## A five-minute tour");
        assertTrue(tour >= 0, "README has no '## A five-minute tour' section");
        int start = readme.indexOf("```sh\n", tour);
        int end = readme.indexOf("\n```", start + 6);
        // ./replicacim is the launcher (it builds the jar, then runs java -jar); here the same Main runs from the
        // test class path through a shell function of that name
        String block = readme.substring(start + 6, end).replace("./replicacim ", "replicacim ");
        assertTrue(block.contains("replicacim volume create") && block.contains("replicacim job watch"), block);

        // a server of its own, so the tour's names do not meet the other tests' volumes
        // the tour runs where ./data is the tour server's data directory (its user add writes ./data/users)
        Path tourData = Files.createTempDirectory("replicacim-tour");
        try (ReplicaCimServer tourServer = ReplicaCimServer.start(ServerConfig.defaults().withHttpPort(0)
                .withNbdPort(-1).withDataDir(tourData.resolve("data")).withHostName("localhost"))) {
            StringBuilder script = new StringBuilder("set -euo pipefail\n");
            script.append("replicacim() { ");
            for (String part : Cli.javaCommand()) {
                script.append('\'').append(part.replace("'", "'\\''")).append("' ");
            }
            script.append("\"$@\"; }\n").append(block).append('\n');
            List<String> cmd = new ArrayList<>(List.of("bash", "-c", script.toString()));
            Cli.Result r = Cli.exec(cmd, Map.of("REPLICACIM_URL", "http://127.0.0.1:" + tourServer.httpPort()), 240,
                    tourData.toFile());
            assertEquals(0, r.exit(), () -> "the README tour failed:\n" + r);
            assertTrue(r.out().contains("100%"), r::toString);
        } finally {
            deleteTree(tourData);
        }
    }

    /** Over HTTPS with the server's generated certificate (--cacert) and credentials; plain HTTP switched off. */
    @Test
    @Order(7)
    void httpsWithTheServersCertificate() throws Exception {
        Path tlsData = Files.createTempDirectory("replicacim-cli-tls");
        new UserFile(tlsData.resolve("users")).add(USER, Role.OPERATOR, PASSWORD.toCharArray(),
                PasswordHash.MIN_ITERATIONS);
        try (ReplicaCimServer tlsServer = ReplicaCimServer.start(ServerConfig.defaults().withHttpPort(0)
                .withNbdPort(-1).withDataDir(tlsData).withHostName("localhost").with("https.port", "0")
                .with("http.enabled", "false"))) {
            String https = "https://localhost:" + tlsServer.httpsPort();
            Path pem = tlsData.resolve("https-cert.pem");
            Cli tls = new Cli(https, Map.of("REPLICACIM_USER", USER, "REPLICACIM_PASSWORD", PASSWORD));
            Cli.Result listed = tls.run("volume", "list", "--json", "--cacert", pem.toString());
            assertEquals(0, listed.exit(), listed::toString);
            assertTrue(listed.json().get("volumes").isArray(), listed::toString);
            // without the certificate the JVM's CAs do not know it: the connection fails (exit 3)
            Cli.Result untrusted = tls.run("volume", "list");
            assertEquals(3, untrusted.exit(), untrusted::toString);
            // an operator may not create volumes (storage configuration is admin's): CIM_ERR_ACCESS_DENIED, exit 1
            Cli.Result denied = tls.run("volume", "create", "x", "--size", "1M", "--cacert", pem.toString());
            assertEquals(1, denied.exit(), denied::toString);
            assertTrue(denied.err().startsWith("replicacim: 2 CIM_ERR_ACCESS_DENIED"), denied::toString);
        } finally {
            deleteTree(tlsData);
        }
    }
}
