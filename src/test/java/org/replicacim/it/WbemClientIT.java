package org.replicacim.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.replicacim.cim.CimClass;
import org.replicacim.cim.CimException;
import org.replicacim.cim.CimInstance;
import org.replicacim.cim.CimMethod;
import org.replicacim.cim.CimName;
import org.replicacim.cim.CimQualifier;
import org.replicacim.cim.CimStatus;
import org.replicacim.cim.CimType;
import org.replicacim.cim.CimValue;
import org.replicacim.cim.Namespace;
import org.replicacim.cim.ObjectPath;
import org.replicacim.cim.QualifierDeclaration;
import org.replicacim.client.PullResult;
import org.replicacim.client.WbemClient;
import org.replicacim.message.MethodResult;
import org.replicacim.message.ParamValue;

/**
 * Our Java client against the real server on a free loopback port, in both namespaces: the operations wbemcli covers
 * (ecn, gc, ein, ei, gi, ci, mi, di, ai, ain, ri, rin, cm) and those it cannot send (pull operations, ExecQuery,
 * qualifiers, Get/SetProperty), with the returned objects checked.
 */
class WbemClientIT {
    @RegisterExtension
    static final RunningServer SERVER = new RunningServer();

    static final Namespace INTEROP = Namespace.of("root/interop");
    static final Namespace STORAGE = Namespace.of("root/cimv2/storage/iscsitarget");
    static WbemClient client;

    @BeforeAll
    static void connect() {
        client = WbemClient.connect(URI.create(SERVER.url()));
    }

    @AfterAll
    static void close() {
        client.close();
    }

    static CimInstance objectManager() throws Exception {
        return objectManagerOf(client);
    }

    /** The one CIM_ObjectManager instance, read through the given client. */
    static CimInstance objectManagerOf(WbemClient c) throws Exception {
        List<CimInstance> oms = c.enumerateInstances(INTEROP, "CIM_ObjectManager");
        assertEquals(1, oms.size(), "exactly one CIM_ObjectManager");
        return oms.get(0);
    }

    static ObjectPath serverProfile() {
        return ObjectPath.builder("CIM_RegisteredProfile").namespace(INTEROP).key("InstanceID", "SNIA+Server+1.6.1")
                .build();
    }

    static Set<String> classNames(List<?> objects) {
        Set<String> out = new TreeSet<>();
        for (Object o : objects) {
            CimName n = o instanceof ObjectPath p ? p.className() : ((CimInstance) o).className();
            out.add(n.value());
        }
        return out;
    }

    // ---- root/interop ---------------------------------------------------------------------------------------

    @Test
    void interopClassesWithTheQualifiersPywbemReads() throws Exception {
        List<CimName> all = client.enumerateClassNames(INTEROP, null, true);
        assertTrue(all.contains(CimName.of("CIM_ObjectManager")));
        assertTrue(all.contains(CimName.of("CIM_RegisteredProfile")));
        assertEquals(List.of(CimName.of("CIM_ManagedElement")), client.enumerateClassNames(INTEROP, null, false)
                .stream().filter(n -> n.is("CIM_ManagedElement")).toList());
        assertTrue(client.enumerateClassNames(INTEROP, "CIM_RegisteredSpecification", false)
                .contains(CimName.of("CIM_RegisteredProfile")));

        CimClass profile = client.getClass(INTEROP, "CIM_RegisteredProfile");
        assertEquals(CimName.of("CIM_RegisteredSpecification"), profile.superclass());
        List<CimQualifier> org = profile.property("RegisteredOrganization").qualifiers();
        assertNotNull(CimQualifier.find(org, "ValueMap"), "ValueMap on RegisteredOrganization");
        assertTrue(CimQualifier.find(org, "Values").value().elements().contains("SNIA"));
        CimMethod gci = profile.method("GetCentralInstances");
        assertEquals(CimType.REFERENCE, gci.parameter("CentralInstances").type());

        List<CimClass> subclasses = client.enumerateClasses(INTEROP, "CIM_ObjectManagerCommunicationMechanism", true);
        assertEquals(Set.of("CIM_CIMXMLCommunicationMechanism", "MSFTSM_WSManCommunicationMechanism"),
                new TreeSet<>(subclasses.stream().map(c -> c.name().value()).toList()));
    }

