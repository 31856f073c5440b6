package org.replicacim.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.replicacim.cim.CimInstance;
import org.replicacim.cim.CimType;
import org.replicacim.cim.CimValue;
import org.replicacim.cim.ObjectPath;
import org.replicacim.message.MethodResult;
import org.replicacim.message.ParamValue;
import org.replicacim.storage.VolumeId;

/**
 * The replication scenarios a storage administrator runs, driven with the real wbemcli (cm, gi, rin) and, for list
 * operations, the test's CIM-XML client; host data goes through the NBD export with qemu-io and is compared with
 * qemu-img. Volumes are made on the server's engine (Block Services' provider lives on another branch).
 */
class ReplicationScenariosIT {
    private static final long SIZE = 16L << 20;
    private static final String SYSTEM = "SystemCreationClassName=\"MSFTSM_ComputerSystem\",SystemName=\"localhost\"";
    private static final String SERVICE = "MSISCSITARGET_ReplicationService.CreationClassName="
            + "\"MSISCSITARGET_ReplicationService\",Name=\"MSISCSITARGET_ReplicationService\"," + SYSTEM;

    @RegisterExtension
    static final RunningServer SERVER = new RunningServer();

    private static ReplicationFixture fx;
    private static int nbd;

    @BeforeAll
    static void setUp() throws Exception {
        Wbemcli.requireInstalled();
        Qemu.requireInstalled();
        fx = new ReplicationFixture(SERVER);
        nbd = SERVER.server().nbdPort();
    }

    // ---------------------------------------------------------------- wbemcli plumbing

    private static String ns() {
        return SERVER.url() + "/root/cimv2/storage/iscsitarget:";
    }

    private static String vol(VolumeId v) {
        return "MSISCSITARGET_StorageVolume.CreationClassName=\"MSISCSITARGET_StorageVolume\",DeviceID=\"" + v + "\","
                + SYSTEM;
    }

    /** The StorageSynchronized path in wbemcli's own (unquoted nested reference) notation. */
    private static String sync(VolumeId source, VolumeId target) {
        return "MSISCSITARGET_StorageSynchronized.SyncedElement=" + vol(target) + ",SystemElement=" + vol(source);
    }

    /** wbemcli cm on the replication service; returns the output line. */
    private static String cm(String method, String params) throws Exception {
        return Wbemcli.run("cm", ns() + SERVICE, method + "." + params).assertOk().out();
    }

    private static int rc(String method, String out) {
        Matcher m = Pattern.compile(method + ": (\\d+)").matcher(out);
        assertTrue(m.find(), () -> "no return value in: " + out);
        return Integer.parseInt(m.group(1));
    }

    private static VolumeId outVolume(String out, String param) {
        Matcher m = Pattern.compile(param + " \\(reference\\): [^ ]*?DeviceID=\"([^\"]+)\"").matcher(out);
        assertTrue(m.find(), () -> "no " + param + " in: " + out);
        return VolumeId.of(m.group(1));
    }

    /** wbemcli gi of the relationship: its properties, or null when the server answers CIM_ERR_NOT_FOUND. */
    private static String gi(VolumeId source, VolumeId target) throws Exception {
        Wbemcli.Result r = Wbemcli.run("gi", ns() + sync(source, target));
        if (r.exitCode() != 0) {
            assertTrue((r.err() + r.out()).contains("CIM_ERR_NOT_FOUND"), () -> "gi failed: " + r.err() + r.out());
            return null;
        }
        return r.out();
    }

    private static int prop(String gi, String name) {
        Matcher m = Pattern.compile("(?<![A-Za-z])" + name + "=(\\d+)").matcher(gi);
        assertTrue(m.find(), () -> "no " + name + " in: " + gi);
        return Integer.parseInt(m.group(1));
    }

