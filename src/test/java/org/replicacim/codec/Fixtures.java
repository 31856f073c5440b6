package org.replicacim.codec;

import java.util.List;
import org.replicacim.cim.CimClass;
import org.replicacim.cim.CimDateTime;
import org.replicacim.cim.CimException;
import org.replicacim.cim.CimInstance;
import org.replicacim.cim.CimMethod;
import org.replicacim.cim.CimName;
import org.replicacim.cim.CimParameter;
import org.replicacim.cim.CimProperty;
import org.replicacim.cim.CimQualifier;
import org.replicacim.cim.CimStatus;
import org.replicacim.cim.CimType;
import org.replicacim.cim.CimValue;
import org.replicacim.cim.Flavors;
import org.replicacim.cim.Namespace;
import org.replicacim.cim.ObjectPath;
import org.replicacim.cim.QualifierDeclaration;
import org.replicacim.cim.Scope;

/** Model objects shared by the codec tests (a small storage-flavoured schema). */
final class Fixtures {
    static final Namespace NS = Namespace.of("root/cimv2");
    static final String HOST = "array1.example.com";

    private Fixtures() {
    }

    static ObjectPath volumePath(String id) {
        return ObjectPath.builder("RCIM_StorageVolume").namespace(NS).host(HOST)
                .key("DeviceID", id).key("SystemName", "array1").build();
    }

    static CimInstance settingData() {
        return CimInstance.builder("CIM_ReplicationSettingData")
                .property("ElementName", CimValue.string("nightly & consistent"))
                .property("ConsistentPointInTime", CimValue.bool(true)).build();
    }

    static CimInstance volume(String id) {
        return CimInstance.builder("RCIM_StorageVolume").path(volumePath(id))
                .property("DeviceID", CimValue.string(id))
                .property("SystemName", CimValue.string("array1"))
                .property("ElementName", CimValue.string("db-data <" + id + "> & more"))
                .property("BlockSize", CimValue.uint64(512))
                .property("NumberOfBlocks", CimValue.uint64(2_097_152))
                .property("OperationalStatus", CimValue.uint16Array(2))
                .property("Primordial", CimValue.bool(false))
                .property("InstallDate", CimValue.datetime(CimDateTime.parse("20251123141502.250000+060")))
                .property("Caption", CimValue.nullValue(CimType.STRING, false))
                .build();
    }

    static CimClass volumeClass() {
        CimQualifier key = CimQualifier.flag("Key");
        CimMethod m = new CimMethod(CimName.of("CreateElementReplica"), CimType.UINT32, List.of(
                CimParameter.of("ElementName", CimType.STRING, false, List.of(CimQualifier.flag("In"))),
                CimParameter.of("SyncType", CimType.UINT16, false, List.of(CimQualifier.flag("In"))),
                new CimParameter(CimName.of("SourceElement"), CimType.REFERENCE, false, null,
                        CimName.of("CIM_LogicalElement"), List.of(CimQualifier.flag("In"))),
                CimParameter.of("ReplicationSettingData", CimType.STRING, false, List.of(CimQualifier.flag("In"),
                        CimQualifier.of("EmbeddedInstance", CimValue.string("CIM_ReplicationSettingData")))),
                new CimParameter(CimName.of("Job"), CimType.REFERENCE, false, null, CimName.of("CIM_ConcreteJob"),
                        List.of(CimQualifier.of("In", CimValue.bool(false)), CimQualifier.flag("Out")))),
                List.of(CimQualifier.of("Description", CimValue.string("Create a replica"))), null, false);
        return CimClass.builder("RCIM_StorageVolume").superclass(CimName.of("CIM_StorageVolume"))
                .qualifier(CimQualifier.of("Description", CimValue.string("A volume")))
                .property(CimProperty.declaration(CimName.of("DeviceID"), CimType.STRING, false, null, List.of(key)))
                .property(CimProperty.declaration(CimName.of("SystemName"), CimType.STRING, false, null, List.of(key)))
                .property(CimProperty.declaration(CimName.of("ElementName"), CimType.STRING, false, null, List.of()))
                .property(CimProperty.declaration(CimName.of("BlockSize"), CimType.UINT64, false, null, List.of()))
                .property(CimProperty.declaration(CimName.of("OperationalStatus"), CimType.UINT16, true, null,
                        List.of(CimQualifier.of("ValueMap", CimValue.stringArray("0", "2", "3")))))
                .method(m)
                .build();
    }

    static ObjectPath syncPath() {
        return ObjectPath.builder("RCIM_StorageSynchronized").namespace(NS).host(HOST)
                .key("SyncedElement", CimValue.reference(volumePath("vol-8")))
                .key("SystemElement", CimValue.reference(volumePath("vol-7"))).build();
    }

    static CimInstance sync() {
        return CimInstance.builder("RCIM_StorageSynchronized").path(syncPath())
                .property(CimProperty.reference("SystemElement", CimName.of("CIM_ManagedElement"), volumePath("vol-7")))
                .property(CimProperty.reference("SyncedElement", CimName.of("CIM_ManagedElement"), volumePath("vol-8")))
                .property("CopyState", CimValue.uint16(4)).build();
    }

    static ObjectPath jobPath() {
        return ObjectPath.builder("RCIM_ConcreteJob").namespace(NS).host(HOST).key("InstanceID", "RCIM:job:42").build();
    }

    static QualifierDeclaration keyQualifier() {
        return new QualifierDeclaration(CimName.of("Key"), CimType.BOOLEAN, false, null, CimValue.bool(false),
                java.util.Set.of(Scope.PROPERTY, Scope.REFERENCE), new Flavors(false, true, false));
    }

    static CimException notFound() {
        return new CimException(CimStatus.NOT_FOUND, "No RCIM_StorageVolume with DeviceID=\"vol-9\"");
    }
}
