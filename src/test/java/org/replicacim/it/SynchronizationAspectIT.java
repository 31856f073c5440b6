package org.replicacim.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.replicacim.it.ReplicationFixture.outRef;
import static org.replicacim.it.ReplicationFixture.prop;
import static org.replicacim.it.ReplicationFixture.rc;
import static org.replicacim.it.ReplicationFixture.ref;
import static org.replicacim.it.ReplicationFixture.u16;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.replicacim.cim.CimInstance;
import org.replicacim.cim.ObjectPath;
import org.replicacim.message.MethodResult;
import org.replicacim.message.ParamValue;
import org.replicacim.storage.VolumeId;

/**
 * Points in time without a target over HTTP: CreateSynchronizationAspect of a group (consistent) and of a volume,
 * the aspect and its SettingsDefineState, then ModifySettingsDefineState Restore (sources get the point back),
 * Attach To Target (the aspect becomes a Synchronized snapshot group relationship holding the point) and Delete.
 */
class SynchronizationAspectIT {
    private static final long SIZE = 4L << 20;

    @RegisterExtension
    static final RunningServer SERVER = new RunningServer();

    private static ReplicationFixture fx;
    private static GroupFixture gx;

    @BeforeAll
    static void setUp() throws Exception {
        fx = new ReplicationFixture(SERVER);
        gx = new GroupFixture(fx);
    }

    private static MethodResult call(String method, ParamValue... params) throws Exception {
        return fx.cim.invoke(fx.service(), method, List.of(params));
    }

    @Test
    void aspectOfAGroupIsRestoredThenAttached() throws Exception {
        List<VolumeId> sources = new ArrayList<>();
        List<String> original = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            VolumeId v = fx.volume("asp-" + i, SIZE, 0x61 + i);
            sources.add(v);
            original.add(fx.sha(v));
        }
        ObjectPath group = gx.createGroup("aspect-sources", sources);
        MethodResult r = call("CreateSynchronizationAspect", u16("SyncType", 7), u16("Consistency", 3),
                ref("SourceGroup", group), ParamValue.of("Name",
                        org.replicacim.cim.CimValue.string("nightly")));
        assertEquals(0, rc(r));
        ObjectPath state = outRef(r, "SettingsState");
        assertNotNull(state);
        List<CimInstance> aspects = fx.cim.enumerateInstances("CIM_SynchronizationAspect");
        assertEquals(1, aspects.size());
        CimInstance aspect = aspects.get(0);
        assertEquals("nightly", aspect.value("ElementName").asString());
        assertEquals(7, prop(aspect, "SyncType"));
        assertTrue(aspect.value("ConsistencyEnabled").asBoolean());
        assertNotNull(aspect.value("WhenPointInTime"));
        assertEquals(1, fx.cim.references(group, "CIM_SettingsDefineState", null).size(), "group -> aspect");
        List<Integer> ops = ReplicationFixture.outInts(fx.capabilities("GetSupportedSettingsDefineStateOperations",
                u16("ReplicationType", 7)), "SupportedOperations");
        assertEquals(List.of(2, 3, 4, 7, 8), ops);

        // The sources change; Restore brings the point in time back.
        for (VolumeId v : sources) {
            fx.fill(v, 0, 1 << 20, 0x7e);
            assertFalse(original.get(sources.indexOf(v)).equals(fx.sha(v)));
        }
        assertEquals(0, rc(call("ModifySettingsDefineState", u16("Operation", 7), ref("SettingsState", state))));
        for (int i = 0; i < 2; i++) {
            assertEquals(original.get(i), fx.sha(sources.get(i)), "source " + i + " restored");
        }
        assertEquals(1, rc(call("ModifySettingsDefineState", u16("Operation", 5), ref("SettingsState", state))),
                "Copy To Target is not supported");