    @Test
    void interopObjectManagerNamespacesAndProfiles() throws Exception {
        CimInstance om = objectManager();
        assertEquals("ReplicaCIM", om.value("ElementName").asString());
        assertTrue(om.value("Description").asString().matches("ReplicaCIM WBEM Server version \\d+\\.\\d+\\.\\d+"));
        assertEquals("localhost", om.value("SystemName").asString());
        assertEquals(om.path().local(), client.getInstance(om.path()).path().local());

        List<ObjectPath> namespaces = client.enumerateInstanceNames(INTEROP, "CIM_Namespace");
        Set<String> names = new TreeSet<>();
        for (ObjectPath p : namespaces) {
            CimInstance ns = client.getInstance(p);
            names.add(ns.value("Name").asString());
            assertEquals(2, ns.value("ClassType").asInt());
        }
        assertEquals(Set.of("root/interop", "root/cimv2/storage/iscsitarget"), names);
        // the Interop aliases answer the same
        assertEquals(2, client.enumerateInstanceNames(Namespace.of("interop"), "CIM_Namespace").size());

        List<CimInstance> profiles = client.enumerateInstances(INTEROP, "CIM_RegisteredProfile");
        for (CimInstance p : profiles) {
            assertNotNull(p.value("RegisteredOrganization"));
            assertNotNull(p.value("RegisteredName"));
            assertNotNull(p.value("RegisteredVersion"));
        }
        assertTrue(profiles.stream().anyMatch(p -> p.value("RegisteredName").asString().equals("Server")
                && p.value("RegisteredOrganization").asInt() == 11));

        // only what the PropertyList names
        CimInstance narrow = client.getInstance(om.path(), List.of("ElementName"));
        assertEquals(1, narrow.properties().size());
    }

    @Test
    void interopCreateModifyDeleteAnIndicationFilter() throws Exception {
        CimInstance filter = CimInstance.builder("CIM_IndicationFilter")
                .property("CreationClassName", CimValue.string("CIM_IndicationFilter"))
                .property("Name", CimValue.string("client-filter"))
                .property("SystemCreationClassName", CimValue.string("CIM_ComputerSystem"))
                .property("SystemName", CimValue.string("localhost"))
                .property("Query", CimValue.string("SELECT * FROM CIM_InstCreation"))
                .property("QueryLanguage", CimValue.string("DMTF:CQL"))
                .property("SourceNamespaces", CimValue.stringArray("root/cimv2/storage/iscsitarget"))
                .build();
        ObjectPath p = client.createInstance(INTEROP, filter);
        assertEquals("client-filter", p.key("Name").asString());
        assertEquals(INTEROP, p.namespace());
        CimException dup = assertThrows(CimException.class, () -> client.createInstance(INTEROP, filter));
        assertEquals(CimStatus.ALREADY_EXISTS, dup.status());

        CimInstance got = client.getInstance(p);
        assertEquals(List.of("root/cimv2/storage/iscsitarget"), got.value("SourceNamespaces").elements());

        client.modifyInstance(got.withProperty("Query", CimValue.string("SELECT * FROM CIM_InstDeletion"))
                .withProperty("QueryLanguage", CimValue.string("WQL")), List.of("Query"));
        got = client.getInstance(p);
        assertEquals("SELECT * FROM CIM_InstDeletion", got.value("Query").asString());
        assertEquals("DMTF:CQL", got.value("QueryLanguage").asString(), "only the listed property changes");

        assertEquals("SELECT * FROM CIM_InstDeletion", client.getProperty(p, "Query").asString());
        client.setProperty(p, "Description", CimValue.string("made by the client"));
        assertEquals("made by the client", client.getInstance(p).value("Description").asString());
        client.setProperty(p, "Description", null);
        assertNull(client.getProperty(p, "Description"), "NULL comes back as no value");

        client.deleteInstance(p);
        assertEquals(CimStatus.NOT_FOUND, assertThrows(CimException.class, () -> client.getInstance(p)).status());
        assertFalse(client.enumerateInstanceNames(INTEROP, "CIM_IndicationFilter").stream()
                .anyMatch(n -> n.key("Name").asString().equals("client-filter")));
    }

