package org.replicacim.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.replicacim.cim.CimInstance;
import org.replicacim.cim.CimValue;
import org.replicacim.cim.ObjectPath;
import org.replicacim.message.MethodResult;
import org.replicacim.message.ParamValue;
import org.replicacim.storage.ReplicaPair;
import org.replicacim.storage.ReplicaTarget;
import org.replicacim.storage.VolumeId;

/**
 * Block Services over HTTP: wbemcli creates, resizes and returns volumes through the storage configuration service,
 * qemu-io writes to them through NBD, refused calls change nothing, and a client's discovery walk from the interop
 * profiles reaches the system, its services, pools and volumes.
 */
class BlockServicesIT {
    @RegisterExtension
    static final RunningServer SERVER = new RunningServer();

    private static final String SYSTEM = "SystemCreationClassName=\"MSFTSM_ComputerSystem\",SystemName=\"localhost\"";
    private static final String SERVICE = "MSISCSITARGET_StorageConfigurationService.CreationClassName="
            + "\"MSISCSITARGET_StorageConfigurationService\",Name=\"MSISCSITARGET_StorageConfigurationService\","
            + SYSTEM;
    private static final String POOL = "MSISCSITARGET_StoragePool.InstanceID=\"ReplicaCIM:POOL:default\"";
    private static final String PRIMORDIAL = "MSISCSITARGET_StoragePool.InstanceID=\"ReplicaCIM:PRIMORDIAL:default\"";
    private static final long MIB = 1024 * 1024;

    private static RawCimClient cim;

    @BeforeAll
    static void setUp() {
        Wbemcli.requireInstalled();
        cim = new RawCimClient(SERVER.port());
    }

    // ---------------------------------------------------------------- wbemcli plumbing

    private static String ns() {
        return SERVER.url() + "/root/cimv2/storage/iscsitarget:";
    }

    private static String vol(String deviceId) {
        return "MSISCSITARGET_StorageVolume.CreationClassName=\"MSISCSITARGET_StorageVolume\",DeviceID=\"" + deviceId
                + "\"," + SYSTEM;
    }

    /** wbemcli cm on the configuration service; returns its output. */
    private static String cm(String method, String params) throws Exception {
        return Wbemcli.run("cm", ns() + SERVICE, method + (params.isEmpty() ? "" : "." + params)).assertOk().out();
    }

    private static int rc(String method, String out) {
        Matcher m = Pattern.compile(method + ": (\\d+)").matcher(out);
        assertTrue(m.find(), () -> "no return value in: " + out);
        return Integer.parseInt(m.group(1));
    }

    private static long outSize(String out) {
        Matcher m = Pattern.compile("Size \\(uint64\\): (\\d+)").matcher(out);
        assertTrue(m.find(), () -> "no Size in: " + out);
        return Long.parseLong(m.group(1));
    }

    private static String outVolume(String out) {
        Matcher m = Pattern.compile("TheElement \\(reference\\): [^ ]*?DeviceID=\"([^\"]+)\"").matcher(out);
        assertTrue(m.find(), () -> "no TheElement in: " + out);
        return m.group(1);
    }

    /** Creates a volume with wbemcli and returns its DeviceID. */
    private static String create(String name, long size) throws Exception {
        String out = cm("CreateOrModifyElementFromStoragePool", "ElementName=\"" + name + "\",ElementType=2,Size="
                + size + ",InPool=" + POOL);
        assertEquals(0, rc("CreateOrModifyElementFromStoragePool", out), out);
        return outVolume(out);
    }

    private static int returnToPool(String deviceId) throws Exception {
        return rc("ReturnToStoragePool", cm("ReturnToStoragePool", "TheElement=" + vol(deviceId)));
    }

    /** wbemcli gi of an instance: its property text, or null when the server answers CIM_ERR_NOT_FOUND. */
    private static String gi(String path) throws Exception {
        Wbemcli.Result r = Wbemcli.run("gi", ns() + path);
        if (r.exitCode() != 0) {
            assertTrue((r.err() + r.out()).contains("CIM_ERR_NOT_FOUND"), () -> "gi failed: " + r.err() + r.out());
            return null;
        }
        return r.out();
    }

    private static long prop(String gi, String name) {
        Matcher m = Pattern.compile("(?<![A-Za-z])" + name + "=(\\d+)").matcher(gi);
        assertTrue(m.find(), () -> "no " + name + " in: " + gi);
        return Long.parseLong(m.group(1));
    }

