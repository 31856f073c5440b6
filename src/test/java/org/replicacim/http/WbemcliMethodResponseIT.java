package org.replicacim.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.replicacim.cim.CimClass;
import org.replicacim.cim.CimException;
import org.replicacim.cim.CimMethod;
import org.replicacim.cim.CimName;
import org.replicacim.cim.CimParameter;
import org.replicacim.cim.CimProperty;
import org.replicacim.cim.CimQualifier;
import org.replicacim.cim.CimStatus;
import org.replicacim.cim.CimType;
import org.replicacim.cim.CimValue;
import org.replicacim.cim.ObjectPath;
import org.replicacim.message.IntrinsicRequest;
import org.replicacim.message.InvokeMethodRequest;
import org.replicacim.message.MethodResult;
import org.replicacim.message.ParamValue;
import org.replicacim.message.PullStatus;
import org.replicacim.operation.CimOperations;
import org.replicacim.provider.OperationContext;
import org.replicacim.provider.ResultSink;

/**
 * The one response kind the real server cannot yet show wbemcli in this branch — a METHODRESPONSE with a scalar
 * return value and scalar and reference outputs (the interop GetCentralInstances answers a reference array, which
 * wbemcli cannot print) — fed to the real wbemcli through the real CimServer, with a test double for the operations.
 */
class WbemcliMethodResponseIT {
    private static CimServer server;

    /** A class with one method, and the method's answer; everything else is CIM_ERR_NOT_SUPPORTED. */
    static final class MethodOperations implements CimOperations {
        volatile InvokeMethodRequest last;

        static CimClass serviceClass() {
            CimMethod m = new CimMethod(CimName.of("CreateSnapshot"), CimType.UINT32, List.of(
                    CimParameter.of("ElementName", CimType.STRING, false, List.of(CimQualifier.flag("In"))),
                    CimParameter.of("Copies", CimType.UINT16, false, List.of(CimQualifier.flag("In"))),
                    new CimParameter(CimName.of("Job"), CimType.REFERENCE, false, null, CimName.of("T_Job"),
                            List.of(CimQualifier.of("In", CimValue.bool(false)), CimQualifier.flag("Out"))),
                    CimParameter.of("Message", CimType.STRING, false,
                            List.of(CimQualifier.of("In", CimValue.bool(false)), CimQualifier.flag("Out")))),
                    List.of(), null, false);
            return CimClass.builder("T_Service")
                    .property(CimProperty.declaration(CimName.of("Name"), CimType.STRING, false, null,
                            List.of(CimQualifier.flag("Key"))))
                    .method(m).build();
        }

        @Override
        public PullStatus execute(OperationContext ctx, IntrinsicRequest request, ResultSink<Object> out)
                throws CimException {
            if (request instanceof IntrinsicRequest.GetClass g && g.className().is("T_Service")) {
                out.accept(serviceClass());
                return null;
            }
            throw new CimException(CimStatus.NOT_SUPPORTED, request.operationName() + " is not part of this test");
        }

        @Override
        public CompletionStage<MethodResult> invokeMethod(OperationContext ctx, InvokeMethodRequest request) {
            last = request;
            ObjectPath job = ObjectPath.builder("T_Job").namespace(request.namespace()).key("InstanceID", "job-42")
                    .build();
            String name = request.parameter("ElementName").value().asString();
            return CompletableFuture.completedFuture(new MethodResult(CimValue.uint32(4096), List.of(
                    ParamValue.of("Job", CimValue.reference(job)),
                    ParamValue.of("Message", CimValue.string("snapshot " + name + " <started> & running")))));
        }
    }

    static final MethodOperations OPS = new MethodOperations();

    @BeforeAll
    static void start() throws Exception {
        QuietLogs.apply();
        server = new CimServer(OPS, CimServerConfig.DEFAULT.withPort(0).withThreads(4, 16).withHostName("array1"));
        server.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
    }

    @Test
    void wbemcliPrintsTheReturnValueAndTheOutputs() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/wbemcli")) || "true".equals(System.getenv("CI")),
                "wbemcli not installed");
        Process p = new ProcessBuilder("wbemcli", "cm", "http://localhost:" + server.port()
                + "/root/cimv2:T_Service.Name=\"svc1\"", "CreateSnapshot.ElementName=\"snap 1\",Copies=2")
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "wbemcli finished");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("CreateSnapshot: 4096"), out);
        assertTrue(out.contains("Job") && out.contains("T_Job.InstanceID=\"job-42\""), out);
        assertTrue(out.contains("Message=\"snapshot snap 1 <started> & running\"") || out.contains(
                "snapshot snap 1 <started> & running"), out);
        // and the server decoded wbemcli's untyped parameters
        assertEquals("snap 1", OPS.last.parameter("ElementName").value().asString());
        assertEquals("svc1", OPS.last.target().key("Name").asString());
    }
}
