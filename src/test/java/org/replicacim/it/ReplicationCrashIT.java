package org.replicacim.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.replicacim.cim.CimInstance;
import org.replicacim.cim.CimValue;
import org.replicacim.cim.ObjectPath;
import org.replicacim.message.MethodResult;
import org.replicacim.provider.block.ElementPaths;
import org.replicacim.repository.ClassRepository;
import org.replicacim.storage.BlockDevice;
import org.replicacim.storage.PoolId;
import org.replicacim.storage.VolumeId;
import org.replicacim.storage.file.FileBackend;
import org.replicacim.storage.file.FileBackendConfig;

/**
 * Kill -9 of a real server (a child JVM) at randomised points of four phases taken in turn — during
 * CreateElementReplica, during a clone copy, during Resync, between two Modify calls — and, after each restart, over
 * CIM-XML and NBD: no relationship or job lost or duplicated; every job from before the kill resumed under its
 * InstanceID (Running) or finished, with an error description when it failed; every volume's content verified by
 * SHA-256 read through the NBD export (sources hold exactly what was written to them; a settled Synchronized clone
 * holds a point-in-time state of its source no older than the last one verified). The seed is printed; replay with
 * {@code -Dcrash.seed=}.
 */
class ReplicationCrashIT {
    private static final int KILLS = Integer.getInteger("crash.kills", 52);
    /** The file engine copies in runs of 4 MiB: a source of four runs, so that a kill can land between them. */
    private static final int SIZE = 16 << 20;
    /** Copy throttle: a whole clone takes about a second, a Resync of what was written a tenth of it. */
    private static final long RATE = 16L << 20;
    private static final String[] PHASES = {"during CreateElementReplica", "during a clone copy", "during Resync",
        "between two Modify calls"};
    private static final int SYNCHRONIZED = 4;
    private static final int NOT_APPLICABLE = 15;
    private static final int NEW = 2;
    private static final int RUNNING = 4;
    private static final int COMPLETED = 7;
    private static final int EXCEPTION = 10;
    private static final int RESYNC = 14;
    private static final int ABORT = 2;

    @TempDir
    Path dataDir;

    private final ElementPaths paths = new ElementPaths(ClassRepository.STORAGE, "localhost");
    /** What each source volume holds (the test's own model), and the checksum of every state it has been in. */
    private final Map<VolumeId, byte[]> content = new LinkedHashMap<>();
    private final Map<VolumeId, List<String>> versions = new HashMap<>();

    /** The acceptance path for one job: a clone copy killed half-way continues under the same job after restart. */
    @Test
    void aCloneJobRunningAtAKillIsResumedUnderTheSameInstanceId() throws Exception {
        NbdIo.requireInstalled();
        VolumeId src = makeSources(1, 32 << 20).get(0);
        Path config = config(2L << 20); // eight runs of 4 MiB, two seconds each: a restart lands mid-copy
        ChildServer c = ChildServer.start(config);
        ObjectPath job;
        int before;
        try {
            MethodResult r = c.cim().invoke(paths.replicationService(), "CreateElementReplica", List.of(
                    ReplicationFixture.u16("SyncType", 8), ReplicationFixture.ref("SourceElement", paths.volume(src))));
            assertEquals(4096, ReplicationFixture.rc(r));
            job = ReplicationFixture.outRef(r, "Job");
            assertNotNull(job);
            before = awaitProgress(c, job, 25);
        } finally {
            c.kill();
        }
        c = ChildServer.start(config);
        try {
            CimInstance resumed = c.cim().getInstance(job);
            assertEquals(job.key("InstanceID").asString(), resumed.value("InstanceID").asString());
            // on a loaded machine the restart may take as long as the rest of the copy: Completed is resumed too
            int state = ReplicationFixture.prop(resumed, "JobState");
            assertTrue(state == RUNNING || state == COMPLETED, "resumed, not ended: " + resumed);
            assertTrue(ReplicationFixture.prop(resumed, "PercentComplete") >= before,
                    "PercentComplete continues from " + before + ": " + resumed);
            CimInstance done = awaitFinished(c, job, 30);
            assertEquals(COMPLETED, ReplicationFixture.prop(done, "JobState"), done.toString());
            assertEquals(100, ReplicationFixture.prop(done, "PercentComplete"));
            List<CimInstance> syncs = c.cim().enumerateInstances("CIM_StorageSynchronized");
            assertEquals(1, syncs.size());
            assertEquals(SYNCHRONIZED, ReplicationFixture.prop(syncs.get(0), "CopyState"));
            assertEquals(versions.get(src).get(0), NbdIo.sha256(c.nbdPort(),
                    ReplicationFixture.target(syncs.get(0).path()).value()), "the resumed copy is complete");
        } finally {
            c.kill();
        }
    }

