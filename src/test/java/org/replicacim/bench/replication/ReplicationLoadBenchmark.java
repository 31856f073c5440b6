package org.replicacim.bench.replication;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.replicacim.app.ReplicaCimServer;
import org.replicacim.app.ServerConfig;
import org.replicacim.cim.CimValue;
import org.replicacim.cim.ObjectPath;
import org.replicacim.it.CimHttp;
import org.replicacim.message.MethodResult;
import org.replicacim.message.ParamValue;
import org.replicacim.provider.block.ElementPaths;
import org.replicacim.repository.ClassRepository;
import org.replicacim.storage.BlockBackend;
import org.replicacim.storage.PoolId;
import org.replicacim.storage.VolumeId;

/**
 * Latency of the replication service over HTTP with many relationships (not a test): starts the real server on a
 * temporary directory, establishes N relationships through CreateElementReplica on 1 MiB volumes — 70 % synchronous
 * mirrors parked Inactive (WaitForCopyState 8: target allocated, no backend pair yet) and 30 % snapshots — then times
 * single synchronous calls one after another from one client. (The file engine keeps a descriptor open per volume
 * and two per pair; parking most mirrors keeps 10,000 relationships under a 20,000-descriptor limit.)
 * <ul>
 *   <li>baseline: GetInstance of the replication service (the cheapest round trip through the same stack);</li>
 *   <li>ModifyReplicaSynchronization Reset To Sync on synchronous mirrors (accepted, no change: the engine has no
 *       mode switch, so this is the "Reset To …" call that is synchronous here);</li>
 *   <li>ModifyReplicaSynchronization Deactivate then Activate on snapshots (state changes; Activate takes a new
 *       point in time on the engine);</li>
 *   <li>GetReplicationRelationships returning all N paths, and filtered to one source's snapshots.</li>
 * </ul>
 * Prints p50/p99 in milliseconds and the ratio to the baseline. Usage: {@code ReplicationLoadBenchmark DIR [N]
 * [CALLS]}.
 */
public final class ReplicationLoadBenchmark {
    private static final long VOLUME = 1L << 20;

