package org.replicacim.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.replicacim.replication.GroupRelationship;
import org.replicacim.replication.GroupStore;
import org.replicacim.replication.MemoryGroupStore;
import org.replicacim.replication.ReplicationGroup;
import org.replicacim.replication.SyncMode;
import org.replicacim.replication.SyncType;
import org.replicacim.replication.SynchronizationAspect;
import org.replicacim.storage.ReplicaPairId;
import org.replicacim.storage.VolumeId;

/** The GroupStore contract, as the in-memory store defines it, on memory, SQLite and PostgreSQL. */
class GroupStoreTest {
    static final Instant T = Instant.parse("2024-05-06T07:08:09.123456Z");

    static ReplicationGroup group(String id, VolumeId... members) {
        return new ReplicationGroup(id, "name of " + id, List.of(members), true, false, true, 4, T);
    }

    static GroupRelationship relationship(String id) {
        return new GroupRelationship(id, "rel " + id, "RG-a", "RG-b", SyncType.SNAPSHOT, SyncMode.ASYNCHRONOUS,
                List.of("rel-1", "rel-2"), true, T.plusSeconds(1));
    }

    static SynchronizationAspect aspect(String id) {
        return new SynchronizationAspect(id, "aspect " + id, "RG-a", List.of(
                new SynchronizationAspect.Point(VolumeId.of("vol-a"), VolumeId.of("vol-h1"), ReplicaPairId.of("pair-1")),
                new SynchronizationAspect.Point(VolumeId.of("vol-b"), VolumeId.of("vol-h2"), ReplicaPairId.of("pair-2"))),
                true, T);
    }

    abstract static class Contract {
        abstract GroupStore store();

        @Test
        void groupsComeBackEqualInMemberOrderAndEmptyGroupsToo() {
            GroupStore s = store();
            s.putGroup(group("RG-1", VolumeId.of("vol-c"), VolumeId.of("vol-a"), VolumeId.of("vol-b")));
            s.putGroup(group("RG-2"));
            assertEquals(Optional.of(group("RG-1", VolumeId.of("vol-c"), VolumeId.of("vol-a"),
                    VolumeId.of("vol-b"))), store().group("RG-1"));
            assertEquals(Optional.of(group("RG-2")), store().group("RG-2"));
            assertEquals(Optional.empty(), store().group("RG-3"));
            s.removeGroup("RG-2");
            s.removeGroup("RG-unknown");
            assertEquals(List.of("RG-1"), store().groups().stream().map(ReplicationGroup::id).toList());
        }

        @Test
        void groupRelationshipsArePutReplacedAndRemoved() {
            GroupStore s = store();
            s.putRelationship(relationship("GS-1"));
            s.putRelationship(relationship("GS-2"));
            GroupRelationship next = relationship("GS-1").withMembers(List.of("rel-2")).withConsistency(false);
            s.putRelationship(next);
            assertEquals(List.of(next, relationship("GS-2")), store().relationships().stream()
                    .sorted(Comparator.comparing(GroupRelationship::id)).toList());
            s.removeRelationship("GS-2");
            assertEquals(List.of(next), store().relationships());
        }

        @Test
        void aspectsComeBackWithTheirPoints() {
            GroupStore s = store();
            s.putAspect(aspect("SA-1"));
            SynchronizationAspect single = new SynchronizationAspect("SA-2", "one", null, List.of(
                    new SynchronizationAspect.Point(VolumeId.of("vol-c"), VolumeId.of("vol-h3"),
                            ReplicaPairId.of("pair-3"))), false, null);
            s.putAspect(single);
            assertEquals(List.of(aspect("SA-1"), single), store().aspects().stream()
                    .sorted(Comparator.comparing(SynchronizationAspect::id)).toList());
            s.removeAspect("SA-1");
            assertEquals(List.of(single), store().aspects());
        }
    }

    @Nested
    class InMemory extends Contract {
        private final GroupStore memory = new MemoryGroupStore();

        @Override
        GroupStore store() {
            return memory;
        }
    }

    abstract static class Durable extends Contract {
        @TempDir
        Path dataDir;
        Store opened;

        abstract StoreConfig config();

        @Override
        GroupStore store() {
            if (opened == null) {
                opened = Store.open(config());
            }
            return new SqlGroupStore(opened.records());
        }

        @AfterEach
        void close() {
            if (opened != null) {
                opened.close();
            }
        }

        @Test
        void groupsSurviveReopening() {
            store().putGroup(group("RG-1", VolumeId.of("vol-a")));
            store().putRelationship(relationship("GS-1"));
            opened.close();
            opened = null;
            assertEquals(List.of(group("RG-1", VolumeId.of("vol-a"))), store().groups());
            assertEquals(List.of(relationship("GS-1")), store().relationships());
        }

        @Test
        void anUnknownFormatIsRefusedWithAClearMessage() {
            store();
            opened.records().put(SqlGroupStore.GROUP_KIND, "RG-x", "[\"99\",\"RG-x\"]");
            StoreException e = assertThrows(StoreException.class, () -> store().group("RG-x"));
            assertTrue(e.getMessage().contains("unknown format"), e.getMessage());
        }
    }

    @Nested
    class OnSqlite extends Durable {
        @Override
        StoreConfig config() {
            return StoreConfig.sqlite(dataDir);
        }
    }

    @RegisterExtension
    static final PostgresServer PG = new PostgresServer();

    @Nested
    class OnPostgres extends Durable {
        private String url;

        @Override
        StoreConfig config() {
            if (url == null) {
                url = PG.newDatabaseUrl();
            }
            return StoreConfig.postgres(url, PG.user(), PG.password(), dataDir);
        }
    }
}
