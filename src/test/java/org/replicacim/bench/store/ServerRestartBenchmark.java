package org.replicacim.bench.store;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.replicacim.cim.ObjectPath;
import org.replicacim.client.WbemClient;
import org.replicacim.job.Job;
import org.replicacim.job.JobState;
import org.replicacim.replication.CopyState;
import org.replicacim.replication.ProgressStatus;
import org.replicacim.replication.SyncMode;
import org.replicacim.replication.SyncRelationship;
import org.replicacim.replication.SyncType;
import org.replicacim.storage.PoolId;
import org.replicacim.storage.VolumeId;
import org.replicacim.storage.file.FileBackend;
import org.replicacim.storage.file.FileBackendConfig;
import org.replicacim.store.SqlRelationshipStore;
import org.replicacim.store.Store;
import org.replicacim.store.StoreConfig;

/**
 * What a restart costs a whole server: a child JVM ({@code Main serve}) started on a data directory holding 10,000
 * replication relationships (clones, Synchronized, their target volumes in the file engine) and 10,000 finished
 * jobs, timed from process launch until it has answered its first request (an EnumerateInstanceNames of
 * CIM_StorageSynchronized, which must list all 10,000); against the same start on an empty data directory (the
 * baseline). Runs each alternately, several times, and prints the medians and their ratio.
 *
 * <p>Run: {@code bench/store/restart.sh [rows] [rounds]}.
 */
public final class ServerRestartBenchmark {
    private static final Pattern READY = Pattern.compile("serving CIM-XML on http://[^:]+:(\\d+)/cimom");

