package org.replicacim.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.replicacim.it.ReplicationFixture.outRef;
import static org.replicacim.it.ReplicationFixture.prop;
import static org.replicacim.it.ReplicationFixture.rc;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.replicacim.cim.CimInstance;
import org.replicacim.cim.ObjectPath;
import org.replicacim.message.MethodResult;
import org.replicacim.replication.SyncOperation;
import org.replicacim.storage.BlockDevice;
import org.replicacim.storage.NbdTestClient;
import org.replicacim.storage.VolumeId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A consistent group snapshot of 4 volumes taken while hosts write to all of them through NBD is one point in time
 * across the members.
 *
 * <p>The check, precisely. {@value #WRITERS} writer threads each own a sequence k = 0, 1, 2, …; writer w writes its
 * record (magic, w, k, checksum) as one 4 KiB block to member {@code k mod 4} at block {@code w * SLOTS + k / 4}, and
 * writes k + 1 only after the server acknowledged k. Writer w's writes are therefore causally ordered across members:
 * a point in time that contains k contains every j &lt; k. A group snapshot is consistent iff, for every writer, the
 * records of that writer found in the four snapshot targets together are exactly {0, …, n-1} for some n — no
 * member's snapshot holds a record whose predecessor (on another member) is missing from that member's snapshot. Each writer
 * must have written records both before and after the snapshot (taken mid-stream). The same run without consistency
 * (members snapshotted one after the other while the writers go on) is reported for comparison, not asserted.
 */
class GroupConsistencyIT {
    private static final Logger LOG = LoggerFactory.getLogger(GroupConsistencyIT.class);
    private static final int MEMBERS = 4;
    private static final int WRITERS = 4;
    private static final int BLOCK = 4096;
    /** Blocks per writer per member: each writer can write up to MEMBERS * SLOTS records. */
    private static final int SLOTS = 2048;
    private static final long SIZE = (long) WRITERS * SLOTS * BLOCK;
    private static final long MAGIC = 0x5245504c47525031L;
    private static final Duration LIMIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final RunningServer SERVER = new RunningServer();

    private static ReplicationFixture fx;
    private static GroupFixture gx;

    @BeforeAll
    static void setUp() throws Exception {
        fx = new ReplicationFixture(SERVER);
        gx = new GroupFixture(fx);
    }

    /** What one run found: per writer, records in the snapshots, whether they form a prefix, and writes made. */
    private record Run(long[] found, long[] written, int violations, long[] firstMissing) {
    }

    @Test
    void consistentGroupSnapshotIsOnePointInTimeAcrossMembers() throws Exception {
        Run consistent = run(true);
        for (int w = 0; w < WRITERS; w++) {
            assertTrue(consistent.found[w] > 0, "writer " + w + " had written before the snapshot");
            assertTrue(consistent.written[w] > consistent.found[w], "writer " + w + " went on writing after it");
        }
        assertEquals(0, consistent.violations, "consistent group snapshot: some member's snapshot holds a record whose"
                + " predecessor another member's snapshot lacks (first missing per writer "
                + java.util.Arrays.toString(consistent.firstMissing) + ", found " + java.util.Arrays.toString(
                consistent.found) + ")");
        Run loose = run(false);
        LOG.info("group snapshot under {} NBD writers: consistent: 0 violations over {} records; without "
                + "consistency: {} writers of {} saw a gap", WRITERS, java.util.Arrays.stream(consistent.found).sum(),
                loose.violations, WRITERS);
    }

    private Run run(boolean consistent) throws Exception {
        List<VolumeId> sources = new ArrayList<>();
        for (int i = 0; i < MEMBERS; i++) {
            sources.add(fx.volume("cg-" + consistent + "-" + i, SIZE, 0));
        }
        ObjectPath group = gx.createGroup(null, sources);
        int port = SERVER.server().nbdPort();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLongArray written = new AtomicLongArray(WRITERS);
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        List<Future<?>> writers = new ArrayList<>();
        long deadline = System.nanoTime() + LIMIT.toNanos();
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            writers.add(pool.submit(() -> {
                List<NbdTestClient> clients = new ArrayList<>();
                try {
                    for (VolumeId v : sources) {
                        clients.add(NbdTestClient.connect(port, v.value()));
                    }
                    for (long k = 0; k < (long) MEMBERS * SLOTS && !stop.get() && System.nanoTime() < deadline; k++) {
                        int member = (int) (k % MEMBERS);
                        long slot = (long) writer * SLOTS + k / MEMBERS;
                        clients.get(member).write(slot * BLOCK, record(writer, k));
                        written.set(writer, k + 1);
                    }
                } finally {
                    for (NbdTestClient c : clients) {
                        c.close();
                    }
                }
                return null;
            }));
        }
        // Mid-stream: every writer has written a good number of records, and keeps going.
        waitUntil(() -> min(written) >= 200, "writers got going");
        MethodResult r = gx.createGroupReplica(group, 7, null, 4, consistent);
        assertEquals(0, rc(r), "CreateGroupReplica snapshot, Consistency " + (consistent ? 3 : 2));
        long[] atSnapshot = snapshot(written);
        waitUntil(() -> {
            for (int w = 0; w < WRITERS; w++) {
                if (written.get(w) < atSnapshot[w] + 100) {
                    return false;
                }
            }
            return true;
        }, "writers went on after the snapshot");
        stop.set(true);
        for (Future<?> f : writers) {
            f.get(30, TimeUnit.SECONDS);
        }
        pool.shutdownNow();
        ObjectPath sync = outRef(r, "Synchronization");
        CimInstance gs = gx.get(sync);
        assertNotNull(gs);
        assertEquals(4, prop(gs, "CopyState"), "the group is Synchronized");
        assertEquals(consistent, gs.value("ConsistencyEnabled").asBoolean());
        List<VolumeId> targets = gx.members(gs.value("SyncedElement").asReference());
        assertEquals(MEMBERS, targets.size());
        Run result = check(targets, snapshot(written));
        // Done with this run: the group goes with Return To ResourcePool (targets deleted).
        MethodResult end = gx.modify(sync, SyncOperation.RETURN_TO_RESOURCE_POOL.value(), null, 15);
        assertEquals(0, rc(end));
        return result;
    }

    /** Reads every slot of every target; per writer, the records present and whether they form a prefix. */
    private static Run check(List<VolumeId> targets, long[] written) throws Exception {
        boolean[][] present = new boolean[WRITERS][];
        for (int w = 0; w < WRITERS; w++) {
            present[w] = new boolean[(int) written[w]];
        }
        for (int m = 0; m < MEMBERS; m++) {
            try (BlockDevice d = fx.backend.openDevice(targets.get(m))) {
                ByteBuffer b = ByteBuffer.allocate(BLOCK * 256);
                for (long off = 0; off < SIZE; off += b.capacity()) {
                    b.clear();
                    d.read(off, b);
                    for (int i = 0; i < b.capacity() / BLOCK; i++) {
                        long slot = off / BLOCK + i;
                        int at = i * BLOCK;
                        if (b.getLong(at) != MAGIC) {
                            continue;
                        }
                        int w = b.getInt(at + 8);
                        long k = b.getLong(at + 12);
                        assertEquals(MAGIC ^ w ^ k, b.getLong(at + 20), "checksum of a record on member " + m);
                        assertEquals(m, (int) (k % MEMBERS), "record " + w + "/" + k + " on the wrong member");
                        assertEquals((long) w * SLOTS + k / MEMBERS, slot, "record " + w + "/" + k + " misplaced");
                        present[w][(int) k] = true;
                    }
                }
            }
        }
        long[] found = new long[WRITERS];
        long[] firstMissing = new long[WRITERS];
        int violations = 0;
        for (int w = 0; w < WRITERS; w++) {
            int n = 0;
            while (n < present[w].length && present[w][n]) {
                n++;
            }
            firstMissing[w] = n;
            int count = 0;
            boolean gap = false;
            for (int k = 0; k < present[w].length; k++) {
                if (present[w][k]) {
                    count++;
                    gap |= k > n;
                }
            }
            found[w] = count;
            if (gap) {
                violations++;
            }
        }
        return new Run(found, written, violations, firstMissing);
    }

    private static byte[] record(int writer, long k) {
        ByteBuffer b = ByteBuffer.allocate(BLOCK);
        b.putLong(MAGIC).putInt(writer).putLong(k).putLong(MAGIC ^ writer ^ k);
        return b.array();
    }

    private static long min(AtomicLongArray a) {
        long m = Long.MAX_VALUE;
        for (int i = 0; i < a.length(); i++) {
            m = Math.min(m, a.get(i));
        }
        return m;
    }

    private static long[] snapshot(AtomicLongArray a) {
        long[] out = new long[a.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i);
        }
        return out;
    }

    private interface Condition {
        boolean holds();
    }

    private static void waitUntil(Condition c, String what) throws InterruptedException {
        long end = System.nanoTime() + LIMIT.toNanos();
        while (!c.holds()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting: " + what);
            }
            Thread.sleep(5);
        }
    }
}
