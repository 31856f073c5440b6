package org.replicacim.provider.replication;

import java.time.Instant;
import org.replicacim.cim.CimDateTime;
import org.replicacim.cim.CimException;
import org.replicacim.cim.CimInstance;
import org.replicacim.cim.CimStatus;
import org.replicacim.cim.CimValue;
import org.replicacim.cim.ObjectPath;
import org.replicacim.provider.block.ElementPaths;
import org.replicacim.replication.CopyState;
import org.replicacim.replication.GroupRelationship;
import org.replicacim.replication.ReplicationGroup;
import org.replicacim.replication.ReplicationGroups;
import org.replicacim.replication.SynchronizationAspect;

/**
 * Names and instances of the group classes: CIM_ReplicationGroup (InstanceID {@code ReplicaCIM:<group id>}),
 * CIM_GroupSynchronized (SystemElement = source group, SyncedElement = target group), CIM_OrderedMemberOfCollection
 * and CIM_HostedCollection; and group references back to group ids.
 */
final class GroupInstances {
    static final String GROUP_CLASS = "CIM_ReplicationGroup";
    static final String GROUP_SYNCHRONIZED_CLASS = "CIM_GroupSynchronized";
    static final String MEMBER_CLASS = "CIM_OrderedMemberOfCollection";
    static final String HOSTED_CLASS = "CIM_HostedCollection";
    static final String ASPECT_CLASS = "CIM_SynchronizationAspect";
    static final String SETTINGS_STATE_CLASS = "CIM_SettingsDefineState";
    private static final String PREFIX = "ReplicaCIM:";

    /** The two groups a GroupSynchronized path names. */
    record Ends(String source, String target) {
    }

    private final ElementPaths paths;

    GroupInstances(ElementPaths paths) {
        this.paths = paths;
    }

    ObjectPath group(String id) {
        return ObjectPath.builder(GROUP_CLASS).namespace(paths.namespace()).key("InstanceID", PREFIX + id).build();
    }

    /** The group id a reference names; NOT_FOUND when it is no replication group of this system. */
    String groupId(ObjectPath path, String what) throws CimException {
        if (path == null) {
            throw new CimException(CimStatus.INVALID_PARAMETER, what + " is required");
        }
        CimValue id = path.key("InstanceID");
        if (!path.className().is(GROUP_CLASS) || id == null || id.isNull()
                || !id.asString().startsWith(PREFIX)) {
            throw new CimException(CimStatus.NOT_FOUND, what + " " + path + " is not a replication group of this"
                    + " system");
        }
        return id.asString().substring(PREFIX.length());
    }

    static boolean isGroupSynchronized(ObjectPath p) {
        return p != null && p.className().is(GROUP_SYNCHRONIZED_CLASS);
    }

    ObjectPath synchronization(GroupRelationship r) {
        return ObjectPath.builder(GROUP_SYNCHRONIZED_CLASS).namespace(paths.namespace())
                .key("SystemElement", CimValue.reference(group(r.sourceGroup()).local()))
                .key("SyncedElement", CimValue.reference(group(r.targetGroup()).local())).build();
    }

    Ends ends(ObjectPath sync, String what) throws CimException {
        CimValue system = sync.key("SystemElement");
        CimValue synced = sync.key("SyncedElement");
        if (system == null || synced == null || system.isNull() || synced.isNull()
                || !(system.value() instanceof ObjectPath) || !(synced.value() instanceof ObjectPath)) {
            throw new CimException(CimStatus.NOT_FOUND, what + " " + sync + " is not a GroupSynchronized path");
        }
        return new Ends(groupId(system.asReference(), what + ".SystemElement"),
                groupId(synced.asReference(), what + ".SyncedElement"));
    }

    CimInstance group(ReplicationGroup g, boolean consistentPointInTime) {
        return CimInstance.builder(GROUP_CLASS).path(group(g.id()))
                .property("InstanceID", CimValue.string(PREFIX + g.id()))
                .property("ElementName", CimValue.string(g.name()))
                .property("Persistent", CimValue.bool(g.persistent()))
                .property("DeleteOnEmptyElement", CimValue.bool(g.deleteOnEmpty()))
                .property("DeleteOnUnassociated", CimValue.bool(g.deleteOnUnassociated()))
                .property("ReservedAs", CimValue.uint16(g.reservedAs()))
                .property("ConsistentPointInTime", CimValue.bool(consistentPointInTime))
                .build();
    }

    CimInstance member(ReplicationGroup g, int index) {
        ObjectPath group = group(g.id());
        ObjectPath volume = paths.volume(g.members().get(index));
        ObjectPath p = ObjectPath.builder(MEMBER_CLASS).namespace(paths.namespace())
                .key("Collection", CimValue.reference(group.local()))
                .key("Member", CimValue.reference(volume.local())).build();
        return CimInstance.builder(MEMBER_CLASS).path(p)
                .property("Collection", CimValue.reference(group.local()))
                .property("Member", CimValue.reference(volume.local()))
                .property("AssignedSequence", CimValue.uint64(index + 1))
                .build();
    }