    private static long remaining() throws Exception {
        return prop(gi(POOL), "RemainingManagedSpace");
    }

    private static Set<String> volumeIds() throws Exception {
        Set<String> ids = new HashSet<>();
        for (ObjectPath p : cim.enumerateInstanceNames(RawCimClient.STORAGE, "CIM_StorageVolume")) {
            ids.add(p.key("DeviceID").asString());
        }
        return ids;
    }

    // ---------------------------------------------------------------- scenarios

    @Test
    void createWriteResizeAndReturnAVolume() throws Exception {
        NbdIo.requireInstalled();
        long before = remaining();
        String id = create("it-data", 8 * MIB);

        String listed = Wbemcli.run("ein", ns() + "CIM_StorageVolume").assertOk().out();
        assertTrue(listed.contains("DeviceID=\"" + id + "\""), listed);
        String volume = gi(vol(id));
        assertTrue(volume.contains("ElementName=\"it-data\""), volume);
        assertEquals(512, prop(volume, "BlockSize"));
        assertEquals(8 * MIB / 512, prop(volume, "NumberOfBlocks"));
        assertEquals(8 * MIB / 512, prop(volume, "ConsumableBlocks"));
        assertEquals(2, prop(volume, "Usage"));
        assertTrue(volume.contains("MSDevicePath=\"nbd://127.0.0.1:" + SERVER.server().nbdPort() + "/" + id + "\""),
                volume);
        assertEquals(before - 8 * MIB, remaining(), "the pool gave the volume's capacity");

        int nbd = SERVER.server().nbdPort();
        NbdIo.io(nbd, id, "write -P 0xab 0 1M");
        NbdIo.io(nbd, id, "read -P 0xab 0 1M");

        String grown = cm("CreateOrModifyElementFromStoragePool", "Size=" + 16 * MIB + ",TheElement=" + vol(id));
        assertEquals(0, rc("CreateOrModifyElementFromStoragePool", grown), grown);
        assertEquals(16 * MIB, outSize(grown));
        assertEquals(16 * MIB / 512, prop(gi(vol(id)), "NumberOfBlocks"));
        assertEquals(before - 16 * MIB, remaining());
        NbdIo.io(nbd, id, "read -P 0xab 0 1M");
        NbdIo.io(nbd, id, "read -P 0 15M 1M");

        // Shrinking below the written data is refused with the size the volume keeps.
        String shrunk = cm("CreateOrModifyElementFromStoragePool", "Size=4096,TheElement=" + vol(id));
        assertEquals(4097, rc("CreateOrModifyElementFromStoragePool", shrunk), shrunk);
        assertEquals(16 * MIB, outSize(shrunk));

        assertEquals(0, returnToPool(id));
        assertNull(gi(vol(id)), "the volume is gone");
        assertEquals(before, remaining(), "its capacity is back in the pool");
        assertEquals(5, returnToPool(id), "a second return names no volume");
    }

    @Test
    void sizesAreRoundedUpToWholeBlocks() throws Exception {
        String out = cm("CreateOrModifyElementFromStoragePool", "ElementName=\"odd\",Size=1000,InPool=" + POOL);
        assertEquals(0, rc("CreateOrModifyElementFromStoragePool", out), out);
        assertEquals(1024, outSize(out));
        String id = outVolume(out);
        assertEquals(2, prop(gi(vol(id)), "NumberOfBlocks"));
        // Without InPool the server picks the pool.
        String auto = cm("CreateOrModifyElementFromStoragePool", "ElementName=\"auto\",Size=4096");
        assertEquals(0, rc("CreateOrModifyElementFromStoragePool", auto), auto);
        assertEquals(0, returnToPool(outVolume(auto)));
        assertEquals(0, returnToPool(id));
    }

