package org.replicacim.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.replicacim.job.Job;
import org.replicacim.job.JobState;

/**
 * The behaviour every store must have, run against SQLite ({@link SqliteStoreTest}) and a real PostgreSQL server
 * ({@link PostgresStoreTest}).
 */
abstract class StoreContract {
    @TempDir
    Path dataDir;

    private final List<Store> opened = new ArrayList<>();

    /** The configuration of this test's store (the same each call, so reopening finds the same data). */
    abstract StoreConfig config();

    Store open() {
        Store s = Store.open(config());
        opened.add(s);
        return s;
    }

    Store reopen(Store s) {
        s.close();
        return open();
    }

    @AfterEach
    void closeAll() {
        for (Store s : opened) {
            s.close();
        }
    }

    static Job job(String id, JobState state, int percent, Instant submitted, List<String> affected) {
        return new Job(id, "Clone of vol-1", "CreateElementReplica", "alice", state, percent, state.isFinished()
                ? 4 : 0, state.isFinished() ? "the target pool is full; \"quotes\" and ünïcode" : null, submitted,
                submitted.plusMillis(3), state.isFinished() ? submitted.plusSeconds(2) : null,
                submitted.plusNanos(123_456_789), Duration.ofMinutes(5), true, affected,
                state.isFinished() ? null : "replication:rel-1,3,4");
    }

    @Test
    void newStoreHasTheLatestSchemaAndReopeningDoesNotMigrateAgain() {
        Store s = open();
        assertEquals(Schema.latestVersion(), Schema.currentVersion(s.database()));
        s = reopen(s);
        assertEquals(Schema.latestVersion(), Schema.currentVersion(s.database()));
        long rows = s.database().read(tx -> tx.queryOne("SELECT COUNT(*) FROM schema_version", r -> r.getLong(1)));
        assertEquals(Schema.latestVersion(), rows);
    }

    @Test
    void aSchemaWrittenByANewerReleaseIsRefusedWithAClearMessage() {
        Store s = open();
        s.database().write(tx -> tx.update("INSERT INTO schema_version (version, description, applied_at)"
                + " VALUES (?, 'from the future', 0)", Schema.latestVersion() + 1));
        s.close();
        StoreException e = assertThrows(StoreException.class, this::open);
        assertTrue(e.getMessage().contains("schema version " + (Schema.latestVersion() + 1)), e.getMessage());
        assertTrue(e.getMessage().contains("newer"), e.getMessage());
    }

    @Test
    void migrationsAreAppliedInOrderOnceEachAndAFailingOneLeavesNoTrace() {
        Store s = open();
        Database db = s.database();
        List<Migration> more = new ArrayList<>(Schema.MIGRATIONS);
        more.add(Migration.of(more.size() + 1, "a test table", List.of("CREATE TABLE extra (id TEXT PRIMARY KEY)")));
        more.add(Migration.of(more.size() + 1, "broken", List.of("CREATE TABLE extra2 (id TEXT PRIMARY KEY)",
                "THIS IS NOT SQL")));
        assertThrows(StoreException.class, () -> Schema.migrate(db, more));
        assertEquals(Schema.latestVersion() + 1, Schema.currentVersion(db));
        // the failed step's first statement was rolled back with it
        assertThrows(StoreException.class, () -> db.read(tx -> tx.queryOne("SELECT COUNT(*) FROM extra2",
                r -> r.getLong(1))));
        assertEquals(Long.valueOf(0), db.read(tx -> tx.queryOne("SELECT COUNT(*) FROM extra", r -> r.getLong(1))));
    }

    @Test
    void jobsRoundTripEveryFieldAndSurviveReopening() {
        Store s = open();
        Instant t = Instant.parse("2024-05-06T07:08:09.123456Z");
        Job running = job("ReplicaCIM:JOB:1", JobState.RUNNING, 42, t, List.of("vol-1", "a \"quoted\"\\path\n"));
        Job done = job("ReplicaCIM:JOB:2", JobState.EXCEPTION, 100, t.plusSeconds(1), List.of());
        Job bare = new Job("ReplicaCIM:JOB:3", null, null, null, JobState.NEW, 0, 0, null, t.plusSeconds(2), null,
                null, null, null, false, List.of());
        s.jobs().save(running);
        s.jobs().save(done);
        s.jobs().save(bare);
        s = reopen(s);
        assertEquals(List.of(running, done, bare), s.jobs().loadAll());
    }

    @Test
    void savingAJobAgainReplacesItAndDeleteRemovesIt() {
        Store s = open();
        Instant t = Instant.parse("2024-05-06T07:08:09Z");
        s.jobs().save(job("j1", JobState.RUNNING, 10, t, List.of("v")));
        Job finished = job("j1", JobState.COMPLETED, 100, t, List.of("v"));
        s.jobs().save(finished);
        s.jobs().save(job("j2", JobState.NEW, 0, t.plusMillis(1), List.of()));
        assertEquals(List.of(finished.id(), "j2"), s.jobs().loadAll().stream().map(Job::id).toList());
        assertEquals(finished, s.jobs().loadAll().get(0));
        s.jobs().delete("j2");
        s.jobs().delete("never-existed");
        assertEquals(List.of(finished), reopen(s).jobs().loadAll());
    }

