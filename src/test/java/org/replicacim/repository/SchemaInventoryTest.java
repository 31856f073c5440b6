package org.replicacim.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.replicacim.cim.CimClass;
import org.replicacim.cim.CimMethod;
import org.replicacim.cim.CimParameter;
import org.replicacim.cim.CimProperty;
import org.replicacim.cim.CimQualifier;
import org.replicacim.cim.CimType;
import org.replicacim.cim.Namespace;

/**
 * The shipped mof/, compiled and resolved, against the reference: the parameter tables of
 * replication-services.md §3.2, the value maps of §2 and §4.1–4.3, the Microsoft override signatures of §10 and the
 * totals of class-inventory.md §14. The expectations are copied here because CI has the repository, not the notes.
 */
class SchemaInventoryTest {
    private static ClassRepository repo;

    @BeforeAll
    static void load() throws RepositoryException {
        repo = ClassRepository.loadStandard(java.nio.file.Path.of("mof"));
    }

    private static CimClass cls(String name) throws Exception {
        return repo.getClass(ClassRepository.STORAGE, name);
    }

    /** Method → IN/OUT parameter names in the order of replication-services.md §3.2 ("[]" = array). */
    static Map<String, String> replicationServiceParameters() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("CreateGroup", "GroupName Members[] Persistent DeleteOnEmptyElement DeleteOnUnassociated "
                + "ServiceAccessPoint ReplicationGroup ReplicationSettingData ReservedAs");
        m.put("DeleteGroup", "ReplicationGroup ServiceAccessPoint RemoveElements ReplicationSettingData");
        m.put("AddMembers", "Members[] ReplicationGroup ServiceAccessPoint ReplicationSettingData");
        m.put("RemoveMembers", "Members[] DeleteOnEmptyElement ReplicationGroup ServiceAccessPoint "
                + "ReplicationSettingData");
        m.put("CreateElementReplica", "ElementName SyncType Mode SourceElement SourceAccessPoint TargetElement "
                + "TargetAccessPoint ReplicationSettingData Job Synchronization TargetSettingGoal TargetPool "
                + "WaitForCopyState ConnectivityCollection Collections[]");
        m.put("CreateGroupReplica", "RelationshipName SyncType Mode SourceGroup SourceElement SourceAccessPoint "
                + "TargetGroup TargetElementCount TargetAccessPoint Consistency ReplicationSettingData Job "
                + "Synchronization TargetSettingGoal TargetPool WaitForCopyState ConnectivityCollection Collections[]");
        m.put("CreateSynchronizationAspect", "Name SyncType Mode SourceGroup SourceElement SourceAccessPoint "
                + "Consistency ReplicationSettingData Job SettingsState");
        m.put("ModifyReplicaSynchronization", "Operation Synchronization ReplicationSettingData SyncPair[] Job "
                + "SettingsState Force WaitForCopyState UpdatedSynchronization");
        m.put("GetAvailableTargetElements", "SourceElement SyncType Mode ReplicationSettingData TargetAccessPoint "
                + "TargetSettingGoal TargetPools[] Job Candidates[] MaxElementCount");
        m.put("GetPeerSystems", "Options Job Systems[] LocalAccessPoints[] RemoteAccessPoints[]");
        m.put("GetReplicationRelationships", "Type SyncType Mode Locality CopyState Job Synchronizations[] "
                + "ReplicationSettingData");
        m.put("GetReplicationRelationshipInstances", "Type SyncType Mode Locality CopyState Job Synchronizations[] "
                + "ReplicationSettingData");
        m.put("CreateListReplica", "ElementNames[] SyncType Mode SourceElements[] SourceAccessPoint "
                + "TargetElements[] TargetAccessPoint ReplicationSettingData Job Synchronizations[] "
                + "TargetSettingGoal TargetPool WaitForCopyState ConnectivityCollection Consistency Collections[]");
        return m;
    }

    @ParameterizedTest(name = "CIM_ReplicationService.{0}")
    @MethodSource("replicationServiceMethods")
    void replicationServiceMethodsHaveTheParametersOfTheReference(String method) throws Exception {
        CimMethod m = cls("CIM_ReplicationService").method(method);
        assertNotNull(m, method);
        assertEquals(CimType.UINT32, m.returnType(), method + " returns uint32");
        List<String> expected = List.of(replicationServiceParameters().get(method).split(" "));
        assertEquals(expected.stream().sorted(String.CASE_INSENSITIVE_ORDER).toList(),
                names(m).stream().sorted(String.CASE_INSENSITIVE_ORDER).toList(), method);
    }

    static List<String> replicationServiceMethods() {
        return new ArrayList<>(replicationServiceParameters().keySet());
    }

    private static List<String> names(CimMethod m) {
        return m.parameters().stream().map(p -> p.name() + (p.array() ? "[]" : "")).collect(Collectors.toList());
    }

    @Test
    void replicationServiceHasEveryMethodOfSection31() throws Exception {
        CimClass rs = cls("CIM_ReplicationService");
        for (String name : List.of("CreateGroup", "DeleteGroup", "AddMembers", "RemoveMembers", "CreateElementReplica",
                "CreateGroupReplica", "CreateSynchronizationAspect", "ModifyReplicaSynchronization",
                "ModifyListSynchronization", "ModifySettingsDefineState", "GetAvailableTargetElements",
                "GetPeerSystems", "GetReplicationRelationships", "GetServiceAccessPoints", "AddReplicationEntity",
                "AddServiceAccessPoint", "AddSharedSecret", "CreateListReplica", "CreateGroupReplicaFromElements",
                "GetReplicationRelationshipInstances", "ModifyListSettingsDefineState",
                "CreateRemoteReplicationCollection", "AddToRemoteReplicationCollection",
                "RemoveFromRemoteReplicationCollection", "GetSynchronizationAspects",
                "GetSynchronizationAspectInstances", "CreateGroupReplicaFromElementSynchronizations",
                "AddElementsToGroupSynchronized", "ConfirmTargetData", "RequestStateChange", "StartService",
                "StopService")) {
            assertNotNull(rs.method(name), "CIM_ReplicationService." + name);
        }
        assertEquals("CIM_Service", rs.superclass().toString());
        assertEquals(List.of("CreationClassName", "Name", "SystemCreationClassName", "SystemName"), keys(rs));
    }

    @Test
    void embeddedSettingDataAndJobReferencesAreTypedAsTheReferenceSays() throws Exception {
        CimMethod create = cls("CIM_ReplicationService").method("CreateElementReplica");
        CimParameter rsd = create.parameter("ReplicationSettingData");
        assertEquals(CimType.STRING, rsd.type());
        assertEquals("CIM_ReplicationSettingData", rsd.qualifier("EmbeddedInstance").value().value());
        CimParameter job = create.parameter("Job");
        assertEquals(CimType.REFERENCE, job.type());
        assertEquals("CIM_ConcreteJob", job.referenceClass().toString());
        assertOut(job);
        CimParameter target = create.parameter("TargetElement");
        assertTrue(isTrue(target.qualifier("In")) && isTrue(target.qualifier("Out")), "TargetElement is IN/OUT");
        assertTrue(isTrue(create.parameter("SyncType").qualifier("Required")), "SyncType is Required");
        assertTrue(isTrue(create.parameter("SourceElement").qualifier("Required")), "SourceElement is Required");
    }

    private static void assertOut(CimParameter p) {
        assertTrue(isTrue(p.qualifier("Out")), p.name() + " is OUT");
        CimQualifier in = p.qualifier("In");
        assertTrue(in != null && Boolean.FALSE.equals(in.value().value()), p.name() + " is IN(false)");
    }

    private static boolean isTrue(CimQualifier q) {
        return q != null && Boolean.TRUE.equals(q.value().value());
    }

    @Test
    void operationValueMapRunsFrom2To25() throws Exception {
        CimParameter op = cls("CIM_ReplicationService").method("ModifyReplicaSynchronization").parameter("Operation");
        Map<String, String> map = valueMap(op.qualifier("ValueMap"), op.qualifier("Values"));
        assertEquals("Abort", map.get("2"));
        assertEquals("Detach", map.get("8"));
        assertEquals("Fracture", map.get("12"));
        assertEquals("Resync Replica", map.get("14"));
        assertEquals("Restore from Replica", map.get("15"));
        assertEquals("Return To ResourcePool", map.get("19"));
        assertEquals("Reverse Roles", map.get("20"));
        assertEquals("Prepare", map.get("24"));
        assertEquals("Reset to Adaptive", map.get("25"), "2.41 spelling (lower-case to)");
        for (int v = 2; v <= 25; v++) {
            assertNotNull(map.get(Integer.toString(v)), "Operation " + v);
        }
    }

    @Test
    void synchronizedValueMapsMatchSections2And42And43() throws Exception {
        CimClass ss = cls("CIM_StorageSynchronized");
        Map<String, String> copyState = valueMap(ss.property("CopyState"));
        assertEquals("Initialized", copyState.get("2"));
        assertEquals("Synchronized", copyState.get("4"));
        assertEquals("Fractured", copyState.get("6"));
        assertEquals("Failedover", copyState.get("10"));
        assertEquals("Mixed", copyState.get("14"));
        assertEquals("Restored", copyState.get("18"));
        Map<String, String> progress = valueMap(ss.property("ProgressStatus"));
        assertEquals("Completed", progress.get("2"));
        assertEquals("Resyncing", progress.get("7"));
        assertEquals("Detaching", progress.get("21"));
        assertEquals("Requires resume", progress.get("25"));
        Map<String, String> syncType = valueMap(ss.property("SyncType"));
        assertEquals("Mirror", syncType.get("6"));
        assertEquals("Snapshot", syncType.get("7"));
        assertEquals("Clone", syncType.get("8"));
        Map<String, String> mode = valueMap(ss.property("Mode"));
        assertEquals("Synchronous", mode.get("2"));
        assertEquals("Asynchronous", mode.get("3"));
        assertEquals(List.of("SyncedElement", "SystemElement"), keys(ss));
        assertEquals(CimType.REFERENCE, ss.property("SystemElement").type());
        for (String p : List.of("CopyState", "ProgressStatus", "SyncType", "Mode", "RequestedCopyState",
                "PercentSynced", "WhenSynced", "WhenEstablished", "SyncState", "SyncMaintained", "CopyType",
                "ReplicaType", "CopyPriority", "SyncedElement", "SystemElement")) {
            assertNotNull(ss.property(p), "CIM_StorageSynchronized." + p);
        }
    }

    @Test
    void concreteJobHasTheJobControlSurface() throws Exception {
        CimClass job = cls("CIM_ConcreteJob");
        for (String p : List.of("InstanceID", "JobState", "OperationalStatus", "PercentComplete", "TimeSubmitted",
                "StartTime", "ElapsedTime", "TimeBeforeRemoval", "DeleteOnCompletion", "ErrorCode",
                "ErrorDescription", "JobStatus", "Name", "TimeOfLastStateChange")) {
            assertNotNull(job.property(p), "CIM_ConcreteJob." + p);
        }
        assertEquals(List.of("InstanceID"), keys(job));
        Map<String, String> state = valueMap(job.property("JobState"));
        assertEquals("Running", state.get("4"));
        assertEquals("Completed", state.get("7"));
        assertEquals("Exception", state.get("10"));
        for (String m : List.of("RequestStateChange", "GetError", "KillJob")) {
            assertNotNull(job.method(m), "CIM_ConcreteJob." + m);
        }
        CimParameter error = job.method("GetError").parameter("Error");
        assertEquals("CIM_Error", error.qualifier("EmbeddedInstance").value().value());
    }

    @Test
    void microsoftReplicationServiceKeepsItsOwnSignatures() throws Exception {
        CimClass ms = cls("MSISCSITARGET_ReplicationService");
        assertEquals("CIM_ReplicationService", ms.superclass().toString());
        CimMethod create = ms.method("CreateElementReplica");
        assertEquals("MSISCSITARGET_ReplicationService", create.classOrigin().toString(), "override");
        assertEquals(13, create.parameters().size(), "MS signature (no ConnectivityCollection, Collections[])");
        CimMethod modify = ms.method("ModifyReplicaSynchronization");
        assertEquals("MSISCSITARGET_ReplicationService", modify.classOrigin().toString(), "override");
        Map<String, String> ops = valueMap(modify.parameter("Operation").qualifier("ValueMap"),
                modify.parameter("Operation").qualifier("Values"));
        assertEquals("Unprepare", ops.get("23"));
        assertEquals(null, ops.get("24"), "MS value map stops at 23");
        assertNotNull(ms.method("GetReplicationRelationships"), "inherited");
    }

    @Test
    void totalsMatchClassInventorySection14() throws Exception {
        for (Namespace ns : List.of(ClassRepository.INTEROP, ClassRepository.STORAGE)) {
            assertEquals(226, repo.classes(ns).size(), "121 documented + 39 supporting + 66 Microsoft in " + ns);
        }
    }

    private static List<String> keys(CimClass c) {
        return c.properties().stream().filter(p -> isTrue(p.qualifier("Key"))).map(p -> p.name().toString())
                .sorted().toList();
    }

    private static Map<String, String> valueMap(CimProperty p) {
        return valueMap(p.qualifier("ValueMap"), p.qualifier("Values"));
    }

    private static Map<String, String> valueMap(CimQualifier valueMap, CimQualifier values) {
        assertNotNull(valueMap, "ValueMap");
        assertNotNull(values, "Values");
        List<Object> keys = valueMap.value().elements();
        List<Object> texts = values.value().elements();
        assertEquals(keys.size(), texts.size(), "ValueMap and Values have the same length");
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            m.put((String) keys.get(i), (String) texts.get(i));
        }
        return m;
    }
}