    @Test
    void badInputsAreRefusedAndChangeNothing() throws Exception {
        String keep = create("keep", MIB);
        Set<String> volumes = volumeIds();
        long free = remaining();
        String create = "CreateOrModifyElementFromStoragePool";

        assertEquals(5, rc(create, cm(create, "ElementName=\"x\",Size=4096,InPool="
                + "MSISCSITARGET_StoragePool.InstanceID=\"ReplicaCIM:POOL:nope\"")), "unknown pool");
        assertEquals(5, rc(create, cm(create, "ElementName=\"x\",Size=4096,InPool=" + PRIMORDIAL)),
                "primordial pool");
        String tooBig = cm(create, "ElementName=\"x\",Size=" + (4L << 40) + ",InPool=" + POOL);
        assertEquals(4097, rc(create, tooBig), tooBig);
        assertEquals(free, outSize(tooBig), "Size says what the pool can do");
        assertEquals(5, rc(create, cm(create, "ElementName=\"x\",InPool=" + POOL)), "no Size");
        assertEquals(5, rc(create, cm(create, "ElementName=\"x\",Size=0,InPool=" + POOL)), "Size 0");
        assertEquals(1, rc(create, cm(create, "ElementName=\"x\",ElementType=5,Size=4096,InPool=" + POOL)),
                "thin volumes are not offered");
        assertEquals(5, rc(create, cm(create, "ElementName=\"x\",ElementType=99,Size=4096,InPool=" + POOL)),
                "ElementType outside the value map");
        assertEquals(5, rc(create, cm(create, "ElementName=\"x\",Size=4096,Goal="
                + "MSISCSITARGET_StorageSetting.InstanceID=\"none\"")), "a Goal that names no setting");
        assertEquals(5, rc(create, cm(create, "Size=4096,TheElement=" + vol("vol-missing"))), "resize of nothing");
        assertEquals(1, rc(create, cm(create, "ElementName=\"renamed\",TheElement=" + vol(keep))), "no renaming");
        String growTooFar = cm(create, "Size=" + (4L << 40) + ",TheElement=" + vol(keep));
        assertEquals(4097, rc(create, growTooFar), growTooFar);
        assertEquals(MIB + free, outSize(growTooFar), "the largest size the volume can grow to");
        assertEquals(5, returnToPool("vol-missing"), "return of a volume that does not exist");
        assertEquals(5, rc("ReturnToStoragePool", cm("ReturnToStoragePool", "")), "no TheElement");
        assertEquals(5, rc("ReturnToStoragePool", cm("ReturnToStoragePool", "TheElement=" + POOL)),
                "TheElement is a pool, not a volume");
        assertEquals(1, rc("CreateReplica", cm("CreateReplica", "ElementName=\"r\",SourceElement=" + vol(keep))),
                "legacy Copy Services are not offered");

        assertEquals(volumes, volumeIds(), "no volume was created or deleted");
        assertEquals(free, remaining(), "no capacity was taken or given back");
        assertEquals(MIB / 512, prop(gi(vol(keep)), "NumberOfBlocks"));
        assertTrue(cim.enumerateInstanceNames(RawCimClient.STORAGE, "CIM_ConcreteJob").isEmpty(), "and no job");

        Wbemcli.Result noService = Wbemcli.run("cm", ns() + SERVICE.replace("SystemName=\"localhost\"",
                "SystemName=\"elsewhere\""), "ReturnToStoragePool.TheElement=" + vol(keep));
        assertTrue((noService.out() + noService.err()).contains("CIM_ERR_NOT_FOUND"), noService.out() + noService.err());
        assertEquals(0, returnToPool(keep));
    }

    @Test
    void volumesInAReplicaPairCannotBeReturnedOrResized() throws Exception {
        String source = create("pair-source", MIB);
        ReplicaPair pair = SERVER.server().backend().createSnapshot(VolumeId.of(source),
                ReplicaTarget.allocate(org.replicacim.storage.PoolId.of("default"), "pair-snap"));
        String target = pair.target().value();
        try {
            String s = gi(vol(source));
            assertEquals(6, prop(s, "Usage"), "Local Replica Source");
            assertTrue(s.contains("CanDelete=FALSE"), s);
            String t = gi(vol(target));
            assertEquals(12, prop(t, "Usage"), "Delta Replica Target");
            assertEquals(4, prop(t, "MSType"), "a snapshot is a differencing disk");
            assertTrue(t.contains("MSParentPath=\"nbd://127.0.0.1:"), t);

            assertEquals(6, returnToPool(source));
            assertEquals(6, returnToPool(target));
            String resize = cm("CreateOrModifyElementFromStoragePool", "Size=" + 2 * MIB + ",TheElement="
                    + vol(source));
            assertEquals(6, rc("CreateOrModifyElementFromStoragePool", resize), resize);
            assertNotNull(gi(vol(source)));
            assertNotNull(gi(vol(target)));
        } finally {
            // A snapshot depends on its source: dissolving the pair removes it.
            SERVER.server().backend().removePair(pair.id(), true);
        }
        assertNull(gi(vol(target)));
        assertEquals(0, returnToPool(source));
    }

