package org.replicacim.app;

import java.time.Clock;
import java.util.List;
import org.replicacim.job.JobService;
import org.replicacim.provider.ProfileRegistration;
import org.replicacim.provider.ProfileRegistry;
import org.replicacim.provider.ProviderRegistration;
import org.replicacim.provider.ProviderRegistry;
import org.replicacim.provider.block.BlockProviders;
import org.replicacim.provider.block.ElementPaths;
import org.replicacim.provider.job.JobProviders;
import org.replicacim.storage.BlockBackend;

/**
 * Wires Block Services and Job Control into the storage namespace: the array system, pools, volumes and the storage
 * configuration service over the backend, the jobs of the job service, and the SNIA Array, Block Services and Job
 * Control profile registrations (replication-services.md §9.5).
 */
final class BlockServicesWiring {
    /** The SMI-S version this server registers its profiles at (libstoragemgmt wants Array ≥ 1.4). */
    static final String SMIS_VERSION = "1.6.1";

    private BlockServicesWiring() {
    }

    /** @param nbdPort the NBD export's port (volumes show it in MSDevicePath), or -1 when the export is off */
    static void register(ProviderRegistry providers, ProfileRegistry profiles, ElementPaths paths, JobService jobs,
                         BlockBackend backend, int nbdPort) {
        for (ProviderRegistration r : BlockProviders.registrations(paths, backend, jobs, providers, nbdPort)) {
            providers.register(r);
        }
        for (ProviderRegistration r : JobProviders.registrations(paths, jobs, Clock.systemUTC())) {
            providers.register(r);
        }
        profiles.register(new ProfileRegistration(ProfileRegistration.SNIA, "Array", SMIS_VERSION,
                () -> List.of(paths.system()), null));
        profiles.register(new ProfileRegistration(ProfileRegistration.SNIA, "Block Services", SMIS_VERSION,
                () -> BlockProviders.poolPaths(paths, backend), "Array"));
        // Job Control's central class is the job, scoped by its service; §9.5 lists no conformance link for it.
        profiles.register(new ProfileRegistration(ProfileRegistration.SNIA, "Job Control", SMIS_VERSION,
                List::of, "Block Services"));
    }
}
