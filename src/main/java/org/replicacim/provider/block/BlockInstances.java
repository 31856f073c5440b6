package org.replicacim.provider.block;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.replicacim.cim.CimInstance;
import org.replicacim.cim.CimValue;
import org.replicacim.cim.KeyBinding;
import org.replicacim.cim.ObjectPath;
import org.replicacim.storage.ReplicaKind;
import org.replicacim.storage.ReplicaPair;
import org.replicacim.storage.StoragePool;
import org.replicacim.storage.Volume;
import org.replicacim.storage.VolumeId;

/**
 * Builds the Block Services instances (class-inventory.md §6, §7) from what the backend reports now: the array
 * system, its pools (each concrete pool with the primordial pool behind it), volumes, the storage configuration
 * service and the capabilities. Every value is derived from the backend or is a fixed fact of this server.
 */
final class BlockInstances {
    /** CIM_StorageExtent.Usage values used for volumes (class-inventory.md §7). */
    static final int USAGE_UNRESTRICTED = 2;
    static final int USAGE_LOCAL_REPLICA_SOURCE = 6;
    static final int USAGE_LOCAL_REPLICA_TARGET = 8;
    static final int USAGE_LOCAL_REPLICA_SOURCE_OR_TARGET = 10;
    static final int USAGE_DELTA_REPLICA_TARGET = 12;

    /** MSISCSITARGET_StorageVolume.MSType values (VHD kinds): a sparse image is dynamic, a snapshot differencing. */
    static final int MS_TYPE_DYNAMIC = 3;
    static final int MS_TYPE_DIFFERENCING = 4;

    /** How a volume takes part in replication, derived from the backend's pairs. */
    record Roles(boolean source, ReplicaKind targetOf, VolumeId parent) {
        static final Roles NONE = new Roles(false, null, null);

        boolean inPair() {
            return source || targetOf != null;
        }

        int usage() {
            if (source && targetOf != null) {
                return USAGE_LOCAL_REPLICA_SOURCE_OR_TARGET;
            }
            if (source) {
                return USAGE_LOCAL_REPLICA_SOURCE;
            }
            if (targetOf != null) {
                return targetOf == ReplicaKind.SNAPSHOT ? USAGE_DELTA_REPLICA_TARGET : USAGE_LOCAL_REPLICA_TARGET;
            }
            return USAGE_UNRESTRICTED;
        }
    }

    private final ElementPaths paths;
    private final int nbdPort;

    /** @param nbdPort the port of the NBD export on 127.0.0.1, or -1 when there is none */
    BlockInstances(ElementPaths paths, int nbdPort) {
        this.paths = paths;
        this.nbdPort = nbdPort;
    }

    ElementPaths paths() {
        return paths;
    }

    /** The replication role of every volume that is in at least one pair. */
    static Map<VolumeId, Roles> roles(List<ReplicaPair> pairs) {
        Map<VolumeId, Roles> out = new HashMap<>();
        for (ReplicaPair p : pairs) {
            Roles s = out.getOrDefault(p.source(), Roles.NONE);
            out.put(p.source(), new Roles(true, s.targetOf(), s.parent()));
            Roles t = out.getOrDefault(p.target(), Roles.NONE);
            out.put(p.target(), new Roles(t.source(), p.kind(), p.source()));
        }
        return out;
    }

    private static CimInstance.Builder withKeys(ObjectPath path) {
        CimInstance.Builder b = CimInstance.builder(path.className()).path(path);
        for (KeyBinding k : path.keys()) {
            b.property(k.name(), k.value());
        }
        return b;
    }

    CimInstance system() {
        String name = paths.systemName();
        return withKeys(paths.system())
                .property("ElementName", CimValue.string(name))
                .property("Description", CimValue.string("ReplicaCIM block storage array on " + name))
                .property("NameFormat", CimValue.string("Other"))
                .property("OtherIdentifyingInfo", CimValue.stringArray(name))
                .property("IdentifyingDescriptions", CimValue.stringArray("Host name"))
                .property("Dedicated", CimValue.uint16Array(3, 15))
                .property("OperationalStatus", CimValue.uint16Array(2))
                .property("HealthState", CimValue.uint16(5))
                .property("EnabledState", CimValue.uint16(2))
                .property("RequestedState", CimValue.uint16(12))
                .property("EnabledDefault", CimValue.uint16(2))
                .build();
    }