    @Test
    void discoveryWalkFromTheRegisteredProfiles() throws Exception {
        String id = create("walk", 2 * MIB);
        ObjectPath volume = null;

        List<CimInstance> profiles = cim.enumerateInstances(RawCimClient.INTEROP, "CIM_RegisteredProfile");
        Set<String> names = new HashSet<>();
        ObjectPath array = null;
        ObjectPath blockServices = null;
        for (CimInstance p : profiles) {
            String name = p.value("RegisteredName").asString();
            if (p.value("RegisteredOrganization").asInt() == 11) {
                names.add(name + " " + p.value("RegisteredVersion").asString());
            }
            // Enumerated instances carry no namespace in their path; the profiles live in interop.
            ObjectPath path = p.path().withNamespace(RawCimClient.INTEROP);
            array = name.equals("Array") ? path : array;
            blockServices = name.equals("Block Services") ? path : blockServices;
        }
        assertTrue(names.containsAll(Set.of("Array 1.6.1", "Block Services 1.6.1", "Job Control 1.6.1")),
                names.toString());

        List<ObjectPath> systems = cim.associatorNames(array, "CIM_ElementConformsToProfile", "CIM_ComputerSystem");
        assertEquals(1, systems.size(), systems.toString());
        ObjectPath system = systems.get(0);
        assertEquals(RawCimClient.STORAGE, system.namespace());
        assertEquals("MSFTSM_ComputerSystem", system.className().value());
        CimInstance sys = cim.getInstance(system);
        assertEquals(List.of(3, 15), ints(sys, "Dedicated"));
        assertEquals(List.of(2), ints(sys, "OperationalStatus"));
        assertEquals(List.of(array.withHost(null)), cim.associatorNames(system, "CIM_ElementConformsToProfile",
                "CIM_RegisteredProfile").stream().map(p -> p.withHost(null)).toList(),
                "the conformance link answers from the storage side too");

        List<CimInstance> services = cim.associators(system, "CIM_HostedService", "CIM_Service");
        Set<String> serviceClasses = new HashSet<>();
        for (CimInstance s : services) {
            serviceClasses.add(s.className().value());
            assertEquals("localhost", s.value("SystemName").asString());
        }
        assertTrue(serviceClasses.contains("MSISCSITARGET_StorageConfigurationService"), serviceClasses.toString());
        assertTrue(Set.of("MSISCSITARGET_StorageConfigurationService", "MSISCSITARGET_ReplicationService")
                .containsAll(serviceClasses), "only services that exist: " + serviceClasses);
        ObjectPath service = services.stream().filter(s -> s.className().is("MSISCSITARGET_StorageConfigurationService"))
                .findFirst().orElseThrow().path();
        List<CimInstance> caps = cim.associators(service, "CIM_ElementCapabilities",
                "CIM_StorageConfigurationCapabilities");
        assertEquals(1, caps.size());
        assertEquals(List.of(2), ints(caps.get(0), "SupportedStorageElementTypes"));

        List<CimInstance> pools = cim.associators(system, "CIM_HostedStoragePool", "CIM_StoragePool");
        assertEquals(2, pools.size(), "the pool and the primordial pool behind it");
        CimInstance pool = pools.stream().filter(p -> !p.value("Primordial").asBoolean()).findFirst().orElseThrow();
        assertEquals(List.of(blockServices.withHost(null)), cim.associatorNames(pool.path(),
                "CIM_ElementConformsToProfile", null).stream().map(p -> p.withHost(null)).toList());
        assertEquals(1, cim.associators(pool.path(), "CIM_ElementCapabilities", "CIM_StorageCapabilities").size());
        ObjectPath poolPath = pool.path().withNamespace(RawCimClient.STORAGE);
        MethodResult range = cim.invoke(poolPath, "GetSupportedSizeRange", List.of());
        assertEquals(0, range.returnValue().asLong());
        assertEquals(512, range.outParameter("VolumeSizeDivisor").value().asLong());
        assertEquals(pool.value("RemainingManagedSpace").asLong() / 512 * 512,
                range.outParameter("MaximumVolumeSize").value().asLong(), "what CreateOrModify… would accept");
        ObjectPath primordial = pools.stream().filter(p -> p.value("Primordial").asBoolean()).findFirst()
                .orElseThrow().path().withNamespace(RawCimClient.STORAGE);
        assertEquals(3, cim.invoke(primordial, "GetSupportedSizeRange", List.of()).returnValue().asLong(),
                "a primordial pool allocates no volumes");
        assertEquals(0, cim.invoke(system, "RescanExtents", List.of()).returnValue().asLong());

        for (ObjectPath v : cim.associatorNames(system, "CIM_SystemDevice", "CIM_StorageVolume")) {
            volume = v.key("DeviceID").asString().equals(id) ? v : volume;
        }
        assertNotNull(volume, "SystemDevice reaches the new volume");
        List<ObjectPath> fromPool = cim.associatorNames(pool.path(), "CIM_AllocatedFromStoragePool",
                "CIM_StorageVolume");
        assertTrue(fromPool.stream().anyMatch(p -> p.key("DeviceID").asString().equals(id)), fromPool.toString());
        List<CimInstance> allocation = cim.references(volume, "CIM_AllocatedFromStoragePool");
        assertEquals(1, allocation.size());
        assertEquals(2 * MIB, allocation.get(0).value("SpaceConsumed").asLong());
        assertEquals(pool.path().withHost(null), allocation.get(0).value("Antecedent").asReference().withHost(null));

        // Clients that ask with the CIM class names find the Microsoft subclasses.
        assertEquals(1, cim.enumerateInstanceNames(RawCimClient.STORAGE, "CIM_ComputerSystem").size());
        assertEquals(2, cim.enumerateInstanceNames(RawCimClient.STORAGE, "CIM_StoragePool").size());
        assertFalse(cim.enumerateInstances(RawCimClient.STORAGE, "CIM_StorageConfigurationService").isEmpty());
        assertEquals(0, returnToPool(id));
        assertTrue(cim.associatorNames(system, "CIM_SystemDevice", "CIM_StorageVolume").stream()
                .noneMatch(p -> p.key("DeviceID").asString().equals(id)), "a returned volume leaves the walk");
    }

