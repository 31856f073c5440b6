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
}
