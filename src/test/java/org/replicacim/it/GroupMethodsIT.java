package org.replicacim.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.replicacim.it.ReplicationFixture.outRef;
import static org.replicacim.it.ReplicationFixture.prop;
import static org.replicacim.it.ReplicationFixture.rc;
import static org.replicacim.it.ReplicationFixture.ref;
import static org.replicacim.it.ReplicationFixture.u16;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.replicacim.cim.CimInstance;
import org.replicacim.cim.CimValue;
import org.replicacim.cim.ObjectPath;
import org.replicacim.message.MethodResult;
import org.replicacim.message.ParamValue;
import org.replicacim.storage.VolumeId;

/**
 * The group administration and list methods over HTTP: CreateGroup / AddMembers / RemoveMembers / DeleteGroup with
 * their family-G codes, the group's associations (OrderedMemberOfCollection, HostedCollection), CreateListReplica
 * (one job, per-pair results, a failing element named), CreateGroupReplicaFromElements, and GroupSynchronized in
 * GetReplicationRelationships.
 */
class GroupMethodsIT {
    private static final long SIZE = 4L << 20;
    private static final Duration SETTLE = Duration.ofSeconds(30);

    @RegisterExtension
    static final RunningServer SERVER = new RunningServer();

    private static ReplicationFixture fx;
    private static GroupFixture gx;
    private static int counter;

    @BeforeAll
    static void setUp() throws Exception {
        fx = new ReplicationFixture(SERVER);
        gx = new GroupFixture(fx);
    }

