package org.replicacim.bench.http;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.replicacim.cim.CimInstance;
import org.replicacim.cim.CimName;
import org.replicacim.cim.CimValue;
import org.replicacim.cim.Namespace;
import org.replicacim.cim.ObjectPath;
import org.replicacim.client.WbemClient;
import org.replicacim.codec.CimXmlRequestWriter;
import org.replicacim.message.IntrinsicRequest;
import org.replicacim.message.InvokeMethodRequest;
import org.replicacim.message.OperationRequest;

/**
 * Load benchmark of the CIM-XML endpoint, loopback only, bounded in time: requests/s, p50 and p99 of GetInstance,
 * EnumerateInstances (1,000 instances) and an extrinsic method (GetCentralInstances) at concurrency 1 and 8, each
 * measured right next to plain Jetty serving the same answer bytes (the physical limit on this machine). Both servers
 * run as separate JVMs with the same options; the load generator (this JVM) sends the same request bytes to both over
 * kept-alive connections, one per worker.
 *
 * <p>Arguments: {@code [warmupSeconds=3] [measureSeconds=5] [workDir=target/bench-http]}. Run by bench/http/run.sh.
 */
public final class LoadBenchmark {
    private static final Namespace STORAGE = Namespace.of("root/cimv2/storage/iscsitarget");
    private static final Namespace INTEROP = Namespace.of("root/interop");
    private static final String HW = "MSISCSITARGET_StorageHardwareID";
    private static final int INSTANCES = 1000;
    private static final List<String> SERVER_JVM = List.of("-Xms512m", "-Xmx512m", "-XX:+UseG1GC");
    /** Extra options for the ReplicaCIM JVM only (e.g. a JFR recording when profiling): -Dbench.cimJvm="…". */
    private static final List<String> CIM_EXTRA = System.getProperty("bench.cimJvm", "").isBlank() ? List.of()
            : List.of(System.getProperty("bench.cimJvm").trim().split("\\s+"));
    /** Only these operations (comma list), e.g. -Dbench.ops=GetInstance; all by default. */
    private static final String ONLY = System.getProperty("bench.ops", "");

    /** Rounds per measurement (each server measured measureSeconds / ROUNDS at a time, alternately). */
    private static final int ROUNDS = 5;

    /** One measured run: its latencies (sorted) over the measured seconds. */
    record Result(String operation, int concurrency, String target, long[] latencies, double seconds, long bytes) {
        double rps() {
            return latencies.length / seconds;
        }

        long p50Nanos() {
            return percentile(latencies, 0.50);
        }

        long p99Nanos() {
            return percentile(latencies, 0.99);
        }
    }

    private static Result merge(List<Result> rounds) {
        Result first = rounds.get(0);
        long[] all = new long[rounds.stream().mapToInt(r -> r.latencies().length).sum()];
        int k = 0;
        double seconds = 0;
        for (Result r : rounds) {
            System.arraycopy(r.latencies(), 0, all, k, r.latencies().length);
            k += r.latencies().length;
            seconds += r.seconds();
        }
        Arrays.sort(all);
        return new Result(first.operation(), first.concurrency(), first.target(), all, seconds, first.bytes());
    }

    private LoadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int warmup = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int measure = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path work = Path.of(args.length > 2 ? args[2] : "target/bench-http");
        deleteTree(work);
        Files.createDirectories(work);
        Path answers = Files.createDirectories(work.resolve("answers"));

