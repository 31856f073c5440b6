package org.replicacim.app;

import java.time.Clock;
import java.util.List;
import org.replicacim.job.JobService;
import org.replicacim.provider.ProfileRegistration;
import org.replicacim.provider.ProfileRegistry;
import org.replicacim.provider.ProviderRegistration;
import org.replicacim.provider.ProviderRegistry;
import org.replicacim.provider.block.ElementPaths;
import org.replicacim.provider.replication.ReplicationProviders;
import org.replicacim.replication.GroupStore;
import org.replicacim.replication.RelationshipStore;
import org.replicacim.replication.ReplicationEngine;
import org.replicacim.replication.ReplicationGroups;
import org.replicacim.storage.BlockBackend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires Replication Services: the engine over the backend, its providers, and the SNIA profile registration. */
final class ReplicationServicesWiring {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicationServicesWiring.class);

    private ReplicationServicesWiring() {
    }

    static ReplicationEngine register(ProviderRegistry providers, ProfileRegistry profiles, ElementPaths paths,
                                      JobService jobs, BlockBackend backend, RelationshipStore relationships,
                                      GroupStore groupStore) {
        return register(providers, profiles, paths, jobs, backend, relationships, groupStore, true);
    }

    /** @param leading whether this server drives the relationships now (else a follower, until it takes over) */
    static ReplicationEngine register(ProviderRegistry providers, ProfileRegistry profiles, ElementPaths paths,
                                      JobService jobs, BlockBackend backend, RelationshipStore relationships,
                                      GroupStore groupStore, boolean leading) {
        // A leader's recovery (re-reading relationships and reconciling them with the backend) runs in the
        // constructor; a follower's when it takes over.
        ReplicationEngine engine = new ReplicationEngine(backend, relationships, Clock.systemUTC(), leading);
        // Groups are re-read after the relationships they consist of have been reconciled.
        ReplicationGroups groups = new ReplicationGroups(engine, backend, groupStore, Clock.systemUTC());
        for (ProviderRegistration r : ReplicationProviders.registrations(paths, engine, groups, backend, jobs)) {
            providers.register(r);
        }
        profiles.register(new ProfileRegistration(ProfileRegistration.SNIA, "Replication Services", "1.6.1",
                () -> List.of(paths.replicationService()), "Array"));
        LOG.info("Replication Services: types {}", engine.capabilities().summary().keySet());
        return engine;
    }
}
