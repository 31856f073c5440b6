package org.replicacim.bench.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.replicacim.cim.CimInstance;
import org.replicacim.cim.CimName;
import org.replicacim.cim.CimValue;
import org.replicacim.cim.Namespace;
import org.replicacim.codec.CimXmlRequestWriter;
import org.replicacim.message.IntrinsicRequest;
import org.replicacim.message.OperationRequest;

/**
 * Large enumerations stream: starts the server jar with its heap capped at 256 MiB on a free loopback port, creates
 * 100,000 static instances with CreateInstance (four connections in parallel), then runs EnumerateInstances of all of
 * them and reads the answer as it streams, counting the instances without keeping them. Reports the time, the answer
 * size, the server's peak heap (from its GC log) and peak RSS, and whether the enumeration completed.
 *
 * <p>Arguments: {@code [instances=100000] [workDir=target/bench-large]}. Run by bench/http/large-enumeration.sh.
 */
public final class LargeEnumerationBenchmark {
    private static final Namespace STORAGE = Namespace.of("root/cimv2/storage/iscsitarget");
    private static final String HW = "MSISCSITARGET_StorageHardwareID";
    private static final Pattern GC_LINE = Pattern.compile("\\[([\\d.]+)s\\].* (\\d+)M->(\\d+)M\\((\\d+)M\\)");

    private LargeEnumerationBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Path work = Path.of(args.length > 1 ? args[1] : "target/bench-large");
        deleteTree(work);
        Files.createDirectories(work);
        Path gcLog = work.resolve("gc.log").toAbsolutePath();
        List<String> jvm = List.of("-Xmx256m", "-Xlog:gc:file=" + gcLog + ":uptime");
        boolean completed = false;
        try (ChildServer server = ChildServer.replicaCim(work.resolve("data"), jvm)) {
            System.out.printf("ReplicaCIM pid %d on port %d with %s%n", server.pid(), server.port(), jvm.get(0));
            long t0 = System.nanoTime();
            create(server.port(), count);
            double createSeconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "created %,d instances in %.1f s (%.0f CreateInstance/s); server RSS %d MiB%n",
                    count, createSeconds, count / createSeconds, server.rssKiB() / 1024);

            double uptimeAtStart = lastGcUptime(gcLog);
            byte[] request = request(server.port(), new IntrinsicRequest.EnumerateInstances(STORAGE, CimName.of(HW),
                    false, true, false, false, null));
            Counter counter = new Counter();
            long t1 = System.nanoTime();
            HttpConnection.Reply reply;
            try (HttpConnection c = new HttpConnection(server.port())) {
                reply = c.exchange(request, counter);
            }
            double seconds = (System.nanoTime() - t1) / 1e9;
            completed = reply.status() == 200 && counter.instances == count && counter.endsWell() && !counter.error;
            long[] heap = peakHeap(gcLog, uptimeAtStart);
            System.out.printf(Locale.ROOT, "EnumerateInstances: HTTP %d, %s, %,d bytes, %,d instances in %.2f s "
                            + "(%.0f instances/s, %.1f MB/s)%n", reply.status(),
                    reply.header("Transfer-Encoding") == null ? "Content-Length" : "chunked (streamed)",
                    reply.bodyLength(), counter.instances, seconds, counter.instances / seconds,
                    reply.bodyLength() / seconds / 1e6);
            System.out.printf(Locale.ROOT, "server heap: cap 256 MiB; peak used before a GC during the enumeration %d MiB,"
                    + " lowest after a GC %d MiB (%d GCs); peak RSS %d MiB%n", heap[0], heap[1], heap[2],
                    server.peakRssKiB() / 1024);
            System.out.println("server alive after the enumeration: " + server.isAlive());

