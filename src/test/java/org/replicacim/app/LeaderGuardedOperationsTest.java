package org.replicacim.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
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
import org.replicacim.store.Leadership;
import org.replicacim.store.LeadershipListener;
import org.replicacim.store.NotLeaderException;

/** A follower refuses changes with CIM_ERR_FAILED naming the leader, serves reads, and maps a fenced write. */
class LeaderGuardedOperationsTest {
    private static final Namespace NS = Namespace.of("root/cimv2/storage/iscsitarget");
    private static final ObjectPath SERVICE = ObjectPath.builder("MSISCSITARGET_ReplicationService")
            .key("Name", CimValue.string("r")).build();
    private final OperationContext ctx = new OperationContext(NS, "alice", "r1", null);
    private final List<String> reached = new ArrayList<>();

    /** Leadership fixed at construction. */
    private record Fixed(boolean isLeader, String leader) implements Leadership {
        @Override
        public String nodeName() {
            return "this server";
        }

        @Override
        public void addListener(LeadershipListener listener) {
        }

        @Override
        public void removeListener(LeadershipListener listener) {
        }

        @Override
        public void close() {
        }
    }

    private CimOperations delegate(RuntimeException failure) {
        return new CimOperations() {
            @Override
            public PullStatus execute(OperationContext c, IntrinsicRequest request, ResultSink<Object> out) {
                reached.add(request.operationName());
                if (failure != null) {
                    throw failure;
                }
                return null;
            }

            @Override
            public CompletionStage<MethodResult> invokeMethod(OperationContext c, InvokeMethodRequest request) {
                reached.add(request.methodName().toString());
                return failure != null ? CompletableFuture.failedFuture(failure)
                        : CompletableFuture.completedFuture(new MethodResult(CimValue.uint32(0), List.of()));
            }
        };
    }

    private static InvokeMethodRequest method(String name) {
        return new InvokeMethodRequest(NS, SERVICE, CimName.of(name), List.of());
    }

    @Test
    void aFollowerRefusesChangesNamingTheLeaderAndServesReads() throws Exception {
        LeaderGuardedOperations ops = new LeaderGuardedOperations(delegate(null), new Fixed(false, "server A"));
        CimException e = assertThrows(CimException.class,
                () -> ops.execute(ctx, new IntrinsicRequest.DeleteInstance(NS, SERVICE), null));
        assertEquals(CimStatus.FAILED, e.status());
        assertTrue(e.description().endsWith("the leader is server A"), e.description());
        ExecutionException m = assertThrows(ExecutionException.class,
                () -> ops.invokeMethod(ctx, method("CreateElementReplica")).toCompletableFuture().get(5,
                        TimeUnit.SECONDS));
        assertEquals(CimStatus.FAILED, ((CimException) m.getCause()).status());
        ops.execute(ctx, new IntrinsicRequest.EnumerateInstanceNames(NS, CimName.of("CIM_ConcreteJob")), null);
        ops.invokeMethod(ctx, method("GetSupportedSizes")).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals(List.of("EnumerateInstanceNames", "GetSupportedSizes"), reached, "only reads reach providers");
    }

    @Test
    void aWriteFencedBelowBecomesCimErrFailed() throws Exception {
        LeaderGuardedOperations ops = new LeaderGuardedOperations(delegate(new NotLeaderException("server B")),
                new Fixed(true, "this server"));
        CimException e = assertThrows(CimException.class,
                () -> ops.execute(ctx, new IntrinsicRequest.DeleteInstance(NS, SERVICE), null));
        assertEquals(CimStatus.FAILED, e.status());
        assertTrue(e.description().contains("server B"), e.description());
        ExecutionException m = assertThrows(ExecutionException.class,
                () -> ops.invokeMethod(ctx, method("ModifyReplicaSynchronization")).toCompletableFuture().get(5,
                        TimeUnit.SECONDS));
        assertTrue(m.getCause() instanceof CimException c && c.status() == CimStatus.FAILED, m.toString());
    }
}
