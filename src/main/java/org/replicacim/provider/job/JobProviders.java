package org.replicacim.provider.job;

import java.time.Clock;
import java.util.List;
import org.replicacim.job.JobService;
import org.replicacim.provider.ProviderRegistration;
import org.replicacim.provider.block.ElementPaths;

/** The Job Control providers of the storage namespace, ready to register. */
public final class JobProviders {
    private JobProviders() {
    }

    /** One registration per provider: the jobs (instances and methods) and their two associations. */
    public static List<ProviderRegistration> registrations(ElementPaths paths, JobService jobs, Clock clock) {
        JobInstances instances = new JobInstances(paths);
        JobExpiry expiry = new JobExpiry(jobs);
        return List.of(
                ProviderRegistration.of(paths.namespace(), new ConcreteJobProvider(jobs, instances, clock, expiry),
                        ConcreteJobProvider.CLASS),
                ProviderRegistration.of(paths.namespace(), new JobAssociationProvider(jobs, instances, paths, expiry),
                        JobAssociationProvider.CLASSES));
    }
}