    CimInstance pool(StoragePool p) {
        return withKeys(paths.pool(p.id()))
                .property("PoolID", CimValue.string(p.id().value()))
                .property("ElementName", CimValue.string(p.name()))
                .property("Description", CimValue.string("Pool " + p.name() + ": volumes are allocated from it"))
                .property("Primordial", CimValue.bool(false))
                .property("TotalManagedSpace", CimValue.uint64(p.capacityBytes()))
                .property("RemainingManagedSpace", CimValue.uint64(p.freeBytes()))
                .property("Usage", CimValue.uint16(USAGE_UNRESTRICTED))
                .property("ElementsShareSpace", CimValue.bool(false))
                .property("SystemName", CimValue.string(paths.systemName()))
                .property("OperationalStatus", CimValue.uint16Array(2))
                .property("HealthState", CimValue.uint16(5))
                .build();
    }

    /** The raw capacity behind a pool; all of it is given to the concrete pool, so none remains. */
    CimInstance primordialPool(StoragePool p) {
        return withKeys(paths.primordialPool(p.id()))
                .property("PoolID", CimValue.string("primordial-" + p.id().value()))
                .property("ElementName", CimValue.string("Primordial " + p.name()))
                .property("Description", CimValue.string("Raw capacity behind pool " + p.name()))
                .property("Primordial", CimValue.bool(true))
                .property("TotalManagedSpace", CimValue.uint64(p.capacityBytes()))
                .property("RemainingManagedSpace", CimValue.uint64(0))
                .property("Usage", CimValue.uint16(USAGE_UNRESTRICTED))
                .property("SystemName", CimValue.string(paths.systemName()))
                .property("OperationalStatus", CimValue.uint16Array(2))
                .property("HealthState", CimValue.uint16(5))
                .build();
    }

    CimInstance volume(Volume v, Roles roles) {
        String naa = naaName(v.id());
        String elementName = v.name() == null || v.name().isBlank() ? v.id().value() : v.name();
        CimInstance.Builder b = withKeys(paths.volume(v.id()))
                .property("ElementName", CimValue.string(elementName))
                .property("Description", CimValue.string("Volume " + v.id().value() + " in pool " + v.poolId().value()))
                .property("Name", CimValue.string(naa))
                .property("NameFormat", CimValue.uint16(9))
                .property("NameNamespace", CimValue.uint16(2))
                .property("OtherIdentifyingInfo", CimValue.stringArray(naa))
                .property("IdentifyingDescriptions", CimValue.stringArray("NAA;VPD83Type3"))
                .property("BlockSize", CimValue.uint64(v.blockSize()))
                .property("NumberOfBlocks", CimValue.uint64(v.blockCount()))
                .property("ConsumableBlocks", CimValue.uint64(v.blockCount()))
                .property("DataOrganization", CimValue.uint16(2))
                .property("Access", CimValue.uint16(3))
                .property("ExtentStatus", CimValue.uint16Array(2))
                .property("Primordial", CimValue.bool(false))
                .property("IsBasedOnUnderlyingRedundancy", CimValue.bool(false))
                .property("NoSinglePointOfFailure", CimValue.bool(false))
                .property("DataRedundancy", CimValue.uint16(1))
                .property("PackageRedundancy", CimValue.uint16(0))
                .property("SequentialAccess", CimValue.bool(false))
                .property("IsComposite", CimValue.bool(false))
                .property("Usage", CimValue.uint16(roles.usage()))
                .property("ThinlyProvisioned", CimValue.bool(false))
                .property("CanDelete", CimValue.bool(!roles.inPair()))
                .property("OperationalStatus", CimValue.uint16Array(2))
                .property("HealthState", CimValue.uint16(5))
                .property("EnabledState", CimValue.uint16(2))
                .property("RequestedState", CimValue.uint16(12))
                .property("EnabledDefault", CimValue.uint16(2))
                .property("MSType", CimValue.sint32(roles.targetOf() == ReplicaKind.SNAPSHOT ? MS_TYPE_DIFFERENCING
                        : MS_TYPE_DYNAMIC));
        if (nbdPort >= 0) {
            b.property("MSDevicePath", CimValue.string(devicePath(v.id())));
            if (roles.targetOf() == ReplicaKind.SNAPSHOT && roles.parent() != null) {
                b.property("MSParentPath", CimValue.string(devicePath(roles.parent())));
            }
        }
        return b.build();
    }

