package org.replicacim.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.replicacim.cim.CimName;
import org.replicacim.job.Job;
import org.replicacim.job.JobState;
import org.replicacim.store.instance.SqlInstanceStore;

/**
 * Kill -9 at random points: a child JVM ({@link StoreCrashWriter}) writes in a loop and is SIGKILLed; after each
 * kill the store is reopened and must hold every acknowledged write, nothing half-done, and (SQLite) pass
 * {@code PRAGMA integrity_check}. The seed is printed so that a failure can be replayed ({@code -Dcrash.seed=}).
 */
class StoreCrashIT {
    @RegisterExtension
    static final PostgresServer PG = new PostgresServer();

    private static final int SQLITE_KILLS = Integer.getInteger("crash.kills", 20);
    private static final int POSTGRES_KILLS = Integer.getInteger("crash.pgKills", 5);

    @TempDir
    Path dataDir;

    /** What the child acknowledged before it died. */
    private record Acks(int lastStep, List<Integer> instances, int startedAt) { }

    @Test
    void sqliteKeepsEveryAcknowledgedWriteAcrossKills() throws Exception {
        run(SQLITE_KILLS, List.of(dataDir.toString()), StoreConfig.sqlite(dataDir), true);
    }

    @Test
    void postgresKeepsEveryAcknowledgedWriteAcrossKills() throws Exception {
        String url = PG.newDatabaseUrl();
        // a killed leader's lease must run out before the next writer may write: keep it short here
        run(POSTGRES_KILLS, List.of(dataDir.toString(), url, PG.user(), PG.password()),
                StoreConfig.postgres(url, PG.user(), PG.password(), dataDir).withLease(StoreCrashWriter.LEASE), false);
    }

    private void run(int kills, List<String> args, StoreConfig config, boolean sqlite) throws Exception {
        long seed = Long.getLong("crash.seed", System.nanoTime());
        System.err.println("StoreCrashIT: " + kills + " kills, seed " + seed + " (replay with -Dcrash.seed=" + seed
                + ")");
        Random random = new Random(seed);
        int lastCommitted = -1;
        List<Integer> instances = new ArrayList<>();
        for (int k = 0; k < kills; k++) {
            Acks acks = killAtRandom(args, random, sqlite && k == 0 ? config : null);
            assertEquals(lastCommitted + 1, acks.startedAt(), "the child resumes after the last committed step");
            instances.addAll(acks.instances());
            try (Store s = Store.open(config)) {
                lastCommitted = verify(s, acks, instances, sqlite, "after kill " + (k + 1) + " (seed " + seed + ")");
            }
        }
        System.err.println("StoreCrashIT: " + kills + " kills survived; " + (lastCommitted + 1)
                + " steps committed, " + instances.size() + " acknowledged instances present");
        assertTrue(lastCommitted > kills, "the child made progress between kills: " + lastCommitted + " steps");
    }

    /** Starts the writer, kills it with SIGKILL after a random time, and returns what it acknowledged. */
    private Acks killAtRandom(List<String> args, Random random, StoreConfig probeSecondServer) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-XX:TieredStopAtLevel=1", "-Dlogback.configurationFile=logback-test.xml", "-cp",
                System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                StoreCrashWriter.class.getName()));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            String first = readLine(in, p, 60_000);
            assertNotNull(first, "the writer did not start");
            assertTrue(first.startsWith("ready "), first);
            int startedAt = Integer.parseInt(first.substring(6));
            if (probeSecondServer != null) {
                StoreException e = assertThrows(StoreException.class, () -> Store.open(probeSecondServer));
                assertTrue(e.getMessage().contains("is in use by another ReplicaCIM server (crash writer)"),
                        e.getMessage());
            }
            // kill while writes are streaming: after the first acknowledged step, at a random point within the
            // next few hundred milliseconds (tens of steps)
            int lastStep = -1;
            List<Integer> instances = new ArrayList<>();
            String line = readLine(in, p, 60_000);
            assertNotNull(line, "the writer acknowledged nothing");
            lastStep = record(line, lastStep, instances);
            Thread.sleep(random.nextInt(600));
            // SIGKILL (through the handle, which leaves our end of the pipe open to read what was acknowledged)
            p.toHandle().destroyForcibly();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the killed writer did not go away");
            while ((line = in.readLine()) != null) {
                lastStep = record(line, lastStep, instances);
            }
            return new Acks(lastStep, instances, startedAt);
        } finally {
            p.destroyForcibly();
        }
    }

    /** Notes an acknowledgement line; returns the last acknowledged step. */
    private static int record(String line, int lastStep, List<Integer> instances) {
        if (line.startsWith("ack ")) {
            return Integer.parseInt(line.substring(4));
        }
        if (line.startsWith("inst ")) {
            instances.add(Integer.parseInt(line.substring(5)));
        }
        return lastStep;
    }

    private static String readLine(BufferedReader in, Process p, long timeoutMs) throws IOException,
            InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (!in.ready()) {
            if (!p.isAlive() || System.currentTimeMillis() > deadline) {
                return in.ready() ? in.readLine() : null;
            }
            Thread.sleep(10);
        }
        return in.readLine();
    }

    /** Checks the reopened store; returns the last committed step. */
    private static int verify(Store s, Acks acks, List<Integer> instances, boolean sqlite, String when) {
        if (sqlite) {
            assertEquals("ok", s.database().read(tx -> tx.queryOne("PRAGMA integrity_check", r -> r.getString(1))),
                    when);
        }
        VersionedRecord counter = s.records().get("counter", "steps");
        int committed = counter == null ? 0 : Integer.parseInt(counter.payload());
        assertTrue(committed >= acks.lastStep() + 1, when + ": step " + acks.lastStep() + " was acknowledged but"
                + " only " + committed + " steps are stored");
        assertEquals(committed, counter == null ? 0 : counter.version(), when + ": counter version");
        List<Job> jobs = s.jobs().loadAll();
        assertEquals(committed, jobs.size(), when + ": one job per committed step, no more, no less");
        for (int i = 0; i < committed; i++) {
            Job expected = StoreCrashWriter.job(i, i == committed - 1 ? JobState.RUNNING : JobState.COMPLETED);
            assertEquals(expected, jobs.get(i), when + ": job " + i);
        }
        List<VersionedRecord> steps = s.records().list("step");
        assertEquals(committed, steps.size(), when + ": one record per committed step");
        for (int i = 0; i < committed; i++) {
            assertEquals("payload of step " + i, steps.get(i).payload(), when + ": record " + i);
        }
        var filters = new SqlInstanceStore(s.database()).list(StoreCrashWriter.NS,
                CimName.of("CIM_IndicationFilter"));
        for (int i : instances) {
            assertTrue(filters.contains(StoreCrashWriter.instance(i)), when + ": acknowledged instance " + i);
        }
        int previous = -1;
        for (var f : filters) {
            // an instance may be missing only if its step committed and the kill came before the instance's own
            // transaction; those that are there are whole and in creation order
            int n = Integer.parseInt(f.value("Name").asString().substring("filter-".length()));
            assertEquals(StoreCrashWriter.instance(n), f, when + ": instance " + n + " intact");
            assertTrue(n > previous && n < committed, when + ": instances in creation order");
            previous = n;
        }
        return committed - 1;
    }
}
