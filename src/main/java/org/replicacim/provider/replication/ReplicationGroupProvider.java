package org.replicacim.provider.replication;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.replicacim.cim.CimClass;
import org.replicacim.cim.CimException;
import org.replicacim.cim.CimInstance;
import org.replicacim.cim.CimStatus;
import org.replicacim.cim.ObjectPath;
import org.replicacim.provider.AssociationProvider;
import org.replicacim.provider.OperationContext;
import org.replicacim.provider.ResultSink;
import org.replicacim.provider.block.ElementPaths;
import org.replicacim.replication.ReplicationGroup;
import org.replicacim.replication.ReplicationGroups;
import org.replicacim.storage.VolumeId;

/**
 * CIM_ReplicationGroup instances and the associations that place them: CIM_OrderedMemberOfCollection (a member
 * volume and its AssignedSequence, 1-based in pairing order) and CIM_HostedCollection (the hosting system).
 * Everything is read from {@link ReplicationGroups} on each request.
 */
public final class ReplicationGroupProvider implements AssociationProvider {
    private final ElementPaths paths;
    private final ReplicationGroups groups;
    private final GroupInstances instances;

    ReplicationGroupProvider(ElementPaths paths, ReplicationGroups groups) {
        this.paths = paths;
        this.groups = groups;
        this.instances = new GroupInstances(paths);
    }

    private static boolean is(CimClass cls, String name) {
        return cls.name().value().equalsIgnoreCase(name);
    }

    private List<CimInstance> all(CimClass cls) {
        List<CimInstance> out = new ArrayList<>();
        // One read of the store for every group's ConsistentPointInTime, not one per group (a follower re-reads).
        Set<String> consistent = is(cls, GroupInstances.GROUP_CLASS) ? groups.consistentPointInTimeGroups() : Set.of();
        for (ReplicationGroup g : groups.groups()) {
            if (is(cls, GroupInstances.GROUP_CLASS)) {
                out.add(instances.group(g, consistent.contains(g.id())));
            } else if (is(cls, GroupInstances.HOSTED_CLASS)) {
                out.add(instances.hosted(g));
            } else if (is(cls, GroupInstances.MEMBER_CLASS)) {
                for (int i = 0; i < g.members().size(); i++) {
                    out.add(instances.member(g, i));
                }
            }
        }
        return out;
    }

    @Override
    public void enumerateInstances(OperationContext ctx, CimClass cls, ResultSink<CimInstance> out)
            throws CimException {
        for (CimInstance i : all(cls)) {
            out.accept(i);
        }
    }

    @Override
    public CimInstance getInstance(OperationContext ctx, CimClass cls, ObjectPath path) throws CimException {
        if (is(cls, GroupInstances.GROUP_CLASS)) {
            String id;
            try {
                id = instances.groupId(path, "the instance path");
            } catch (CimException e) {
                throw new CimException(CimStatus.NOT_FOUND, e.description());
            }
            return groups.group(id).map(g -> instances.group(g, groups.holdsConsistentPointInTime(g.id())))
                    .orElseThrow(() -> new CimException(CimStatus.NOT_FOUND,
                    "no replication group " + path.local()));
        }
        ObjectPath wanted = path.local().withHost(null);
        for (CimInstance i : all(cls)) {
            if (i.path().local().withHost(null).equals(wanted)) {
                return i;
            }
        }
        throw new CimException(CimStatus.NOT_FOUND, "no instance " + path.local());
    }

    @Override
    public void references(OperationContext ctx, CimClass assocClass, ObjectPath source, String role,
                           ResultSink<CimInstance> out) throws CimException {
        if (source.className().is(GroupInstances.GROUP_CLASS)) {
            Optional<ReplicationGroup> g;
            try {
                g = groups.group(instances.groupId(source, "ObjectName"));
            } catch (CimException e) {
                return;
            }
            if (g.isEmpty()) {
                return;
            }
            if (is(assocClass, GroupInstances.MEMBER_CLASS) && (role == null || role.equalsIgnoreCase("Collection"))) {
                for (int i = 0; i < g.get().members().size(); i++) {
                    out.accept(instances.member(g.get(), i));
                }
            } else if (is(assocClass, GroupInstances.HOSTED_CLASS)
                    && (role == null || role.equalsIgnoreCase("Dependent"))) {
                out.accept(instances.hosted(g.get()));
            }
            return;
        }
        if (is(assocClass, GroupInstances.HOSTED_CLASS)) {
            if (source.local().withHost(null).withNamespace(null).equals(paths.system().local().withHost(null)
                    .withNamespace(null)) && (role == null || role.equalsIgnoreCase("Antecedent"))) {
                for (ReplicationGroup g : groups.groups()) {
                    out.accept(instances.hosted(g));
                }
            }
            return;
        }
        if (is(assocClass, GroupInstances.MEMBER_CLASS) && (role == null || role.equalsIgnoreCase("Member"))) {
            VolumeId v;
            try {
                v = paths.volumeId(source, "ObjectName");
            } catch (CimException e) {
                return;
            }
            for (ReplicationGroup g : groups.groupsOf(v)) {
                out.accept(instances.member(g, g.members().indexOf(v)));
            }
        }
    }
}
