package org.replicacim.provider.replication;

import org.replicacim.cim.CimClass;
import org.replicacim.cim.CimException;
import org.replicacim.cim.CimInstance;
import org.replicacim.cim.CimStatus;
import org.replicacim.cim.ObjectPath;
import org.replicacim.provider.AssociationProvider;
import org.replicacim.provider.OperationContext;
import org.replicacim.provider.ResultSink;
import org.replicacim.provider.block.ElementPaths;
import org.replicacim.replication.ReplicationGroups;

/**
 * CIM_GroupSynchronized: one association per group relationship (SystemElement = source group, SyncedElement =
 * target group), its CopyState the members' common state or Mixed; gone (CIM_ERR_NOT_FOUND) once no member pair
 * is left.
 */
public final class GroupSynchronizedProvider implements AssociationProvider {
    private final ReplicationGroups groups;
    private final GroupInstances instances;

    GroupSynchronizedProvider(ElementPaths paths, ReplicationGroups groups) {
        this.groups = groups;
        this.instances = new GroupInstances(paths);
    }

    @Override
    public void enumerateInstances(OperationContext ctx, CimClass cls, ResultSink<CimInstance> out)
            throws CimException {
        for (ReplicationGroups.GroupStatus s : groups.list()) {
            out.accept(instances.synchronization(s));
        }
    }

    @Override
    public CimInstance getInstance(OperationContext ctx, CimClass cls, ObjectPath path) throws CimException {
        GroupInstances.Ends ends;
        try {
            ends = instances.ends(path, "the instance path");
        } catch (CimException e) {
            throw new CimException(CimStatus.NOT_FOUND, e.description());
        }
        return groups.find(ends.source(), ends.target()).map(instances::synchronization).orElseThrow(() ->
                new CimException(CimStatus.NOT_FOUND, "no group relationship " + path.local()));
    }

    @Override
    public void references(OperationContext ctx, CimClass assocClass, ObjectPath source, String role,
                           ResultSink<CimInstance> out) throws CimException {
        String group;
        try {
            group = instances.groupId(source, "ObjectName");
        } catch (CimException e) {
            return;
        }
        for (ReplicationGroups.GroupStatus s : groups.list()) {
            boolean asSource = s.relationship().sourceGroup().equals(group);
            boolean asTarget = s.relationship().targetGroup().equals(group);
            if ((asSource && (role == null || role.equalsIgnoreCase("SystemElement")))
                    || (asTarget && (role == null || role.equalsIgnoreCase("SyncedElement")))) {
                out.accept(instances.synchronization(s));
            }
        }
    }
}
