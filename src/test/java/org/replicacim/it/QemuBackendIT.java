package org.replicacim.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.replicacim.cim.CimValue;
import org.replicacim.cim.ObjectPath;
import org.replicacim.message.MethodResult;
import org.replicacim.message.ParamValue;
import org.replicacim.storage.BlockBackend;
import org.replicacim.storage.ExternalTool;
import org.replicacim.storage.PairState;
import org.replicacim.storage.ReplicaKind;
import org.replicacim.storage.VolumeId;
import org.replicacim.storage.qemu.QemuBackend;

/**
 * The real server with {@code backend = qemu}: a volume created over CIM-XML (Block Services) lives in
 * qemu-storage-daemon, hosts write it through the server's NBD port and through the daemon's own socket alike,
 * and CreateElementReplica makes a snapshot and a synchronous mirror whose data qemu-io and qemu-img check.
 */
class QemuBackendIT {
    private static final long SIZE = 16L << 20;

    @RegisterExtension
    static final RunningServer SERVER = new RunningServer(c -> c.withBackend("qemu"));

    private static ReplicationFixture fx;
    private static int nbd;

    @BeforeAll
    static void setUp() throws Exception {
        ExternalTool.require("qemu-storage-daemon", "qemu-io", "qemu-img");
        fx = new ReplicationFixture(SERVER);
        nbd = SERVER.server().nbdPort();
    }

    private static VolumeId createOverCim(String name) throws Exception {
        MethodResult r = fx.cim.invoke(fx.paths.configurationService(), "CreateOrModifyElementFromStoragePool",
                List.of(ParamValue.of("ElementName", CimValue.string(name)),
                        ParamValue.of("ElementType", CimValue.uint16(2)),
                        ParamValue.of("Size", CimValue.uint64(SIZE)),
                        ParamValue.of("InPool", CimValue.reference(fx.paths.pool(fx.pool)))));
        assertEquals(0, ReplicationFixture.rc(r), "CreateOrModifyElementFromStoragePool");
        ObjectPath volume = ReplicationFixture.outRef(r, "TheElement");
        assertNotNull(volume);
        return VolumeId.of(volume.key("DeviceID").asString());
    }

    @Test
    void volumeAndSnapshotOverCimLiveInTheDaemon() throws Exception {
        BlockBackend backend = SERVER.server().backend();
        assertEquals(QemuBackend.CAPABILITIES, backend.capabilities(), "the server advertises the qemu engine");
        VolumeId source = createOverCim("qemu-source");
        assertEquals(SIZE, backend.volume(source).sizeBytes());
        Qemu.io(nbd, source.value(), "write -P 0x21 0 " + SIZE);
        // The daemon's own socket reaches the same volume through QEMU's block layer.
        Path socket = SERVER.dataDir().resolve("volumes-qemu").resolve("qsd").resolve("nbd.sock");
        String direct = "nbd+unix:///" + source + "?socket=" + socket;
        ExternalTool.Result r = ExternalTool.run("qemu-io", "-f", "raw", "-r", "-c", "read -P 0x21 0 1M", direct);
        assertEquals(0, r.exitCode(), r.output());
        assertFalse(r.output().contains("Pattern verification failed"), r.output());

        MethodResult snap = fx.create(7, null, source, 4, ParamValue.of("ElementName", CimValue.string("nightly")));
        assertEquals(0, ReplicationFixture.rc(snap), "CreateElementReplica snapshot");
        VolumeId target = VolumeId.of(ReplicationFixture.outRef(snap, "TargetElement").key("DeviceID").asString());
        assertTrue(backend.pairs().stream().anyMatch(p -> p.kind() == ReplicaKind.SNAPSHOT
                && p.target().equals(target) && p.state() == PairState.SYNCHRONIZED));
        Qemu.io(nbd, source.value(), "write -P 0xab 2M 1M");
        assertTrue(Qemu.verify(nbd, target.value(), 0x21, 0, SIZE), "the snapshot keeps the point in time");
        assertFalse(Qemu.verify(nbd, source.value(), 0x21, 0, SIZE));
    }

    @Test
    void synchronousMirrorOverCimFollowsHostWrites() throws Exception {
        VolumeId source = createOverCim("qemu-mirrored");
        Qemu.io(nbd, source.value(), "write -P 0x42 0 4M");
        MethodResult mirror = fx.create(6, 2, source, 4);
        assertEquals(0, ReplicationFixture.rc(mirror), "CreateElementReplica mirror");
        VolumeId target = VolumeId.of(ReplicationFixture.outRef(mirror, "TargetElement").key("DeviceID").asString());
        assertTrue(Qemu.same(nbd, source.value(), target.value()), "the mirror starts equal to its source");
        Qemu.io(nbd, source.value(), "write -P 0x43 8M 2M");
        assertTrue(Qemu.same(nbd, source.value(), target.value()), "a host write reaches the mirror");
    }
}
