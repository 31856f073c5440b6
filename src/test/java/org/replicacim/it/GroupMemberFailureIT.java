package org.replicacim.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.replicacim.it.ReplicationFixture.outRef;
import static org.replicacim.it.ReplicationFixture.prop;
import static org.replicacim.it.ReplicationFixture.rc;

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
import org.replicacim.replication.SyncOperation;
import org.replicacim.storage.NbdTestClient;
import org.replicacim.storage.VolumeId;

/**
 * One member of a group fails in the middle of a group operation: a consistent clone group is parked Inactive
 * (targets allocated, no copy yet), a host attaches member 2's target over NBD, and the group is activated. The
 * backend refuses to copy onto a target a host has open, so member 2 fails after members 0 and 1 were activated.
 * The group must end in a state the spec allows (Mixed), the call's job must end in Exception with a CIM_Error
 * naming member 2, and nothing may be lost: every member relationship and target is still there, the sources are
 * unchanged, and once the host lets go the remaining members can be activated so the group is whole again.
 */
class GroupMemberFailureIT {
    private static final long SIZE = 4L << 20;
    private static final int MEMBERS = 4;
    private static final int FAILING = 2;
    private static final Duration SETTLE = Duration.ofSeconds(30);

    @RegisterExtension
    static final RunningServer SERVER = new RunningServer();

    private static ReplicationFixture fx;
    private static GroupFixture gx;

    @BeforeAll
    static void setUp() throws Exception {
        fx = new ReplicationFixture(SERVER);
        gx = new GroupFixture(fx);
    }

    @Test
    void memberFailingMidOperationLeavesTheGroupMixedNamedAndWhole() throws Exception {
        List<VolumeId> sources = new ArrayList<>();
        List<String> shas = new ArrayList<>();
        for (int i = 0; i < MEMBERS; i++) {
            VolumeId v = fx.volume("mf-" + i, SIZE, 0x30 + i);
            sources.add(v);
            shas.add(fx.sha(v));
        }
        ObjectPath group = gx.createGroup("failing-members", sources);
        MethodResult created = gx.createGroupReplica(group, 8, null, 8, true,
                ParamValue.of("RelationshipName", CimValue.string("clones-of-failing-members")));
        assertEquals(0, rc(created), "clone group parked Inactive");
        ObjectPath sync = outRef(created, "Synchronization");
        ObjectPath targetGroup = outRef(created, "TargetGroup");
        List<VolumeId> targets = gx.members(targetGroup);
        assertEquals(MEMBERS, targets.size());
        assertEquals(8, prop(gx.get(sync), "CopyState"), "every member Inactive");

        MethodResult activated;
        try (NbdTestClient host = NbdTestClient.connect(SERVER.server().nbdPort(), targets.get(FAILING).value())) {
            assertTrue(host.size() >= SIZE, "the host sees member " + FAILING + "'s target");
            activated = gx.modify(sync, SyncOperation.ACTIVATE.value(), null, null);
            assertEquals(4096, rc(activated), "a member failed after the call was accepted: a job reports it");
            CimInstance job = gx.awaitJob(outRef(activated, "Job"), SETTLE);
            assertEquals(10, prop(job, "JobState"), "the job ends in Exception: " + job);
            String description = job.value("ErrorDescription").asString();
            assertTrue(description.contains("member " + FAILING) && description.contains(targets.get(FAILING).value()),
                    "ErrorDescription names the member: " + description);
            MethodResult errors = fx.cim.invoke(outRef(activated, "Job"), "GetErrors", List.of());
            assertEquals(0, rc(errors));
            List<Object> list = errors.outParameter("Errors").value().elements();
            assertEquals(1, list.size());
            String message = ((CimInstance) list.get(0)).value("Message").asString();
            assertTrue(message.contains("member " + FAILING) && message.contains(sources.get(FAILING).value()),
                    "the CIM_Error names the member (source and target): " + message);

            CimInstance mixed = gx.settle(sync, SETTLE);
            assertEquals(14, prop(mixed, "CopyState"), "members 0-1 Synchronized, 2-3 Inactive: the group is Mixed");
            assertEquals(14, prop(mixed, "ProgressStatus"));
            List<Integer> states = memberStates(sources, targets);
            assertEquals(List.of(4, 4, 8, 8), states, "member " + FAILING + " failed, the one after it untouched "
                    + "(OnGroupOrListError Stop)");
        }
        // Nothing lost: the sources are unchanged, every target is there, the activated ones hold their source.
        for (int i = 0; i < MEMBERS; i++) {
            assertEquals(shas.get(i), fx.sha(sources.get(i)), "source " + i + " unchanged");
            assertTrue(fx.exists(targets.get(i)), "target " + i + " still there");
        }
        assertEquals(fx.sha(sources.get(0)), fx.sha(targets.get(0)));
        assertEquals(fx.sha(sources.get(1)), fx.sha(targets.get(1)));

        // The group as a whole refuses Activate now (members 0 and 1 cannot be activated again): 5, no change.
        assertEquals(5, rc(gx.modify(sync, SyncOperation.ACTIVATE.value(), null, null)));
        // The host has let go: the remaining members are activated one by one (Force: the group is consistent).
        for (int i = FAILING; i < MEMBERS; i++) {
            ObjectPath member = fx.paths.synchronization(fx.paths.volume(sources.get(i)),
                    fx.paths.volume(targets.get(i)));
            assertEquals(5, rc(fx.modify(member, SyncOperation.ACTIVATE.value(), null, 4)),
                    "a member of a consistent group needs Force");
            assertEquals(0, rc(fx.modify(member, SyncOperation.ACTIVATE.value(), true, 4)), "member " + i);
        }
        CimInstance whole = gx.settle(sync, SETTLE);
        assertEquals(4, prop(whole, "CopyState"), "the group is Synchronized again");
        for (int i = 0; i < MEMBERS; i++) {
            assertEquals(fx.sha(sources.get(i)), fx.sha(targets.get(i)), "member " + i + " target equals source");
        }
        assertNotNull(gx.get(group), "the source group stays");
    }

    private List<Integer> memberStates(List<VolumeId> sources, List<VolumeId> targets) throws Exception {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            CimInstance m = fx.settle(fx.paths.synchronization(fx.paths.volume(sources.get(i)),
                    fx.paths.volume(targets.get(i))), SETTLE);
            out.add(m == null ? -1 : prop(m, "CopyState"));
        }
        return out;
    }
}
