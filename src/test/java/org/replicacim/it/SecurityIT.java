package org.replicacim.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.replicacim.app.ReplicaCimServer;
import org.replicacim.app.ServerConfig;
import org.replicacim.cim.CimException;
import org.replicacim.cim.CimStatus;
import org.replicacim.cim.CimValue;
import org.replicacim.cim.ObjectPath;
import org.replicacim.client.Credentials;
import org.replicacim.client.WbemClient;
import org.replicacim.client.WbemTransportException;
import org.replicacim.message.MethodResult;
import org.replicacim.message.ParamValue;
import org.replicacim.provider.block.ElementPaths;
import org.replicacim.repository.ClassRepository;
import org.replicacim.security.Role;
import org.replicacim.security.TlsKeyStore;
import org.replicacim.security.UserFile;
import org.replicacim.storage.VolumeId;
import org.slf4j.LoggerFactory;

/**
 * Authentication and authorization over real HTTPS (plain HTTP turned off), with our Java client and with wbemcli:
 * a self-signed certificate generated on first start, 401 without or with wrong credentials, throttling after
 * repeated failures, a reader denied ModifyReplicaSynchronization (CIM_ERR_ACCESS_DENIED, audited) and an operator
 * allowed it.
 */
class SecurityIT {
    private static final String READER_PW = "reader-password";
    private static final String OPERATOR_PW = "operator-password";
    private static final String ADMIN_PW = "admin-password";
    private static final int FREE_FAILURES = 3;

    private static Path dataDir;
    private static ReplicaCimServer server;
    private static SSLContext trust;
    private static URI https;
    private static ElementPaths paths;
    private static final ListAppender<ILoggingEvent> AUDIT = new ListAppender<>();
    private static final ListAppender<ILoggingEvent> STARTUP = new ListAppender<>();

    @BeforeAll
    static void start() throws Exception {
        dataDir = Files.createTempDirectory("replicacim-security");
        UserFile users = new UserFile(dataDir.resolve("users"));
        // fewer iterations than the default keep the test quick; the count is stored per entry
        users.add("rita", Role.READER, READER_PW.toCharArray(), 10_000);
        users.add("otto", Role.OPERATOR, OPERATOR_PW.toCharArray(), 10_000);
        users.add("ada", Role.ADMIN, ADMIN_PW.toCharArray(), 10_000);
        Logger audit = (Logger) LoggerFactory.getLogger("audit");
        audit.setLevel(Level.INFO);
        AUDIT.start();
        audit.addAppender(AUDIT);
        Logger startup = (Logger) LoggerFactory.getLogger(ReplicaCimServer.class);
        startup.setLevel(Level.INFO);
        STARTUP.start();
        startup.addAppender(STARTUP);
        server = ReplicaCimServer.start(ServerConfig.defaults().withHttpPort(0).withNbdPort(-1).withDataDir(dataDir)
                .withHostName("localhost").with("http.enabled", "false").with("https.port", "0")
                .with("security.freeFailedLogins", Integer.toString(FREE_FAILURES))
                .with("security.loginBlockSeconds", "2").with("limits.maxEnumerationContextsPerUser", "2"));
        trust = WbemClient.trusting(dataDir.resolve(TlsKeyStore.CERTIFICATE_PEM));
        https = URI.create("https://127.0.0.1:" + server.httpsPort() + "/cimom");
        paths = new ElementPaths(ClassRepository.STORAGE, "localhost");
    }

    @AfterAll
    static void stop() throws Exception {
        ((Logger) LoggerFactory.getLogger("audit")).detachAppender(AUDIT);
        ((Logger) LoggerFactory.getLogger(ReplicaCimServer.class)).detachAppender(STARTUP);
        if (server != null) {
            server.close();
        }
    }

    private static WbemClient client(String user, String password) {
        return WbemClient.connect(https, user == null ? null : new Credentials(user, password),
                ClassRepository.STORAGE, Duration.ofSeconds(60), trust);
    }

    private static List<String> auditLines() {
        List<String> lines = new ArrayList<>();
        for (ILoggingEvent e : AUDIT.list) {
            lines.add(e.getFormattedMessage());
        }
        return lines;
    }