    private ServerRestartBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        // -Dbench.dir=DIR keeps (and reuses) the filled data directories there
        String keep = System.getProperty("bench.dir");
        Path root = keep != null ? Path.of(keep) : Files.createTempDirectory("replicacim-bench-restart");
        Path empty = root.resolve("empty");
        Path full = root.resolve("full-" + rows);
        if (!Files.exists(full)) {
            long f0 = System.nanoTime();
            fill(full, rows);
            System.out.printf("filled %s with %d relationships, %d volumes and %d finished jobs in %d s%n", full,
                    rows, rows + rows / 100, rows, (System.nanoTime() - f0) / 1_000_000_000L);
        }
        List<long[]> base = new ArrayList<>();
        List<long[]> loaded = new ArrayList<>();
        start(empty, 0); // warms the disk cache for the JVM and the jars, counted nowhere
        for (int i = 0; i < rounds; i++) {
            base.add(start(empty, 0));
            loaded.add(start(full, rows));
        }
        long b = median(base, 1);
        long l = median(loaded, 1);
        System.out.printf("empty data directory: first answer after %d ms (median; listening %d ms, every"
                + " relationship listed %d ms)%n", b, median(base, 0), median(base, 2));
        System.out.printf("%,d relationships + %,d finished jobs: first answer after %d ms (median; listening %d ms,"
                + " all %,d relationships listed %d ms); ratio to empty %.2f; limit 5000 ms%n", rows, rows, l,
                median(loaded, 0), rows, median(loaded, 2), (double) l / b);
        System.out.println("runs (listening/first answer/all listed, ms): empty " + text(base) + "; loaded "
                + text(loaded));
        if (keep == null) {
            deleteTree(root);
        }
        if (l >= 5000) {
            System.exit(2);
        }
    }

    private static long median(List<long[]> runs, int which) {
        List<Long> s = new ArrayList<>();
        for (long[] r : runs) {
            s.add(r[which]);
        }
        s.sort(null);
        return s.get(s.size() / 2);
    }

    private static String text(List<long[]> runs) {
        StringBuilder b = new StringBuilder();
        for (long[] r : runs) {
            b.append(b.length() == 0 ? "" : ", ").append(r[0]).append('/').append(r[1]).append('/').append(r[2]);
        }
        return b.toString();
    }

    /** Volumes in the file engine, and relationships and jobs in the store, as a server would have left them. */
    static void fill(Path dataDir, int rows) throws Exception {
        Files.createDirectories(dataDir);
        List<VolumeId> sources = new ArrayList<>();
        List<VolumeId> targets = new ArrayList<>();
        try (FileBackend b = FileBackend.open(FileBackendConfig.defaults(dataDir.resolve("volumes")))) {
            PoolId pool = b.pools().get(0).id();
            for (int i = 0; i < Math.max(1, rows / 100); i++) {
                sources.add(b.createVolume(pool, "src-" + i, 1 << 20).id());
            }
            for (int i = 0; i < rows; i++) {
                targets.add(b.createVolume(pool, "clone-" + i, 1 << 20).id());
            }
        }
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        try (Store s = Store.open(StoreConfig.sqlite(dataDir))) {
            SqlRelationshipStore relationships = new SqlRelationshipStore(s.records());
            for (int i = 0; i < rows; i++) {
                relationships.put(SyncRelationship.builder("rel-" + i).source(sources.get(i % sources.size()))
                        .target(targets.get(i)).syncType(SyncType.CLONE).mode(SyncMode.ASYNCHRONOUS)
                        .copyState(CopyState.SYNCHRONIZED).progressStatus(ProgressStatus.COMPLETED)
                        .requestedCopyState(CopyState.NOT_APPLICABLE).percentSynced(100).whenEstablished(t)
                        .whenActivated(t).whenSynchronized(t.plusSeconds(5)).whenSynced(t).generation(1).build());
            }
            s.database().write(tx -> {
                for (int i = 0; i < rows; i++) {
                    Instant at = t.plusSeconds(i);
                    s.jobs().save(tx, new Job("ReplicaCIM:JOB:bench-" + i, "CreateElementReplica",
                            "/root/cimv2/storage/iscsitarget:MSISCSITARGET_ReplicationService.CreateElementReplica",
                            "bench", JobState.COMPLETED, 100, 0, null, at, at, at.plusSeconds(5), at.plusSeconds(5),
                            Duration.ofDays(3650), false, List.of()));
                }
                return null;
            });
        }
    }

    /**
     * Launches a server on the data directory; the times (ms from launch) until it listens, until it has answered a
     * first request (the object manager's name in the interop namespace), and until it has listed every
     * relationship (which must be the rows).
     */
    static long[] start(Path dataDir, int rows) throws Exception {
        Files.createDirectories(dataDir);
        Path config = dataDir.resolveSibling(dataDir.getFileName() + ".properties");
        Files.writeString(config, "http.port = 0\nnbd.port = -1\nsecurity.anonymousLoopback = true\nserver.host = localhost\ndata.dir = " + dataDir
                + "\n");
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "-Dlogback.configurationFile="
                        + System.getProperty("bench.logback", "logback-test.xml"),
                "org.replicacim.app.Main", "serve", "--config", config.toString());
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.appendTo(
                dataDir.resolveSibling(dataDir.getFileName() + ".log").toFile())).start();
        try {
            BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            long deadline = t0 + TimeUnit.SECONDS.toNanos(120);
            int port = -1;
            while (port < 0 && System.nanoTime() < deadline) {
                String line = in.readLine();
                if (line == null) {
                    throw new IllegalStateException("the server exited before listening");
                }
                Matcher m = READY.matcher(line);
                if (m.find()) {
                    port = Integer.parseInt(m.group(1));
                }
            }
            if (port < 0) {
                throw new IllegalStateException("the server did not listen within 120 s");
            }
            long listening = (System.nanoTime() - t0) / 1_000_000;
            WbemClient client = WbemClient.connect(java.net.URI.create("http://127.0.0.1:" + port + "/cimom"));
            if (client.enumerateInstanceNames(org.replicacim.cim.Namespace.of("interop"), "CIM_ObjectManager")
                    .size() != 1) {
                throw new IllegalStateException("no object manager");
            }
            long first = (System.nanoTime() - t0) / 1_000_000;
            List<ObjectPath> names = client.enumerateInstanceNames(
                    org.replicacim.cim.Namespace.of("root/cimv2/storage/iscsitarget"), "CIM_StorageSynchronized");
            long all = (System.nanoTime() - t0) / 1_000_000;
            if (names.size() != rows) {
                throw new IllegalStateException("the server lists " + names.size() + " relationships, not " + rows);
            }
            return new long[] {listening, first, all};
        } finally {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static void deleteTree(Path root) throws Exception {
        try (var s = Files.walk(root)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
        }
    }
}
