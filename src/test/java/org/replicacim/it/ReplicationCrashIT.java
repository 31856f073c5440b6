package org.replicacim.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.replicacim.cim.CimInstance;
import org.replicacim.cim.ObjectPath;
import org.replicacim.message.MethodResult;
import org.replicacim.message.ParamValue;
import org.replicacim.provider.block.ElementPaths;
import org.replicacim.repository.ClassRepository;
import org.replicacim.storage.BlockDevice;
import org.replicacim.storage.PoolId;
import org.replicacim.storage.VolumeId;
import org.replicacim.storage.file.FileBackend;
import org.replicacim.storage.file.FileBackendConfig;

/**
 * Kill -9 of a real server (a child JVM) at randomised points while it creates clones, copies, resyncs and takes
 * two Modify calls in a row; after each restart, over CIM-XML: no relationship or job lost or duplicated, every
 * job finished or ended with an error, and every settled Synchronized clone equal to its source (qemu-img compare
 * through the NBD export). The seed is printed; replay with {@code -Dcrash.seed=}.
 */
class ReplicationCrashIT {
    private static final int KILLS = Integer.getInteger("crash.kills", 50);
    private static final long SIZE = 8L << 20;
    private static final long RATE = 8L << 20;
    private static final Pattern READY = Pattern.compile("on http://[^:]+:(\\d+)/cimom.*NBD on 127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    Path dataDir;

    private final ElementPaths paths = new ElementPaths(ClassRepository.STORAGE, "localhost");

    /** A started child server. */
    private record Child(Process process, int port, int nbdPort, CimHttp cim) {
    }

    @Test
    void nothingIsLostOrDuplicatedAcrossKills() throws Exception {
        Qemu.requireInstalled();
        long seed = Long.getLong("crash.seed", System.nanoTime());
        System.err.println("ReplicationCrashIT: " + KILLS + " kills, seed " + seed + " (replay with -Dcrash.seed="
                + seed + ")");
        Random random = new Random(seed);
        List<VolumeId> sources = makeSources(3);
        Path config = dataDir.resolve("server.properties");
        Files.writeString(config, "http.port = 0\nnbd.port = 0\nsecurity.anonymousLoopback = true\nserver.host = localhost\ndata.dir = "
                + dataDir.resolve("server") + "\nbackend.file.copyBytesPerSecond = " + RATE + "\n");
        Set<String> knownTargets = new HashSet<>();
        Set<String> knownJobs = new HashSet<>();
        Map<String, Integer> actions = new HashMap<>();
        long restartNanos = 0;
        long t0 = System.nanoTime();
        for (int k = 0; k <= KILLS; k++) {
            long s0 = System.nanoTime();
            Child c = start(config);
            restartNanos += System.nanoTime() - s0;
            String when = "after kill " + k + " (seed " + seed + ")";
            try {
                check(c, knownTargets, knownJobs, when, k == KILLS);
                if (k == KILLS) {
                    break;
                }
                String action = act(c, random, sources, knownTargets, knownJobs);
                actions.merge(action, 1, Integer::sum);
            } finally {
                c.process().toHandle().destroyForcibly();
                assertTrue(c.process().waitFor(30, TimeUnit.SECONDS), "the killed server did not go away");
            }
        }
        System.err.printf("ReplicationCrashIT: %d kills survived in %d s (mean start-up %d ms); kill points %s;"
                + " %d relationships, %d jobs%n", KILLS, (System.nanoTime() - t0) / 1_000_000_000L,
                restartNanos / (KILLS + 1) / 1_000_000, actions, knownTargets.size(), knownJobs.size());
    }

    private List<VolumeId> makeSources(int n) throws Exception {
        List<VolumeId> out = new ArrayList<>();
        try (FileBackend b = FileBackend.open(FileBackendConfig.defaults(dataDir.resolve("server").resolve("volumes")))) {
            PoolId pool = b.pools().get(0).id();
            for (int i = 0; i < n; i++) {
                VolumeId v = b.createVolume(pool, "src" + i, SIZE).id();
                try (BlockDevice d = b.openDevice(v)) {
                    ByteBuffer buf = ByteBuffer.allocate(1 << 20);
                    for (long off = 0; off < SIZE; off += buf.capacity()) {
                        for (int j = 0; j < buf.capacity(); j++) {
                            buf.put(j, (byte) (i * 31 + ((off + j) >>> 12)));
                        }
                        buf.clear();
                        d.write(off, buf);
                    }
                    d.flush();
                }
                out.add(v);
            }
        }
        return out;
    }

    private Child start(Path config) throws Exception {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Dlogback.configurationFile=logback-test.xml", "-cp",
                System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                "org.replicacim.app.Main", "serve", "--config", config.toString());
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            String line = in.readLine();
            if (line == null) {
                break;
            }
            Matcher m = READY.matcher(line);
            if (m.find()) {
                int port = Integer.parseInt(m.group(1));
                return new Child(p, port, Integer.parseInt(m.group(2)),
                        new CimHttp(port, ClassRepository.STORAGE, Duration.ofSeconds(30)));
            }
        }
        p.destroyForcibly();
        throw new AssertionError("the server did not start within 60 s");
    }

    /** The invariants after a restart (and, at the end, that every copy finishes with equal data). */
    private void check(Child c, Set<String> knownTargets, Set<String> knownJobs, String when, boolean last)
            throws Exception {
        List<CimInstance> syncs = c.cim().enumerateInstances("CIM_StorageSynchronized");
        Set<String> targets = new HashSet<>();
        for (CimInstance s : syncs) {
            assertTrue(targets.add(ReplicationFixture.target(s.path()).value()), when + ": duplicated " + s.path());
        }
        for (String t : knownTargets) {
            assertTrue(targets.contains(t), when + ": relationship to " + t + " was lost; have " + targets);
        }
        knownTargets.addAll(targets);
        List<CimInstance> jobs = c.cim().enumerateInstances("CIM_ConcreteJob");
        Set<String> ids = new HashSet<>();
        for (CimInstance j : jobs) {
            String id = j.value("InstanceID").asString();
            assertTrue(ids.add(id), when + ": duplicated job " + id);
            int state = ReplicationFixture.prop(j, "JobState");
            if (knownJobs.contains(id)) {
                // a job from before the kill: finished, or ended in Exception saying why
                assertTrue(state == 7 || state == 10, when + ": job " + id + " in state " + state);
                if (state == 10) {
                    assertFalse(j.value("ErrorDescription").asString().isBlank(), when + ": " + id);
                }
            }
        }
        for (String id : knownJobs) {
            assertTrue(ids.contains(id), when + ": job " + id + " was lost");
        }
        knownJobs.addAll(ids);
        // copies resume: wait (bounded) until every relationship has settled, then compare data where Synchronized
        ReplicationFixture f = null;
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(last ? 60 : 3);
        for (CimInstance s : syncs) {
            CimInstance now = s;
            while (ReplicationFixture.prop(now, "RequestedCopyState") != 15 && System.nanoTime() < end) {
                Thread.sleep(50);
                now = c.cim().getInstance(s.path());
            }
            int state = ReplicationFixture.prop(now, "CopyState");
            if (last) {
                assertEquals(15, ReplicationFixture.prop(now, "RequestedCopyState"), when + ": still copying " + now);
            }
            if (ReplicationFixture.prop(now, "RequestedCopyState") == 15 && state == 4) {
                assertTrue(Qemu.same(c.nbdPort(), ReplicationFixture.source(s.path()).value(),
                        ReplicationFixture.target(s.path()).value()), when + ": Synchronized clone " + s.path()
                        + " differs from its source");
            }
        }
    }

    /** Starts one randomly chosen operation and kills the server at a random point of it; returns its name. */
    private String act(Child c, Random random, List<VolumeId> sources, Set<String> knownTargets,
                       Set<String> knownJobs) throws Exception {
        List<CimInstance> syncs = c.cim().enumerateInstances("CIM_StorageSynchronized");
        int choice = syncs.isEmpty() || knownTargets.size() < 3 ? 0 : random.nextInt(4);
        if (knownTargets.size() > 12 && choice == 0) {
            choice = 1 + random.nextInt(3);
        }
        int delay = random.nextInt(1500);
        String name;
        Thread caller;
        if (choice == 0 || choice == 1) {
            name = choice == 0 ? "during CreateElementReplica" : "during a clone copy";
            VolumeId src = sources.get(random.nextInt(sources.size()));
            caller = call(() -> {
                MethodResult r = c.cim().invoke(paths.replicationService(), "CreateElementReplica", List.of(
                        ReplicationFixture.u16("SyncType", 8),
                        ReplicationFixture.ref("SourceElement", paths.volume(src))));
                ObjectPath job = ReplicationFixture.outRef(r, "Job");
                if (job != null) {
                    synchronized (knownJobs) {
                        knownJobs.add(job.key("InstanceID").asString());
                    }
                }
            });
            if (choice == 0) {
                delay = random.nextInt(60);
            }
        } else {
            CimInstance s = syncs.get(random.nextInt(syncs.size()));
            name = choice == 2 ? "during Resync" : "between two Modify calls";
            boolean two = choice == 3;
            caller = call(() -> {
                modify(c, s.path(), 14);
                if (two) {
                    Thread.sleep(random.nextInt(300));
                    modify(c, s.path(), 2);
                }
            });
        }
        caller.start();
        Thread.sleep(delay);
        c.process().toHandle().destroyForcibly();
        caller.join(30_000);
        return name;
    }

    private void modify(Child c, ObjectPath sync, int op) throws Exception {
        c.cim().invoke(paths.replicationService(), "ModifyReplicaSynchronization", List.of(
                ReplicationFixture.u16("Operation", op), ReplicationFixture.ref("Synchronization", sync),
                ReplicationFixture.flag("Force", true)));
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
                // the server may be killed before it answers, or refuse the operation in the state it is in
            }
        });
    }
}
