package org.replicacim.cim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ObjectPathTest {
    private static final ObjectPath VOLUME = ObjectPath.builder("CIM_StorageVolume")
            .namespace("root/cimv2/storage/iscsitarget")
            .key("SystemName", "array1").key("DeviceID", "vol-7")
            .key("CreationClassName", "CIM_StorageVolume").key("SystemCreationClassName", "CIM_ComputerSystem")
            .build();

    @Test
    void equalityIgnoresHostKeyOrderAndNameCase() {
        ObjectPath other = ObjectPath.builder("cim_storagevolume").namespace("ROOT/cimv2/storage/iscsitarget")
                .host("array1.example.com")
                .key("deviceid", "vol-7").key("SYSTEMNAME", "array1")
                .key("SystemCreationClassName", "CIM_ComputerSystem").key("CreationClassName", "CIM_StorageVolume")
                .build();
        assertEquals(VOLUME, other);
        assertEquals(VOLUME.hashCode(), other.hashCode());
        assertNotEquals(VOLUME, other.withKeys(java.util.List.of(KeyBinding.of("DeviceID", "vol-8"))));
    }

    @Test
    void numericKeysCompareByValue() {
        ObjectPath a = ObjectPath.builder("X").key("N", CimValue.uint16(5)).build();
        ObjectPath b = ObjectPath.builder("X").key("N", CimValue.uint64(5)).build();
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
    }

    @Test
    void textFormRoundTripsWithReferenceKeys() {
        ObjectPath sync = ObjectPath.builder("CIM_StorageSynchronized").namespace("root/cimv2/storage/iscsitarget")
                .key("SystemElement", CimValue.reference(VOLUME))
                .key("SyncedElement", CimValue.reference(VOLUME.withKeys(java.util.List.of(
                        KeyBinding.of("DeviceID", "vol \"8\""), KeyBinding.of("SystemName", "array1"),
                        KeyBinding.of("CreationClassName", "CIM_StorageVolume"),
                        KeyBinding.of("SystemCreationClassName", "CIM_ComputerSystem")))))
                .build();
        ObjectPath parsed = ObjectPath.parse(sync.toString());
        assertEquals(sync, parsed);
        assertEquals(CimType.REFERENCE, parsed.key("SyncedElement").type());
        assertEquals("vol \"8\"", parsed.key("SyncedElement").asReference().key("DeviceID").asString());
    }

    @Test
    void parsesClientForms() {
        ObjectPath p = ObjectPath.parse("http://localhost:5988/root/interop:CIM_Namespace.Name=\"interop\",N=5,B=TRUE");
        assertEquals("localhost:5988", p.host());
        assertEquals(Namespace.of("root/interop"), p.namespace());
        assertEquals(CimValue.uint64(5), p.key("N"));
        assertEquals(CimValue.bool(true), p.key("B"));
        ObjectPath c = ObjectPath.parse("root/cimv2:CIM_ComputerSystem");
        assertTrue(c.isClassPath());
        assertNull(ObjectPath.parse("CIM_X").namespace());
        assertThrows(IllegalArgumentException.class, () -> ObjectPath.parse("root:9bad.K=1"));
        assertThrows(IllegalArgumentException.class, () -> ObjectPath.parse("CIM_X.K=\"open"));
    }

    @Test
    void refusesDuplicateKeys() {
        assertThrows(IllegalArgumentException.class,
                () -> ObjectPath.builder("X").key("K", "1").key("k", "2").build());
    }

    @Test
    void namesAndNamespacesAreCaseInsensitive() {
        assertEquals(CimName.of("CopyState"), CimName.of("COPYSTATE"));
        assertEquals("CopyState", CimName.of("CopyState").value());
        assertEquals(Namespace.of("/root/Interop/"), Namespace.of("root/interop"));
        assertEquals("root/Interop", Namespace.of("root\\Interop").value());
        assertThrows(IllegalArgumentException.class, () -> CimName.of("1abc"));
        assertThrows(IllegalArgumentException.class, () -> Namespace.of("root//x"));
    }
}
