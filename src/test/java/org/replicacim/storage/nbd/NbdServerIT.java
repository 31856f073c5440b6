package org.replicacim.storage.nbd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import org.replicacim.storage.CopyTask;
import org.replicacim.storage.ExternalTool;
import org.replicacim.storage.MirrorMode;
import org.replicacim.storage.NbdTestClient;
import org.replicacim.storage.Patterns;
import org.replicacim.storage.PoolId;
import org.replicacim.storage.ReplicaPair;
import org.replicacim.storage.ReplicaTarget;
import org.replicacim.storage.Volume;
import org.replicacim.storage.file.FileBackend;
import org.replicacim.storage.file.FileBackendConfig;

/** The NBD export tested with real clients from Debian (qemu-io, qemu-img, nbdinfo, nbdcopy) and with garbage. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NbdServerIT {
    private static final long SIZE = 64L << 20;

    @TempDir
    Path directory;
    FileBackend backend;
    NbdServer server;
    PoolId pool;

    @BeforeEach
    void start() throws Exception {
        backend = FileBackend.open(FileBackendConfig.defaults(directory));
        pool = backend.pools().get(0).id();
        server = NbdServer.start(backend, 0);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        backend.close();
    }

    private ExternalTool.Result run(List<String> argv) throws Exception {
        return ExternalTool.run(argv.toArray(String[]::new));
    }

    @Test
    void nbdinfoListsEveryVolume() throws Exception {
        ExternalTool.require("nbdinfo");
        Volume a = backend.createVolume(pool, "a", SIZE);
        Volume b = backend.createVolume(pool, "b", 2 * SIZE);
        ExternalTool.Result list = ExternalTool.run("nbdinfo", "--list", "nbd://127.0.0.1:" + server.port());
        assertEquals(0, list.exitCode(), list.output());
        assertTrue(list.output().contains("export=\"" + a.id() + "\""), list.output());
        assertTrue(list.output().contains("export=\"" + b.id() + "\""), list.output());
        assertTrue(list.output().contains("export-size: " + 2 * SIZE), list.output());
        ExternalTool.Result size = ExternalTool.run("nbdinfo", "--size",
                ExternalTool.nbdUrl(server.port(), a.id().value()));
        assertEquals(String.valueOf(SIZE), size.output().trim());
    }

    @Test
    void qemuIoWritesPatternsTheEngineSees() throws Exception {
        ExternalTool.require("qemu-io");
        Volume v = backend.createVolume(pool, "v", SIZE);
        String id = v.id().value();
        ExternalTool.Result write = run(ExternalTool.qemuIo(server.port(), id, false,
                "write -P 0xaa 0 8M", "write -P 0x55 1048576 4096", "flush", "write -z 16M 1M", "discard 32M 1M"));
        assertEquals(0, write.exitCode(), write.output());
        ExternalTool.Result read = run(ExternalTool.qemuIo(server.port(), id, true,
                "read -P 0xaa 0 1048576", "read -P 0x55 1048576 4096", "read -P 0xaa 1052672 7335936",
                "read -P 0 16M 1M"));
        assertEquals(0, read.exitCode(), read.output());
        assertFalse(read.output().contains("Pattern verification failed"), read.output());
        ExternalTool.Result wrong = run(ExternalTool.qemuIo(server.port(), id, true, "read -P 0xbb 0 4096"));
        assertTrue(wrong.output().contains("Pattern verification failed"), wrong.output());
        try (var device = backend.openDevice(v.id())) {
            ByteBuffer b = ByteBuffer.allocate(2);
            device.read(1048576 - 1, b);
            assertEquals((byte) 0xaa, b.get(0));
            assertEquals((byte) 0x55, b.get(1));
        }
    }

    @Test
    void qemuImgCompareSeesAMirrorIdentical() throws Exception {
        ExternalTool.require("qemu-io", "qemu-img");
        Volume v = backend.createVolume(pool, "v", SIZE);
        String id = v.id().value();
        assertEquals(0, run(ExternalTool.qemuIo(server.port(), id, false, "write -P 0x11 0 16M")).exitCode());
        CopyTask mirror = backend.createMirror(v.id(), ReplicaTarget.allocate(pool, "m"), MirrorMode.SYNCHRONOUS);
        mirror.completion().toCompletableFuture().get(60, TimeUnit.SECONDS);
        ReplicaPair pair = backend.pair(mirror.pairId());
        assertEquals(0, run(ExternalTool.qemuIo(server.port(), id, false, "write -P 0x22 20M 3M")).exitCode());
        ExternalTool.Result compare = ExternalTool.run("qemu-img", "compare", "-f", "raw", "-F", "raw",
                ExternalTool.nbdUrl(server.port(), id), ExternalTool.nbdUrl(server.port(), pair.target().value()));
        assertEquals(0, compare.exitCode(), compare.output());
        assertTrue(compare.output().contains("Images are identical"), compare.output());
    }

    @Test
    void nbdcopyCopiesBetweenExports() throws Exception {
        ExternalTool.require("nbdcopy");
        Volume a = backend.createVolume(pool, "a", SIZE);
        Volume b = backend.createVolume(pool, "b", SIZE);
        try (NbdTestClient c = NbdTestClient.connect(server.port(), a.id().value())) {
            c.write(3 << 20, Patterns.random(42, 10 << 20));
        }
        ExternalTool.Result copy = ExternalTool.run("nbdcopy", ExternalTool.nbdUrl(server.port(), a.id().value()),
                ExternalTool.nbdUrl(server.port(), b.id().value()));
        assertEquals(0, copy.exitCode(), copy.output());
        try (NbdTestClient ca = NbdTestClient.connect(server.port(), a.id().value());
             NbdTestClient cb = NbdTestClient.connect(server.port(), b.id().value())) {
            assertEquals(ca.sha256(), cb.sha256());
        }
    }

    @Test
    void unknownExportIsRefusedWithAnError() throws Exception {
        ExternalTool.require("qemu-io");
        ExternalTool.Result r = run(ExternalTool.qemuIo(server.port(), "no-such-volume", true, "read 0 512"));
        assertTrue(r.exitCode() != 0, r.output());
    }

    @Test
    void garbageClientIsDisconnectedAndServerKeepsServing() throws Exception {
        Volume v = backend.createVolume(pool, "v", SIZE);
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            s.setSoTimeout(10_000);
            DataInputStream in = new DataInputStream(s.getInputStream());
            in.readLong();
            in.readLong();
            in.readShort();
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            out.write(Patterns.random(99, 4096));
            out.flush();
            assertDisconnected(in);
        }
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            // A valid client flag word, then an option with an absurd length.
            s.setSoTimeout(10_000);
            DataInputStream in = new DataInputStream(s.getInputStream());
            in.readNBytes(18);
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            out.writeInt(1);
            out.writeLong(0x49484156454F5054L);
            out.writeInt(7);
            out.writeInt(0x7fffffff);
            out.flush();
            assertDisconnected(in);
        }
        try (NbdTestClient ok = NbdTestClient.connect(server.port(), v.id().value());
             Socket raw = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            // Go through a proper handshake on the raw socket, then send a bad request magic.
            raw.setSoTimeout(10_000);
            DataInputStream in = new DataInputStream(raw.getInputStream());
            DataOutputStream out = new DataOutputStream(raw.getOutputStream());
            in.readNBytes(18);
            out.writeInt(3);
            byte[] name = v.id().value().getBytes();
            out.writeLong(0x49484156454F5054L);
            out.writeInt(1);
            out.writeInt(name.length);
            out.write(name);
            out.flush();
            assertEquals(SIZE, in.readLong());
            in.readShort();
            // Out-of-range read gets EINVAL, the connection stays usable.
            out.writeInt(0x25609513);
            out.writeShort(0);
            out.writeShort(0);
            out.writeLong(7);
            out.writeLong(SIZE);
            out.writeInt(4096);
            out.flush();
            assertEquals(0x67446698, in.readInt());
            assertEquals(22, in.readInt());
            assertEquals(7, in.readLong());
            out.writeInt(0xdeadbeef);
            out.writeLong(0);
            out.flush();
            assertDisconnected(in);
            assertEquals(SIZE, ok.size());
            ok.write(0, Patterns.filled(1, 4096));
        }
    }

    private static void assertDisconnected(DataInputStream in) throws IOException {
        try {
            while (true) {
                if (in.read() < 0) {
                    return;
                }
            }
        } catch (EOFException | java.net.SocketException e) {
            return;
        }
    }
}
