package org.replicacim.store;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.replicacim.cim.CimInstance;
import org.replicacim.cim.CimValue;
import org.replicacim.cim.Namespace;
import org.replicacim.cim.ObjectPath;
import org.replicacim.job.Job;
import org.replicacim.job.JobState;
import org.replicacim.store.instance.SqlInstanceStore;

/**
 * The child process of {@link StoreCrashIT}: writes to the store in a loop and acknowledges each committed write
 * on stdout, until it is killed. Each step i is one transaction: job i created Running, job i-1 set Completed,
 * record i inserted, the counter record moved from i to i+1 by compare-and-set; every third step also stores a
 * static instance in a transaction of its own.
 *
 * <p>Arguments: {@code DATA_DIR [JDBC_URL USER PASSWORD]}.
 */
public final class StoreCrashWriter {
    static final Namespace NS = Namespace.of("interop");
    static final int MAX_STEPS = 1_000_000;
    /** The lease on PostgreSQL: a restarted writer waits for the killed one's lease to run out. */
    static final Duration LEASE = Duration.ofSeconds(2);

    private StoreCrashWriter() {
    }

    static Job job(int i, JobState state) {
        Instant t = Instant.parse("2024-01-01T00:00:00Z").plusMillis(i);
        return new Job("job-" + i, "step " + i, "CreateElementReplica", "crash test", state,
                state == JobState.COMPLETED ? 100 : i % 100, 0, null, t, t, state.isFinished() ? t.plusSeconds(1)
                : null, t, Duration.ofMinutes(5), true, List.of("vol-" + i));
    }

    static CimInstance instance(int i) {
        ObjectPath p = ObjectPath.builder("CIM_IndicationFilter").namespace(NS).key("Name", "filter-" + i).build();
        return CimInstance.builder("CIM_IndicationFilter").path(p).property("Name", CimValue.string("filter-" + i))
                .property("Query", CimValue.string("SELECT * FROM CIM_InstCreation WHERE step = " + i)).build();
    }

    public static void main(String[] args) {
        PrintStream out = System.out;
        StoreConfig config = args.length == 1 ? StoreConfig.sqlite(Path.of(args[0]))
                : StoreConfig.postgres(args[1], args[2], args[3], Path.of(args[0])).withLease(LEASE);
        Store store = Store.open(config.withNodeName("crash writer"));
        long deadline = System.nanoTime() + LEASE.multipliedBy(10).toNanos();
        while (!store.leadership().isLeader() && System.nanoTime() < deadline) {
            // the killed writer's lease has to run out first (a PostgreSQL store after a crash)
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
        }
        SqlInstanceStore instances = new SqlInstanceStore(store.database());
        int start = store.database().read(tx -> {
            VersionedRecord c = store.records().get(tx, "counter", "steps");
            return c == null ? 0 : Integer.parseInt(c.payload());
        });
        out.println("ready " + start);
        out.flush();
        for (int step = start; step < start + MAX_STEPS; step++) {
            int i = step;
            store.database().write(tx -> {
                store.jobs().save(tx, job(i, JobState.RUNNING));
                if (i > 0) {
                    store.jobs().save(tx, job(i - 1, JobState.COMPLETED));
                }
                store.records().insert(tx, "step", String.format("%07d", i), "payload of step " + i);
                if (i == 0) {
                    store.records().insert(tx, "counter", "steps", "1");
                } else {
                    store.records().update(tx, "counter", "steps", i, Integer.toString(i + 1));
                }
                return null;
            });
            out.println("ack " + i);
            if (i % 3 == 0) {
                if (!instances.insert(NS, instance(i))) {
                    throw new IllegalStateException("instance " + i + " existed already");
                }
                out.println("inst " + i);
            }
            out.flush();
        }
        store.close();
    }
}