    private ReplicationLoadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "target/replication-bench");
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int calls = args.length > 2 ? Integer.parseInt(args[2]) : 2_000;
        Files.createDirectories(dir);
        try (ReplicaCimServer server = ReplicaCimServer.start(ServerConfig.defaults().withHttpPort(0)
                .withNbdPort(-1).withDataDir(Files.createTempDirectory(dir, "data")).withHostName("localhost")
                .with("security.anonymousLoopback", "true"))) {
            run(server, n, calls);
        }
    }

    private static void run(ReplicaCimServer server, int n, int calls) throws Exception {
        CimHttp cim = new CimHttp(server.httpPort(), ClassRepository.STORAGE, Duration.ofMinutes(5));
        ElementPaths paths = new ElementPaths(ClassRepository.STORAGE, "localhost");
        BlockBackend backend = server.backend();
        PoolId pool = backend.pools().get(0).id();
        ObjectPath service = paths.replicationService();
        int sources = Math.max(2, n / 500);
        List<VolumeId> sourceVolumes = new ArrayList<>();
        for (int i = 0; i < sources; i++) {
            sourceVolumes.add(backend.createVolume(pool, "bench-source-" + i, VOLUME).id());
        }
        List<ObjectPath> mirrors = new ArrayList<>();
        List<ObjectPath> snapshots = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            boolean mirror = i % 10 < 7;
            VolumeId source = sourceVolumes.get(i % sources);
            MethodResult r = cim.invoke(service, "CreateElementReplica", List.of(
                    u16("SyncType", mirror ? 6 : 7), u16("Mode", mirror ? 2 : 3),
                    ParamValue.of("SourceElement", CimValue.reference(paths.volume(source))),
                    u16("WaitForCopyState", mirror ? 8 : 4)));
            check(r, "CreateElementReplica #" + i);
            ObjectPath sync = r.outParameter("Synchronization").value().asReference();
            (mirror ? mirrors : snapshots).add(sync);
        }
        double createSeconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "established %d relationships (%d mirrors, %d snapshots on %d sources) in "
                + "%.1f s (%.1f ms each)%n", n, mirrors.size(), snapshots.size(), sources, createSeconds,
                createSeconds * 1000 / n);

        Random random = new Random(42);
        long[] base = time(calls, i -> cim.getInstance(service));
        long[] reset = time(calls, i -> check(cim.invoke(service, "ModifyReplicaSynchronization", List.of(
                u16("Operation", 17), ParamValue.of("Synchronization", CimValue.reference(
                        mirrors.get(random.nextInt(mirrors.size())))))), "Reset To Sync"));
        long[] toggle = time(calls, i -> {
            ObjectPath s = snapshots.get(i / 2 % snapshots.size());
            check(cim.invoke(service, "ModifyReplicaSynchronization", List.of(u16("Operation", i % 2 == 0 ? 7 : 4),
                    ParamValue.of("Synchronization", CimValue.reference(s)))), i % 2 == 0 ? "Deactivate" : "Activate");
        });
        int listCalls = Math.max(10, calls / 40);
        long[] listAll = time(listCalls, i -> {
            MethodResult r = cim.invoke(service, "GetReplicationRelationships", List.of());
            check(r, "GetReplicationRelationships");
            int size = r.outParameter("Synchronizations").value().elements().size();
            if (size != n) {
                throw new IllegalStateException("listed " + size + " relationships, expected " + n);
            }
        });
        int[] bytes = new int[1];
        long[] listRaw = time(listCalls, i -> bytes[0] = cim.invokeUndecoded(service, "GetReplicationRelationships",
                List.of()));
        long[] listSome = time(calls / 4, i -> check(cim.invoke(service, "GetReplicationRelationships", List.of(
                u16("SyncType", 7), u16("CopyState", 8))), "GetReplicationRelationships"));

        double baseP50 = percentile(base, 50);
        double baseP99 = percentile(base, 99);
        System.out.printf(Locale.ROOT, "%-58s %8s %8s %10s %10s%n", "call (" + n + " relationships)", "p50 ms",
                "p99 ms", "p50/base", "p99/base");
        print("GetInstance ReplicationService (baseline)", base, baseP50, baseP99);
        print("ModifyReplicaSynchronization Reset To Sync (mirror)", reset, baseP50, baseP99);
        print("ModifyReplicaSynchronization Deactivate/Activate (snap)", toggle, baseP50, baseP99);
        print("GetReplicationRelationships, all " + n, listAll, baseP50, baseP99);
        print("GetReplicationRelationships, all, response not decoded", listRaw, baseP50, baseP99);
        print("GetReplicationRelationships, Inactive snapshots only", listSome, baseP50, baseP99);
        System.out.printf(Locale.ROOT, "(the full list is %.1f MB of CIM-XML)%n", bytes[0] / 1e6);
    }

    private interface Call {
        void run(int i) throws Exception;
    }

    /** Times each call after a warm-up of a tenth as many (at least 20). */
    private static long[] time(int calls, Call call) throws Exception {
        for (int i = 0; i < Math.max(20, calls / 10); i++) {
            call.run(i);
        }
        long[] out = new long[calls];
        for (int i = 0; i < calls; i++) {
            long s = System.nanoTime();
            call.run(i);
            out[i] = System.nanoTime() - s;
        }
        return out;
    }

    private static double percentile(long[] nanos, int p) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }

    private static void print(String what, long[] nanos, double baseP50, double baseP99) {
        double p50 = percentile(nanos, 50);
        double p99 = percentile(nanos, 99);
        System.out.printf(Locale.ROOT, "%-58s %8.3f %8.3f %10.2f %10.2f%n", what, p50, p99, p50 / baseP50,
                p99 / baseP99);
    }

    private static ParamValue u16(String name, int v) {
        return ParamValue.of(name, CimValue.uint16(v));
    }

    private static void check(MethodResult r, String what) {
        int rc = r.returnValue().asInt();
        if (rc != 0) {
            throw new IllegalStateException(what + " returned " + rc);
        }
    }
}
