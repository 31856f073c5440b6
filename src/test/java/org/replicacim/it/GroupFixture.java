package org.replicacim.it;

import static org.replicacim.it.ReplicationFixture.ref;
import static org.replicacim.it.ReplicationFixture.u16;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.replicacim.cim.CimException;
import org.replicacim.cim.CimInstance;
import org.replicacim.cim.CimStatus;
import org.replicacim.cim.CimType;
import org.replicacim.cim.CimValue;
import org.replicacim.cim.ObjectPath;
import org.replicacim.message.MethodResult;
import org.replicacim.message.ParamValue;
import org.replicacim.storage.VolumeId;

/** What the group ITs share on top of {@link ReplicationFixture}: group method calls, jobs, member reads. */
final class GroupFixture {
    final ReplicationFixture fx;

    GroupFixture(ReplicationFixture fx) {
        this.fx = fx;
    }

    static ParamValue refs(String name, List<ObjectPath> paths) {
        return ParamValue.of(name, CimValue.array(CimType.REFERENCE, new ArrayList<>(paths)));
    }

    List<ObjectPath> volumePaths(List<VolumeId> volumes) {
        return volumes.stream().map(fx.paths::volume).toList();
    }

    /** CreateGroup with these members; returns the group path (fails the test on a non-zero return). */
    ObjectPath createGroup(String name, List<VolumeId> members) throws Exception {
        List<ParamValue> p = new ArrayList<>();
        if (name != null) {
            p.add(ParamValue.of("GroupName", CimValue.string(name)));
        }
        p.add(refs("Members", volumePaths(members)));
        MethodResult r = fx.cim.invoke(fx.service(), "CreateGroup", p);
        if (ReplicationFixture.rc(r) != 0) {
            throw new AssertionError("CreateGroup returned " + ReplicationFixture.rc(r));
        }
        return ReplicationFixture.outRef(r, "ReplicationGroup");
    }

    /** CreateGroupReplica from a source group, targets allocated; consistency 3 when asked. */
    MethodResult createGroupReplica(ObjectPath sourceGroup, int syncType, Integer mode, Integer wait,
                                    boolean consistent, ParamValue... more) throws Exception {
        List<ParamValue> p = new ArrayList<>();
        p.add(u16("SyncType", syncType));
        if (mode != null) {
            p.add(u16("Mode", mode));
        }
        p.add(ref("SourceGroup", sourceGroup));
        if (wait != null) {
            p.add(u16("WaitForCopyState", wait));
        }
        p.add(u16("Consistency", consistent ? 3 : 2));
        p.addAll(List.of(more));
        return fx.cim.invoke(fx.service(), "CreateGroupReplica", p);
    }

    MethodResult modify(ObjectPath sync, int operation, Boolean force, Integer wait, ParamValue... more)
            throws Exception {
        List<ParamValue> p = new ArrayList<>();
        p.add(u16("Operation", operation));
        p.add(ref("Synchronization", sync));
        if (force != null) {
            p.add(ReplicationFixture.flag("Force", force));
        }
        if (wait != null) {
            p.add(u16("WaitForCopyState", wait));
        }
        p.addAll(List.of(more));
        return fx.cim.invoke(fx.service(), "ModifyReplicaSynchronization", p);
    }

    /** The instance, or null when it does not exist. */
    CimInstance get(ObjectPath path) throws Exception {
        try {
            return fx.cim.getInstance(path);
        } catch (CimException e) {
            if (e.status() == CimStatus.NOT_FOUND) {
                return null;
            }
            throw e;
        }
    }

    /** The member volumes of a group, in AssignedSequence order. */
    List<VolumeId> members(ObjectPath group) throws Exception {
        List<CimInstance> refs = new ArrayList<>(fx.cim.references(group, "CIM_OrderedMemberOfCollection",
                null));
        refs.sort((a, b) -> Long.compare(a.value("AssignedSequence").asLong(), b.value("AssignedSequence").asLong()));
        List<VolumeId> out = new ArrayList<>();
        for (CimInstance i : refs) {
            out.add(VolumeId.of(i.value("Member").asReference().key("DeviceID").asString()));
        }
        return out;
    }

    /** Polls a job until it has ended; returns the job instance (JobState 7 Completed or 10 Exception, …). */
    CimInstance awaitJob(ObjectPath job, Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            CimInstance j = fx.cim.getInstance(job);
            int state = ReplicationFixture.prop(j, "JobState");
            if (state >= 7) {
                return j;
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("job " + job + " still running: " + j);
            }
            Thread.sleep(20);
        }
    }

    /** Polls the group relationship until no member has an operation in progress, or it is gone. */
    CimInstance settle(ObjectPath sync, Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            CimInstance i = get(sync);
            if (i == null || ReplicationFixture.prop(i, "RequestedCopyState") == 15) {
                return i;
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("group relationship " + sync + " still in transition: " + i);
            }
            Thread.sleep(20);
        }
    }
}
