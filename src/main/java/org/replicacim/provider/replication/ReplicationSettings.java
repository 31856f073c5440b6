package org.replicacim.provider.replication;

import java.util.Locale;
import java.util.Set;
import org.replicacim.cim.CimInstance;
import org.replicacim.cim.CimValue;
import org.replicacim.replication.ReplicationException;
import org.replicacim.replication.ReplicationException.Code;
import org.replicacim.replication.ReplicationType;
import org.replicacim.replication.SyncType;

/**
 * The parts of an embedded CIM_ReplicationSettingData this server acts on, checked against what it supports
 * (replication-services.md §7.1 rules: NULL properties take the defaults; an unsupported value is Invalid Parameter;
 * InstanceID and ElementName of a client's instance are ignored).
 *
 * @param copyPriority      initial CopyPriority of the relationship (0 Not Managed)
 * @param stopOnListError   OnGroupOrListError = 3 Stop (the default) rather than 2 Continue
 * @param targetSupplier    TargetElementSupplier (4 Instrumentation decides by default)
 */
record ReplicationSettings(int copyPriority, boolean stopOnListError, int targetSupplier) {
    static final ReplicationSettings DEFAULT = new ReplicationSettings(0, true, 4);

    /** The copy methodology a SyncType uses here: 6 Copy-On-Write, 3 Full-Copy, 4 Incremental-Copy. */
    static int methodology(SyncType type) {
        return switch (type) {
            case SNAPSHOT -> 6;
            case MIRROR -> 4;
            default -> 3;
        };
    }

    /** Thin provisioning policies that hold here: thin to thin, same as source, pool decides, implementation decides. */
    static final Set<Integer> THIN_POLICIES = Set.of(2, 5, 6, 7);

    static ReplicationSettings parse(CimInstance rsd, SyncType type) throws ReplicationException {
        if (rsd == null) {
            return DEFAULT;
        }
        if (!rsd.className().value().toLowerCase(Locale.ROOT).endsWith("replicationsettingdata")) {
            throw invalid("ReplicationSettingData must be a CIM_ReplicationSettingData, not " + rsd.className());
        }
        Integer methodology = integer(rsd, "DesiredCopyMethodology");
        if (methodology != null && methodology != 2 && methodology != methodology(type)
                && !(type == SyncType.MIRROR && methodology == 3)) {
            throw invalid("DesiredCopyMethodology " + methodology + " is not supported for a "
                    + type.name().toLowerCase(Locale.ROOT) + " (supported: 2, " + methodology(type) + ")");
        }
        Integer thin = integer(rsd, "ThinProvisioningPolicy");
        if (thin != null && !THIN_POLICIES.contains(thin)) {
            throw invalid("ThinProvisioningPolicy " + thin + " is not supported: targets are thin like their sources");
        }
        Integer onError = integer(rsd, "OnGroupOrListError");
        if (onError != null && onError != 2 && onError != 3) {
            throw invalid("OnGroupOrListError must be 2 (Continue) or 3 (Stop), not " + onError);
        }
        Integer priority = integer(rsd, "CopyPriority");
        if (priority != null && (priority < 0 || priority > 4)) {
            throw invalid("CopyPriority must be 0..4, not " + priority);
        }
        Integer supplier = integer(rsd, "TargetElementSupplier");
        if (supplier != null && (supplier < 1 || supplier > 5)) {
            throw invalid("TargetElementSupplier must be 1..5, not " + supplier);
        }
        return new ReplicationSettings(priority == null ? 0 : priority, onError == null || onError == 3,
                supplier == null ? 4 : supplier);
    }

    /** Checks TargetElementSupplier against whether the client supplied a target. */
    void checkTarget(boolean targetGiven) throws ReplicationException {
        if ((targetSupplier == 1 || targetSupplier == 5) && !targetGiven) {
            throw invalid("ReplicationSettingData.TargetElementSupplier = " + targetSupplier
                    + " requires a TargetElement");
        }
        if (targetSupplier == 2 && targetGiven) {
            throw invalid("ReplicationSettingData.TargetElementSupplier = 2 (Create new) forbids a TargetElement");
        }
    }

    /** The instance GetDefaultReplicationSettingData returns for a type. */
    static CimInstance defaults(ReplicationType type) {
        return CimInstance.builder("CIM_ReplicationSettingData")
                .property("InstanceID", CimValue.string("ReplicaCIM:RSD:" + type.value()))
                .property("ElementName", CimValue.string("Default settings for replication type " + type.value()))
                .property("DesiredCopyMethodology", CimValue.uint16(methodology(type.syncType())))
                .property("TargetElementSupplier", CimValue.uint16(4))
                .property("ThinProvisioningPolicy", CimValue.uint16(7))
                .property("OnGroupOrListError", CimValue.uint16(3))
                .property("CopyPriority", CimValue.uint16(0))
                .property("ConsistentPointInTime", CimValue.bool(false))
                .property("Multihop", CimValue.uint16(1))
                .build();
    }

    private static Integer integer(CimInstance i, String name) {
        CimValue v = i.value(name);
        if (v == null || v.isNull()) {
            return null;
        }
        try {
            return v.asInt();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private static ReplicationException invalid(String message) {
        return new ReplicationException(Code.INVALID_PARAMETER, message);
    }
}