    @Test
    void interopAssociationsOfTheObjectManager() throws Exception {
        ObjectPath om = objectManager().path();
        List<ObjectPath> all = client.associatorNames(om, null, null, null, null);
        assertEquals(Set.of("CIM_CIMXMLCommunicationMechanism", "CIM_Namespace", "CIM_RegisteredProfile"),
                classNames(all));
        for (ObjectPath p : all) {
            assertEquals("localhost", p.host(), "associator paths carry the host: " + p);
            assertNotNull(p.namespace());
        }
        List<CimInstance> mechanisms = client.associators(om, "CIM_CommMechanismForManager", null, "Antecedent",
                "Dependent");
        assertEquals(1, mechanisms.size());
        CimInstance mech = mechanisms.get(0);
        assertEquals(2, mech.value("CommunicationMechanism").asInt());
        assertEquals("ReplicaCIM+http+" + SERVER.port(), mech.value("Name").asString());
        assertFalse(mech.value("MultipleOperationsSupported").asBoolean());
        assertTrue(client.associators(om, "CIM_CommMechanismForManager", null, "Dependent", null).isEmpty(),
                "the object manager is the Antecedent");

        List<ObjectPath> refNames = client.referenceNames(om, "CIM_NamespaceInManager", null);
        assertEquals(2, refNames.size());
        List<CimInstance> refs = client.references(om, "CIM_NamespaceInManager", "Antecedent");
        assertEquals(2, refs.size());
        for (CimInstance r : refs) {
            assertEquals(om.local(), r.value("Antecedent").asReference().local());
        }
        // and from the other end
        ObjectPath profile = serverProfile();
        List<CimInstance> conforms = client.references(profile, "CIM_ElementConformsToProfile", null);
        assertEquals(1, conforms.size());
        assertEquals(om.local(), conforms.get(0).value("ManagedElement").asReference().local());
        assertEquals(List.of(om.local()), client.associatorNames(profile, "CIM_ElementConformsToProfile", null, null,
                "ManagedElement").stream().map(ObjectPath::local).toList());
    }

    @Test
    void interopGetCentralInstancesReturnsTheObjectManager() throws Exception {
        MethodResult r = client.invokeMethod(serverProfile(), "GetCentralInstances");
        assertEquals(0, r.returnValue().asInt());
        ParamValue central = r.outParameter("CentralInstances");
        assertNotNull(central);
        List<Object> refs = central.value().elements();
        assertEquals(1, refs.size());
        ObjectPath om = (ObjectPath) refs.get(0);
        assertEquals(CimName.of("CIM_ObjectManager"), om.className());
        assertEquals(INTEROP, om.namespace());
        assertEquals(objectManager().path().local(), om.local());

        CimException notFound = assertThrows(CimException.class, () -> client.invokeMethod(
                ObjectPath.builder("CIM_RegisteredProfile").namespace(INTEROP).key("InstanceID", "nope").build(),
                "GetCentralInstances"));
        assertEquals(CimStatus.NOT_FOUND, notFound.status());
    }

    @Test
    void interopQualifierDeclarations() throws Exception {
        QualifierDeclaration key = client.getQualifier(INTEROP, "Key");
        assertEquals(CimType.BOOLEAN, key.type());
        Set<String> names = new TreeSet<>();
        for (QualifierDeclaration q : client.enumerateQualifiers(INTEROP)) {
            names.add(q.name().value());
        }
        assertTrue(names.containsAll(Set.of("Key", "Description", "ValueMap", "Values", "Association")), names::toString);
    }

    @Test
    void interopQueries() throws Exception {
        List<CimInstance> snia = client.execQuery(INTEROP, "WQL",
                "SELECT RegisteredName, RegisteredVersion FROM CIM_RegisteredProfile WHERE RegisteredOrganization = 11 AND RegisteredName = 'Server'");
        assertEquals(1, snia.size());
        assertEquals("Server", snia.get(0).value("RegisteredName").asString());
        assertNull(snia.get(0).property("InstanceID"), "the select list projects");
        assertEquals("SNIA+Server+1.6.1", snia.get(0).path().key("InstanceID").asString(), "the path keeps its keys");

        List<CimInstance> cql = client.execQuery(INTEROP, "DMTF:CQL",
                "SELECT * FROM CIM_Namespace WHERE Name LIKE 'root/cimv2.*' OR Name IS NULL");
        assertEquals(1, cql.size());
        assertEquals("root/cimv2/storage/iscsitarget", cql.get(0).value("Name").asString());
    }