    CimInstance hosted(ReplicationGroup g) {
        ObjectPath group = group(g.id());
        ObjectPath system = paths.system();
        ObjectPath p = ObjectPath.builder(HOSTED_CLASS).namespace(paths.namespace())
                .key("Antecedent", CimValue.reference(system.local()))
                .key("Dependent", CimValue.reference(group.local())).build();
        return CimInstance.builder(HOSTED_CLASS).path(p)
                .property("Antecedent", CimValue.reference(system.local()))
                .property("Dependent", CimValue.reference(group.local()))
                .build();
    }

    CimInstance synchronization(ReplicationGroups.GroupStatus s) {
        GroupRelationship r = s.relationship();
        ObjectPath source = group(r.sourceGroup());
        ObjectPath target = group(r.targetGroup());
        boolean consistent = r.consistencyEnabled();
        CimInstance.Builder b = CimInstance.builder(GROUP_SYNCHRONIZED_CLASS).path(synchronization(r))
                .property("SystemElement", CimValue.reference(source.local()))
                .property("SyncedElement", CimValue.reference(target.local()))
                .property("RelationshipName", CimValue.string(r.name()))
                .property("SyncType", CimValue.uint16(r.syncType().value()))
                .property("Mode", CimValue.uint16(r.mode().value()))
                .property("CopyState", CimValue.uint16(s.copyState().value()))
                .property("ProgressStatus", CimValue.uint16(s.progressStatus().value()))
                .property("RequestedCopyState", CimValue.uint16(s.requestedCopyState().value()))
                .property("SyncMaintained", CimValue.bool(s.members().stream().allMatch(m -> m.syncMaintained())))
                .property("ConsistencyEnabled", CimValue.bool(consistent))
                .property("ConsistencyState", CimValue.uint16(!consistent ? 2
                        : s.copyState() == CopyState.MIXED ? 4 : 3))
                .property("ConsistencyStatus", CimValue.uint16(consistent ? 2 : 4));
        if (consistent) {
            b.property("ConsistencyType", CimValue.uint16(2));
        }
        if (s.percentSynced() != null) {
            b.property("PercentSynced", CimValue.uint16(s.percentSynced()));
        }
        time(b, "WhenEstablished", r.whenEstablished());
        return b.build();
    }

    private static void time(CimInstance.Builder b, String name, Instant t) {
        if (t != null) {
            b.property(name, CimValue.datetime(CimDateTime.of(t)));
        }
    }

    // ---- synchronization aspects

    ObjectPath aspect(String id) {
        return ObjectPath.builder(ASPECT_CLASS).namespace(paths.namespace()).key("InstanceID", PREFIX + id).build();
    }

    /** The element an aspect was taken of: its source group, or its one source volume. */
    ObjectPath aspectSource(SynchronizationAspect a) {
        return a.sourceGroup() != null ? group(a.sourceGroup()) : paths.volume(a.points().get(0).source());
    }

    ObjectPath settingsState(SynchronizationAspect a) {
        return ObjectPath.builder(SETTINGS_STATE_CLASS).namespace(paths.namespace())
                .key("ManagedElement", CimValue.reference(aspectSource(a).local()))
                .key("SettingData", CimValue.reference(aspect(a.id()).local())).build();
    }

    /** The aspect id a SettingsDefineState (or SynchronizationAspect) reference names; NOT_FOUND otherwise. */
    String aspectId(ObjectPath path, String what) throws CimException {
        if (path == null) {
            throw new CimException(CimStatus.INVALID_PARAMETER, what + " is required");
        }
        ObjectPath aspect = path;
        if (path.className().is(SETTINGS_STATE_CLASS)) {
            CimValue data = path.key("SettingData");
            if (data == null || data.isNull() || !(data.value() instanceof ObjectPath)) {
                throw new CimException(CimStatus.NOT_FOUND, what + " " + path + " names no synchronization aspect");
            }
            aspect = data.asReference();
        }
        CimValue id = aspect.key("InstanceID");
        if (!aspect.className().is(ASPECT_CLASS) || id == null || id.isNull() || !id.asString().startsWith(PREFIX)) {
            throw new CimException(CimStatus.NOT_FOUND, what + " " + path + " names no synchronization aspect");
        }
        return id.asString().substring(PREFIX.length());
    }

    CimInstance aspect(SynchronizationAspect a) {
        CimInstance.Builder b = CimInstance.builder(ASPECT_CLASS).path(aspect(a.id()))
                .property("InstanceID", CimValue.string(PREFIX + a.id()))
                .property("ElementName", CimValue.string(a.name()))
                .property("SyncType", CimValue.uint16(7))
                .property("ConsistencyEnabled", CimValue.bool(a.consistent()))
                .property("CopyStatus", CimValue.uint16(4))
                .property("CopyMethodology", CimValue.uint16(6))
                .property("SourceElement", CimValue.string(aspectSource(a).withHost(null).toString()))
                .property("AutoDelete", CimValue.bool(false))
                .property("SyncState", CimValue.uint16(4));
        if (a.consistent()) {
            b.property("ConsistencyType", CimValue.uint16(2));
        }
        time(b, "WhenPointInTime", a.pointInTime());
        return b.build();
    }

    CimInstance settingsStateInstance(SynchronizationAspect a) {
        return CimInstance.builder(SETTINGS_STATE_CLASS).path(settingsState(a))
                .property("ManagedElement", CimValue.reference(aspectSource(a).local()))
                .property("SettingData", CimValue.reference(aspect(a.id()).local()))
                .build();
    }
}