            // the same set through the pull operations, 10,000 per batch
            double uptimeBeforePull = lastGcUptime(gcLog);
            long t2 = System.nanoTime();
            int pulled = pullAll(server.port(), 10_000);
            double pullSeconds = (System.nanoTime() - t2) / 1e9;
            long[] pullHeap = peakHeap(gcLog, uptimeBeforePull);
            System.out.printf(Locale.ROOT, "OpenEnumerateInstances + PullInstancesWithPath (10,000 per batch): %,d "
                    + "instances in %.2f s; peak heap before a GC %d MiB (%d GCs)%n", pulled, pullSeconds, pullHeap[0],
                    pullHeap[2]);
            completed &= pulled == count;
            completed &= server.isAlive();
        }
        System.out.println("RESULT: " + (completed ? "COMPLETED" : "FAILED") + " (EnumerateInstances of " + count
                + " static instances with -Xmx256m)");
        if (!completed) {
            System.exit(1);
        }
    }

    /** CreateInstance requests over four kept-alive connections. */
    private static void create(int port, int count) throws Exception {
        int workers = 4;
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                int first = w;
                done.add(pool.submit(() -> {
                    try (HttpConnection c = new HttpConnection(port)) {
                        for (int i = first; i < count; i += workers) {
                            CimInstance inst = CimInstance.builder(HW)
                                    .property("InstanceID", CimValue.string(String.format("big-%06d", i)))
                                    .property("StorageID", CimValue.string("iqn.1991-05.com.microsoft:host-" + i))
                                    .property("IDType", CimValue.uint16(5))
                                    .property("ElementName", CimValue.string("initiator " + i))
                                    .build();
                            HttpConnection.Reply r = c.exchange(request(port,
                                    new IntrinsicRequest.CreateInstance(STORAGE, inst)), true);
                            if (r.status() != 200 || new String(r.body(), StandardCharsets.UTF_8).contains("<ERROR")) {
                                throw new IOException("CreateInstance " + i + " failed: " + r.status() + " "
                                        + new String(r.body(), StandardCharsets.UTF_8));
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Pulls the whole class in batches and returns the number of instances received. */
    private static int pullAll(int port, long batch) throws IOException {
        Pattern context = Pattern.compile("<PARAMVALUE NAME=\"EnumerationContext\"[^>]*><VALUE>([^<]*)</VALUE>");
        int total = 0;
        try (HttpConnection c = new HttpConnection(port)) {
            OperationRequest next = new IntrinsicRequest.OpenEnumerateInstances(STORAGE, CimName.of(HW), true, false,
                    null, new IntrinsicRequest.PullOptions(null, null, null, false, batch));
            while (next != null) {
                Counter counter = new Counter();
                HttpConnection.Reply r = c.exchange(request(port, next), true);
                counter.write(r.body(), 0, r.body().length);
                String text = new String(r.body(), StandardCharsets.UTF_8);
                if (r.status() != 200 || counter.error) {
                    throw new IOException("pull failed: " + r.status() + " " + text.substring(0, Math.min(400,
                            text.length())));
                }
                total += count(text, "<VALUE.INSTANCEWITHPATH>");
                Matcher m = context.matcher(text);
                String ctx = m.find() ? m.group(1) : "";
                next = text.contains("<PARAMVALUE NAME=\"EndOfSequence\" PARAMTYPE=\"boolean\"><VALUE>TRUE")
                        ? null : new IntrinsicRequest.PullInstancesWithPath(STORAGE, ctx, batch);
            }
        }
        return total;
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + what.length())) {
            n++;
        }
        return n;
    }

    private static byte[] request(int port, OperationRequest r) {
        byte[] body = new CimXmlRequestWriter().toBytes(r, "4711");
        String object = CimXmlRequestWriter.cimObject(r).replace("/", "%2F").replace(":", "%3A");
        return HttpConnection.cimPost(port, CimXmlRequestWriter.cimMethod(r), object, body);
    }

    /** Counts VALUE.NAMEDINSTANCE start tags in the streamed bytes and keeps only the last few bytes. */
    static final class Counter extends OutputStream {
        private static final byte[] START = "<VALUE.NAMEDINSTANCE>".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] ERROR = "<ERROR".getBytes(StandardCharsets.US_ASCII);
        private int matched;
        private int errorMatched;
        private final byte[] tail = new byte[64];
        private long total;
        int instances;
        boolean error;

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            for (int i = off; i < off + len; i++) {
                byte x = b[i];
                matched = x == START[matched] ? matched + 1 : (x == START[0] ? 1 : 0);
                if (matched == START.length) {
                    instances++;
                    matched = 0;
                }
                errorMatched = x == ERROR[errorMatched] ? errorMatched + 1 : (x == ERROR[0] ? 1 : 0);
                if (errorMatched == ERROR.length) {
                    error = true;
                    errorMatched = 0;
                }
                tail[(int) (total++ % tail.length)] = x;
            }
        }

        /** Whether the document ended with its closing CIM element. */
        boolean endsWell() {
            StringBuilder sb = new StringBuilder();
            for (long i = Math.max(0, total - tail.length); i < total; i++) {
                sb.append((char) tail[(int) (i % tail.length)]);
            }
            return sb.toString().trim().endsWith("</CIM>");
        }
    }

    private static double lastGcUptime(Path gcLog) throws IOException {
        double last = 0;
        for (String line : Files.readAllLines(gcLog)) {
            Matcher m = GC_LINE.matcher(line);
            if (m.find()) {
                last = Double.parseDouble(m.group(1));
            }
        }
        return last;
    }

    /** Peak heap used before a GC and lowest after a GC, in MiB, and the GC count, for GCs after {@code since}. */
    private static long[] peakHeap(Path gcLog, double since) throws IOException {
        long peak = 0;
        long lowest = Long.MAX_VALUE;
        long gcs = 0;
        for (String line : Files.readAllLines(gcLog)) {
            Matcher m = GC_LINE.matcher(line);
            if (m.find() && Double.parseDouble(m.group(1)) > since) {
                peak = Math.max(peak, Long.parseLong(m.group(2)));
                lowest = Math.min(lowest, Long.parseLong(m.group(3)));
                gcs++;
            }
        }
        return new long[] {peak, lowest == Long.MAX_VALUE ? -1 : lowest, gcs};
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
