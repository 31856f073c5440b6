package org.replicacim.provider.job;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.replicacim.cim.CimClass;
import org.replicacim.cim.CimException;
import org.replicacim.cim.CimInstance;
import org.replicacim.cim.CimStatus;
import org.replicacim.cim.CimType;
import org.replicacim.cim.CimValue;
import org.replicacim.cim.KeyBinding;
import org.replicacim.cim.ObjectPath;
import org.replicacim.job.Job;
import org.replicacim.job.JobService;
import org.replicacim.provider.AssociationProvider;
import org.replicacim.provider.OperationContext;
import org.replicacim.provider.ResultSink;
import org.replicacim.provider.block.ElementPaths;

/**
 * MSISCSITARGET_AffectedJobElement (job → the elements it creates or works on, with ElementEffects) and
 * CIM_OwningJobElement (the service whose method started the job → job), both read from the job service.
 */
public final class JobAssociationProvider implements AssociationProvider {
    /** The classes this provider serves. */
    public static final String[] CLASSES = {JobInstances.AFFECTED_JOB_ELEMENT, JobInstances.OWNING_JOB_ELEMENT};

    private final JobService jobs;
    private final JobInstances instances;
    private final ElementPaths paths;
    private final JobExpiry expiry;

    JobAssociationProvider(JobService jobs, JobInstances instances, ElementPaths paths, JobExpiry expiry) {
        this.jobs = jobs;
        this.instances = instances;
        this.paths = paths;
        this.expiry = expiry;
    }

    @Override
    public void enumerateInstances(OperationContext ctx, CimClass cls, ResultSink<CimInstance> out)
            throws CimException {
        expiry.removeExpired();
        for (Job j : jobs.list()) {
            for (CimInstance i : of(cls, j)) {
                out.accept(i);
            }
        }
    }

    @Override
    public void references(OperationContext ctx, CimClass assocClass, ObjectPath source, String role,
                           ResultSink<CimInstance> out) throws CimException {
        Job only = jobOf(source);
        if (only == null) {
            enumerateInstances(ctx, assocClass, out);
            return;
        }
        for (CimInstance i : of(assocClass, only)) {
            out.accept(i);
        }
    }

    @Override
    public CimInstance getInstance(OperationContext ctx, CimClass cls, ObjectPath path) throws CimException {
        expiry.removeExpired();
        ObjectPath wanted = normal(path);
        for (KeyBinding k : path.keys()) {
            Job j = k.value().type() == CimType.REFERENCE ? jobOf(k.value().asReference()) : null;
            if (j != null) {
                for (CimInstance i : of(cls, j)) {
                    if (normal(i.path()).equals(wanted)) {
                        return i;
                    }
                }
            }
        }
        throw new CimException(CimStatus.NOT_FOUND, "no instance " + path.local());
    }

    /** The job a reference names (any job class name with its InstanceID), or null. */
    private Job jobOf(ObjectPath ref) {
        if (ref == null || !ref.className().value().toLowerCase(Locale.ROOT).endsWith("job")) {
            return null;
        }
        CimValue id = ref.key("InstanceID");
        return id == null || id.isNull() || id.type() != CimType.STRING ? null : jobs.get(id.asString());
    }

    private List<CimInstance> of(CimClass cls, Job j) {
        if (cls.name().is(JobInstances.AFFECTED_JOB_ELEMENT)) {
            return instances.affected(j);
        }
        CimInstance owning = instances.owning(j);
        return owning == null ? List.of() : List.of(owning);
    }

    private ObjectPath normal(ObjectPath p) {
        List<KeyBinding> keys = new ArrayList<>();
        for (KeyBinding k : p.keys()) {
            CimValue v = k.value();
            if (v.type() == CimType.REFERENCE && !v.isNull()) {
                ObjectPath r = v.asReference().withHost(null);
                v = CimValue.reference(r.namespace() == null ? r.withNamespace(paths.namespace()) : r);
            }
            keys.add(new KeyBinding(k.name(), v));
        }
        ObjectPath out = p.withHost(null).withKeys(keys);
        return out.namespace() == null ? out.withNamespace(paths.namespace()) : out;
    }
}
