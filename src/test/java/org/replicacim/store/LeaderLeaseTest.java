package org.replicacim.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.replicacim.job.Job;
import org.replicacim.job.JobState;

/** Several servers on one PostgreSQL database: exactly one leads, followers refuse changes and take over in time. */
class LeaderLeaseTest {
    @RegisterExtension
    static final PostgresServer PG = new PostgresServer();

    private static final Duration LEASE = Duration.ofSeconds(2);
    private static final Duration RENEW = Duration.ofMillis(300);

    @TempDir
    Path dataDir;

    private String url;
    private final List<Store> opened = new ArrayList<>();

    @BeforeEach
    void freshDatabase() {
        url = PG.newDatabaseUrl();
    }

    @AfterEach
    void closeAll() {
        for (Store s : opened) {
            s.close();
        }
    }

    private Store server(String name) {
        Store s = Store.open(StoreConfig.postgres(url, PG.user(), PG.password(), dataDir).withLease(LEASE, RENEW)
                .withNodeName(name));
        opened.add(s);
        return s;
    }

    private static LeaderLease lease(Store s) {
        return (LeaderLease) s.leadership();
    }

    private static void await(String what, Duration within, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + within.toMillis() + " ms: " + what);
            }
            Thread.sleep(20);
        }
    }

    private static Job job(String id) {
        Instant t = Instant.parse("2024-01-01T00:00:00Z");
        return new Job(id, "n", "m", "o", JobState.NEW, 0, 0, null, t, null, null, t, Duration.ofMinutes(5), true,
                List.of());
    }

    record Change(boolean leader, String holder) { }

    @Test
    void theFirstServerLeadsAndTheOtherServesReadsButRefusesChangesNamingTheLeader() {
        Store a = server("server A");
        Store b = server("server B");
        assertTrue(a.leadership().isLeader());
        assertFalse(b.leadership().isLeader());
        assertEquals("server A", b.leadership().leader());

        a.jobs().save(job("j1"));
        a.records().insert("rel", "R1", "{}");
        assertEquals(1, b.jobs().loadAll().size(), "a follower reads the shared state");
        assertEquals("{}", b.records().get("rel", "R1").payload());

        NotLeaderException e = assertThrows(NotLeaderException.class, () -> b.jobs().save(job("j2")));
        assertEquals("this server is a follower and does not accept changes; the leader is server A", e.getMessage());
        assertThrows(NotLeaderException.class, () -> b.records().update("rel", "R1", 1, "changed"));
        assertThrows(NotLeaderException.class, () -> b.leadership().requireLeader());
        assertEquals(List.of("j1"), a.jobs().loadAll().stream().map(Job::id).toList(), "nothing of B's got in");
    }

    @Test
    void whenTheLeaderStopsRenewingTheFollowerTakesOverAfterExpiryAndTheOldLeaderLearnsItLost() throws Exception {
        Store a = server("server A");
        Store b = server("server B");
        List<Change> seenByA = new CopyOnWriteArrayList<>();
        List<Change> seenByB = new CopyOnWriteArrayList<>();
        a.leadership().addListener((leader, holder) -> seenByA.add(new Change(leader, holder)));
        b.leadership().addListener((leader, holder) -> seenByB.add(new Change(leader, holder)));
        assertTrue(a.leadership().isLeader());

        long stalled = System.nanoTime();
        lease(a).pauseRenewal(true); // as if A's process stalled
        await("A steps down by its own clock", LEASE, () -> !a.leadership().isLeader());
        await("B takes over", LEASE.plus(RENEW).plus(Duration.ofSeconds(2)), () -> b.leadership().isLeader());
        long tookOverMs = (System.nanoTime() - stalled) / 1_000_000;
        assertTrue(tookOverMs >= LEASE.toMillis() - LEASE.toMillis() / 10,
                "B must not take over before A's lease ran out (took over after " + tookOverMs + " ms)");
        await("A's listener hears it stopped leading", Duration.ofSeconds(1), () -> !seenByA.isEmpty());
        assertEquals(new Change(false, null), seenByA.get(0));
        assertEquals(List.of(new Change(true, "server B")), seenByB);

        b.jobs().save(job("by B"));
        NotLeaderException refused = assertThrows(NotLeaderException.class, () -> a.jobs().save(job("by A")));
        lease(a).pauseRenewal(false);
        assertFalse(lease(a).renewNow(), "the lease is B's now");
        assertEquals("server B", a.leadership().leader());
        assertEquals(new Change(false, "server B"), seenByA.get(seenByA.size() - 1));
        refused = assertThrows(NotLeaderException.class, () -> a.jobs().save(job("by A")));
        assertTrue(refused.getMessage().endsWith("the leader is server B"), refused.getMessage());
        assertTrue(lease(b).epoch() > lease(a).epoch(), "the lease's epoch grows when it changes hands");
        assertEquals(List.of("by B"), b.jobs().loadAll().stream().map(Job::id).toList());
    }

    @Test
    void aLeaderThatClosesHandsOverAtOnce() throws Exception {
        Store a = server("server A");
        Store b = server("server B");
        assertTrue(a.leadership().isLeader());
        long t0 = System.nanoTime();
        a.close();
        await("B takes over without waiting for the lease to expire", LEASE.minus(RENEW),
                () -> b.leadership().isLeader());
        assertTrue(System.nanoTime() - t0 < LEASE.toNanos());
        b.jobs().save(job("j"));
    }

    @Test
    void aWriteIsFencedByTheDatabaseEvenIfTheOldLeaderHasNotNoticedYet() throws Exception {
        Store a = server("server A");
        List<Change> seen = new CopyOnWriteArrayList<>();
        a.leadership().addListener((leader, holder) -> seen.add(new Change(leader, holder)));
        assertTrue(a.leadership().isLeader());
        // another server took the lease behind A's back (its own view still says it leads)
        a.database().writeUnguarded(tx -> tx.update("UPDATE leases SET holder = 'other', holder_name = 'server X',"
                + " expires_at = " + tx.dialect().nowMicros() + " + 60000000"));
        assertTrue(a.leadership().isLeader(), "A has not looked yet");
        NotLeaderException e = assertThrows(NotLeaderException.class, () -> a.jobs().save(job("late")));
        assertTrue(e.getMessage().endsWith("the leader is server X"), e.getMessage());
        await("A's listener hears it lost the lease", Duration.ofSeconds(2), () -> !seen.isEmpty());
        assertEquals(new Change(false, "server X"), seen.get(0));
        assertFalse(a.leadership().isLeader());
        assertEquals(List.of(), a.jobs().loadAll());
    }

    @Test
    void amongThreeServersExactlyOneLeadsAtAnyTime() throws Exception {
        List<Store> servers = List.of(server("one"), server("two"), server("three"));
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        int checks = 0;
        while (System.nanoTime() < deadline) {
            long leaders = servers.stream().filter(s -> s.leadership().isLeader()).count();
            assertTrue(leaders <= 1, "two leaders at once");
            checks++;
            Thread.sleep(10);
        }
        assertEquals(1, servers.stream().filter(s -> s.leadership().isLeader()).count());
        assertNotNull(servers.get(2).leadership().leader());
        assertTrue(checks > 10);
    }
}
