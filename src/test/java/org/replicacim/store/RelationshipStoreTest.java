package org.replicacim.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.replicacim.replication.CopyState;
import org.replicacim.replication.MemoryRelationshipStore;
import org.replicacim.replication.ProgressStatus;
import org.replicacim.replication.RelationshipStore;
import org.replicacim.replication.SyncMode;
import org.replicacim.replication.SyncRelationship;
import org.replicacim.replication.SyncType;
import org.replicacim.storage.CopyTaskId;
import org.replicacim.storage.ReplicaPairId;
import org.replicacim.storage.VolumeId;

/** The RelationshipStore contract, as the in-memory store defines it, on memory, SQLite and PostgreSQL. */
class RelationshipStoreTest {
    static final Instant T = Instant.parse("2024-05-06T07:08:09.123456Z");

    /** A relationship with every optional field set, and one with every optional field empty. */
    static SyncRelationship full(String id) {
        return SyncRelationship.builder(id).source(VolumeId.of("vol-a")).target(VolumeId.of("vol-b"))
                .syncType(SyncType.MIRROR).mode(SyncMode.ASYNCHRONOUS).copyState(CopyState.UNSYNCHRONIZED)
                .progressStatus(ProgressStatus.SYNCHRONIZING).requestedCopyState(CopyState.SYNCHRONIZED)
                .percentSynced(42).whenEstablished(T).whenActivated(T.plusSeconds(1))
                .whenDeactivated(T.plusSeconds(2)).whenSuspended(T.plusSeconds(3)).whenSynchronized(T.plusSeconds(4))
                .whenSynced(T.plusSeconds(5)).pairId(ReplicaPairId.of("pair-1")).taskId(CopyTaskId.of("task-1"))
                .generation(7).copyPriority(3).build();
    }

    static SyncRelationship sparse(String id) {
        return SyncRelationship.builder(id).source(VolumeId.of("vol-c")).syncType(SyncType.CLONE)
                .mode(SyncMode.SYNCHRONOUS).copyState(CopyState.INITIALIZED)
                .progressStatus(ProgressStatus.INITIALIZING).build();
    }

    abstract static class Contract {
        abstract RelationshipStore store();

        @Test
        void whatIsPutComesBackEqualWithEveryField() {
            RelationshipStore s = store();
            s.put(full("rel-1"));
            s.put(sparse("rel-2"));
            assertEquals(Optional.of(full("rel-1")), store().get("rel-1"));
            assertEquals(Optional.of(sparse("rel-2")), store().get("rel-2"));
            assertEquals(Optional.empty(), store().get("rel-3"));
        }

        @Test
        void putReplacesAndRemoveForgets() {
            RelationshipStore s = store();
            s.put(sparse("rel-1"));
            SyncRelationship next = sparse("rel-1").toBuilder().target(VolumeId.of("vol-d"))
                    .copyState(CopyState.SYNCHRONIZED).progressStatus(ProgressStatus.COMPLETED).percentSynced(100)
                    .generation(2).build();
            s.put(next);
            s.put(full("rel-2"));
            List<SyncRelationship> all = store().list().stream()
                    .sorted(Comparator.comparing(SyncRelationship::id)).toList();
            assertEquals(List.of(next, full("rel-2")), all);
            s.remove("rel-1");
            s.remove("rel-unknown");
            assertEquals(List.of(full("rel-2")), store().list());
        }
    }

    @Nested
    class InMemory extends Contract {
        private final RelationshipStore memory = new MemoryRelationshipStore();

        @Override
        RelationshipStore store() {
            return memory;
        }
    }

    abstract static class Durable extends Contract {
        @TempDir
        Path dataDir;
        Store opened;

        abstract StoreConfig config();

        @Override
        RelationshipStore store() {
            if (opened == null) {
                opened = Store.open(config());
            }
            return new SqlRelationshipStore(opened.records());
        }

        @AfterEach
        void close() {
            if (opened != null) {
                opened.close();
            }
        }

        @Test
        void relationshipsSurviveReopening() {
            store().put(full("rel-1"));
            opened.close();
            opened = null;
            assertEquals(List.of(full("rel-1")), store().list());
        }

        @Test
        void anUnknownFormatIsRefusedWithAClearMessage() {
            store();
            opened.records().put(SqlRelationshipStore.KIND, "rel-x", "[\"99\",\"rel-x\"]");
            StoreException e = org.junit.jupiter.api.Assertions.assertThrows(StoreException.class,
                    () -> store().get("rel-x"));
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
