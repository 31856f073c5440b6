package org.replicacim.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two server processes on one PostgreSQL database ({@link LeaseHolderProcess}): the leader is killed with SIGKILL,
 * or frozen with SIGSTOP as a long pause would (most likely inside a write transaction, holding the lease row's
 * share lock); the other takes over once the lease has run out, and a frozen leader that wakes up learns it lost
 * the lease and has its writes refused.
 */
class LeaderFailoverIT {
    @RegisterExtension
    static final PostgresServer PG = new PostgresServer();

    @TempDir
    Path dataDir;

    private final List<Process> processes = new ArrayList<>();

    /** A child process and the lines it printed. */
    private static final class Child {
        final String name;
        final Process process;
        private final List<String> lines = new ArrayList<>();
        private int from;

        Child(String name, Process process) {
            this.name = name;
            this.process = process;
        }

        Process process() {
            return process;
        }

        synchronized void add(String line) {
            lines.add(line);
            notifyAll();
        }

        synchronized List<String> sinceMark() {
            return List.copyOf(lines.subList(from, lines.size()));
        }

        /** Later awaits look only at lines printed from now on. */
        synchronized void mark() {
            from = lines.size();
        }

        /** Waits for a line matching the test among those since the last mark; fails after the timeout. */
        synchronized String await(Predicate<String> test, Duration timeout, String what) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                for (int i = from; i < lines.size(); i++) {
                    if (test.test(lines.get(i))) {
                        return lines.get(i);
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError(name + ": no '" + what + "' within " + timeout.toMillis() + " ms; saw "
                            + lines.subList(from, lines.size()));
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
    }

    @AfterEach
    void stop() {
        for (Process p : processes) {
            p.destroyForcibly();
        }
    }

    private Child start(String url, String name) throws IOException {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
                "-XX:TieredStopAtLevel=1", "-Dlogback.configurationFile=logback-test.xml", "-cp",
                System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                LeaseHolderProcess.class.getName(), url, PG.user(), PG.password(), dataDir.toString(), name);
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        processes.add(p);
        Child child = new Child(name, p);
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    child.add(line);
                }
            } catch (IOException ended) {
                // the process is gone
            }
        }, "read " + name);
        reader.setDaemon(true);
        reader.start();
        return child;
    }

    private static void signal(Process p, String signal) throws Exception {
        Process k = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start();
        assertTrue(k.waitFor(10, TimeUnit.SECONDS) && k.exitValue() == 0, "kill -" + signal + " failed");
    }

    private static final Duration START = Duration.ofSeconds(60);
    /** A follower takes over after the lease ran out plus at most one renewal period; slack for a busy machine. */
    private static final Duration TAKEOVER = LeaseHolderProcess.LEASE.plus(LeaseHolderProcess.RENEW)
            .plus(Duration.ofSeconds(3));

    @Test
    void whenTheLeaderIsKilledTheOtherServerTakesOverWithinTheLease() throws Exception {
        String url = PG.newDatabaseUrl();
        Child a = start(url, "server A");
        assertEquals("leader", a.await(l -> l.equals("leader") || l.startsWith("follower"), START, "state"));
        a.await(l -> l.startsWith("wrote"), START, "first write");
        Child b = start(url, "server B");
        assertEquals("follower server A", b.await(l -> l.equals("leader") || l.startsWith("follower"), START, "state"));
        String refused = b.await(l -> l.startsWith("refused"), START, "refusal");
        assertTrue(refused.endsWith("the leader is server A"), refused);

        long killed = System.nanoTime();
        a.process().toHandle().destroyForcibly(); // SIGKILL
        b.await("leader"::equals, TAKEOVER, "leader after the kill");
        long ms = (System.nanoTime() - killed) / 1_000_000;
        b.await(l -> l.startsWith("wrote"), Duration.ofSeconds(5), "first write as leader");
        System.err.println("LeaderFailoverIT: server B took over " + ms + " ms after server A was killed (lease "
                + LeaseHolderProcess.LEASE.toMillis() + " ms)");
        try (Store s = Store.open(StoreConfig.postgres(url, PG.user(), PG.password(), dataDir))) {
            VersionedRecord hb = s.records().get("heartbeat", "hb");
            assertNotNull(hb);
            assertTrue(hb.payload().startsWith("server B "), hb.payload());
        }
    }

    @Test
    void aFrozenLeaderIsReplacedAndOnWakingLearnsItLostAndIsRefused() throws Exception {
        String url = PG.newDatabaseUrl();
        Child a = start(url, "server A");
        assertEquals("leader", a.await(l -> l.equals("leader") || l.startsWith("follower"), START, "state"));
        a.await(l -> l.startsWith("wrote"), START, "first write");
        Child b = start(url, "server B");
        b.await(l -> l.startsWith("refused"), START, "refusal");

        signal(a.process(), "STOP"); // a long pause: no renewals, no writes
        long frozen = System.nanoTime();
        a.mark();
        try {
            // frozen inside a transaction, A's session is ended by PostgreSQL after a lease; then B's takeover
            // (which waited for A's row lock, or timed out and retries) goes through
            b.await("leader"::equals, TAKEOVER.plus(LeaseHolderProcess.LEASE), "leader while A is frozen");
            System.err.println("LeaderFailoverIT: server B took over " + (System.nanoTime() - frozen) / 1_000_000
                    + " ms after server A was frozen");
            b.await(l -> l.startsWith("wrote"), Duration.ofSeconds(5), "first write as leader");
        } finally {
            signal(a.process(), "CONT");
        }
        a.await(l -> l.startsWith("follower"), Duration.ofSeconds(10), "A stepping down");
        String refused = a.await(l -> l.startsWith("refused"), Duration.ofSeconds(10), "A's writes refused");
        assertTrue(refused.contains("this server is a follower"), refused);
        a.await("follower server B"::equals, Duration.ofSeconds(10), "A seeing B as leader");
        System.err.println("LeaderFailoverIT: server A after waking: " + a.sinceMark());
        Thread.sleep(500);
        try (Store s = Store.open(StoreConfig.postgres(url, PG.user(), PG.password(), dataDir))) {
            String hb = s.records().get("heartbeat", "hb").payload();
            assertTrue(hb.startsWith("server B "), "only B writes after the pause: " + hb);
        }
    }

    // ---- two whole servers (Main serve) on one PostgreSQL and one data directory

    /** A server process and the ports it printed. */
    private record Server(Process process, int port, int nbdPort) {
        org.replicacim.client.WbemClient client() {
            return org.replicacim.client.WbemClient.connect(java.net.URI.create("http://127.0.0.1:" + port
                    + "/cimom"), null, org.replicacim.repository.ClassRepository.STORAGE, Duration.ofSeconds(30));
        }
    }

    private static final java.util.regex.Pattern SERVING = java.util.regex.Pattern.compile(
            "serving CIM-XML on http://[^:]+:(\\d+)/cimom.*NBD on 127\\.0\\.0\\.1:(\\d+)");

    private Server serve(Path config, String name) throws Exception {
        // the servers' own INFO lines (leadership, recovery, jobs) go to NAME.log, for post-mortems
        Path logback = dataDir.resolve("logback-servers.xml");
        java.nio.file.Files.writeString(logback, "<configuration><appender name=\"E\" class=\"ch.qos.logback.core"
                + ".ConsoleAppender\"><target>System.err</target><encoder><pattern>%d{HH:mm:ss.SSS} %-5level"
                + " %logger{20} - %msg%n</pattern></encoder></appender><logger name=\"org.replicacim\" level=\"INFO\""
                + "/><root level=\"WARN\"><appender-ref ref=\"E\"/></root></configuration>");
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Dlogback.configurationFile=" + logback,
                "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                "org.replicacim.app.Main", "serve", "--config", config.toString());
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.appendTo(
                dataDir.resolve(name + ".log").toFile())).start();
        processes.add(p);
        BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + START.toNanos();
        while (System.nanoTime() < deadline) {
            String line = in.readLine();
            if (line == null) {
                break;
            }
            java.util.regex.Matcher m = SERVING.matcher(line);
            if (m.find()) {
                Thread drain = new Thread(() -> {
                    try {
                        while (in.readLine() != null) {
                            // discard
                        }
                    } catch (IOException e) {
                        // gone
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return new Server(p, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
            }
        }
        throw new AssertionError(name + " did not start within " + START.toSeconds() + " s; see " + name + ".log");
    }

    private static int prop(org.replicacim.cim.CimInstance i, String name) {
        org.replicacim.cim.CimValue v = i.value(name);
        return v == null || v.isNull() ? -1 : v.asInt();
    }

    @Test
    void whenTheLeaderIsKilledMidJobTheOtherServerFinishesTheJob() throws Exception {
        String url = PG.newDatabaseUrl();
        Path shared = dataDir.resolve("shared");
        int size = 32 << 20; // the file engine copies 4 MiB runs, throttled: eight runs, about eight seconds
        org.replicacim.storage.VolumeId source;
        try (org.replicacim.storage.file.FileBackend b = org.replicacim.storage.file.FileBackend.open(
                org.replicacim.storage.file.FileBackendConfig.defaults(shared.resolve("volumes")))) {
            source = b.createVolume(b.pools().get(0).id(), "src", size).id();
            try (org.replicacim.storage.BlockDevice d = b.openDevice(source)) {
                byte[] data = new byte[size];
                for (int i = 0; i < size; i++) {
                    data[i] = (byte) (i >>> 12);
                }
                d.write(0, java.nio.ByteBuffer.wrap(data));
                d.flush();
            }
        }
        String common = "http.port = 0\nnbd.port = 0\nsecurity.anonymousLoopback = true\nserver.host = localhost\ndata.dir = " + shared
                + "\nstore.url = " + url + "\nstore.user = " + PG.user() + "\nstore.password = " + PG.password()
                + "\nstore.leaseSeconds = 3\nbackend.file.copyBytesPerSecond = " + (4 << 20) + "\n";
        Path configA = dataDir.resolve("a.properties");
        Path configB = dataDir.resolve("b.properties");
        java.nio.file.Files.writeString(configA, common);
        java.nio.file.Files.writeString(configB, common);
        Server a = serve(configA, "a");
        Server b = serve(configB, "b");
        org.replicacim.provider.block.ElementPaths paths = new org.replicacim.provider.block.ElementPaths(
                org.replicacim.repository.ClassRepository.STORAGE, "localhost");
        List<org.replicacim.message.ParamValue> clone = List.of(
                org.replicacim.message.ParamValue.of("SyncType", org.replicacim.cim.CimValue.uint16(8)),
                org.replicacim.message.ParamValue.of("SourceElement",
                        org.replicacim.cim.CimValue.reference(paths.volume(source))));

        // the follower refuses changes, naming the leader
        org.replicacim.cim.CimException refused = org.junit.jupiter.api.Assertions.assertThrows(
                org.replicacim.cim.CimException.class, () -> b.client().invokeMethod(paths.replicationService(),
                        "CreateElementReplica", clone.toArray(new org.replicacim.message.ParamValue[0])));
        assertEquals(org.replicacim.cim.CimStatus.FAILED, refused.status());
        assertTrue(refused.description().contains("the leader is ") && refused.description().contains(
                "pid " + a.process().pid()), refused.description());

        org.replicacim.message.MethodResult r = a.client().invokeMethod(paths.replicationService(),
                "CreateElementReplica", clone.toArray(new org.replicacim.message.ParamValue[0]));
        assertEquals(4096, r.returnValue().asInt());
        org.replicacim.cim.ObjectPath job = r.outParameter("Job").value().asReference();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        int before;
        while ((before = prop(a.client().getInstance(job), "PercentComplete")) < 10) {
            assertTrue(System.nanoTime() < end, "the copy job did not progress");
            Thread.sleep(50);
        }
        // the follower serves reads from the shared store
        assertEquals(4, prop(b.client().getInstance(job), "JobState"), "the follower sees the job running");
        assertEquals(1, b.client().enumerateInstances(org.replicacim.repository.ClassRepository.STORAGE,
                "CIM_StorageSynchronized").size());
        // what only the backend knows, a follower cannot answer (it must not open the leader's engine): it says so
        org.replicacim.cim.CimException volumes = org.junit.jupiter.api.Assertions.assertThrows(
                org.replicacim.cim.CimException.class, () -> b.client().enumerateInstanceNames(
                        org.replicacim.repository.ClassRepository.STORAGE, "CIM_StorageVolume"));
        assertEquals(org.replicacim.cim.CimStatus.FAILED, volumes.status());
        assertTrue(volumes.description().contains("follower"), volumes.description());

        before = prop(a.client().getInstance(job), "PercentComplete");
        long killed = System.nanoTime();
        a.process().toHandle().destroyForcibly(); // SIGKILL, mid-copy
        assertTrue(a.process().waitFor(30, TimeUnit.SECONDS));
        org.replicacim.cim.CimInstance j;
        long resumedAt = 0;
        end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            j = b.client().getInstance(job);
            int state = prop(j, "JobState");
            assertTrue(state == 4 || state == 7, "the job is resumed by the new leader, not ended: " + j);
            assertTrue(prop(j, "PercentComplete") >= before, "PercentComplete goes on from " + before + ": " + j);
            if (resumedAt == 0 && prop(j, "PercentComplete") > before) {
                resumedAt = System.nanoTime();
            }
            if (state == 7 || System.nanoTime() > end) {
                break;
            }
            Thread.sleep(100);
        }
        assertEquals(7, prop(j, "JobState"), "the job finished on the new leader: " + j);
        assertEquals(100, prop(j, "PercentComplete"));
        System.err.printf("LeaderFailoverIT: the job (at %d%% when server A was killed) progressed on server B %d ms"
                + " after the kill (lease 3 s) and finished %d ms after it%n", before, (resumedAt - killed) / 1_000_000,
                (System.nanoTime() - killed) / 1_000_000);
        List<org.replicacim.cim.CimInstance> syncs = b.client().enumerateInstances(
                org.replicacim.repository.ClassRepository.STORAGE, "CIM_StorageSynchronized");
        assertEquals(1, syncs.size());
        assertEquals(4, prop(syncs.get(0), "CopyState"), "Synchronized: " + syncs.get(0));
        // and the new leader accepts changes
        assertEquals(4096, b.client().invokeMethod(paths.replicationService(), "CreateElementReplica", clone.toArray(new org.replicacim.message.ParamValue[0]))
                .returnValue().asInt());
    }
}