    /** Where hosts reach the volume's blocks: its NBD export (the export name is the volume id). */
    String devicePath(VolumeId id) {
        return "nbd://127.0.0.1:" + nbdPort + "/" + id.value();
    }

    /**
     * A stable SCSI name for the volume: an NAA type 3 ("locally assigned") identifier derived from the system name
     * and the volume id, so that it needs no registered company id and stays the same across restarts.
     */
    String naaName(VolumeId id) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256")
                    .digest((paths.systemName() + "/" + id.value()).getBytes(StandardCharsets.UTF_8));
            return ("3" + HexFormat.of().formatHex(h).substring(0, 15)).toUpperCase(Locale.ROOT);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    CimInstance configurationService() {
        return withKeys(paths.configurationService())
                .property("ElementName", CimValue.string("Storage configuration service"))
                .property("Description", CimValue.string("Creates, resizes and deletes volumes in the pools of "
                        + paths.systemName()))
                .property("OperationalStatus", CimValue.uint16Array(2))
                .property("HealthState", CimValue.uint16(5))
                .property("EnabledState", CimValue.uint16(2))
                .property("RequestedState", CimValue.uint16(12))
                .property("EnabledDefault", CimValue.uint16(2))
                .property("Started", CimValue.bool(true))
                .build();
    }

    /**
     * What the configuration service can do: volumes (ElementType 2) from one pool, created, resized and returned;
     * each may finish synchronously or, if the backend takes long, as a job.
     */
    CimInstance configurationCapabilities() {
        return withKeys(paths.configurationCapabilities())
                .property("ElementName", CimValue.string("Storage configuration capabilities"))
                .property("SupportedStorageElementTypes", CimValue.uint16Array(2))
                .property("SupportedSynchronousActions", CimValue.uint16Array(5, 6, 7))
                .property("SupportedAsynchronousActions", CimValue.uint16Array(5, 6, 7))
                .property("SupportedStorageElementFeatures", CimValue.uint16Array(3, 5, 6, 12, 13))
                .property("SupportedStoragePoolFeatures", CimValue.uint16Array())
                .property("SupportedCopyTypes", CimValue.uint16Array())
                .property("SupportedStorageElementUsage", CimValue.uint16Array(USAGE_UNRESTRICTED))
                .property("ClientSettableElementUsage", CimValue.uint16Array())
                .property("ThinProvisionedClientSettableReserve", CimValue.bool(false))
                .property("AutomaticPoolSelectionAllowed", CimValue.bool(true))
                .property("MaximumElementCreateCount", CimValue.uint64(1))
                .property("MaximumElementDeleteCount", CimValue.uint64(1))
                .build();
    }

    /** The (single) quality of service a pool delivers: no redundancy beyond the backing file system. */
    CimInstance poolCapabilities(StoragePool p, boolean primordial) {
        return withKeys(paths.poolCapabilities(p.id(), primordial))
                .property("ElementName", CimValue.string((primordial ? "Primordial " : "") + p.name() + " capabilities"))
                .property("ElementType", CimValue.uint16(5))
                .property("NoSinglePointOfFailure", CimValue.bool(false))
                .property("NoSinglePointOfFailureDefault", CimValue.bool(false))
                .property("DataRedundancyMin", CimValue.uint16(1))
                .property("DataRedundancyMax", CimValue.uint16(1))
                .property("DataRedundancyDefault", CimValue.uint16(1))
                .property("PackageRedundancyMin", CimValue.uint16(0))
                .property("PackageRedundancyMax", CimValue.uint16(0))
                .property("PackageRedundancyDefault", CimValue.uint16(0))
                .property("ExtentStripeLengthDefault", CimValue.uint16(1))
                .build();
    }
}
