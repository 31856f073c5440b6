package org.replicacim.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.replicacim.cim.CimException;
import org.replicacim.cim.CimName;
import org.replicacim.cim.CimStatus;
import org.replicacim.cim.CimValue;
import org.replicacim.cim.Namespace;
import org.replicacim.cim.ObjectPath;
import org.replicacim.message.IntrinsicRequest;
import org.replicacim.message.InvokeMethodRequest;
import org.replicacim.message.MethodResult;
import org.replicacim.message.PullStatus;
import org.replicacim.operation.CimOperations;
import org.replicacim.provider.OperationContext;
import org.replicacim.provider.ResultSink;

class AuthorizingOperationsTest {
    private static final Namespace NS = Namespace.of("root/cimv2/storage/iscsitarget");
    private static final ObjectPath SERVICE = ObjectPath.builder("MSISCSITARGET_ReplicationService")
            .namespace(NS).key("Name", "repl").build();
    private static final ObjectPath CONFIG = ObjectPath.builder("MSISCSITARGET_StorageConfigurationService")
            .namespace(NS).key("Name", "conf").build();

    private final List<String> audit = new ArrayList<>();
    private final List<String> ran = new ArrayList<>();
    private final CimOperations inner = new CimOperations() {
        @Override
        public PullStatus execute(OperationContext ctx, IntrinsicRequest request, ResultSink<Object> out) {
            ran.add(request.operationName());
            return null;
        }

        @Override
        public CompletionStage<MethodResult> invokeMethod(OperationContext ctx, InvokeMethodRequest request) {
            ran.add(request.operationName());
            return CompletableFuture.completedFuture(new MethodResult(CimValue.uint32(0), List.of()));
        }
    };
    private final AuthorizingOperations ops = new AuthorizingOperations(inner,
            Map.of("rita", Role.READER, "otto", Role.OPERATOR, "ada", Role.ADMIN)::get, null, new AuditLog() {
                @Override
                protected void write(String line) {
                    audit.add(line);
                }
            });

    private static OperationContext as(String user) {
        return new OperationContext(NS, user, "req-1", Instant.now().plusSeconds(60));
    }

    private static InvokeMethodRequest call(ObjectPath target, String method) {
        return new InvokeMethodRequest(NS, target, CimName.of(method), List.of());
    }

    @Test
    void readerMayReadButNotModifyAReplica() throws Exception {
        ops.execute(as("rita"), new IntrinsicRequest.EnumerateInstanceNames(NS, CimName.of("CIM_StorageVolume")),
                item -> { });
        ops.invokeMethod(as("rita"), call(SERVICE, "GetReplicationRelationships")).toCompletableFuture().get();
        ExecutionException e = assertThrows(ExecutionException.class, () -> ops.invokeMethod(as("rita"),
                call(SERVICE, "ModifyReplicaSynchronization")).toCompletableFuture().get());
        CimException ce = assertInstanceOf(CimException.class, e.getCause());
        assertEquals(CimStatus.ACCESS_DENIED, ce.status());
        assertEquals(List.of("EnumerateInstanceNames", "GetReplicationRelationships"), ran);
        assertEquals(1, audit.size(), audit.toString());
        String line = audit.get(0);
        assertTrue(line.contains("user=\"rita\"") && line.contains("op=\"ModifyReplicaSynchronization\"")
                && line.contains("MSISCSITARGET_ReplicationService") && line.contains("outcome=DENIED"), line);
    }

    @Test
    void operatorRunsReplicationMethodsAndEveryChangeIsAudited() throws Exception {
        MethodResult r = ops.invokeMethod(as("otto"), call(SERVICE, "ModifyReplicaSynchronization"))
                .toCompletableFuture().get();
        assertEquals(0L, ((Number) r.returnValue().value()).longValue());
        assertEquals(1, audit.size());
        assertTrue(audit.get(0).contains("outcome=DONE") && audit.get(0).contains("user=\"otto\""), audit.get(0));
        // storage configuration and intrinsic changes need admin
        assertThrows(ExecutionException.class, () -> ops.invokeMethod(as("otto"),
                call(CONFIG, "CreateOrModifyElementFromStoragePool")).toCompletableFuture().get());
        CimException ce = assertThrows(CimException.class, () -> ops.execute(as("otto"),
                new IntrinsicRequest.DeleteInstance(NS, SERVICE), item -> { }));
        assertEquals(CimStatus.ACCESS_DENIED, ce.status());
        ops.execute(as("ada"), new IntrinsicRequest.DeleteInstance(NS, SERVICE), item -> { });
        assertTrue(audit.get(audit.size() - 1).contains("user=\"ada\" op=\"DeleteInstance\""), audit.toString());
    }

    @Test
    void unknownAndAnonymousUsersAreDeniedUnlessAnonymousHasARole() throws Exception {
        CimException ce = assertThrows(CimException.class, () -> ops.execute(as(""),
                new IntrinsicRequest.EnumerateInstanceNames(NS, CimName.of("CIM_StorageVolume")), item -> { }));
        assertEquals(CimStatus.ACCESS_DENIED, ce.status());
        assertThrows(CimException.class, () -> ops.execute(as("ghost"),
                new IntrinsicRequest.EnumerateInstanceNames(NS, CimName.of("CIM_StorageVolume")), item -> { }));
        AuthorizingOperations loopback = new AuthorizingOperations(inner, u -> null, Role.ADMIN, new AuditLog());
        loopback.execute(as(""), new IntrinsicRequest.DeleteInstance(NS, SERVICE), item -> { });
    }

    @Test
    void policyTable() {
        assertEquals(Role.READER, AccessPolicy.requiredForMethod("MSISCSITARGET_ReplicationServiceCapabilities",
                "GetSupportedFeatures"));
        assertEquals(Role.READER, AccessPolicy.requiredForMethod("MSISCSITARGET_ReplicationServiceCapabilities",
                "ConvertSyncTypeToReplicationType"));
        assertEquals(Role.OPERATOR, AccessPolicy.requiredForMethod("MSISCSITARGET_ReplicationService",
                "CreateElementReplica"));
        assertEquals(Role.OPERATOR, AccessPolicy.requiredForMethod("MSISCSITARGET_ConcreteJob", "RequestStateChange"));
        assertEquals(Role.ADMIN, AccessPolicy.requiredForMethod("MSISCSITARGET_StorageConfigurationService",
                "ReturnToStoragePool"));
        assertEquals("\"a\\\"b\\u000ac\"", AuditLog.quote("a\"b\nc"), "no forged audit lines");
        ObjectPath local = ObjectPath.builder("MSISCSITARGET_StorageVolume").key("DeviceID", "v1").build();
        assertEquals("root/cimv2/storage/iscsitarget:MSISCSITARGET_StorageVolume.DeviceID=\"v1\"",
                AuditLog.object(new IntrinsicRequest.DeleteInstance(NS, local)), "the request's namespace is named");
    }
}