    @Test
    void volumesCreatedOverCimSurviveARestart() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("replicacim-restart");
        org.replicacim.app.ServerConfig config = org.replicacim.app.ServerConfig.defaults().withHttpPort(0)
                .withNbdPort(0).withDataDir(dir).withHostName("localhost").with("security.anonymousLoopback", "true");
        String id;
        CimInstance before;
        try (org.replicacim.app.ReplicaCimServer first = org.replicacim.app.ReplicaCimServer.start(config)) {
            RawCimClient c = new RawCimClient(first.httpPort());
            ObjectPath service = ObjectPath.parse("/root/cimv2/storage/iscsitarget:" + SERVICE);
            MethodResult r = c.invoke(service, "CreateOrModifyElementFromStoragePool", List.of(
                    ParamValue.of("ElementName", CimValue.string("durable")),
                    ParamValue.of("Size", CimValue.uint64(3 * MIB)),
                    ParamValue.of("InPool", CimValue.reference(ObjectPath.parse("/root/cimv2/storage/iscsitarget:"
                            + POOL)))));
            assertEquals(0, r.returnValue().asLong());
            ObjectPath v = r.outParameter("TheElement").value().asReference();
            id = v.key("DeviceID").asString();
            before = c.getInstance(v);
        }
        try (org.replicacim.app.ReplicaCimServer second = org.replicacim.app.ReplicaCimServer.start(config)) {
            RawCimClient c = new RawCimClient(second.httpPort());
            CimInstance after = c.getInstance(ObjectPath.parse("/root/cimv2/storage/iscsitarget:" + vol(id)));
            for (String p : List.of("ElementName", "Name", "NumberOfBlocks", "BlockSize")) {
                assertEquals(before.value(p), after.value(p), p + " is the same after the restart");
            }
        } finally {
            try (var files = java.nio.file.Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private static List<Integer> ints(CimInstance i, String property) {
        return i.value(property).elements().stream().map(o -> ((Number) o).intValue()).toList();
    }
}
