package org.replicacim.provider.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.replicacim.repository.ClassRepository;
import org.replicacim.storage.PairState;
import org.replicacim.storage.PoolId;
import org.replicacim.storage.ReplicaKind;
import org.replicacim.storage.ReplicaPair;
import org.replicacim.storage.ReplicaPairId;
import org.replicacim.storage.StoragePool;
import org.replicacim.storage.Volume;
import org.replicacim.storage.VolumeId;

class BlockInstancesTest {
    private final ElementPaths paths = new ElementPaths(ClassRepository.STORAGE, "array1");
    private final BlockInstances instances = new BlockInstances(paths, 10809);
    private final StoragePool pool = new StoragePool(PoolId.of("p1"), "pool one", 1 << 30, 1 << 29);

    @Test
    void everyInstanceConformsToTheSchema() throws Exception {
        Volume v = new Volume(VolumeId.of("vol-1"), pool.id(), "data", 1 << 20, 512, 1 << 20);
        SchemaConformance.check(instances.system());
        SchemaConformance.check(instances.pool(pool));
        SchemaConformance.check(instances.primordialPool(pool));
        SchemaConformance.check(instances.volume(v, BlockInstances.Roles.NONE));
        SchemaConformance.check(instances.volume(v, new BlockInstances.Roles(true, ReplicaKind.SNAPSHOT,
                VolumeId.of("vol-0"))));
        SchemaConformance.check(instances.configurationService());
        SchemaConformance.check(instances.configurationCapabilities());
        SchemaConformance.check(instances.poolCapabilities(pool, false));
        SchemaConformance.check(instances.poolCapabilities(pool, true));
    }

    @Test
    void volumeUsageFollowsItsPairs() {
        VolumeId a = VolumeId.of("a");
        VolumeId b = VolumeId.of("b");
        VolumeId c = VolumeId.of("c");
        VolumeId d = VolumeId.of("d");
        Map<VolumeId, BlockInstances.Roles> roles = BlockInstances.roles(List.of(
                pair("1", ReplicaKind.SNAPSHOT, a, b), pair("2", ReplicaKind.CLONE, a, c),
                pair("3", ReplicaKind.MIRROR, c, d)));
        assertEquals(BlockInstances.USAGE_LOCAL_REPLICA_SOURCE, roles.get(a).usage());
        assertEquals(BlockInstances.USAGE_DELTA_REPLICA_TARGET, roles.get(b).usage());
        assertEquals(BlockInstances.USAGE_LOCAL_REPLICA_SOURCE_OR_TARGET, roles.get(c).usage());
        assertEquals(BlockInstances.USAGE_LOCAL_REPLICA_TARGET, roles.get(d).usage());
        assertEquals(BlockInstances.USAGE_UNRESTRICTED, BlockInstances.Roles.NONE.usage());
        Volume snap = new Volume(b, pool.id(), "", 4096, 512, 0);
        var i = instances.volume(snap, roles.get(b));
        assertEquals("b", i.value("ElementName").asString(), "a volume without a name shows its id");
        assertEquals(BlockInstances.MS_TYPE_DIFFERENCING, i.value("MSType").asInt());
        assertEquals("nbd://127.0.0.1:10809/a", i.value("MSParentPath").asString());
        assertEquals(false, i.value("CanDelete").asBoolean());
    }

    @Test
    void volumeNamesAreStableNaaType3Identifiers() {
        String n = instances.naaName(VolumeId.of("vol-1"));
        assertTrue(n.matches("3[0-9A-F]{15}"), n);
        assertEquals(n, new BlockInstances(new ElementPaths(ClassRepository.STORAGE, "array1"), -1)
                .naaName(VolumeId.of("vol-1")));
        assertNotEquals(n, instances.naaName(VolumeId.of("vol-2")));
    }

    private static ReplicaPair pair(String id, ReplicaKind kind, VolumeId s, VolumeId t) {
        return new ReplicaPair(ReplicaPairId.of(id), kind, Optional.empty(), s, t, PairState.SYNCHRONIZED,
                java.time.Instant.EPOCH, 0, 0, Optional.empty());
    }
}
