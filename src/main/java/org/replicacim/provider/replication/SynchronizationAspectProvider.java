package org.replicacim.provider.replication;

import java.util.ArrayList;
import java.util.List;
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
import org.replicacim.replication.SynchronizationAspect;

/**
 * CIM_SynchronizationAspect (a point in time without a client-named target) and CIM_SettingsDefineState, which ties
 * each aspect to the volume or group it was taken of.
 */
public final class SynchronizationAspectProvider implements AssociationProvider {
    private final ReplicationGroups groups;
    private final GroupInstances instances;

    SynchronizationAspectProvider(ElementPaths paths, ReplicationGroups groups) {
        this.groups = groups;
        this.instances = new GroupInstances(paths);
    }

    private List<CimInstance> all(CimClass cls) {
        List<CimInstance> out = new ArrayList<>();
        boolean aspects = cls.name().is(GroupInstances.ASPECT_CLASS);
        for (SynchronizationAspect a : groups.aspects()) {
            out.add(aspects ? instances.aspect(a) : instances.settingsStateInstance(a));
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
        String id;
        try {
            id = instances.aspectId(path, "the instance path");
        } catch (CimException e) {
            throw new CimException(CimStatus.NOT_FOUND, e.description());
        }
        SynchronizationAspect a = groups.aspect(id).orElseThrow(() -> new CimException(CimStatus.NOT_FOUND,
                "no synchronization aspect " + path.local()));
        return cls.name().is(GroupInstances.ASPECT_CLASS) ? instances.aspect(a) : instances.settingsStateInstance(a);
    }

    @Override
    public void references(OperationContext ctx, CimClass assocClass, ObjectPath source, String role,
                           ResultSink<CimInstance> out) throws CimException {
        ObjectPath wanted = source.local().withHost(null).withNamespace(null);
        for (SynchronizationAspect a : groups.aspects()) {
            boolean asElement = instances.aspectSource(a).local().withHost(null).withNamespace(null).equals(wanted);
            boolean asData = instances.aspect(a.id()).local().withHost(null).withNamespace(null).equals(wanted);
            if ((asElement && (role == null || role.equalsIgnoreCase("ManagedElement")))
                    || (asData && (role == null || role.equalsIgnoreCase("SettingData")))) {
                out.accept(instances.settingsStateInstance(a));
            }
        }
    }
}