    @Test
    void interopPullSequences() throws Exception {
        PullResult<CimInstance> first = client.openEnumerateInstances(INTEROP, "CIM_Namespace", 1);
        assertEquals(1, first.objects().size());
        assertFalse(first.endOfSequence());
        assertEquals("1", client.enumerationCount(INTEROP, first.enumerationContext()).asString());
        PullResult<CimInstance> rest = client.pullInstancesWithPath(INTEROP, first.enumerationContext(), 10);
        assertTrue(rest.endOfSequence());
        assertEquals("", rest.enumerationContext());
        assertEquals(1, rest.objects().size());
        assertNotNull(rest.objects().get(0).path());
        assertNotNullContextIsGone(first.enumerationContext());

        PullResult<ObjectPath> paths = client.openEnumerateInstancePaths(INTEROP, "CIM_RegisteredProfile", 0);
        assertTrue(paths.objects().isEmpty());
        assertFalse(paths.endOfSequence());
        client.closeEnumeration(INTEROP, paths.enumerationContext());
        assertNotNullContextIsGone(paths.enumerationContext());

        ObjectPath om = objectManager().path();
        PullResult<CimInstance> assoc = client.openAssociatorInstances(om, "CIM_NamespaceInManager", null, null, null,
                10);
        assertTrue(assoc.endOfSequence());
        assertEquals(2, assoc.objects().size());
        PullResult<ObjectPath> assocPaths = client.openAssociatorInstancePaths(om, null, "CIM_RegisteredProfile", null,
                null, 10);
        assertEquals(Set.of("CIM_RegisteredProfile"), classNames(assocPaths.objects()));
        PullResult<CimInstance> refs = client.openReferenceInstances(om, "CIM_CommMechanismForManager", null, 10);
        assertEquals(1, refs.objects().size());
        PullResult<ObjectPath> refPaths = client.openReferenceInstancePaths(om, null, "Antecedent", 1);
        assertEquals(1, refPaths.objects().size());
        assertFalse(refPaths.endOfSequence());
        int total = 1;
        PullResult<ObjectPath> more = refPaths;
        while (!more.endOfSequence()) {
            more = client.pullInstancePaths(INTEROP, more.enumerationContext(), 2);
            total += more.objects().size();
        }
        assertEquals(client.referenceNames(om, null, "Antecedent").size(), total);

        PullResult<CimInstance> query = client.openQueryInstances(INTEROP, "DMTF:CQL",
                "SELECT Name FROM CIM_Namespace", 1);
        assertEquals(1, query.objects().size());
        assertNull(query.objects().get(0).path(), "PullInstances results carry no path");
        PullResult<CimInstance> queryRest = client.pullInstances(INTEROP, query.enumerationContext(), 5);
        assertTrue(queryRest.endOfSequence());
        assertEquals(1, queryRest.objects().size());
    }

    private static void assertNotNullContextIsGone(String context) {
        CimException e = assertThrows(CimException.class, () -> client.pullInstancesWithPath(INTEROP, context, 1));
        assertEquals(CimStatus.INVALID_ENUMERATION_CONTEXT, e.status());
    }

    // ---- root/cimv2/storage/iscsitarget -------------------------------------------------------------------

    @Test
    void storageClasses() throws Exception {
        List<CimName> names = client.enumerateClassNames(STORAGE, null, true);
        assertTrue(names.contains(CimName.of("MSISCSITARGET_ReplicationService")));
        assertEquals(List.of(CimName.of("MSISCSITARGET_StorageVolume")),
                client.enumerateClassNames(STORAGE, "CIM_StorageVolume", true));
        CimClass rs = client.getClass(STORAGE, "MSISCSITARGET_ReplicationService");
        CimMethod create = rs.method("CreateElementReplica");
        assertNotNull(create);
        assertEquals(CimType.REFERENCE, create.parameter("SourceElement").type());
        assertEquals("CIM_ReplicationSettingData",
                CimQualifier.stringValue(create.parameter("ReplicationSettingData").qualifiers(), "EmbeddedInstance"));
    }