    /** Polls with wbemcli gi until the relationship rests in the state (RequestedCopyState back to 15). */
    private static String await(VolumeId source, VolumeId target, int copyState) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String gi = null;
        while (System.nanoTime() < end) {
            gi = gi(source, target);
            if (gi != null && prop(gi, "CopyState") == copyState && prop(gi, "RequestedCopyState") == 15) {
                return gi;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("relationship never reached CopyState " + copyState + ": " + gi);
    }

    private static int modify(VolumeId source, VolumeId target, int operation, String more) throws Exception {
        // The nested reference goes last: wbemcli would read later parameters as more of its keys.
        String out = cm("ModifyReplicaSynchronization", "Operation=" + operation + (more == null ? "" : "," + more)
                + ",Synchronization=" + sync(source, target));
        return rc("ModifyReplicaSynchronization", out);
    }

    /** A fresh volume filled with a pattern written through NBD. */
    private static VolumeId volume(String name, int pattern) throws Exception {
        VolumeId v = fx.volume(name, SIZE, 0);
        Qemu.io(nbd, v.value(), "write -P 0x" + Integer.toHexString(pattern) + " 0 " + SIZE);
        return v;
    }

    private static VolumeId mirror(VolumeId source) throws Exception {
        String out = cm("CreateElementReplica", "SyncType=6,Mode=2,WaitForCopyState=4,ElementName=\"mirror-of-"
                + source + "\",SourceElement=" + vol(source));
        assertEquals(0, rc("CreateElementReplica", out), out);
        VolumeId target = outVolume(out, "TargetElement");
        assertTrue(Qemu.same(nbd, source.value(), target.value()), "the mirror starts equal to its source");
        return target;
    }

    // ---------------------------------------------------------------- scenarios

    @Test
    void snapshotKeepsThePointInTimeAndRestoresIt() throws Exception {
        VolumeId source = volume("snap-src", 0x11);
        String out = cm("CreateElementReplica", "SyncType=7,WaitForCopyState=4,ElementName=\"nightly\",SourceElement="
                + vol(source));
        assertEquals(0, rc("CreateElementReplica", out), out);
        VolumeId snap = outVolume(out, "TargetElement");
        assertEquals("nightly", fx.backend.volume(snap).name(), "ElementName names the target");
        String gi = gi(source, snap);
        assertEquals(4, prop(gi, "CopyState"));
        assertEquals(7, prop(gi, "SyncType"));
        String refs = Wbemcli.run("rin", "-arc", "MSISCSITARGET_StorageSynchronized", ns() + vol(source)).assertOk()
                .out();
        assertTrue(refs.contains(snap.value()), "References from the source find the snapshot: " + refs);

        Qemu.io(nbd, source.value(), "write -P 0xab 0 1M");
        assertTrue(Qemu.verify(nbd, snap.value(), 0x11, 0, SIZE), "the snapshot still shows the point in time");
        assertFalse(Qemu.verify(nbd, source.value(), 0x11, 0, SIZE));
        assertEquals(0, modify(source, snap, 15, "WaitForCopyState=4"));
        assertTrue(Qemu.verify(nbd, source.value(), 0x11, 0, SIZE), "restore brought back the point in time");
        assertEquals(4, prop(gi(source, snap), "CopyState"));
    }

    @Test
    void snapshotReturnedToThePoolIsGone() throws Exception {
        VolumeId source = volume("rtp-src", 0x12);
        String out = cm("CreateElementReplica", "SyncType=7,SourceElement=" + vol(source));
        VolumeId snap = outVolume(out, "TargetElement");
        assertEquals(0, modify(source, snap, 19, "Force=true,WaitForCopyState=15"));
        assertNull(gi(source, snap), "the association is gone (CIM_ERR_NOT_FOUND)");
        assertFalse(fx.exists(snap), "the snapshot's space went back to the pool");
        assertTrue(fx.exists(source));
    }

    @Test
    void cloneRunsAsAJobAndDetaches() throws Exception {
        VolumeId source = volume("clone-src", 0x13);
        String out = cm("CreateElementReplica", "SyncType=8,ElementName=\"copy\",SourceElement=" + vol(source));
        int code = rc("CreateElementReplica", out);
        assertEquals(4096, code, out);
        assertTrue(out.contains("Job (reference)"), "4096 comes with the Job: " + out);
        VolumeId clone = outVolume(out, "TargetElement");
        String gi = await(source, clone, 4);
        assertEquals(100, prop(gi, "PercentSynced"));
        assertTrue(Qemu.same(nbd, source.value(), clone.value()));
        assertEquals(0, modify(source, clone, 8, null));
        assertNull(gi(source, clone));
        assertTrue(fx.exists(clone), "a detached clone is an independent volume");
        Qemu.io(nbd, source.value(), "write -P 0x77 0 1M");
        assertTrue(Qemu.verify(nbd, clone.value(), 0x13, 0, SIZE), "the clone no longer follows the source");
    }

    @Test
    void synchronousMirrorFracturedWrittenAndResynced() throws Exception {
        VolumeId source = volume("mirror-src", 0x14);
        VolumeId target = mirror(source);
        Qemu.io(nbd, source.value(), "write -P 0x41 0 1M");
        assertTrue(Qemu.same(nbd, source.value(), target.value()), "a synchronous mirror has every write");
        assertEquals(0, modify(source, target, 12, null));
        assertEquals(6, prop(gi(source, target), "CopyState"));
        Qemu.io(nbd, source.value(), "write -P 0x42 4M 2M");
        assertFalse(Qemu.same(nbd, source.value(), target.value()), "a fractured mirror no longer follows");
        assertEquals(0, modify(source, target, 14, "WaitForCopyState=4"));
        assertEquals(4, prop(gi(source, target), "CopyState"));
        assertTrue(Qemu.same(nbd, source.value(), target.value()), "resync made the target equal again");
    }

    @Test
    void splitLeavesAConsistentTarget() throws Exception {
        VolumeId source = volume("split-src", 0x15);
        VolumeId target = mirror(source);
        Qemu.io(nbd, source.value(), "write -P 0x51 1M 1M");
        assertEquals(0, modify(source, target, 21, "WaitForCopyState=7"));
        assertEquals(7, prop(gi(source, target), "CopyState"));
        assertTrue(Qemu.same(nbd, source.value(), target.value()));
    }

    @Test
    void failoverThenFailbackCopiesTheTargetsChangesHome() throws Exception {
        VolumeId source = volume("fo-src", 0x16);
        VolumeId target = mirror(source);
        assertEquals(0, modify(source, target, 10, null));
        assertEquals(10, prop(gi(source, target), "CopyState"));
        Qemu.io(nbd, target.value(), "write -P 0x61 2M 1M");
        int code = modify(source, target, 11, null);
        assertTrue(code == 0 || code == 4096, "failback: " + code);
        await(source, target, 4);
        assertTrue(Qemu.verify(nbd, source.value(), 0x61, 2 << 20, 1 << 20), "the source got the target's writes");
        assertTrue(Qemu.same(nbd, source.value(), target.value()));
    }

    @Test
    void reverseRolesExchangesTheEnds() throws Exception {
        VolumeId source = volume("rr-src", 0x17);
        VolumeId target = mirror(source);
        String out = cm("ModifyReplicaSynchronization", "Operation=20,Synchronization=" + sync(source, target));
        assertEquals(0, rc("ModifyReplicaSynchronization", out), out);
        assertTrue(out.contains("UpdatedSynchronization"), "the new path is returned: " + out);
        assertNull(gi(source, target), "the old path names nothing");
        assertEquals(4, prop(gi(target, source), "CopyState"));
        Qemu.io(nbd, target.value(), "write -P 0x71 0 1M");
        assertTrue(Qemu.verify(nbd, source.value(), 0x71, 0, 1 << 20), "the old source now follows the old target");
    }

    @Test
    void suspendedMirrorResumesWithTheHeldWrites() throws Exception {
        VolumeId source = volume("sr-src", 0x18);
        VolumeId target = mirror(source);
        assertEquals(0, modify(source, target, 22, null));
        String gi = gi(source, target);
        assertEquals(9, prop(gi, "CopyState"));
        assertEquals(3, prop(gi, "ProgressStatus"), "a suspended relationship is Dormant");
        Qemu.io(nbd, source.value(), "write -P 0x81 3M 1M");
        assertFalse(Qemu.same(nbd, source.value(), target.value()));
        int code = modify(source, target, 16, null);
        assertTrue(code == 0 || code == 4096, "resume: " + code);
        await(source, target, 4);
        assertTrue(Qemu.same(nbd, source.value(), target.value()));
    }

    @Test
    void aSlowCopyIsAborted() throws Exception {
        VolumeId source = fx.volume("slow-src", 256L << 20, 0x5a);
        // The Java client is quick enough to catch the copy (about a second) that wbemcli's start-up would miss.
        MethodResult created = fx.create(8, null, source, null);
        assertEquals(4096, ReplicationFixture.rc(created));
        ObjectPath syncPath = ReplicationFixture.outRef(created, "Synchronization");
        VolumeId clone = ReplicationFixture.target(syncPath);
        assertEquals(6, ReplicationFixture.rc(fx.modify(syncPath, 22, null, null)),
                "the job holds the relationship: only Abort gets in");
        assertEquals(0, ReplicationFixture.rc(fx.modify(syncPath, 2, null, 12)));
        String gi = gi(source, clone);
        assertEquals(12, prop(gi, "CopyState"));
        assertEquals(15, prop(gi, "RequestedCopyState"));
        assertTrue(prop(gi, "PercentSynced") < 100, "the copy stopped before the end");
        assertEquals(5, modify(source, clone, 8, null), "detaching an incomplete clone needs Force");
        assertEquals(0, modify(source, clone, 8, "Force=true"));
        assertNull(gi(source, clone));
        fx.discard(source, clone);
    }

    @Test
    void anUnknownOperationIsAnInvalidParameterAndChangesNothing() throws Exception {
        VolumeId source = volume("op99-src", 0x19);
        String out = cm("CreateElementReplica", "SyncType=7,SourceElement=" + vol(source));
        VolumeId snap = outVolume(out, "TargetElement");
        String before = gi(source, snap);
        assertEquals(5, modify(source, snap, 99, null));
        assertEquals(5, modify(source, snap, 3, null), "group-only operations are invalid on a StorageSynchronized");
        assertEquals(1, modify(source, snap, 8, null), "Detach is not offered for snapshots here");
        assertEquals(1, modify(source, snap, 16, null), "Resume is not offered for snapshots");
        assertEquals(5, modify(source, snap, 4, null), "Activate is not valid for a Synchronized snapshot");
        assertEquals(before, gi(source, snap));
    }

    @Test
    void relationshipsAreListedAndModifiedAsAList() throws Exception {
        VolumeId a = volume("list-a", 0x21);
        VolumeId b = volume("list-b", 0x22);
        ObjectPath syncA = ReplicationFixture.outRef(fx.create(7, null, a, 4), "Synchronization");
        ObjectPath syncB = ReplicationFixture.outRef(fx.create(7, null, b, 4), "Synchronization");
        // wbemcli cannot parse a VALUE.REFARRAY output parameter, so the list is read with the Java client.
        MethodResult listed = fx.cim.invoke(fx.service(), "GetReplicationRelationships", List.of(
                ReplicationFixture.u16("SyncType", 7), ReplicationFixture.u16("CopyState", 4)));
        assertEquals(0, ReplicationFixture.rc(listed));
        List<Object> paths = listed.outParameter("Synchronizations").value().elements();
        assertTrue(paths.stream().map(Object::toString).anyMatch(p -> p.contains(a.value()))
                && paths.stream().map(Object::toString).anyMatch(p -> p.contains(b.value())), paths.toString());

        Qemu.io(nbd, a.value(), "write -P 0x91 0 1M");
        Qemu.io(nbd, b.value(), "write -P 0x92 0 1M");
        MethodResult r = fx.cim.invoke(fx.service(), "ModifyListSynchronization", List.of(
                ReplicationFixture.u16("Operation", 14),
                ParamValue.of("Synchronization", CimValue.array(CimType.REFERENCE, List.of(syncA, syncB)))));
        assertEquals(4096, ReplicationFixture.rc(r), "one job for the list");
        assertNotNull(ReplicationFixture.outRef(r, "Job"));
        for (ObjectPath s : List.of(syncA, syncB)) {
            CimInstance i = fx.settle(s, Duration.ofSeconds(30));
            assertEquals(4, ReplicationFixture.prop(i, "CopyState"));
        }
        assertTrue(Qemu.verify(nbd, ReplicationFixture.target(syncA).value(), 0x91, 0, 1 << 20),
                "resync took a new point in time of a");
        assertTrue(Qemu.verify(nbd, ReplicationFixture.target(syncB).value(), 0x92, 0, 1 << 20));

        MethodResult inst = fx.cim.invoke(fx.service(), "GetReplicationRelationshipInstances",
                List.of(ReplicationFixture.u16("SyncType", 7)));
        assertEquals(0, ReplicationFixture.rc(inst));
        assertTrue(inst.outParameter("Synchronizations").value().elements().size() >= 2);
        MethodResult bad = fx.cim.invoke(fx.service(), "ModifyListSynchronization", List.of(
                ReplicationFixture.u16("Operation", 5),
                ParamValue.of("Synchronization", CimValue.array(CimType.REFERENCE, List.of(syncA)))));
        assertEquals(5, ReplicationFixture.rc(bad), "AddSyncPair is reserved in the list variant");
    }
}
