package org.replicacim.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.replicacim.cim.CimName;
import org.replicacim.cim.CimValue;
import org.replicacim.message.IntrinsicRequest;
import org.replicacim.message.InvokeMethodRequest;
import org.replicacim.message.MethodResult;
import org.replicacim.message.OperationRequest;
import org.replicacim.message.ParamValue;
import org.replicacim.message.ReturnKind;

/**
 * Feeds the response writer's output for every response kind wbemcli can ask for to the real wbemcli (sblim-wbemcli)
 * through a stub HTTP server on 127.0.0.1, and checks that wbemcli parses it. The stub also decodes wbemcli's real
 * requests with the request reader.
 */
class WbemcliAcceptanceTest {
    private static HttpServer server;
    private static String base;
    private static final List<String> failures = new ArrayList<>();

    record Case(String name, List<String> args, int exitCode, String expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static String wbemcli() {
        for (String dir : new String[] {"/usr/bin", "/usr/local/bin"}) {
            File f = new File(dir, "wbemcli");
            if (f.canExecute()) {
                return f.getPath();
            }
        }
        return null;
    }

    @BeforeAll
    static void start() throws Exception {
        if (wbemcli() == null) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("wbemcli is not installed (apt-get install -y sblim-wbemcli); it is required when CI=true");
            }
            return;
        }
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] answer;
            try (InputStream in = exchange.getRequestBody()) {
                answer = respond(in);
            } catch (Exception e) {
                synchronized (failures) {
                    failures.add(e.toString());
                }
                exchange.sendResponseHeaders(500, -1);
                exchange.close();
                return;
            }
            exchange.getResponseHeaders().add("Content-Type", "application/xml; charset=\"utf-8\"");
            exchange.getResponseHeaders().add("CIMOperation", "MethodResponse");
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort() + "/root/cimv2:";
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    static byte[] respond(InputStream body) throws Exception {
        ParsedRequest parsed = new CimXmlRequestReader().parse(body, Limits.DEFAULT);
        OperationRequest req = parsed.decode().request();
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        CimXmlResponseWriter w = new CimXmlResponseWriter(bo, CimXmlResponseWriter.Options.DEFAULT.withHost(Fixtures.HOST));
        w.begin(parsed.messageId());
        if (req instanceof InvokeMethodRequest m) {
            ParamValue mode = m.parameter("ElementName");
            w.writeMethodResponse(parsed.methodName(), new MethodResult(CimValue.uint32(4096), List.of(
                    ParamValue.of("Job", CimValue.reference(Fixtures.jobPath())),
                    ParamValue.of("Echo", CimValue.string(mode == null ? "none" : mode.value().asString())),
                    ParamValue.of("Nothing", CimValue.nullValue(org.replicacim.cim.CimType.STRING, false)))));
            w.end();
            return bo.toByteArray();
        }
        IntrinsicRequest r = (IntrinsicRequest) req;
        if (r instanceof IntrinsicRequest.GetInstance gi && "vol-9".equals(gi.instanceName().key("DeviceID").asString())) {
            w.writeIMethodError(parsed.methodName(), Fixtures.notFound());
            w.end();
            return bo.toByteArray();
        }
        w.beginIMethodResponse(parsed.methodName());
        w.beginReturnValue();
        switch (r.operationName()) {
            case "EnumerateClassNames" -> {
                w.write(ReturnKind.CLASS_NAME, CimName.of("RCIM_StorageVolume"));
                w.write(ReturnKind.CLASS_NAME, CimName.of("RCIM_StorageSynchronized"));
            }
            case "GetClass" -> w.write(ReturnKind.CLASS, Fixtures.volumeClass());
            case "EnumerateInstances" -> {
                w.write(ReturnKind.NAMED_INSTANCE, Fixtures.volume("vol-7"));
                w.write(ReturnKind.NAMED_INSTANCE, Fixtures.volume("vol-8"));
            }
            case "EnumerateInstanceNames" -> {
                w.write(ReturnKind.INSTANCE_NAME, Fixtures.volumePath("vol-7"));
                w.write(ReturnKind.INSTANCE_NAME, Fixtures.volumePath("vol-8"));
            }
            case "GetInstance" -> w.write(ReturnKind.INSTANCE, Fixtures.volume("vol-7"));
            case "CreateInstance" -> w.write(ReturnKind.INSTANCE_NAME,
                    ((IntrinsicRequest.CreateInstance) r).newInstance().className().is("RCIM_StorageVolume")
                            ? Fixtures.volumePath("vol-new") : Fixtures.jobPath());
            case "Associators" -> w.write(ReturnKind.OBJECT_WITH_PATH, Fixtures.volume("vol-8"));
            case "AssociatorNames" -> w.write(ReturnKind.OBJECT_PATH, Fixtures.volumePath("vol-8"));
            case "References" -> w.write(ReturnKind.OBJECT_WITH_PATH, Fixtures.sync());
            case "ReferenceNames" -> w.write(ReturnKind.OBJECT_PATH, Fixtures.syncPath());
            default -> throw new IllegalStateException("unexpected " + r.operationName());
        }
        w.endReturnValue();
        w.endIMethodResponse();
        w.end();
        return bo.toByteArray();
    }

    static Stream<Case> cases() {
        String vol = "RCIM_StorageVolume.DeviceID=\"vol-7\",SystemName=\"array1\"";
        return Stream.of(
            new Case("ecn", List.of("ecn", "CLASS"), 0, "RCIM_StorageSynchronized"),
            new Case("gc", List.of("gc", "CLASS"), 0, "OperationalStatus="),
            new Case("ei", List.of("ei", "CLASS"), 0, "db-data <vol-8> & more"),
            new Case("ein", List.of("ein", "CLASS"), 0, "DeviceID=\"vol-8\""),
            new Case("gi", List.of("gi", "PATH"), 0, "BlockSize=512"),
            new Case("gi error", List.of("gi", "RCIM_StorageVolume.DeviceID=\"vol-9\",SystemName=\"array1\""), 16,
                "CIM_ERR_NOT_FOUND"),
            new Case("ai", List.of("ai", "PATH"), 0, "DeviceID=\"vol-8\""),
            new Case("ain", List.of("ain", "PATH"), 0, "DeviceID=\"vol-8\""),
            new Case("ri", List.of("ri", "PATH"), 0, "CopyState=4"),
            new Case("rin", List.of("rin", "PATH"), 0, "RCIM_StorageSynchronized"),
            new Case("cm", List.of("cm", "PATH", "CreateElementReplica.ElementName=\"snap1\",SyncType=7"), 0, "4096"),
            new Case("ci", List.of("ci", "RCIM_StorageVolume.DeviceID=\"vol-new\",SystemName=\"array1\"",
                "DeviceID=\"vol-new\",SystemName=\"array1\",ElementName=\"new one\",BlockSize=512"), 0, "vol-new"))
            .map(c -> new Case(c.name(), c.args().stream().map(a -> a.equals("CLASS") ? "RCIM_StorageVolume"
                    : a.equals("PATH") ? vol : a).toList(), c.exitCode(), c.expected()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void wbemcliParsesOurResponses(Case c) throws Exception {
        assumeTrue(server != null, "wbemcli not installed (set CI=true to make this a failure)");
        List<String> cmd = new ArrayList<>();
        cmd.add(wbemcli());
        cmd.add(c.args().get(0));
        cmd.add(base + c.args().get(1));
        cmd.addAll(c.args().subList(2, c.args().size()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        boolean done = p.waitFor(30, TimeUnit.SECONDS);
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!done) {
            p.destroyForcibly();
            fail("wbemcli " + c.name() + " did not finish: " + output);
        }
        synchronized (failures) {
            assertTrue(failures.isEmpty(), "stub failed: " + failures);
        }
        assertEquals(c.exitCode(), p.exitValue(), "wbemcli " + c + " exit code; output:\n" + output);
        assertTrue(output.contains(c.expected()), "wbemcli " + c + " output lacks '" + c.expected() + "':\n" + output);
    }
}