    @Test
    void storageInstancesAndAssociationsOfStaticClasses() throws Exception {
        ObjectPath hw = client.createInstance(STORAGE, CimInstance.builder("MSISCSITARGET_StorageHardwareID")
                .property("StorageID", CimValue.string("iqn.1991-05.com.microsoft:client-host"))
                .property("IDType", CimValue.uint16(5)).build());
        assertTrue(hw.key("InstanceID").asString().startsWith("ReplicaCIM:"), "a generated InstanceID: " + hw);
        ObjectPath priv = client.createInstance(STORAGE, CimInstance.builder("MSISCSITARGET_AuthorizedPrivilege")
                .property("InstanceID", CimValue.string("client-priv"))
                .property("PrivilegeGranted", CimValue.bool(true))
                .property("Activities", CimValue.uint16Array(5, 6)).build());
        ObjectPath subject = client.createInstance(STORAGE, CimInstance.builder("MSISCSITARGET_AuthorizedSubject")
                .property("Privilege", CimValue.reference(priv))
                .property("PrivilegedElement", CimValue.reference(hw)).build());
        assertEquals(priv.local(), subject.key("Privilege").asReference().local());

        CimInstance got = client.getInstance(hw);
        assertEquals(5, got.value("IDType").asInt());
        client.modifyInstance(got.withProperty("ElementName", CimValue.string("client host")), null);
        assertEquals("client host", client.getInstance(hw).value("ElementName").asString());

        assertEquals(List.of(priv.local()), client.associatorNames(hw, null, null, null, null).stream()
                .map(ObjectPath::local).toList());
        List<CimInstance> privileges = client.associators(hw, "MSISCSITARGET_AuthorizedSubject",
                "CIM_Privilege", "PrivilegedElement", "Privilege");
        assertEquals(1, privileges.size());
        assertEquals(List.of(5, 6), privileges.get(0).value("Activities").elements().stream()
                .map(o -> ((Number) o).intValue()).toList());
        assertEquals(List.of(subject.local()), client.referenceNames(priv, null, "Privilege").stream()
                .map(ObjectPath::local).toList());
        List<CimInstance> refs = client.references(hw, "CIM_AuthorizedSubject", null);
        assertEquals(1, refs.size());
        assertEquals(hw.local(), refs.get(0).value("PrivilegedElement").asReference().local());
        assertTrue(client.references(hw, null, "Privilege").isEmpty());

        client.deleteInstance(subject);
        assertTrue(client.associatorNames(hw, null, null, null, null).isEmpty());
        client.deleteInstance(priv);
        client.deleteInstance(hw);
        assertEquals(CimStatus.NOT_FOUND, assertThrows(CimException.class, () -> client.getInstance(hw)).status());
    }

    @Test
    void storageLargeEnumerationsPullInBatches() throws Exception {
        int n = 250;
        for (int i = 0; i < n; i++) {
            client.createInstance(STORAGE, CimInstance.builder("MSISCSITARGET_AuthorizedPrivilege")
                    .property("InstanceID", CimValue.string(String.format("batch-%04d", i)))
                    .property("PrivilegeGranted", CimValue.bool(i % 2 == 0)).build());
        }
        List<String> seen = new ArrayList<>();
        long count = client.forEachInstance(STORAGE, "CIM_Privilege", 64, i -> {
            String id = i.path().key("InstanceID").asString();
            if (id.startsWith("batch-")) {
                seen.add(id);
            }
        });
        assertTrue(count >= n);
        assertEquals(n, new TreeSet<>(seen).size());
        List<CimInstance> granted = client.execQuery(STORAGE, "WQL", "SELECT InstanceID FROM "
                + "MSISCSITARGET_AuthorizedPrivilege WHERE PrivilegeGranted = TRUE AND InstanceID LIKE 'batch-%'");
        assertEquals(n / 2, granted.size());
        for (String id : seen) {
            client.deleteInstance(ObjectPath.builder("MSISCSITARGET_AuthorizedPrivilege").namespace(STORAGE)
                    .key("InstanceID", id).build());
        }
        assertTrue(client.enumerateInstanceNames(STORAGE, "MSISCSITARGET_AuthorizedPrivilege").stream()
                .noneMatch(p -> p.key("InstanceID").asString().startsWith("batch-")));
    }

    /**
     * No storage-namespace method provider is registered in this branch (the Block and Replication providers arrive
     * separately): cm here checks method lookup and parameter checking against the class.
     */
    @Test
    void storageMethodCallsAreCheckedAgainstTheClass() throws Exception {
        ObjectPath rs = ObjectPath.builder("MSISCSITARGET_ReplicationService").namespace(STORAGE)
                .key("CreationClassName", "MSISCSITARGET_ReplicationService").key("Name", "RS")
                .key("SystemCreationClassName", "MSISCSITARGET_ComputerSystem").key("SystemName", "localhost").build();
        CimException unknown = assertThrows(CimException.class, () -> client.invokeMethod(rs, "Frobnicate"));
        assertEquals(CimStatus.METHOD_NOT_FOUND, unknown.status());
        CimException classPath = assertThrows(CimException.class, () -> client.invokeMethod(
                ObjectPath.ofClass(STORAGE, CimName.of("NoSuchClass")), "CreateElementReplica"));
        assertEquals(CimStatus.NOT_FOUND, classPath.status());
    }
}