    @Test
    void nothingIsLostOrDuplicatedAcrossKills() throws Exception {
        NbdIo.requireInstalled();
        Qemu.requireInstalled();
        long seed = Long.getLong("crash.seed", System.nanoTime());
        System.err.println("ReplicationCrashIT: " + KILLS + " kills, seed " + seed + " (replay with -Dcrash.seed="
                + seed + ")");
        Random random = new Random(seed);
        List<VolumeId> sources = makeSources(3);
        Path config = config(RATE);
        World w = new World();
        Map<String, Integer> kills = new LinkedHashMap<>();
        long restartNanos = 0;
        long t0 = System.nanoTime();
        for (int k = 0; k <= KILLS; k++) {
            long s0 = System.nanoTime();
            ChildServer c = ChildServer.start(config);
            restartNanos += System.nanoTime() - s0;
            String when = "after kill " + k + " (seed " + seed + ")";
            try {
                check(c, w, when, k == KILLS);
                if (k < KILLS) {
                    kills.merge(act(c, random, sources, w, k % PHASES.length), 1, Integer::sum);
                }
            } finally {
                c.kill();
            }
        }
        long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
        System.err.printf("ReplicationCrashIT: %d kills survived in %d s (mean start-up %d ms); kill points %s;"
                + " %d relationships, %d jobs (%d seen resumed after a kill, %d ended in Exception); %d checksums%n",
                KILLS, seconds, restartNanos / (KILLS + 1) / 1_000_000, kills, w.targets.size(), w.jobs.size(),
                w.resumed.size(), w.failedJobs, w.checksums);
        System.err.println("ReplicationCrashIT: Abort after a kill between two Modify calls returned " + w.aborts
                + " (return code: times); calls cut by the kill (no answer) " + w.cut);
        for (String phase : PHASES) {
            assertTrue(kills.getOrDefault(phase, 0) >= KILLS / PHASES.length / 2, "too few kills " + phase + ": "
                    + kills);
        }
        assertFalse(w.resumed.isEmpty(), "no job was running at a kill: the phases do not reach the copies");
    }

    /** What the test knows across restarts. */
    private static final class World {
        final Set<String> targets = new HashSet<>();
        final Set<String> jobs = new HashSet<>();
        final Set<String> resumed = new HashSet<>();
        /** Per target: the oldest source version its content may still be, and the state last verified. */
        final Map<String, Integer> floor = new HashMap<>();
        final Map<String, String> verified = new HashMap<>();
        /** A second Modify that the kill came before: sent after the restart. */
        ObjectPath pendingAbort;
        final Map<Integer, Integer> aborts = new java.util.TreeMap<>();
        /** Per phase, the kills that cut the call itself (it never answered). */
        final Map<String, Integer> cut = new LinkedHashMap<>();
        int failedJobs;
        int checksums;
    }

    private Path config(long rate) throws Exception {
        Path config = dataDir.resolve("server.properties");
        Files.writeString(config, "http.port = 0\nnbd.port = 0\nsecurity.anonymousLoopback = true\nserver.host = localhost\ndata.dir = "
                + dataDir.resolve("server") + "\nbackend.file.copyBytesPerSecond = " + rate + "\n");
        return config;
    }

    private List<VolumeId> makeSources(int n) throws Exception {
        return makeSources(n, SIZE);
    }

