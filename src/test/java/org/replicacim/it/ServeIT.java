package org.replicacim.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.replicacim.cim.CimValue;
import org.replicacim.cim.ObjectPath;
import org.replicacim.client.WbemClient;
import org.replicacim.message.MethodResult;
import org.replicacim.message.ParamValue;
import org.replicacim.repository.ClassRepository;

/**
 * {@code replicacim serve} as a child process with the production logging configuration: what it prints when it
 * listens, and its logs in the JSON format chosen in the settings file: one request line per request with the
 * request's fields, and the relationship and job state changes.
 */
@Timeout(180)
class ServeIT {
    private static final Pattern CIM = Pattern.compile("^  CIM-XML   http://127\\.0\\.0\\.1:(\\d+)/cimom$");

    @Test
    void jsonLogsCarryOneLinePerRequestAndTheStateChanges() throws Exception {
        Path dir = Files.createTempDirectory("replicacim-serve");
        Path settings = dir.resolve("s.properties");
        Files.writeString(settings, "http.port = 0\nnbd.port = -1\ndata.dir = " + dir.resolve("data")
                + "\nlog.format = json\nsecurity.anonymousLoopback = true\n");
        File err = dir.resolve("stderr").toFile();
        List<String> cmd = new ArrayList<>(Cli.javaCommand());
        cmd.add(1, "-Dlogback.configurationFile=logback.xml"); // the production configuration, not logback-test.xml
        cmd.addAll(List.of("serve", "--config", settings.toString()));
        Process p = new ProcessBuilder(cmd).redirectError(err).start();
        try {
            List<String> banner = new ArrayList<>();
            int port = -1;
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (System.nanoTime() < deadline) {
                String line = out.readLine();
                if (line == null) {
                    break;
                }
                banner.add(line);
                Matcher m = CIM.matcher(line);
                if (m.matches()) {
                    port = Integer.parseInt(m.group(1));
                }
                if (line.startsWith("Press Ctrl-C")) {
                    break;
                }
            }
            assertTrue(port > 0, "no CIM-XML line in\n" + String.join("\n", banner));
            String text = String.join("\n", banner);
            assertTrue(text.contains("  metrics   http://127.0.0.1:" + port + "/metrics"), text);
            assertTrue(text.contains("  health    http://127.0.0.1:" + port + "/health"), text);
            assertTrue(text.contains("  backend   file (sparse files in "), text);
            assertTrue(text.contains("  store     SQLite " + dir.resolve("data").resolve("replicacim.db")), text);
            assertTrue(text.contains("  NBD       off"), text);

            try (WbemClient c = WbemClient.connect(URI.create("http://127.0.0.1:" + port), null,
                    ClassRepository.STORAGE, Duration.ofSeconds(60))) {
                ObjectPath scs = c.enumerateInstanceNames(ClassRepository.STORAGE, "CIM_StorageConfigurationService")
                        .get(0);
                MethodResult v = c.invokeMethod(scs, "CreateOrModifyElementFromStoragePool",
                        ParamValue.of("ElementName", CimValue.string("logged")),
                        ParamValue.of("ElementType", CimValue.uint16(2)),
                        ParamValue.of("Size", CimValue.uint64(1 << 20)));
                ObjectPath vol = v.outParameter("TheElement").value().asReference();
                MethodResult clone = c.invokeMethod(c.enumerateInstanceNames(ClassRepository.STORAGE,
                        "CIM_ReplicationService").get(0), "CreateElementReplica",
                        ParamValue.of("SyncType", CimValue.uint16(8)),
                        ParamValue.of("SourceElement", CimValue.reference(vol)));
                assertEquals(4096, clone.returnValue().asInt());
                ObjectPath jobPath = clone.outParameter("Job").value().asReference();
                ObjectPath located = jobPath.namespace() == null ? jobPath.withNamespace(ClassRepository.STORAGE)
                        : jobPath;
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (c.getInstance(located).value("JobState").asInt() != 7) {
                    assertTrue(System.nanoTime() < until, "the clone job did not complete");
                    Thread.sleep(50);
                }
            }
            p.destroy(); // SIGTERM: the server stops and drains its log queue
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "serve did not stop");

            ObjectMapper json = new ObjectMapper();
            List<JsonNode> requests = new ArrayList<>();
            boolean relationship = false;
            boolean job = false;
            for (String line : Files.readAllLines(err.toPath())) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode e = json.readTree(line); // every line is one JSON object
                assertNotNull(e.get("level"), line);
                String logger = e.get("loggerName").asText();
                if (logger.equals("request")) {
                    requests.add(e);
                }
                relationship |= logger.equals("state.relationship")
                        && e.get("formattedMessage").asText().contains("Synchronized");
                job |= logger.equals("state.job") && e.get("formattedMessage").asText().contains("COMPLETED");
            }
            assertTrue(requests.size() >= 5, () -> "request lines: " + requests);
            JsonNode create = requests.get(1);
            String fields = create.get("kvpList").toString();
            for (String f : List.of("\"requestId\"", "\"user\":\"-\"", "\"operation\":\"CreateOrModifyElementFromStoragePool\"",
                    "\"object\":\"root/cimv2/storage/iscsitarget:MSISCSITARGET_StorageConfigurationService.", "\"status\":\"OK\"",
                    "\"durationMs\"")) {
                assertTrue(fields.replace("\\/", "/").contains(f), f + " missing from " + fields);
            }
            assertTrue(relationship, "no relationship state change logged");
            assertTrue(job, "no job state change logged");
        } finally {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            try (var paths = Files.walk(dir)) {
                for (Path f : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    /**
     * The README's run command, through the real {@code ./replicacim} launcher and the shaded jar {@code mvn verify}
     * built: only the ports (any free one) and the data directory (a temporary one) differ from what it says.
     */
    @Test
    void theReadmeRunCommandStartsTheServerWithTheEmbeddedDefaults() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        int run = readme.indexOf("\n## Run it");
        int start = readme.indexOf("```sh\n", run) + 6;
        String command = readme.substring(start, readme.indexOf('\n', start)).trim();
        assertEquals("./replicacim serve --http-port 5988 --data-dir ./data", command);
        Path dir = Files.createTempDirectory("replicacim-serve");
        String adapted = command.replace("--http-port 5988", "--http-port 0")
                .replace("--data-dir ./data", "--data-dir " + dir.resolve("data")) + " --nbd-port 0";
        Process p = new ProcessBuilder("bash", "-c", "exec " + adapted).redirectError(dir.resolve("stderr").toFile())
                .start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            int port = -1;
            List<String> banner = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300); // the launcher may build the jar first
            String line;
            while (System.nanoTime() < deadline && (line = out.readLine()) != null) {
                banner.add(line);
                Matcher m = CIM.matcher(line);
                if (m.matches()) {
                    port = Integer.parseInt(m.group(1));
                }
                if (line.startsWith("Press Ctrl-C")) {
                    break;
                }
            }
            assertTrue(port > 0, () -> "no banner:\n" + String.join("\n", banner));
            assertTrue(String.join("\n", banner).contains("  NBD       127.0.0.1:"), banner::toString);
            java.net.http.HttpResponse<String> health = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode());
            assertTrue(health.body().contains("\"status\":\"serving\""), health.body());
        } finally {
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            try (var paths = Files.walk(dir)) {
                for (Path f : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }
}