        // The sources change again; Attach To Target makes the point a snapshot group relationship.
        for (VolumeId v : sources) {
            fx.fill(v, 2 << 20, 1 << 20, 0x2d);
        }
        MethodResult attached = call("ModifySettingsDefineState", u16("Operation", 8), ref("SettingsState", state));
        assertEquals(0, rc(attached));
        ObjectPath sync = outRef(attached, "Synchronization");
        CimInstance gs = gx.get(sync);
        assertEquals(4, prop(gs, "CopyState"));
        assertEquals(7, prop(gs, "SyncType"));
        assertTrue(gs.value("ConsistencyEnabled").asBoolean());
        List<VolumeId> targets = gx.members(outRef(attached, "TargetGroup"));
        assertTrue(fx.cim.getInstance(outRef(attached, "TargetGroup")).value("ConsistentPointInTime").asBoolean(),
                "the target group holds a consistent point in time");
        assertEquals(2, targets.size());
        for (int i = 0; i < 2; i++) {
            assertEquals(original.get(i), fx.sha(targets.get(i)), "target " + i + " holds the point in time");
        }
        assertEquals(0, fx.cim.enumerateInstances("CIM_SynchronizationAspect").size(), "the aspect became the pairs");
        assertEquals(0, rc(gx.modify(sync, 19, null, 15)), "the snapshots go with Return To ResourcePool");
    }

    @Test
    void aspectOfAVolumeIsDeleted() throws Exception {
        VolumeId v = fx.volume("asp-single", SIZE, 0x44);
        int volumesBefore = fx.backend.volumes().size();
        MethodResult r = call("CreateSynchronizationAspect", u16("SyncType", 7), ref("SourceElement",
                fx.paths.volume(v)));
        assertEquals(0, rc(r));
        assertEquals(volumesBefore + 1, fx.backend.volumes().size(), "a volume holds the preserved blocks");
        ObjectPath state = outRef(r, "SettingsState");
        assertEquals(1, fx.cim.references(fx.paths.volume(v), "CIM_SettingsDefineState", null).size());
        assertEquals(1, rc(call("CreateSynchronizationAspect", u16("SyncType", 8), ref("SourceElement",
                fx.paths.volume(v)))), "a clone aspect needs a target: not supported");
        assertEquals(0, rc(call("ModifySettingsDefineState", u16("Operation", 4), ref("SettingsState", state))));
        assertEquals(volumesBefore, fx.backend.volumes().size(), "Delete frees the holding volume");
        assertEquals(0, fx.cim.references(fx.paths.volume(v), "CIM_SettingsDefineState", null).size());
        assertEquals(5, rc(call("ModifySettingsDefineState", u16("Operation", 4), ref("SettingsState", state))),
                "gone");
    }

    @Test
    void aListOfAspectsIsDeletedInOneCall() throws Exception {
        List<ObjectPath> states = new ArrayList<>();
        int volumesBefore = fx.backend.volumes().size();
        for (int i = 0; i < 3; i++) {
            VolumeId v = fx.volume("asp-list-" + i, SIZE, 0x10 + i);
            MethodResult r = call("CreateSynchronizationAspect", u16("SyncType", 7), ref("SourceElement",
                    fx.paths.volume(v)));
            assertEquals(0, rc(r));
            states.add(outRef(r, "SettingsState"));
        }
        assertEquals(volumesBefore + 6, fx.backend.volumes().size());
        assertEquals(5, rc(call("ModifyListSettingsDefineState", u16("Operation", 4),
                GroupFixture.refs("SettingsStates", List.of(states.get(0), states.get(0))))), "listed twice: nothing");
        assertEquals(3, fx.cim.enumerateInstances("CIM_SynchronizationAspect").size());
        assertEquals(0, rc(call("ModifyListSettingsDefineState", u16("Operation", 2),
                GroupFixture.refs("SettingsStates", states))), "Activate Consistency on all");
        assertTrue(fx.cim.enumerateInstances("CIM_SynchronizationAspect").stream()
                .allMatch(i -> i.value("ConsistencyEnabled").asBoolean()));
        assertEquals(0, rc(call("ModifyListSettingsDefineState", u16("Operation", 4),
                GroupFixture.refs("SettingsStates", states))));
        assertEquals(0, fx.cim.enumerateInstances("CIM_SynchronizationAspect").size());
        assertEquals(volumesBefore + 3, fx.backend.volumes().size(), "the holding volumes are freed");
    }
}
