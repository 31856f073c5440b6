package org.replicacim.bench.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.replicacim.job.Job;
import org.replicacim.job.JobState;
import org.replicacim.store.Store;
import org.replicacim.store.StoreConfig;
import org.replicacim.store.VersionedRecord;

/**
 * What a restart costs the store: open the SQLite store holding 10,000 finished jobs and 10,000 records the size
 * of a replication relationship, and load them all ({@code restart}); against a baseline of plain JDBC reading the
 * same rows without mapping them ({@code rawScan}). Also one durable job save ({@code saveJob}, a committed
 * transaction with {@code synchronous=FULL}) against a plain JDBC autocommit insert on the same settings
 * ({@code rawInsert}).
 *
 * <p>Run: {@code bench/store/run.sh}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class StoreRestartBenchmark {
    static final int ROWS = 10_000;
    static final String KIND = "replication.relationship";

    Path dir;

    static Job job(int i) {
        Instant t = Instant.parse("2024-01-01T00:00:00Z").plusSeconds(i);
        return new Job("ReplicaCIM:JOB:" + i, "Clone of vol-" + i, "CreateElementReplica", "bench",
                JobState.COMPLETED, 100, 0, null, t, t, t.plusSeconds(5), t.plusSeconds(5), Duration.ofMinutes(5),
                false, List.of("ReplicaCIM:vol-" + i));
    }

    static String relationship(int i) {
        return "{\"format\":1,\"id\":\"ReplicaCIM:sync-" + i + "\",\"source\":\"vol-" + i + "\",\"target\":\"clone-"
                + i + "\",\"syncType\":8,\"mode\":2,\"copyState\":4,\"progress\":2,\"percentSynced\":100,"
                + "\"syncTime\":\"2024-01-01T00:00:00Z\",\"whenSynced\":\"2024-01-01T00:00:05Z\","
                + "\"dirtyMap\":\"target/volumes/vol-" + i + ".dirty\",\"job\":\"ReplicaCIM:JOB:" + i + "\"}";
    }

    @Setup(Level.Trial)
    public void fill() {
        try {
            dir = Files.createTempDirectory("replicacim-bench-store");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        try (Store s = Store.open(StoreConfig.sqlite(dir))) {
            s.database().write(tx -> {
                for (int i = 0; i < ROWS; i++) {
                    s.jobs().save(tx, job(i));
                    s.records().insert(tx, KIND, "ReplicaCIM:sync-" + i, relationship(i));
                }
                return null;
            });
        }
        System.out.println("\nstore: " + ROWS + " jobs and " + ROWS + " records in " + dir);
    }

    @TearDown(Level.Trial)
    public void remove() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Open the store (lock, schema check) and load every job and record, as a restart does. */
    @Benchmark
    public void restart(Blackhole bh) {
        try (Store s = Store.open(StoreConfig.sqlite(dir))) {
            List<Job> jobs = s.jobs().loadAll();
            List<VersionedRecord> records = s.records().list(KIND);
            if (jobs.size() != ROWS || records.size() != ROWS) {
                throw new IllegalStateException("expected " + ROWS + " of each");
            }
            bh.consume(jobs);
            bh.consume(records);
        }
    }

    /** Baseline: plain JDBC reading the same rows' columns, nothing mapped, no lock, no schema check. */
    @Benchmark
    public void rawScan(Blackhole bh) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(StoreConfig.SQLITE_FILE));
             Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT * FROM jobs")) {
                int cols = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    for (int i = 1; i <= cols; i++) {
                        bh.consume(rs.getString(i));
                    }
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT * FROM records WHERE kind = '" + KIND + "'")) {
                while (rs.next()) {
                    bh.consume(rs.getString(2));
                    bh.consume(rs.getLong(3));
                    bh.consume(rs.getString(4));
                }
            }
        }
    }

    /** The state for the write benchmarks: a store kept open, and a plain connection on another database file. */
    @State(Scope.Benchmark)
    public static class Writes {
        Path dir;
        Store store;
        Connection raw;
        final AtomicInteger next = new AtomicInteger(ROWS);

        @Setup(Level.Trial)
        public void open() throws Exception {
            dir = Files.createTempDirectory("replicacim-bench-writes");
            store = Store.open(StoreConfig.sqlite(dir));
            org.sqlite.SQLiteConfig c = new org.sqlite.SQLiteConfig();
            c.setJournalMode(org.sqlite.SQLiteConfig.JournalMode.WAL);
            c.setSynchronous(org.sqlite.SQLiteConfig.SynchronousMode.FULL);
            raw = c.createConnection("jdbc:sqlite:" + dir.resolve("raw.db"));
            try (Statement st = raw.createStatement()) {
                st.execute("CREATE TABLE t (id TEXT PRIMARY KEY, payload TEXT NOT NULL)");
            }
        }

        @TearDown(Level.Trial)
        public void close() throws Exception {
            raw.close();
            store.close();
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** One durable job save: a committed, fsynced transaction. */
    @Benchmark
    public void saveJob(Writes w) {
        w.store.jobs().save(job(w.next.incrementAndGet()));
    }

    /** Baseline: one plain autocommit insert of a row of the same size with the same durability settings. */
    @Benchmark
    public void rawInsert(Writes w) throws SQLException {
        try (var ps = w.raw.prepareStatement("INSERT INTO t (id, payload) VALUES (?, ?)")) {
            int i = w.next.incrementAndGet();
            ps.setString(1, "ReplicaCIM:JOB:" + i);
            ps.setString(2, job(i).toString());
            ps.executeUpdate();
        }
    }
}