    private static List<VolumeId> volumes(int n, long size) throws Exception {
        List<VolumeId> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(fx.volume("gm-" + counter++, size, 0x50 + counter));
        }
        return out;
    }

    private static MethodResult call(String method, ParamValue... params) throws Exception {
        return fx.cim.invoke(fx.service(), method, List.of(params));
    }

    @Test
    void groupAdministrationAndItsCodes() throws Exception {
        List<VolumeId> v = volumes(4, SIZE);
        ObjectPath g = gx.createGroup("admin", List.of(v.get(2), v.get(0)));
        CimInstance gi = fx.cim.getInstance(g);
        assertEquals("admin", gi.value("ElementName").asString());
        assertEquals(List.of(v.get(2), v.get(0)), gx.members(g), "member order kept");
        assertEquals(5, rc(call("CreateGroup", ParamValue.of("GroupName", CimValue.string("admin")))),
                "a second group of the same name");
        // AddMembers appends, already-present members are no error.
        assertEquals(0, rc(call("AddMembers", ref("ReplicationGroup", g),
                GroupFixture.refs("Members", gx.volumePaths(List.of(v.get(0), v.get(3)))))));
        assertEquals(List.of(v.get(2), v.get(0), v.get(3)), gx.members(g));
        assertEquals(8, rc(call("RemoveMembers", ref("ReplicationGroup", g),
                GroupFixture.refs("Members", gx.volumePaths(List.of(v.get(1)))))), "8: not a member");
        assertEquals(0, rc(call("RemoveMembers", ref("ReplicationGroup", g),
                GroupFixture.refs("Members", gx.volumePaths(List.of(v.get(2)))))));
        assertEquals(List.of(v.get(0), v.get(3)), gx.members(g));
        // The system hosts the group; the volume knows its group.
        List<CimInstance> hosted = fx.cim.references(fx.paths.system(), "CIM_HostedCollection", null);
        assertTrue(hosted.stream().anyMatch(h -> h.value("Dependent").asReference().key("InstanceID")
                .equals(g.key("InstanceID"))), "HostedCollection from the system");
        assertEquals(1, fx.cim.references(fx.paths.volume(v.get(3)), "CIM_OrderedMemberOfCollection", null).size());
        // In a relationship: members cannot be removed (6) nor the group deleted (7).
        MethodResult made = gx.createGroupReplica(g, 7, null, 4, false);
        assertEquals(0, rc(made));
        assertEquals(6, rc(call("RemoveMembers", ref("ReplicationGroup", g),
                GroupFixture.refs("Members", gx.volumePaths(List.of(v.get(0)))))));
        assertEquals(7, rc(call("DeleteGroup", ref("ReplicationGroup", g), ReplicationFixture.flag("RemoveElements",
                true))));
        // GroupSynchronized in GetReplicationRelationships, Type 3.
        MethodResult rels = call("GetReplicationRelationships", u16("Type", 3));
        assertEquals(0, rc(rels));
        assertEquals(1, rels.outParameter("Synchronizations").value().elements().size());
        ObjectPath sync = outRef(made, "Synchronization");
        assertEquals(0, rc(gx.modify(sync, 19, null, 15)), "Return To ResourcePool for the whole group");
        assertNull(gx.get(sync));
        assertNull(gx.get(outRef(made, "TargetGroup")), "the allocated target group went with it");
        assertEquals(5, rc(call("DeleteGroup", ref("ReplicationGroup", g))), "not empty: RemoveElements needed");
        assertEquals(0, rc(call("DeleteGroup", ref("ReplicationGroup", g), ReplicationFixture.flag("RemoveElements",
                true))));
        assertNull(gx.get(g));
        for (VolumeId x : v) {
            assertTrue(fx.exists(x), "members stay when their group goes");
        }
        assertEquals(7, rc(call("AddMembers", ref("ReplicationGroup", g),
                GroupFixture.refs("Members", gx.volumePaths(List.of(v.get(1)))))), "7: the group does not exist");
    }

    @Test
    void createListReplicaIsOneJobWithPerPairResults() throws Exception {
        List<VolumeId> sources = volumes(3, SIZE);
        MethodResult r = call("CreateListReplica", u16("SyncType", 8),
                GroupFixture.refs("SourceElements", gx.volumePaths(sources)));
        assertEquals(4096, rc(r), "clones copy: one job for the list");
        CimInstance job = gx.awaitJob(outRef(r, "Job"), SETTLE);
        assertEquals(7, prop(job, "JobState"));
        List<Object> syncs = r.outParameter("Synchronizations").value().elements();
        assertEquals(3, syncs.size());
        for (int i = 0; i < 3; i++) {
            ObjectPath s = (ObjectPath) syncs.get(i);
            assertEquals(sources.get(i), ReplicationFixture.source(s), "Synchronizations[] parallel to the sources");
            assertEquals(4, prop(fx.settle(s, SETTLE), "CopyState"));
            assertEquals(fx.sha(sources.get(i)), fx.sha(ReplicationFixture.target(s)));
        }

        // One element cannot be made (its target is too small); with OnGroupOrListError Continue the others are.
        List<VolumeId> more = volumes(3, SIZE);
        List<VolumeId> targets = List.of(fx.volume("lt0", SIZE, 0), fx.volume("lt1", SIZE / 2, 0),
                fx.volume("lt2", SIZE, 0));
        CimInstance rsd = CimInstance.builder("CIM_ReplicationSettingData")
                .property("InstanceID", CimValue.string("list")).property("OnGroupOrListError", CimValue.uint16(2))
                .build();
        MethodResult partial = call("CreateListReplica", u16("SyncType", 7),
                GroupFixture.refs("SourceElements", gx.volumePaths(more)),
                GroupFixture.refs("TargetElements", gx.volumePaths(targets)),
                ParamValue.of("ReplicationSettingData", CimValue.embedded(CimValue.Embedded.INSTANCE, rsd)));
        assertEquals(4096, rc(partial), "an element failed: the job reports it");
        CimInstance failed = gx.awaitJob(outRef(partial, "Job"), SETTLE);
        assertEquals(10, prop(failed, "JobState"));
        String why = failed.value("ErrorDescription").asString();
        assertTrue(why.contains("member 1") && why.contains(more.get(1).value()), why);
        List<Object> per = partial.outParameter("Synchronizations").value().elements();
        assertNotNull(per.get(0));
        assertNull(per.get(1), "no relationship for the failed element");
        assertNotNull(per.get(2), "Continue: the element after it was made");
        assertEquals(4, prop(fx.sync((ObjectPath) per.get(2)), "CopyState"));
    }

    @Test
    void createGroupReplicaFromElementsMakesBothGroups() throws Exception {
        List<VolumeId> sources = volumes(2, SIZE);
        MethodResult r = call("CreateGroupReplicaFromElements", u16("SyncType", 7), u16("Consistency", 3),
                u16("WaitForCopyState", 4), GroupFixture.refs("SourceElements", gx.volumePaths(sources)),
                ParamValue.of("RelationshipName", CimValue.string("from-elements")));
        assertEquals(0, rc(r));
        ObjectPath source = outRef(r, "SourceGroup");
        ObjectPath target = outRef(r, "TargetGroup");
        assertEquals(sources, gx.members(source));
        assertEquals(2, gx.members(target).size());
        CimInstance gs = gx.get(outRef(r, "Synchronization"));
        assertEquals("from-elements", gs.value("RelationshipName").asString());
        assertEquals(4, prop(gs, "CopyState"));
        assertTrue(gs.value("ConsistencyEnabled").asBoolean());
        assertEquals(1, fx.cim.references(source, "CIM_GroupSynchronized", "SystemElement").size());
    }
}
