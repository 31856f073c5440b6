package org.replicacim.provider.block;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.replicacim.cim.ObjectPath;
import org.replicacim.job.JobService;
import org.replicacim.provider.ProviderRegistration;
import org.replicacim.provider.ProviderRegistry;
import org.replicacim.storage.BackendException;
import org.replicacim.storage.BlockBackend;
import org.replicacim.storage.StoragePool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Block Services providers of the storage namespace (Array and Block Services profiles), ready to register. */
public final class BlockProviders {
    /** How long a backend call may take before a Block Services method answers 4096 with a job instead. */
    public static final Duration JOB_THRESHOLD = Duration.ofSeconds(2);

    private static final Logger LOG = LoggerFactory.getLogger(BlockProviders.class);

    private BlockProviders() {
    }

    /**
     * One registration per provider: system, pools, volumes, configuration service, capabilities, associations.
     *
     * @param registry where the services' providers are (or will be) registered: HostedService links the system
     *                 to each service whose class has an instance provider when a client asks
     * @param nbdPort  the NBD export's port on 127.0.0.1 (MSDevicePath), or -1 when there is none
     */
    public static List<ProviderRegistration> registrations(ElementPaths paths, BlockBackend backend, JobService jobs,
                                                           ProviderRegistry registry, int nbdPort) {
        BlockInstances instances = new BlockInstances(paths, nbdPort);
        BlockCalls calls = new BlockCalls(jobs, paths, JOB_THRESHOLD);
        List<ObjectPath> candidates = List.of(paths.configurationService(), paths.replicationService());
        BlockAssociationProvider associations = new BlockAssociationProvider(paths, backend, () -> {
            List<ObjectPath> hosted = new ArrayList<>();
            for (ObjectPath s : candidates) {
                if (registry.instanceProvider(paths.namespace(), s.className()) != null) {
                    hosted.add(s);
                }
            }
            return hosted;
        });
        return List.of(
                ProviderRegistration.of(paths.namespace(), new ArraySystemProvider(instances),
                        ArraySystemProvider.CLASS),
                ProviderRegistration.of(paths.namespace(), new StoragePoolProvider(instances, backend),
                        StoragePoolProvider.CLASS),
                ProviderRegistration.of(paths.namespace(), new StorageVolumeProvider(instances, backend),
                        StorageVolumeProvider.CLASS),
                ProviderRegistration.of(paths.namespace(), new StorageConfigurationServiceProvider(instances, backend,
                        calls), StorageConfigurationServiceProvider.CLASS),
                ProviderRegistration.of(paths.namespace(), new BlockCapabilitiesProvider(instances, backend),
                        BlockCapabilitiesProvider.CLASSES),
                ProviderRegistration.of(paths.namespace(), associations, BlockAssociationProvider.CLASSES));
    }

    /** Every pool path (concrete and primordial): the central instances of the Block Services profile. */
    public static List<ObjectPath> poolPaths(ElementPaths paths, BlockBackend backend) {
        List<ObjectPath> out = new ArrayList<>();
        try {
            for (StoragePool p : backend.pools()) {
                out.add(paths.pool(p.id()));
                out.add(paths.primordialPool(p.id()));
            }
        } catch (BackendException e) {
            LOG.warn("Block Services central instances: the backend could not list its pools: {}", e.getMessage());
        }
        return out;
    }
}
