package org.replicacim.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.replicacim.cim.CimException;
import org.replicacim.cim.CimStatus;
import org.replicacim.cim.CimValue;
import org.replicacim.cim.Namespace;
import org.replicacim.cim.ObjectPath;
import org.replicacim.client.WbemClient;
import org.replicacim.message.MethodResult;
import org.replicacim.message.ParamValue;
import org.replicacim.repository.ClassRepository;
import org.replicacim.storage.BlockDevice;
import org.replicacim.storage.VolumeId;

/**
 * {@code /metrics} scraped after a scenario (volumes, a snapshot, a clone job, failing requests) shows the expected
 * request counters and latency counts, relationships by SyncType and CopyState, jobs by state, copy bytes and
 * backend errors, in the Prometheus text format; {@code /health} answers with its JSON.
 */
@Timeout(180)
class MetricsIT {
    @RegisterExtension
    static final RunningServer SERVER = new RunningServer();

    private static final Namespace NS = ClassRepository.STORAGE;
    /** {@code name{labels} value}; labels as the text format writes them (sorted by the library). */
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})? (\\S+)$");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private String base() {
        return "http://127.0.0.1:" + SERVER.port();
    }

    private static ObjectPath service(WbemClient c, String cls) throws Exception {
        return c.enumerateInstanceNames(NS, cls).get(0);
    }

    private static ObjectPath createVolume(WbemClient c, String name, long size) throws Exception {
        MethodResult r = c.invokeMethod(service(c, "CIM_StorageConfigurationService"),
                "CreateOrModifyElementFromStoragePool", ParamValue.of("ElementName", CimValue.string(name)),
                ParamValue.of("ElementType", CimValue.uint16(2)), ParamValue.of("Size", CimValue.uint64(size)));
        assertEquals(0, r.returnValue().asInt());
        ObjectPath p = r.outParameter("TheElement").value().asReference();
        return p.namespace() == null ? p.withNamespace(NS) : p;
    }

    /** The samples of a scrape by {@code name{labels}}. */
    private Map<String, Double> scrape() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base() + "/metrics")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"),
                r.headers().toString());
        Map<String, Double> samples = new TreeMap<>();
        for (String line : r.body().split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            assertTrue(m.matches(), "not a sample line: " + line);
            samples.put(m.group(1) + (m.group(2) == null ? "" : m.group(2)), Double.parseDouble(m.group(3)));
        }
        return samples;
    }

    private static double value(Map<String, Double> samples, String key) {
        Double v = samples.get(key);
        assertNotNull(v, () -> "no sample " + key + " in\n" + String.join("\n", samples.keySet()));
        return v;
    }

    @Test
    void metricsAfterAScenario() throws Exception {
        try (WbemClient c = WbemClient.connect(URI.create(base()), null, NS, Duration.ofMinutes(1))) {
            ObjectPath source = createVolume(c, "m-src", 8L << 20);
            String deviceId = source.key("DeviceID").asString();
            try (BlockDevice d = SERVER.server().backend().openDevice(VolumeId.of(deviceId))) {
                d.write(0, ByteBuffer.wrap(new byte[1 << 20]).put(0, (byte) 7));
                d.flush();
            }
            ObjectPath replication = service(c, "CIM_ReplicationService");
            MethodResult snap = c.invokeMethod(replication, "CreateElementReplica",
                    ParamValue.of("SyncType", CimValue.uint16(7)), ParamValue.of("WaitForCopyState", CimValue.uint16(4)),
                    ParamValue.of("SourceElement", CimValue.reference(source)));
            assertEquals(0, snap.returnValue().asInt());
            MethodResult clone = c.invokeMethod(replication, "CreateElementReplica",
                    ParamValue.of("SyncType", CimValue.uint16(8)),
                    ParamValue.of("SourceElement", CimValue.reference(source)));
            assertEquals(4096, clone.returnValue().asInt());
            ObjectPath job = clone.outParameter("Job").value().asReference();
            ObjectPath jobPath = job.namespace() == null ? job.withNamespace(NS) : job;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (c.getInstance(jobPath).value("JobState").asInt() != 7) {
                assertTrue(System.nanoTime() < deadline, "clone job did not complete");
                Thread.sleep(50);
            }
            // failures: an unknown namespace, a volume that does not exist (the engine is asked, and says so)
            CimException badNs = assertThrows(CimException.class,
                    () -> c.enumerateInstances(Namespace.of("root/nowhere"), "CIM_StorageVolume"));
            assertEquals(CimStatus.INVALID_NAMESPACE, badNs.status());
            ObjectPath ghost = source.withKeys(source.keys().stream().map(k -> k.name().toString().equals("DeviceID")
                    ? new org.replicacim.cim.KeyBinding(k.name(), CimValue.string("vol-ghost")) : k).toList());
            CimException notFound = assertThrows(CimException.class, () -> c.getInstance(ghost));
            assertEquals(CimStatus.NOT_FOUND, notFound.status());
        }

        Map<String, Double> s = scrape();
        assertEquals(3.0, value(s, "replicacim_requests_total{operation=\"CreateElementReplica\",status=\"OK\"}")
                + value(s, "replicacim_requests_total{operation=\"CreateOrModifyElementFromStoragePool\",status=\"OK\"}"));
        assertEquals(2.0, value(s,
                "replicacim_request_duration_seconds_count{operation=\"CreateElementReplica\",status=\"OK\"}"));
        assertEquals(1.0, value(s,
                "replicacim_requests_total{operation=\"EnumerateInstances\",status=\"CIM_ERR_INVALID_NAMESPACE\"}"));
        assertEquals(1.0, value(s, "replicacim_requests_total{operation=\"GetInstance\",status=\"CIM_ERR_NOT_FOUND\"}"));
        assertTrue(value(s, "replicacim_requests_total{operation=\"GetInstance\",status=\"OK\"}") >= 1);
        assertEquals(1.0, value(s, "replicacim_relationships{copy_state=\"SYNCHRONIZED\",sync_type=\"SNAPSHOT\"}"));
        assertEquals(1.0, value(s, "replicacim_relationships{copy_state=\"SYNCHRONIZED\",sync_type=\"CLONE\"}"));
        assertEquals(1.0, value(s, "replicacim_jobs{state=\"COMPLETED\"}"));
        assertEquals(0.0, value(s, "replicacim_jobs{state=\"RUNNING\"}"));
        assertTrue(value(s, "replicacim_copy_bytes_read_total") >= 8 << 20, s::toString);
        assertTrue(value(s, "replicacim_copy_bytes_written_total") > 0, "the written chunk was copied");
        assertTrue(s.containsKey("replicacim_copy_bytes_per_second"));
        double backendErrors = s.entrySet().stream().filter(e -> e.getKey().startsWith("replicacim_backend_errors_total")
                && e.getKey().contains("reason=\"NOT_FOUND\"")).mapToDouble(Map.Entry::getValue).sum();
        assertTrue(backendErrors >= 1, () -> "no backend NOT_FOUND counted:\n" + s);
        // a scrape is not a CIM request: it counts nothing
        assertEquals(s.get("replicacim_requests_total{operation=\"GetInstance\",status=\"OK\"}"),
                scrape().get("replicacim_requests_total{operation=\"GetInstance\",status=\"OK\"}"));
    }

    @Test
    void healthAnswersWithJson() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base() + "/health")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(""));
        JsonNode h = new ObjectMapper().readTree(r.body());
        assertEquals("serving", h.get("status").asText());
        assertEquals("file", h.get("backend").asText());
        assertEquals("sqlite", h.get("store").asText());
        assertTrue(h.get("uptimeSeconds").isNumber());

        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(base() + "/health"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, post.statusCode());
        HttpResponse<String> other = http.send(HttpRequest.newBuilder(URI.create(base() + "/nothing-here")).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, other.statusCode());
    }
}
