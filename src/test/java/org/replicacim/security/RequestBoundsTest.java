package org.replicacim.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.replicacim.cim.CimException;
import org.replicacim.cim.CimStatus;
import org.replicacim.cim.Namespace;
import org.replicacim.cim.ObjectPath;
import org.replicacim.client.Credentials;
import org.replicacim.client.WbemClient;
import org.replicacim.client.WbemTransportException;
import org.replicacim.http.CimServer;
import org.replicacim.http.CimServerConfig;
import org.replicacim.message.IntrinsicRequest;
import org.replicacim.message.InvokeMethodRequest;
import org.replicacim.message.MethodResult;
import org.replicacim.message.PullStatus;
import org.replicacim.operation.CimOperations;
import org.replicacim.provider.OperationContext;
import org.replicacim.provider.ResultSink;

/** The request deadline is enforced on methods that never answer, and one user's running requests are bounded. */
class RequestBoundsTest {
    private static final Namespace NS = Namespace.of("root/cimv2");
    private static final ObjectPath TARGET = ObjectPath.builder("T_Service").namespace(NS).key("Name", "s").build();

    /** Methods that never complete; intrinsic reads answer at once. */
    private static final class Hanging implements CimOperations {
        final CountDownLatch started = new CountDownLatch(1);

        @Override
        public PullStatus execute(OperationContext ctx, IntrinsicRequest request, ResultSink<Object> out) {
            return null;
        }

        @Override
        public CompletionStage<MethodResult> invokeMethod(OperationContext ctx, InvokeMethodRequest request) {
            started.countDown();
            return new CompletableFuture<>();
        }
    }

    @Test
    void aMethodPastTheDeadlineIsAnsweredWithALimitError() throws Exception {
        CimServerConfig config = CimServerConfig.DEFAULT.withPort(0).withOperationTimeout(Duration.ofSeconds(1));
        try (CimServer server = new CimServer(new Hanging(), config)) {
            server.start();
            try (WbemClient client = WbemClient.connect(server.uri())) {
                long t0 = System.nanoTime();
                CimException e = assertThrows(CimException.class, () -> client.invokeMethod(TARGET, "Wait"));
                long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                assertEquals(CimStatus.SERVER_LIMITS_EXCEEDED, e.status());
                assertTrue(ms >= 1_000 && ms < 10_000, "answered after " + ms + " ms");
            }
        }
    }

    @Test
    void oneUsersRunningRequestsAreBounded() throws Exception {
        Hanging ops = new Hanging();
        CimServerConfig config = CimServerConfig.DEFAULT.withPort(0).withOperationTimeout(Duration.ofSeconds(4))
                .withAuthentication("ReplicaCIM", (u, p) -> p.equals("pw"))
                .withRequestLimits(1, 16 * 1024, 0, Duration.ofSeconds(20), 100);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (CimServer server = new CimServer(ops, config)) {
            server.start();
            WbemClient a1 = WbemClient.connect(server.uri(), new Credentials("alice", "pw"));
            WbemClient a2 = WbemClient.connect(server.uri(), new Credentials("alice", "pw"));
            WbemClient b = WbemClient.connect(server.uri(), new Credentials("bob", "pw"));
            Future<?> first = pool.submit(() -> {
                assertThrows(CimException.class, () -> a1.invokeMethod(TARGET, "Wait"));
                return null;
            });
            assertTrue(ops.started.await(10, TimeUnit.SECONDS));
            WbemTransportException busy = assertThrows(WbemTransportException.class,
                    () -> a2.enumerateInstanceNames(NS, "T_Service"));
            assertEquals(503, busy.httpStatus());
            assertEquals(List.of(), b.enumerateInstanceNames(NS, "T_Service"), "another user is not affected");
            first.get(20, TimeUnit.SECONDS);
            assertEquals(List.of(), a2.enumerateInstanceNames(NS, "T_Service"), "the slot is free again");
            a1.close();
            a2.close();
            b.close();
        } finally {
            pool.shutdownNow();
        }
    }
}