    private List<VolumeId> makeSources(int n, int size) throws Exception {
        List<VolumeId> out = new ArrayList<>();
        try (FileBackend b = FileBackend.open(FileBackendConfig.defaults(dataDir.resolve("server").resolve("volumes")))) {
            PoolId pool = b.pools().get(0).id();
            for (int i = 0; i < n; i++) {
                VolumeId v = b.createVolume(pool, "src" + i, size).id();
                byte[] data = new byte[size];
                for (int j = 0; j < size; j++) {
                    data[j] = (byte) (i * 31 + (j >>> 12));
                }
                try (BlockDevice d = b.openDevice(v)) {
                    d.write(0, ByteBuffer.wrap(data));
                    d.flush();
                }
                content.put(v, data);
                versions.computeIfAbsent(v, x -> new ArrayList<>()).add(sha256(data));
                out.add(v);
            }
        }
        return out;
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    /** Writes a pattern over part of a source through the NBD export and records the source's new state. */
    private void writeSource(ChildServer c, VolumeId src, Random random) throws Exception {
        int length = (4 + random.nextInt(5)) << 20; // one or two runs of the copy
        int offset = random.nextInt(SIZE / 65536 - length / 65536 + 1) * 65536;
        int pattern = 1 + random.nextInt(254);
        NbdIo.io(c.nbdPort(), src.value(), "write -P " + pattern + " " + offset + " " + length);
        byte[] data = content.get(src);
        java.util.Arrays.fill(data, offset, offset + length, (byte) pattern);
        versions.get(src).add(sha256(data));
    }

    /** The invariants after a restart; at the end, also that every copy and job finishes. */
    private void check(ChildServer c, World w, String when, boolean last) throws Exception {
        if (w.pendingAbort != null) {
            // the second of two Modify calls, after the kill that came between them: the relationship takes it
            // (0 or a job while the resumed copy runs; 5 once it has reached Synchronized; 4 when it ends meanwhile)
            int rc = ReplicationFixture.rc(modify(c, w.pendingAbort, ABORT));
            assertTrue(rc == 0 || rc == 4096 || rc == 5 || rc == 4, when + ": Abort after the restart returned " + rc);
            w.aborts.merge(rc, 1, Integer::sum);
            w.pendingAbort = null;
        }
        List<CimInstance> syncs = c.cim().enumerateInstances("CIM_StorageSynchronized");
        Set<String> targets = new HashSet<>();
        for (CimInstance s : syncs) {
            assertTrue(targets.add(ReplicationFixture.target(s.path()).value()), when + ": duplicated " + s.path());
        }
        for (String t : w.targets) {
            assertTrue(targets.contains(t), when + ": relationship to " + t + " was lost; have " + targets);
        }
        w.targets.addAll(targets);
        Set<String> ids = new HashSet<>();
        for (CimInstance j : c.cim().enumerateInstances("CIM_ConcreteJob")) {
            String id = j.value("InstanceID").asString();
            assertTrue(ids.add(id), when + ": duplicated job " + id);
            int state = ReplicationFixture.prop(j, "JobState");
            if (w.jobs.contains(id)) {
                // a job from before the kill: resumed under its id (New while it waits for one of the job threads,
                // Running once on one), or finished (saying why when it failed); the last check sees every one end
                assertTrue(state == NEW || state == RUNNING || state == COMPLETED || state == EXCEPTION, when
                        + ": job " + id + " in state " + state);
                if (state == RUNNING) {
                    w.resumed.add(id);
                }
                if (state == EXCEPTION) {
                    CimValue d = j.value("ErrorDescription");
                    assertTrue(d != null && !d.isNull() && !d.asString().isBlank(), when + ": " + j);
                }
            }
        }
        for (String id : w.jobs) {
            assertTrue(ids.contains(id), when + ": job " + id + " was lost");
        }
        w.jobs.addAll(ids);
        List<java.util.concurrent.CompletableFuture<String>> sums = new ArrayList<>();
        for (VolumeId src : content.keySet()) {
            sums.add(checksum(c, src.value()));
        }
        int n = 0;
        for (VolumeId src : content.keySet()) {
            List<String> v = versions.get(src);
            assertEquals(v.get(v.size() - 1), sums.get(n++).get(90, TimeUnit.SECONDS), when + ": source " + src
                    + " does not hold what was written to it");
            w.checksums++;
        }
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(last ? 60 : 0);
        List<ObjectPath> verify = new ArrayList<>();
        List<CimInstance> verifyStates = new ArrayList<>();
        List<java.util.concurrent.CompletableFuture<String>> verifySums = new ArrayList<>();
        for (CimInstance s : syncs) {
            CimInstance now = s;
            while (last && ReplicationFixture.prop(now, "RequestedCopyState") != NOT_APPLICABLE
                    && System.nanoTime() < end) {
                Thread.sleep(50);
                now = c.cim().getInstance(s.path());
            }
            if (last) {
                assertEquals(NOT_APPLICABLE, ReplicationFixture.prop(now, "RequestedCopyState"), when
                        + ": still copying " + now);
            }
            String target = ReplicationFixture.target(s.path()).value();
            if (ReplicationFixture.prop(now, "RequestedCopyState") == NOT_APPLICABLE
                    && ReplicationFixture.prop(now, "CopyState") == SYNCHRONIZED
                    && !stamp(now).equals(w.verified.get(target))) {
                verify.add(s.path());
                verifyStates.add(now);
                verifySums.add(checksum(c, target));
            }
        }
        for (int i = 0; i < verify.size(); i++) {
            verifyData(w, verify.get(i), verifyStates.get(i), verifySums.get(i).get(90, TimeUnit.SECONDS), when);
        }
        if (last) {
            for (String id : w.jobs) {
                CimInstance j = awaitFinished(c, paths.job(id), 60);
                int state = ReplicationFixture.prop(j, "JobState");
                assertTrue(state == COMPLETED || state == EXCEPTION, when + ": job " + id + " did not finish: " + j);
                if (state == EXCEPTION) {
                    w.failedJobs++;
                }
            }
        }
    }

    /** Reads a volume's checksum over NBD in the background (reads of several volumes overlap). */
    private static java.util.concurrent.CompletableFuture<String> checksum(ChildServer c, String volume) {
        return java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return NbdIo.sha256(c.nbdPort(), volume);
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
    }

    private static String stamp(CimInstance s) {
        CimValue ws = s.value("WhenSynchronized");
        return ws == null || ws.isNull() ? "" : String.valueOf(ws.value());
    }

    /**
     * CopyState consistent with the data: a settled Synchronized clone holds a state its source has been in, no
     * older than the one verified before (sum: the target's checksum read over NBD).
     */
    private void verifyData(World w, ObjectPath path, CimInstance s, String sum, String when) {
        String target = ReplicationFixture.target(path).value();
        List<String> v = versions.get(ReplicationFixture.source(path));
        w.checksums++;
        int i = v.lastIndexOf(sum);
        int floor = w.floor.getOrDefault(target, 0);
        assertTrue(i >= floor, when + ": Synchronized clone " + target + " holds " + (i < 0 ? "data its source never"
                + " held" : "source version " + i + ", older than version " + floor + " seen before") + ": " + s);
        w.floor.put(target, i);
        w.verified.put(target, stamp(s));
    }

    /** Starts the phase's operation and kills the server at a random point of it; returns the phase's name. */
    private String act(ChildServer c, Random random, List<VolumeId> sources, World w, int phase) throws Exception {
        VolumeId src = sources.get(random.nextInt(sources.size()));
        CimInstance settled = phase >= 2 ? settledRelationship(c, random) : null;
        if (phase >= 2 && settled == null) {
            phase = 1; // nothing to resynchronise yet: copy instead
        }
        switch (phase) {
            case 0 -> {
                // the kill lands while the call is being served (it takes some tens of milliseconds)
                java.util.concurrent.atomic.AtomicBoolean answered = new java.util.concurrent.atomic.AtomicBoolean();
                Thread caller = call(() -> {
                    create(c, src, w);
                    answered.set(true);
                });
                caller.start();
                Thread.sleep(random.nextInt(60));
                c.kill();
                caller.join(30_000);
                if (!answered.get()) {
                    w.cut.merge(PHASES[0], 1, Integer::sum);
                }
            }
            case 1 -> {
                create(c, src, w);
                Thread.sleep(random.nextInt(1000)); // the whole copy takes about a second
                c.kill();
            }
            case 2 -> {
                VolumeId from = ReplicationFixture.source(settled.path());
                writeSource(c, from, random);
                java.util.concurrent.atomic.AtomicBoolean answered = new java.util.concurrent.atomic.AtomicBoolean();
                Thread caller = call(() -> {
                    resync(c, settled.path(), w);
                    answered.set(true);
                });
                caller.start();
                Thread.sleep(random.nextInt(500)); // the call and the copy of what was written
                c.kill();
                caller.join(30_000);
                if (!answered.get()) {
                    w.cut.merge(PHASES[2], 1, Integer::sum);
                }
            }
            default -> {
                VolumeId from = ReplicationFixture.source(settled.path());
                writeSource(c, from, random);
                resync(c, settled.path(), w);
                Thread.sleep(random.nextInt(150));
                w.pendingAbort = settled.path(); // sent after the restart
                c.kill();
            }
        }
        return PHASES[phase];
    }

    /** A relationship that no operation holds and that Resync accepts, if one becomes so within three seconds. */
    private CimInstance settledRelationship(ChildServer c, Random random) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (true) {
            List<CimInstance> ok = new ArrayList<>();
            for (CimInstance s : c.cim().enumerateInstances("CIM_StorageSynchronized")) {
                int state = ReplicationFixture.prop(s, "CopyState");
                if (ReplicationFixture.prop(s, "RequestedCopyState") == NOT_APPLICABLE
                        && (state == SYNCHRONIZED || state == 12 || state == 5)) {
                    ok.add(s);
                }
            }
            if (!ok.isEmpty()) {
                return ok.get(random.nextInt(ok.size()));
            }
            if (System.nanoTime() > end) {
                return null;
            }
            Thread.sleep(50);
        }
    }