        List<Result> results = new ArrayList<>();
        List<String> cimJvm = new ArrayList<>(SERVER_JVM);
        cimJvm.addAll(CIM_EXTRA);
        try (ChildServer cim = ChildServer.replicaCim(work.resolve("data"), cimJvm)) {
            System.out.printf("ReplicaCIM pid %d on port %d (%s)%n", cim.pid(), cim.port(), String.join(" ", SERVER_JVM));
            Map<String, byte[]> requests = prepare(cim.port());
            if (!ONLY.isBlank()) {
                requests.keySet().retainAll(List.of(ONLY.split(",")));
            }
            capture(cim.port(), requests, answers);
            try (ChildServer jetty = ChildServer.staticJetty(answers, SERVER_JVM)) {
                System.out.printf("static Jetty pid %d on port %d%n", jetty.pid(), jetty.port());
                // warm both servers (and this JVM) up on every operation before anything is measured
                for (Map.Entry<String, byte[]> op : requests.entrySet()) {
                    run(op.getKey(), 8, "static-jetty", jetty.port(), withPort(op.getValue(), cim.port(), jetty.port()),
                            warmup, 0, 1);
                    run(op.getKey(), 8, "replicacim", cim.port(), op.getValue(), warmup, 0, 1);
                }
                for (Map.Entry<String, byte[]> op : requests.entrySet()) {
                    for (int concurrency : new int[] {1, 8}) {
                        // the same request bytes, only the Host header differs
                        byte[] toCim = op.getValue();
                        byte[] toJetty = withPort(toCim, cim.port(), jetty.port());
                        // alternate the two servers in short rounds so that a burst of load from elsewhere on the
                        // machine hits both alike
                        List<Result> staticRounds = new ArrayList<>();
                        List<Result> cimRounds = new ArrayList<>();
                        for (int round = 0; round < ROUNDS; round++) {
                            staticRounds.add(run(op.getKey(), concurrency, "static-jetty", jetty.port(), toJetty,
                                    round == 0 ? 1 : 0, measure, ROUNDS));
                            cimRounds.add(run(op.getKey(), concurrency, "replicacim", cim.port(), toCim,
                                    round == 0 ? 1 : 0, measure, ROUNDS));
                        }
                        results.add(merge(staticRounds));
                        results.add(merge(cimRounds));
                        Result s = results.get(results.size() - 2);
                        Result c = results.get(results.size() - 1);
                        System.out.printf(Locale.ROOT, "%-18s c=%d  static %9.0f req/s p50 %7.3f ms p99 %7.3f ms |"
                                + " replicacim %9.0f req/s p50 %7.3f ms p99 %7.3f ms | ratio %.2f, p99 x%.2f%n",
                                op.getKey(), concurrency, s.rps(), ms(s.p50Nanos()), ms(s.p99Nanos()), c.rps(),
                                ms(c.p50Nanos()), ms(c.p99Nanos()), c.rps() / s.rps(),
                                (double) c.p99Nanos() / s.p99Nanos());
                    }
                }
            }
            System.out.printf("ReplicaCIM peak RSS %d MiB%n", cim.peakRssKiB() / 1024);
        }
        report(results);
    }

    /** Creates the instances and builds the three requests. */
    private static Map<String, byte[]> prepare(int port) throws Exception {
        try (WbemClient client = WbemClient.connect(URI.create("http://127.0.0.1:" + port))) {
            for (int i = 0; i < INSTANCES; i++) {
                client.createInstance(STORAGE, CimInstance.builder(HW)
                        .property("InstanceID", CimValue.string(String.format("bench-%04d", i)))
                        .property("StorageID", CimValue.string("iqn.1991-05.com.microsoft:bench-host-" + i))
                        .property("IDType", CimValue.uint16(5))
                        .property("ElementName", CimValue.string("benchmark initiator " + i))
                        .property("Description", CimValue.string("an iSCSI initiator allowed to log in to the "
                                + "targets of the benchmark; created by the load benchmark"))
                        .build());
            }
        }
        ObjectPath one = ObjectPath.builder(HW).namespace(STORAGE).key("InstanceID", "bench-0500").build();
        ObjectPath profile = ObjectPath.builder("CIM_RegisteredProfile").namespace(INTEROP)
                .key("InstanceID", "SNIA+Server+1.6.1").build();
        Map<String, byte[]> out = new LinkedHashMap<>();
        out.put("GetInstance", request(port, new IntrinsicRequest.GetInstance(STORAGE, one, false, false, false, null)));
        out.put("EnumerateInstances", request(port, new IntrinsicRequest.EnumerateInstances(STORAGE, CimName.of(HW),
                false, true, false, false, null)));
        out.put("GetCentralInstances", request(port, new InvokeMethodRequest(INTEROP, profile,
                CimName.of("GetCentralInstances"), List.of())));
        return out;
    }

    private static byte[] request(int port, OperationRequest r) {
        byte[] body = new CimXmlRequestWriter().toBytes(r, "4711");
        String object = CimXmlRequestWriter.cimObject(r).replace("/", "%2F").replace(":", "%3A");
        return HttpConnection.cimPost(port, CimXmlRequestWriter.cimMethod(r), object, body);
    }

    private static byte[] withPort(byte[] request, int from, int to) {
        String text = new String(request, StandardCharsets.ISO_8859_1);
        return text.replaceFirst("Host: 127\\.0\\.0\\.1:" + from, "Host: 127.0.0.1:" + to)
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Stores each answer of the CIM server (body and CIM headers) for the static server. */
    private static void capture(int port, Map<String, byte[]> requests, Path dir) throws IOException {
        try (HttpConnection c = new HttpConnection(port)) {
            for (Map.Entry<String, byte[]> e : requests.entrySet()) {
                HttpConnection.Reply r = c.exchange(e.getValue(), true);
                String text = new String(r.body(), StandardCharsets.UTF_8);
                if (r.status() != 200 || text.contains("<ERROR")) {
                    throw new IOException(e.getKey() + " failed: " + r.status() + " " + text);
                }
                StringBuilder h = new StringBuilder();
                for (String name : new String[] {"Content-Type", "Cache-Control", "CIMOperation"}) {
                    h.append(name).append(": ").append(r.header(name)).append('\n');
                }
                Files.writeString(dir.resolve(e.getKey() + ".headers"), h.toString());
                Files.write(dir.resolve(e.getKey() + ".body"), r.body());
                System.out.printf("%-20s answer %,d bytes (%s)%n", e.getKey(), r.body().length,
                        r.header("Transfer-Encoding") == null ? "Content-Length" : "chunked");
            }
        }
    }

    /**
     * {@code concurrency} workers, each on its own connection, for warmup seconds and then measureSeconds / parts;
     * counts the latter.
     */
    static Result run(String op, int concurrency, String target, int port, byte[] request, int warmup,
                      int measureSeconds, int parts) throws Exception {
        long start = System.nanoTime();
        long measureNanos = measureSeconds * 1_000_000_000L / parts;
        long measureFrom = start + warmup * 1_000_000_000L;
        long end = measureFrom + measureNanos;
        long[][] latencies = new long[concurrency][];
        int[] counts = new int[concurrency];
        long[] bytes = new long[concurrency];
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(concurrency);
        for (int w = 0; w < concurrency; w++) {
            int id = w;
            Thread t = new Thread(() -> {
                long[] lat = new long[1 << 16];
                int n = 0;
                try (HttpConnection c = new HttpConnection(port)) {
                    while (true) {
                        long t0 = System.nanoTime();
                        if (t0 >= end) {
                            break;
                        }
                        HttpConnection.Reply r = c.exchange(request, false);
                        long t1 = System.nanoTime();
                        if (r.status() != 200) {
                            throw new IOException(target + " answered " + r.status());
                        }
                        if (t0 >= measureFrom) {
                            if (n == lat.length) {
                                lat = Arrays.copyOf(lat, n * 2);
                            }
                            lat[n++] = t1 - t0;
                            bytes[id] = r.bodyLength();
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                } finally {
                    latencies[id] = lat;
                    counts[id] = n;
                    done.countDown();
                }
            }, "load-" + target + "-" + w);
            t.setDaemon(true);
            t.start();
        }
        done.await();
        if (failure.get() != null) {
            throw new IllegalStateException(op + " against " + target + " failed", failure.get());
        }
        int total = 0;
        for (int c : counts) {
            total += c;
        }
        long[] all = new long[total];
        int k = 0;
        for (int w = 0; w < concurrency; w++) {
            System.arraycopy(latencies[w], 0, all, k, counts[w]);
            k += counts[w];
        }
        Arrays.sort(all);
        return new Result(op, concurrency, target, all, measureNanos / 1e9, bytes[0]);
    }

    private static long percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static void report(List<Result> results) {
        System.out.println();
        System.out.println("operation            conc  server          req/s    p50 ms    p99 ms   answer bytes");
        for (Result r : results) {
            System.out.printf(Locale.ROOT, "%-20s %4d  %-12s %9.0f %9.3f %9.3f %14d%n", r.operation(),
                    r.concurrency(), r.target(), r.rps(), ms(r.p50Nanos()), ms(r.p99Nanos()), r.bytes());
        }
        System.out.println();
        for (int i = 0; i + 1 < results.size(); i += 2) {
            Result s = results.get(i);
            Result c = results.get(i + 1);
            double ratio = c.rps() / s.rps();
            double p99 = (double) c.p99Nanos() / s.p99Nanos();
            String target = s.operation().equals("GetInstance") && s.concurrency() == 8
                    ? String.format(Locale.ROOT, "  target ratio >= 0.50 and p99 <= 2x: %s",
                    ratio >= 0.5 && p99 <= 2.0 ? "MET" : "NOT MET") : "";
            System.out.printf(Locale.ROOT, "%-20s c=%d  replicacim/static: throughput %.2f, p99 %.2fx%s%n",
                    s.operation(), s.concurrency(), ratio, p99, target);
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (var walk = Files.walk(p)) {
            for (Path f : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }
}
