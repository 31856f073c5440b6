package org.replicacim.provider.block;

import java.util.Objects;

import org.replicacim.cim.CimException;
import org.replicacim.cim.CimName;
import org.replicacim.cim.CimStatus;
import org.replicacim.cim.CimValue;
import org.replicacim.cim.Namespace;
import org.replicacim.cim.ObjectPath;
import org.replicacim.storage.PoolId;
import org.replicacim.storage.VolumeId;

/**
 * How the storage namespace names its elements: the one place that turns backend ids into CIM object paths and back,
 * shared by the Block Services, Replication Services and Job Control providers so their references always agree.
 */
public final class ElementPaths {
    public static final String SYSTEM_CLASS = "MSFTSM_ComputerSystem";
    public static final String POOL_CLASS = "MSISCSITARGET_StoragePool";
    public static final String VOLUME_CLASS = "MSISCSITARGET_StorageVolume";
    public static final String REPLICATION_SERVICE_CLASS = "MSISCSITARGET_ReplicationService";
    public static final String CONFIGURATION_SERVICE_CLASS = "MSISCSITARGET_StorageConfigurationService";
    public static final String JOB_CLASS = "MSISCSITARGET_ConcreteJob";
    public static final String SYNCHRONIZED_CLASS = "MSISCSITARGET_StorageSynchronized";
    /** InstanceID prefix of pools (vendor prefix, colon, unique part, as DSP0004 asks of InstanceID). */
    public static final String POOL_INSTANCE_PREFIX = "ReplicaCIM:POOL:";

    private final Namespace namespace;
    private final String systemName;

    /** @param systemName the Name of the top-level system (the server's host name) */
    public ElementPaths(Namespace namespace, String systemName) {
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.systemName = Objects.requireNonNull(systemName, "systemName");
    }

    public Namespace namespace() {
        return namespace;
    }

    public String systemName() {
        return systemName;
    }

    /** The top-level array system. */
    public ObjectPath system() {
        return ObjectPath.builder(SYSTEM_CLASS).namespace(namespace)
                .key("CreationClassName", SYSTEM_CLASS).key("Name", systemName).build();
    }

    public ObjectPath pool(PoolId id) {
        return ObjectPath.builder(POOL_CLASS).namespace(namespace)
                .key("InstanceID", POOL_INSTANCE_PREFIX + id.value()).build();
    }

    public ObjectPath volume(VolumeId id) {
        return scoped(VOLUME_CLASS).key("DeviceID", id.value()).build();
    }

    /** A service hosted by the system, named after its class (one instance of each service). */
    public ObjectPath service(String className) {
        return scoped(className).key("Name", className).build();
    }

    public ObjectPath replicationService() {
        return service(REPLICATION_SERVICE_CLASS);
    }

    public ObjectPath configurationService() {
        return service(CONFIGURATION_SERVICE_CLASS);
    }

    public ObjectPath job(String jobId) {
        return ObjectPath.builder(JOB_CLASS).namespace(namespace).key("InstanceID", jobId).build();
    }

    /** The StorageSynchronized association between a source (SystemElement) and a target (SyncedElement). */
    public ObjectPath synchronization(ObjectPath source, ObjectPath target) {
        return ObjectPath.builder(SYNCHRONIZED_CLASS).namespace(namespace)
                .key("SystemElement", CimValue.reference(source.local()))
                .key("SyncedElement", CimValue.reference(target.local())).build();
    }

    /**
     * The backend volume a reference names; a reference to another class, another system or a malformed DeviceID
     * is {@code NOT_FOUND} for {@code what} (the parameter or role name, to put in the message).
     */
    public VolumeId volumeId(ObjectPath path, String what) throws CimException {
        if (path == null) {
            throw new CimException(CimStatus.INVALID_PARAMETER, what + " is required");
        }
        CimValue device = path.key("DeviceID");
        CimValue system = path.key("SystemName");
        if (!isVolumeClass(path.className()) || device == null || device.isNull()
                || (system != null && !system.isNull() && !systemName.equalsIgnoreCase(system.asString()))) {
            throw new CimException(CimStatus.NOT_FOUND, what + " " + path + " is not a volume of this system");
        }
        try {
            return VolumeId.of(device.asString());
        } catch (IllegalArgumentException e) {
            throw new CimException(CimStatus.NOT_FOUND, what + " " + path + " names no volume of this system");
        }
    }

    /** The backend pool a reference names; {@code NOT_FOUND} as for {@link #volumeId}. */
    public PoolId poolId(ObjectPath path, String what) throws CimException {
        if (path == null) {
            throw new CimException(CimStatus.INVALID_PARAMETER, what + " is required");
        }
        CimValue id = path.key("InstanceID");
        if (id == null || id.isNull() || !id.asString().startsWith(POOL_INSTANCE_PREFIX)) {
            throw new CimException(CimStatus.NOT_FOUND, what + " " + path + " is not a pool of this system");
        }
        try {
            return PoolId.of(id.asString().substring(POOL_INSTANCE_PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new CimException(CimStatus.NOT_FOUND, what + " " + path + " names no pool of this system");
        }
    }

    private static boolean isVolumeClass(CimName className) {
        // Clients may name the CIM superclasses; the DeviceID is what identifies the volume.
        String n = className.toString();
        return n.equalsIgnoreCase(VOLUME_CLASS) || n.equalsIgnoreCase("CIM_StorageVolume")
                || n.equalsIgnoreCase("CIM_StorageExtent") || n.equalsIgnoreCase("CIM_LogicalDevice");
    }

    private ObjectPath.Builder scoped(String className) {
        return ObjectPath.builder(className).namespace(namespace)
                .key("SystemCreationClassName", SYSTEM_CLASS).key("SystemName", systemName)
                .key("CreationClassName", className);
    }
}