    private void create(ChildServer c, VolumeId src, World w) throws Exception {
        MethodResult r = c.cim().invoke(paths.replicationService(), "CreateElementReplica", List.of(
                ReplicationFixture.u16("SyncType", 8), ReplicationFixture.ref("SourceElement", paths.volume(src))));
        remember(ReplicationFixture.outRef(r, "Job"), w);
    }

    private void resync(ChildServer c, ObjectPath sync, World w) throws Exception {
        remember(ReplicationFixture.outRef(modify(c, sync, RESYNC), "Job"), w);
    }

    private static void remember(ObjectPath job, World w) {
        if (job != null) {
            synchronized (w) {
                w.jobs.add(job.key("InstanceID").asString());
            }
        }
    }

    private MethodResult modify(ChildServer c, ObjectPath sync, int op) throws Exception {
        return c.cim().invoke(paths.replicationService(), "ModifyReplicaSynchronization", List.of(
                ReplicationFixture.u16("Operation", op), ReplicationFixture.ref("Synchronization", sync),
                ReplicationFixture.flag("Force", true)));
    }

    private static int awaitProgress(ChildServer c, ObjectPath job, int percent) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            int p = ReplicationFixture.prop(c.cim().getInstance(job), "PercentComplete");
            if (p >= percent) {
                return p;
            }
            assertTrue(System.nanoTime() < end, "the copy job did not reach " + percent + "% within 20 s (" + p + ")");
            Thread.sleep(50);
        }
    }

    private static CimInstance awaitFinished(ChildServer c, ObjectPath job, int seconds) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            CimInstance j = c.cim().getInstance(job);
            int state = ReplicationFixture.prop(j, "JobState");
            if (state >= COMPLETED || System.nanoTime() > end) {
                return j;
            }
            Thread.sleep(50);
        }
    }

    private interface Call {
        void run() throws Exception;
    }

    /** A thread making calls that may fail with any error once the server is killed under them. */
    private static Thread call(Call body) {
        return new Thread(() -> {
            try {
                body.run();
            } catch (Exception e) {
                // the server may be killed before it answers
            }
        });
    }
}