    @Test
    void jobsComeBackOldestFirstWhateverTheirFractionDigits() {
        Store s = open();
        Instant whole = Instant.parse("2024-01-01T00:00:01Z");
        s.jobs().save(job("b", JobState.NEW, 0, whole, List.of()));
        s.jobs().save(job("a", JobState.NEW, 0, whole.minusMillis(500), List.of()));
        s.jobs().save(job("c", JobState.NEW, 0, whole.plusNanos(1), List.of()));
        assertEquals(List.of("a", "b", "c"), s.jobs().loadAll().stream().map(Job::id).toList());
    }

    @Test
    void recordsCompareAndSetOnTheirVersion() {
        RecordTable r = open().records();
        VersionedRecord v1 = r.insert("rel", "R1", "{\"state\":\"Synchronized\"}");
        assertEquals(1, v1.version());
        assertNotNull(v1.updatedAt());
        ConflictException dup = assertThrows(ConflictException.class, () -> r.insert("rel", "R1", "{}"));
        assertTrue(dup.getMessage().contains("exists already"), dup.getMessage());

        VersionedRecord v2 = r.update("rel", "R1", 1, "{\"state\":\"Fractured\"}");
        assertEquals(2, v2.version());
        assertEquals("{\"state\":\"Fractured\"}", r.get("rel", "R1").payload());
        ConflictException stale = assertThrows(ConflictException.class, () -> r.update("rel", "R1", 1, "{}"));
        assertTrue(stale.getMessage().contains("version 2, not 1"), stale.getMessage());
        assertEquals(2, r.get("rel", "R1").version(), "a failed compare-and-set changes nothing");

        assertThrows(ConflictException.class, () -> r.delete("rel", "R1", 1));
        r.delete("rel", "R1", 2);
        assertNull(r.get("rel", "R1"));
        ConflictException gone = assertThrows(ConflictException.class, () -> r.update("rel", "R1", 2, "{}"));
        assertTrue(gone.getMessage().contains("does not exist"), gone.getMessage());
    }

    @Test
    void recordKindsAreSeparateAndListedById() {
        RecordTable r = open().records();
        r.insert("rel", "b", "2");
        r.insert("rel", "a", "1");
        r.insert("group", "a", "other kind");
        assertEquals(List.of("a", "b"), r.list("rel").stream().map(VersionedRecord::id).toList());
        assertEquals(2, r.count("rel"));
        assertEquals("other kind", r.get("group", "a").payload());
        assertEquals(1, r.put("group", "new", "x").version());
        assertEquals(2, r.put("group", "new", "y").version());
        assertTrue(r.remove("group", "new"));
        assertFalse(r.remove("group", "new"));
    }

    @Test
    void aUnitOfWorkCommitsAllOrNothingAndActsOnlyAfterCommit() {
        Store s = open();
        RecordTable r = s.records();
        Instant t = Instant.parse("2024-01-01T00:00:00Z");
        List<String> acted = new ArrayList<>();
        r.insert("rel", "R1", "old");
        assertThrows(ConflictException.class, () -> s.database().write(tx -> {
            r.update(tx, "rel", "R1", 1, "new");
            s.jobs().save(tx, job("j", JobState.RUNNING, 0, t, List.of()));
            tx.afterCommit(() -> acted.add("rolled back: must not run"));
            r.insert(tx, "rel", "R1", "duplicate"); // fails: the whole unit is rolled back
            return null;
        }));
        assertEquals("old", r.get("rel", "R1").payload());
        assertEquals(List.of(), s.jobs().loadAll());
        assertEquals(List.of(), acted);

        s.database().write(tx -> {
            r.update(tx, "rel", "R1", 1, "new");
            s.jobs().save(tx, job("j", JobState.RUNNING, 0, t, List.of()));
            tx.afterCommit(() -> acted.add("after commit sees " + r.get("rel", "R1").payload()));
            return null;
        });
        assertEquals(List.of("after commit sees new"), acted);
        assertEquals(1, reopen(s).jobs().loadAll().size());
    }

    @Test
    void concurrentCompareAndSetWritersLoseNoUpdate() throws Exception {
        RecordTable r = open().records();
        r.insert("counter", "c", "0");
        int threads = 4;
        int each = 25;
        AtomicInteger conflicts = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                fs.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        for (int attempt = 0; attempt < 1000; attempt++) {
                            VersionedRecord cur = r.get("counter", "c");
                            try {
                                r.update("counter", "c", cur.version(),
                                        Integer.toString(Integer.parseInt(cur.payload()) + 1));
                                break;
                            } catch (ConflictException e) {
                                conflicts.incrementAndGet();
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        VersionedRecord end = r.get("counter", "c");
        assertEquals(Integer.toString(threads * each), end.payload());
        assertEquals(1 + threads * each, end.version());
    }

    @Test
    void aSingleServerLeads() {
        Store s = open();
        assertTrue(s.leadership().isLeader());
        s.leadership().requireLeader();
        assertEquals(config().nodeName(), s.leadership().leader());
    }
}