    @Test
    void onlyHttpsListensWithAGeneratedCertificate() throws Exception {
        assertEquals(-1, server.httpPort(), "plain HTTP is off");
        assertTrue(Files.exists(dataDir.resolve(TlsKeyStore.GENERATED)));
        // the certificate the listener presents is the generated one, and its fingerprint was logged at start
        javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) trust.getSocketFactory()
                .createSocket("127.0.0.1", server.httpsPort());
        String presented;
        String protocol;
        try (socket) {
            socket.setSoTimeout(10_000);
            socket.startHandshake();
            presented = TlsKeyStore.fingerprint(socket.getSession().getPeerCertificates()[0]);
            protocol = socket.getSession().getProtocol();
        }
        assertTrue(protocol.equals("TLSv1.3") || protocol.equals("TLSv1.2"), protocol);
        String fingerprint = presented;
        assertTrue(STARTUP.list.stream().anyMatch(e -> e.getFormattedMessage().contains("SHA-256 fingerprint "
                + fingerprint)), "start-up log names the fingerprint " + fingerprint);
        // a client that does not trust the self-signed certificate cannot talk to the server
        WbemClient untrusting = WbemClient.connect(https, new Credentials("ada", ADMIN_PW));
        WbemTransportException e = assertThrows(WbemTransportException.class,
                () -> untrusting.enumerateInstanceNames(ClassRepository.STORAGE, "MSISCSITARGET_StorageVolume"));
        assertEquals(0, e.httpStatus());
        // TLS 1.1 is refused
        SSLContext old = SSLContext.getInstance("TLSv1.1");
        old.init(null, null, null);
        try (javax.net.ssl.SSLSocket s = (javax.net.ssl.SSLSocket) old.getSocketFactory()
                .createSocket("127.0.0.1", server.httpsPort())) {
            s.setEnabledProtocols(new String[] {"TLSv1.1"});
            s.setSoTimeout(10_000);
            assertThrows(java.io.IOException.class, s::startHandshake);
        } catch (IllegalArgumentException disabledInThisJdk) {
            // the JDK itself no longer offers TLS 1.1: nothing to prove
        }
    }

    @Test
    void theInteropModelAdvertisesOnlyTheHttpsListenerWithBasic() throws Exception {
        try (WbemClient reader = client("rita", READER_PW)) {
            List<org.replicacim.cim.CimInstance> mechanisms = reader.enumerateInstances(
                    org.replicacim.cim.Namespace.of("root/interop"), "CIM_CIMXMLCommunicationMechanism");
            assertEquals(1, mechanisms.size(), mechanisms.toString());
            assertEquals("CIM-XML over HTTPS", mechanisms.get(0).value("ElementName").value());
            assertTrue(String.valueOf(mechanisms.get(0).value("AuthenticationMechanismDescriptions").value())
                    .contains("Basic"), mechanisms.toString());
        }
    }

    @Test
    void openEnumerationContextsAreBoundedPerUser() throws Exception {
        server.backend().createVolume(server.backend().pools().get(0).id(), "sec-enum", 1L << 20);
        try (WbemClient reader = client("rita", READER_PW); WbemClient operator = client("otto", OPERATOR_PW)) {
            List<String> open = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                var r = reader.openEnumerateInstancePaths(ClassRepository.STORAGE, "MSISCSITARGET_StoragePool", 0);
                assertFalse(r.endOfSequence());
                open.add(r.enumerationContext());
            }
            CimException e = assertThrows(CimException.class, () -> reader.openEnumerateInstancePaths(
                    ClassRepository.STORAGE, "MSISCSITARGET_StoragePool", 0));
            assertEquals(CimStatus.SERVER_LIMITS_EXCEEDED, e.status());
            // another user is not affected, and closing one frees a place
            var other = operator.openEnumerateInstancePaths(ClassRepository.STORAGE, "MSISCSITARGET_StoragePool", 0);
            operator.closeEnumeration(ClassRepository.STORAGE, other.enumerationContext());
            reader.closeEnumeration(ClassRepository.STORAGE, open.remove(0));
            var again = reader.openEnumerateInstancePaths(ClassRepository.STORAGE, "MSISCSITARGET_StoragePool", 0);
            reader.closeEnumeration(ClassRepository.STORAGE, again.enumerationContext());
            reader.closeEnumeration(ClassRepository.STORAGE, open.remove(0));
        }
    }

    @Test
    void noCredentialsGet401WithARealm() throws Exception {
        try (WbemClient anonymous = client(null, null)) {
            WbemTransportException e = assertThrows(WbemTransportException.class,
                    () -> anonymous.enumerateInstanceNames(ClassRepository.STORAGE, "MSISCSITARGET_StorageVolume"));
            assertEquals(401, e.httpStatus());
        }
        HttpClient raw = HttpClient.newBuilder().sslContext(trust).build();
        HttpResponse<String> r = raw.send(HttpRequest.newBuilder(https).header("Content-Type", "application/xml")
                .header("CIMOperation", "MethodCall").POST(HttpRequest.BodyPublishers.ofString("<CIM/>")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, r.statusCode());
        assertEquals("Basic realm=\"ReplicaCIM\"", r.headers().firstValue("WWW-Authenticate").orElse(null));
        assertEquals("", r.body(), "nothing but the status");
    }

    @Test
    void wrongPasswordsGet401ThenTheAddressIsThrottled() throws Exception {
        try (WbemClient wrong = client("otto", "not-the-password"); WbemClient right = client("otto", OPERATOR_PW)) {
            for (int i = 0; i < FREE_FAILURES; i++) {
                WbemTransportException e = assertThrows(WbemTransportException.class,
                        () -> wrong.enumerateInstanceNames(ClassRepository.STORAGE, "MSISCSITARGET_StorageVolume"));
                assertEquals(401, e.httpStatus(), "failure " + (i + 1));
            }
            // now even the right password waits: guessing is slowed down, not just failed
            WbemTransportException e = assertThrows(WbemTransportException.class,
                    () -> right.enumerateInstanceNames(ClassRepository.STORAGE, "MSISCSITARGET_StorageVolume"));
            assertEquals(429, e.httpStatus());
            assertTrue(auditLines().stream().anyMatch(l -> l.contains("user=\"otto\"") && l.contains("op=\"login\"")
                    && l.contains("outcome=FAILED")), auditLines().toString());
            assertTrue(auditLines().stream().anyMatch(l -> l.contains("outcome=THROTTLED")), auditLines().toString());
            // after the block the right password works again
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (true) {
                try {
                    right.enumerateInstanceNames(ClassRepository.STORAGE, "MSISCSITARGET_StorageVolume");
                    break;
                } catch (WbemTransportException blocked) {
                    assertEquals(429, blocked.httpStatus());
                    assertTrue(System.nanoTime() < end, "still throttled after 20 s");
                    Thread.sleep(250);
                }
            }
        }
    }

    @Test
    void readerIsDeniedModifyReplicaSynchronizationAndOperatorMayRunIt() throws Exception {
        VolumeId source = server.backend().createVolume(server.backend().pools().get(0).id(), "sec-src", 4L << 20)
                .id();
        try (WbemClient reader = client("rita", READER_PW); WbemClient operator = client("otto", OPERATOR_PW)) {
            // the reader reads
            List<ObjectPath> volumes = reader.enumerateInstanceNames(ClassRepository.STORAGE,
                    "MSISCSITARGET_StorageVolume");
            assertFalse(volumes.isEmpty());
            // the reader may not create a replica, the operator may
            CimException denied = assertThrows(CimException.class, () -> reader.invokeMethod(paths.replicationService(),
                    "CreateElementReplica", ParamValue.of("SyncType", CimValue.uint16(7)),
                    ParamValue.of("SourceElement", CimValue.reference(paths.volume(source)))));
            assertEquals(CimStatus.ACCESS_DENIED, denied.status());
            MethodResult created = operator.invokeMethod(paths.replicationService(), "CreateElementReplica",
                    ParamValue.of("SyncType", CimValue.uint16(7)),
                    ParamValue.of("SourceElement", CimValue.reference(paths.volume(source))),
                    ParamValue.of("WaitForCopyState", CimValue.uint16(4)));
            assertEquals(0, created.returnValue().asInt());
            ObjectPath sync = created.outParameter("Synchronization").value().asReference();

            int before = auditLines().size();
            CimException e = assertThrows(CimException.class, () -> reader.invokeMethod(paths.replicationService(),
                    "ModifyReplicaSynchronization", ParamValue.of("Operation", CimValue.uint16(15)),
                    ParamValue.of("Synchronization", CimValue.reference(sync)),
                    ParamValue.of("WaitForCopyState", CimValue.uint16(4))));
            assertEquals(CimStatus.ACCESS_DENIED, e.status());
            List<String> lines = auditLines().subList(before, auditLines().size());
            assertTrue(lines.stream().anyMatch(l -> l.contains("user=\"rita\"")
                    && l.contains("op=\"ModifyReplicaSynchronization\"")
                    && l.contains("MSISCSITARGET_ReplicationService") && l.contains("outcome=DENIED")), lines.toString());

            MethodResult modified = operator.invokeMethod(paths.replicationService(), "ModifyReplicaSynchronization",
                    ParamValue.of("Operation", CimValue.uint16(15)),
                    ParamValue.of("Synchronization", CimValue.reference(sync)),
                    ParamValue.of("WaitForCopyState", CimValue.uint16(4)));
            assertEquals(0, modified.returnValue().asInt());
            List<String> after = auditLines();
            assertTrue(after.stream().anyMatch(l -> l.contains("user=\"otto\"")
                    && l.contains("op=\"ModifyReplicaSynchronization\"") && l.contains("outcome=DONE")), after.toString());
            // an operator is no admin: intrinsic deletes are refused
            CimException notAdmin = assertThrows(CimException.class, () -> operator.deleteInstance(sync));
            assertEquals(CimStatus.ACCESS_DENIED, notAdmin.status());
        }
    }

    // ---- wbemcli over https --------------------------------------------------------------------------------

    private static Wbemcli.Result wbemcli(List<String> tlsOptions, String userInfo, String op, String object,
                                          String... more) throws Exception {
        Wbemcli.requireInstalled();
        List<String> cmd = new ArrayList<>(List.of("wbemcli"));
        cmd.addAll(tlsOptions);
        cmd.add(op);
        cmd.add("https://" + (userInfo == null ? "" : userInfo + "@") + "localhost:" + server.httpsPort()
                + "/root/cimv2/storage/iscsitarget:" + object);
        cmd.addAll(List.of(more));
        Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("wbemcli did not finish within 30 s");
        }
        return new Wbemcli.Result(p.exitValue(), new String(p.getInputStream().readAllBytes()),
                new String(p.getErrorStream().readAllBytes()));
    }

    private static boolean unauthorized(Wbemcli.Result r) {
        String text = r.err() + r.out();
        return text.contains("401") || text.contains("sername/password");
    }

    @Test
    void wbemcliOverHttpsWithTheServersCertificate() throws Exception {
        List<String> cacert = List.of("-cacert", dataDir.resolve(TlsKeyStore.CERTIFICATE_PEM).toString());
        server.backend().createVolume(server.backend().pools().get(0).id(), "sec-wbemcli", 1L << 20);
        Wbemcli.Result ok = wbemcli(cacert, "rita:" + READER_PW, "ein", "MSISCSITARGET_StorageVolume");
        assertEquals(0, ok.exitCode(), ok.err() + ok.out());
        assertTrue(ok.out().contains("MSISCSITARGET_StorageVolume"), ok.out());

        Wbemcli.Result none = wbemcli(List.of("-noverify"), null, "ein", "MSISCSITARGET_StorageVolume");
        assertNotEquals(0, none.exitCode());
        // wbemcli reports a 401 as "Username/password required" (curl saw the 401 and the Basic challenge)
        assertTrue(unauthorized(none), none.err() + none.out());

        Wbemcli.Result bad = wbemcli(cacert, "rita:wrong-one", "ein", "MSISCSITARGET_StorageVolume");
        assertNotEquals(0, bad.exitCode());
        assertTrue(unauthorized(bad), bad.err() + bad.out());

        String service = "MSISCSITARGET_ReplicationService.CreationClassName=\"MSISCSITARGET_ReplicationService\","
                + "Name=\"MSISCSITARGET_ReplicationService\",SystemCreationClassName=\"MSFTSM_ComputerSystem\","
                + "SystemName=\"localhost\"";
        Wbemcli.Result denied = wbemcli(cacert, "rita:" + READER_PW, "cm", service, "CreateElementReplica.SyncType=7");
        assertNotEquals(0, denied.exitCode());
        assertTrue((denied.err() + denied.out()).contains("CIM_ERR_ACCESS_DENIED"), denied.err() + denied.out());
    }
}
