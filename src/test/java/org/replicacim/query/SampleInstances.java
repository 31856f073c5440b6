package org.replicacim.query;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.replicacim.cim.CimDateTime;
import org.replicacim.cim.CimInstance;
import org.replicacim.cim.CimName;
import org.replicacim.cim.CimType;
import org.replicacim.cim.CimValue;
import org.replicacim.cim.ObjectPath;

/** Instances and a class hierarchy shared by the query tests. */
final class SampleInstances {
    /** RCIM_StorageVolume ⊂ CIM_StorageVolume ⊂ CIM_StorageExtent ⊂ CIM_ManagedElement, and job/indication classes. */
    static final Map<String, String> SUPERCLASS = Map.of(
            "rcim_storagevolume", "CIM_StorageVolume",
            "cim_storagevolume", "CIM_StorageExtent",
            "cim_storageextent", "CIM_ManagedElement",
            "cim_concretejob", "CIM_Job",
            "cim_job", "CIM_ManagedElement",
            "cim_instmodification", "CIM_InstIndication",
            "cim_instindication", "CIM_Indication");

    /** The hierarchy above, walked upwards. */
    static final ClassHierarchy HIERARCHY = (cls, ancestor) -> {
        String s = SUPERCLASS.get(cls.folded());
        while (s != null) {
            if (ancestor.is(s)) {
                return true;
            }
            s = SUPERCLASS.get(s.toLowerCase(java.util.Locale.ROOT));
        }
        return false;
    };

    static final ObjectPath SYSTEM_PATH = ObjectPath.builder("RCIM_System").namespace("root/cimv2")
            .key("Name", "array1").build();

    static final ObjectPath VOLUME_PATH = ObjectPath.builder("RCIM_StorageVolume").namespace("root/cimv2")
            .key("DeviceID", "vol-1").key("SystemName", "array1").build();

    /** A storage volume with a property of most types. */
    static final CimInstance VOLUME = CimInstance.builder("RCIM_StorageVolume")
            .path(VOLUME_PATH)
            .property("DeviceID", CimValue.string("vol-1"))
            .property("SystemName", CimValue.string("array1"))
            .property("ElementName", CimValue.string("db-primary"))
            .property("BlockSize", CimValue.uint64(512))
            .property("NumberOfBlocks", CimValue.uint64(new BigInteger("18446744073709551615")))
            .property("OperationalStatus", CimValue.uint16Array(2, 32768))
            .property("IsThin", CimValue.bool(true))
            .property("Temperature", CimValue.real64(36.6))
            .property("Ratio", CimValue.real32(0.1f))
            .property("Priority", CimValue.sint32(-5))
            .property("Level", CimValue.uint8(3))
            .property("Initial", CimValue.char16('v'))
            .property("Created", CimValue.datetime(CimDateTime.parse("20240101120000.000000+000")))
            .property("Retention", CimValue.datetime(CimDateTime.parse("00000001000000.000000:000")))
            .property("Owner", CimValue.reference(SYSTEM_PATH))
            .property("Description", CimValue.nullValue(CimType.STRING, false))
            .property("Names", CimValue.stringArray("alpha", "beta", "gamma"))
            .property("EmptyList", CimValue.uint16Array())
            .property("NullList", CimValue.nullValue(CimType.UINT16, true))
            .property("Sparse", CimValue.array(CimType.UINT16, Arrays.asList(1, null, 3)))
            .property("Job", CimValue.embedded(CimValue.Embedded.INSTANCE, job(7, "Backup")))
            .build();

    /** An indication carrying a job before and after a change. */
    static final CimInstance MODIFICATION = CimInstance.builder("CIM_InstModification")
            .property("SourceInstance", CimValue.embedded(CimValue.Embedded.INSTANCE, job(7, "Backup")))
            .property("PreviousInstance", CimValue.embedded(CimValue.Embedded.INSTANCE, job(4, "Backup")))
            .property("IndicationIdentifier", CimValue.string("ind-1"))
            .build();

    /** A job with a state and name. */
    static CimInstance job(int state, String name) {
        return CimInstance.builder("CIM_ConcreteJob")
                .property("JobState", CimValue.uint16(state))
                .property("Name", CimValue.string(name))
                .property("PercentComplete", CimValue.uint16(state == 7 ? 100 : 40))
                .build();
    }

    /** A plain instance of another class, with a job list. */
    static final CimInstance SYSTEM = CimInstance.builder("RCIM_System")
            .path(SYSTEM_PATH)
            .property("Name", CimValue.string("array1"))
            .property("Jobs", CimValue.embeddedArray(CimValue.Embedded.INSTANCE,
                    List.of(job(7, "one"), job(4, "two"))))
            .build();

    /** The instances by a short name used in test tables. */
    static CimInstance named(String name) {
        return switch (name) {
            case "volume" -> VOLUME;
            case "modification" -> MODIFICATION;
            case "system" -> SYSTEM;
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** A name for comparisons in assertions. */
    static CimName name(String s) {
        return CimName.of(s);
    }

    private SampleInstances() {
    }
}
