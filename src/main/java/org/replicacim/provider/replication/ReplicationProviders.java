package org.replicacim.provider.replication;

import java.util.List;
import org.replicacim.job.JobService;
import org.replicacim.provider.ProviderRegistration;
import org.replicacim.provider.block.ElementPaths;
import org.replicacim.replication.ReplicationEngine;
import org.replicacim.replication.ReplicationGroups;
import org.replicacim.storage.BlockBackend;

/** The Replication Services providers of the storage namespace, ready to register. */
public final class ReplicationProviders {
    private ReplicationProviders() {
    }

    /** One registration per provider: service, capabilities, ElementCapabilities, StorageSynchronized, and the
     * group classes (ReplicationGroup with its member and hosting associations, GroupSynchronized). */
    public static List<ProviderRegistration> registrations(ElementPaths paths, ReplicationEngine engine,
                                                           ReplicationGroups groups, BlockBackend backend,
                                                           JobService jobs) {
        ReplicationCapabilitiesProvider capabilities = new ReplicationCapabilitiesProvider(paths, engine);
        ReplicationJobs replicationJobs = new ReplicationJobs(jobs, paths, engine);
        // jobs that waited for copies when the server stopped are re-attached by JobService.recover()
        jobs.registerResumer(ReplicationJobs.KIND, replicationJobs::resume);
        return List.of(
                ProviderRegistration.of(paths.namespace(), new ReplicationServiceProvider(paths, engine, groups,
                        backend, replicationJobs), ReplicationServiceProvider.CLASS),
                ProviderRegistration.of(paths.namespace(), new ReplicationGroupProvider(paths, groups),
                        GroupInstances.GROUP_CLASS, GroupInstances.MEMBER_CLASS, GroupInstances.HOSTED_CLASS),
                ProviderRegistration.of(paths.namespace(), new GroupSynchronizedProvider(paths, groups),
                        GroupInstances.GROUP_SYNCHRONIZED_CLASS),
                ProviderRegistration.of(paths.namespace(), new SynchronizationAspectProvider(paths, groups),
                        GroupInstances.ASPECT_CLASS, GroupInstances.SETTINGS_STATE_CLASS),
                ProviderRegistration.of(paths.namespace(), capabilities, ReplicationCapabilitiesProvider.CLASS),
                ProviderRegistration.of(paths.namespace(), new ReplicationElementCapabilitiesProvider(paths,
                        capabilities.path()), ReplicationElementCapabilitiesProvider.CLASS),
                ProviderRegistration.of(paths.namespace(), new StorageSynchronizedProvider(paths, engine),
                        StorageSynchronizedProvider.CLASS));
    }
}
