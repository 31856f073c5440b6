package org.replicacim.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.replicacim.app.ReplicaCimServer;
import org.replicacim.app.ServerConfig;
import org.replicacim.cim.CimName;
import org.replicacim.cim.CimValue;
import org.replicacim.cim.Namespace;
import org.replicacim.cim.ObjectPath;
import org.replicacim.client.Credentials;
import org.replicacim.client.WbemClient;
import org.replicacim.codec.CimXmlRequestReader;
import org.replicacim.codec.CimXmlRequestWriter;
import org.replicacim.codec.Limits;
import org.replicacim.message.IntrinsicRequest;
import org.replicacim.message.InvokeMethodRequest;
import org.replicacim.message.MethodResult;
import org.replicacim.message.OperationRequest;
import org.replicacim.message.ParamValue;
import org.replicacim.provider.block.ElementPaths;
import org.replicacim.repository.ClassRepository;
import org.replicacim.http.RawHttp;
import org.replicacim.security.Role;
import org.replicacim.security.UserFile;
import org.replicacim.security.WireMutator;
import org.replicacim.storage.VolumeId;

/**
 * Mutation fuzzing of the real server over HTTP: {@code fuzz.cases} (default 20,000) requests made by
 * {@link WireMutator} from the golden wire files (also retargeted at the storage namespace) and from requests aimed at
 * the replication service, sent as an authenticated reader. Asserts no crash (every request answered), no HTTP 500
 * without a CIMError header or ERROR body, no stack trace, class name or server path in any answer, no change of the
 * storage state (a reader's changes are all refused), the server serving normally afterwards, and the bound of two
 * minutes.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FuzzIT {
    private static final int CASES = Integer.getInteger("fuzz.cases", 20_000);
    private static final long RANDOM_SEED = Long.getLong("fuzz.seed", 20261207L);
    private static final int ADMIN_CASES = Integer.getInteger("fuzz.adminCases", 5_000);
    private static final int WORKERS = 4;
    private static final Namespace STORAGE = ClassRepository.STORAGE;
    private static final Pattern LEAK = Pattern.compile(
            "\\.java:\\d|(?m)^\\s+at [a-z]+\\.|[A-Za-z]+Exception\\b|java\\.lang|org\\.replicacim\\.|/home/|/etc/|/usr/");
    private static final String[] STATE_CLASSES = {"MSISCSITARGET_StorageVolume", "MSISCSITARGET_StorageSynchronized",
        "MSISCSITARGET_ConcreteJob", "MSISCSITARGET_StoragePool"};

    private static Path dataDir;
    private static ReplicaCimServer server;
    private static ElementPaths paths;
    private static ObjectPath sync;
    private static VolumeId source;

    @BeforeAll
    static void start() throws Exception {
        dataDir = Files.createTempDirectory("replicacim-fuzz");
        UserFile users = new UserFile(dataDir.resolve("users"));
        users.add("fuzz", Role.READER, "fuzz-password".toCharArray(), 1_000);
        users.add("ada", Role.ADMIN, "admin-password".toCharArray(), 1_000);
        server = ReplicaCimServer.start(ServerConfig.defaults().withHttpPort(0).withNbdPort(-1).withDataDir(dataDir)
                .withHostName("localhost").with("limits.maxRequestsPerUser", "64"));
        paths = new ElementPaths(STORAGE, "localhost");
        source = server.backend().createVolume(server.backend().pools().get(0).id(), "fuzz-src", 4L << 20).id();
        try (WbemClient admin = admin()) {
            MethodResult created = admin.invokeMethod(paths.replicationService(), "CreateElementReplica",
                    ParamValue.of("SyncType", CimValue.uint16(7)),
                    ParamValue.of("SourceElement", CimValue.reference(paths.volume(source))),
                    ParamValue.of("WaitForCopyState", CimValue.uint16(4)));
            assertEquals(0, created.returnValue().asInt());
            sync = created.outParameter("Synchronization").value().asReference();
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private static WbemClient admin() {
        return WbemClient.connect(URI.create("http://127.0.0.1:" + server.httpPort()),
                new Credentials("ada", "admin-password"), STORAGE, Duration.ofSeconds(60));
    }

    private static Map<String, TreeSet<String>> state() throws Exception {
        Map<String, TreeSet<String>> s = new TreeMap<>();
        try (WbemClient admin = admin()) {
            for (String c : STATE_CLASSES) {
                TreeSet<String> names = new TreeSet<>();
                admin.enumerateInstanceNames(STORAGE, c).forEach(p -> names.add(p.toString()));
                s.put(c, names);
            }
        }
        TreeSet<String> pairs = new TreeSet<>();
        server.backend().pairs().forEach(p -> pairs.add(p.toString()));
        s.put("backend pairs", pairs);
        TreeSet<String> volumes = new TreeSet<>();
        server.backend().volumes().forEach(v -> volumes.add(v.toString()));
        s.put("backend volumes", volumes);
        return s;
    }

    // ---- seeds ------------------------------------------------------------------------------------------------

    private static String percent(String text) {
        StringBuilder sb = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-_./*".indexOf(c) >= 0) {
                sb.append((char) c);
            } else {
                sb.append('%').append(String.format("%02X", c));
            }
        }
        return sb.toString();
    }

    private static WireMutator.Seed seed(String name, OperationRequest r) {
        return new WireMutator.Seed(name, new CimXmlRequestWriter().toBytes(r, "77"),
                percent(CimXmlRequestWriter.cimMethod(r)), percent(CimXmlRequestWriter.cimObject(r)));
    }

    /** A golden body with its headers (read from the body as the server would), or null when it does not decode. */
    private static WireMutator.Seed seed(String name, byte[] body) {
        try {
            OperationRequest r = new CimXmlRequestReader().parse(new ByteArrayInputStream(body), Limits.DEFAULT)
                    .decode().request();
            return new WireMutator.Seed(name, body, percent(CimXmlRequestWriter.cimMethod(r)),
                    percent(CimXmlRequestWriter.cimObject(r)));
        } catch (Exception e) {
            Matcher m = Pattern.compile("METHODCALL NAME=\"([^\"]+)\"").matcher(new String(body, StandardCharsets.UTF_8));
            return new WireMutator.Seed(name, body, m.find() ? m.group(1) : "GetClass", "root%2Fcimv2");
        }
    }

    /** The golden file aimed at the server's storage namespace and classes. */
    private static String retarget(String xml) {
        return xml.replace("<NAMESPACE NAME=\"root\"></NAMESPACE><NAMESPACE NAME=\"cimv2\"></NAMESPACE>",
                        "<NAMESPACE NAME=\"root\"/><NAMESPACE NAME=\"cimv2\"/><NAMESPACE NAME=\"storage\"/>"
                                + "<NAMESPACE NAME=\"iscsitarget\"/>")
                .replace("RCIM_ComputerSystem", "MSFTSM_ComputerSystem").replace("RCIM_", "MSISCSITARGET_");
    }

    private static List<WireMutator.Seed> seeds() throws IOException {
        List<WireMutator.Seed> seeds = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/test/resources/wire"))) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith("-request.xml")).sorted().toList()) {
                byte[] body = Files.readAllBytes(f);
                String name = f.getParent().getFileName() + "/" + f.getFileName();
                seeds.add(seed(name, body));
                seeds.add(seed(name + " (storage)", retarget(new String(body, StandardCharsets.UTF_8))
                        .getBytes(StandardCharsets.UTF_8)));
            }
        }
        ObjectPath service = paths.replicationService();
        ObjectPath volume = paths.volume(source);
        seeds.add(seed("enumerate volumes", new IntrinsicRequest.EnumerateInstanceNames(STORAGE,
                CimName.of("MSISCSITARGET_StorageVolume"))));
        seeds.add(seed("get volume", new IntrinsicRequest.GetInstance(STORAGE, volume, false, false, false, null)));
        seeds.add(seed("delete volume", new IntrinsicRequest.DeleteInstance(STORAGE, volume)));
        seeds.add(seed("delete sync", new IntrinsicRequest.DeleteInstance(STORAGE, sync)));
        seeds.add(seed("modify sync", new InvokeMethodRequest(STORAGE, service,
                CimName.of("ModifyReplicaSynchronization"), List.of(ParamValue.of("Operation", CimValue.uint16(19)),
                ParamValue.of("Synchronization", CimValue.reference(sync)),
                ParamValue.of("Force", CimValue.bool(true))))));
        seeds.add(seed("create replica", new InvokeMethodRequest(STORAGE, service, CimName.of("CreateElementReplica"),
                List.of(ParamValue.of("SyncType", CimValue.uint16(8)),
                        ParamValue.of("SourceElement", CimValue.reference(volume))))));
        seeds.add(seed("relationships", new InvokeMethodRequest(STORAGE, service,
                CimName.of("GetReplicationRelationships"), List.of(ParamValue.of("Type", CimValue.uint16(2))))));
        seeds.add(seed("return to pool", new InvokeMethodRequest(STORAGE, paths.configurationService(),
                CimName.of("ReturnToStoragePool"), List.of(ParamValue.of("TheElement", CimValue.reference(volume))))));
        seeds.add(seed("associators", new IntrinsicRequest.AssociatorNames(STORAGE, volume, null, null, null, null)));
        return seeds;
    }

    private static WireMutator.Case matchingHeaders(WireMutator.Case c) {
        WireMutator.Seed decoded = seed(c.seed(), c.body());
        if (decoded.cimObject().equals("root%2Fcimv2") && !c.seed().startsWith("enumerate")) {
            return c; // did not decode
        }
        List<String> headers = new ArrayList<>();
        for (String h : c.headers()) {
            if (h.startsWith("CIMMethod: ")) {
                headers.add("CIMMethod: " + decoded.cimMethod());
            } else if (h.startsWith("CIMObject: ")) {
                headers.add("CIMObject: " + decoded.cimObject());
            } else {
                headers.add(h);
            }
        }
        return new WireMutator.Case(c.seed(), headers, c.body(), c.chunked(), c.mutations() + " m");
    }

    // ---- the run ----------------------------------------------------------------------------------------------

    private static byte[] bytes(WireMutator.Case c, String authorization) {
        StringBuilder head = new StringBuilder("POST /cimom HTTP/1.1\nHost: 127.0.0.1\nAuthorization: ")
                .append(authorization);
        for (String h : c.headers()) {
            head.append('\n').append(h);
        }
        byte[] body = c.body();
        if (c.chunked()) {
            head.append("\nTransfer-Encoding: chunked");
            byte[] pre = (Integer.toHexString(body.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
            byte[] post = "\r\n0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
            byte[] all = new byte[pre.length + body.length + post.length];
            System.arraycopy(pre, 0, all, 0, pre.length);
            System.arraycopy(body, 0, all, pre.length, body.length);
            System.arraycopy(post, 0, all, pre.length + body.length, post.length);
            return RawHttp.request(head.toString(), body.length == 0 ? post : all);
        }
        head.append("\nContent-Length: ").append(body.length);
        return RawHttp.request(head.toString(), body);
    }

    @Test
    @Order(1)
    void mutatedRequestsNeitherCrashNorLeakNorChangeState() throws Exception {
        Map<String, TreeSet<String>> before = state();
        fuzz("fuzz:fuzz-password", CASES, RANDOM_SEED, "reader");
        assertEquals(before, state(), "rejected requests changed the storage state");
        serverAnswersNormally();
    }

    /** As admin the mutated changes reach the providers' write paths: still no crash, 500 or leak. */
    @Test
    @Order(2)
    void mutatedChangesAsAdminNeitherCrashNorLeak() throws Exception {
        fuzz("ada:admin-password", ADMIN_CASES, RANDOM_SEED + 1, "admin");
        serverAnswersNormally();
    }

    private static void serverAnswersNormally() throws Exception {
        try (WbemClient admin = admin()) {
            assertTrue(admin.enumerateInstanceNames(STORAGE, "MSISCSITARGET_StoragePool").size() >= 1);
            MethodResult rels = admin.invokeMethod(paths.replicationService(), "GetReplicationRelationships",
                    ParamValue.of("Type", CimValue.uint16(2)));
            assertEquals(0, rels.returnValue().asInt());
        }
        assertTrue(server.backend() != null);
    }

    /** Sends {@code count} mutated cases as the user and asserts every answer is clean. */
    private static void fuzz(String userAndPassword, int count, long randomSeed, String label) throws Exception {
        WireMutator mutator = new WireMutator(seeds(), randomSeed);
        List<WireMutator.Case> cases = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            WireMutator.Case c = mutator.next();
            // every other case gets CIM headers that agree with its mutated body when that still decodes, so that
            // more mutations get past the envelope checks into the operation layer and the providers
            cases.add(i % 2 == 0 ? matchingHeaders(c) : c);
        }
        String authorization = "Basic " + Base64.getEncoder().encodeToString(
                userAndPassword.getBytes(StandardCharsets.UTF_8));
        AtomicInteger next = new AtomicInteger();
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> cimErrors = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicInteger noAnswer = new AtomicInteger();
        AtomicInteger errorBodies = new AtomicInteger();
        AtomicInteger internal = new AtomicInteger();
        long t0 = System.nanoTime();
        long end = t0 + TimeUnit.MINUTES.toNanos(3);
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < WORKERS; w++) {
            Thread t = new Thread(() -> {
                RawHttp http = null;
                try {
                    for (int i = next.getAndIncrement(); i < cases.size() && System.nanoTime() < end;
                         i = next.getAndIncrement()) {
                        WireMutator.Case c = cases.get(i);
                        String id = "case " + i + " (seed " + c.seed() + ", mutations " + c.mutations() + ")";
                        RawHttp.Reply r;
                        try {
                            if (http == null) {
                                http = new RawHttp(server.httpPort());
                            }
                            r = http.exchange(bytes(c, authorization));
                        } catch (IOException e) {
                            noAnswer.incrementAndGet();
                            failures.add(id + ": no answer: " + e);
                            closeQuietly(http);
                            http = null;
                            continue;
                        }
                        statuses.computeIfAbsent(r.status(), s -> new AtomicInteger()).incrementAndGet();
                        cimErrors.computeIfAbsent(String.valueOf(r.header("CIMError")), s -> new AtomicInteger())
                                .incrementAndGet();
                        String text = r.headers() + "\n" + r.bodyText() + "\n" + r.trailers();
                        if (r.status() == 500 && r.header("CIMError") == null && !r.bodyText().contains("<ERROR")) {
                            failures.add(id + ": HTTP 500 without CIMError or ERROR");
                        }
                        Matcher leak = LEAK.matcher(text);
                        if (leak.find() || text.contains(dataDir.toString())) {
                            failures.add(id + ": leak '" + (leak.find(0) ? leak.group() : dataDir) + "' in " + text);
                        }
                        if (r.bodyText().contains("<ERROR")) {
                            errorBodies.incrementAndGet();
                            if (r.bodyText().contains("internal error")) {
                                internal.incrementAndGet();
                            }
                        }
                        String connection = r.header("Connection");
                        if (connection != null && connection.equalsIgnoreCase("close")) {
                            closeQuietly(http);
                            http = null;
                        }
                    }
                } finally {
                    closeQuietly(http);
                }
            }, "fuzz-" + w);
            workers.add(t);
            t.start();
        }
        for (Thread t : workers) {
            t.join(TimeUnit.MINUTES.toMillis(4));
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        System.out.printf("FuzzIT (" + label + "): %d cases in %d ms (%.0f/s); statuses %s; %d ERROR answers"
                + " (%d internal errors);"
                + " %d unanswered; CIMError headers %s%n", Math.min(count, next.get()), millis,
                count * 1000.0 / millis, new TreeMap<>(statuses), errorBodies.get(), internal.get(), noAnswer.get(),
                new TreeMap<>(cimErrors));
        failures.stream().limit(20).forEach(f -> System.out.println("FuzzIT failure: " + f));

        assertTrue(server.backend() != null && next.get() >= count, "not all cases ran within the time bound");
        assertEquals(List.of(), failures.stream().limit(20).toList(), failures.size() + " failures");
        assertTrue(millis < 120_000, count + " cases took " + millis + " ms");
    }

    private static void closeQuietly(RawHttp http) {
        if (http != null) {
            try {
                http.close();
            } catch (IOException e) {
                // already broken
            }
        }
    }
}
