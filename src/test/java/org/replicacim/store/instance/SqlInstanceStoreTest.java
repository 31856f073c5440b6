package org.replicacim.store.instance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.replicacim.cim.CimInstance;
import org.replicacim.cim.CimName;
import org.replicacim.provider.InstanceStore;
import org.replicacim.store.PostgresServer;
import org.replicacim.store.Store;
import org.replicacim.store.StoreConfig;

/** The instance store contract on the durable store, SQLite and PostgreSQL; and that instances outlive a restart. */
class SqlInstanceStoreTest {
    abstract static class Durable extends InstanceStoreContract {
        @TempDir
        Path dataDir;
        Store opened;

        abstract StoreConfig config();

        @Override
        InstanceStore store() {
            if (opened == null) {
                opened = Store.open(config());
            }
            return new SqlInstanceStore(opened.database());
        }

        @AfterEach
        void close() {
            if (opened != null) {
                opened.close();
            }
        }

        /** One store object across calls, so that its caches are in play: every write shows in the next read. */
        @Test
        void readsAfterWritesSeeTheWritesThroughTheCaches() {
            InstanceStore one = store();
            CimName filterClass = CimName.of("CIM_IndicationFilter");
            CimInstance f = filter("f", "SELECT * FROM CIM_AlertIndication");
            assertEquals(List.of(), one.list(INTEROP, filterClass));
            one.insert(INTEROP, f);
            assertEquals(List.of(f), one.list(INTEROP, filterClass));
            assertEquals(f, one.get(INTEROP, f.path()));
            CimInstance g = filter("g", "SELECT * FROM CIM_AlertIndication");
            one.insert(INTEROP, g);
            assertEquals(List.of(f, g), one.list(INTEROP, filterClass));
            CimInstance f2 = filter("f", "SELECT * FROM CIM_InstModification");
            one.replace(INTEROP, f2);
            assertEquals(List.of(f2, g), one.list(INTEROP, filterClass));
            assertEquals(f2, one.get(INTEROP, f.path()));
            one.delete(INTEROP, g.path());
            assertEquals(List.of(f2), one.list(INTEROP, filterClass));
            assertEquals(null, one.get(INTEROP, g.path()));
        }

        @Test
        void instancesSurviveReopening() {
            CimInstance r = rich();
            CimInstance f = filter("f", "SELECT * FROM CIM_AlertIndication");
            store().insert(INTEROP, r);
            store().insert(INTEROP, f);
            opened.close();
            opened = null;
            InstanceStore again = store();
            assertEquals(r, again.get(INTEROP, r.path()));
            assertEquals(List.of(f), again.list(INTEROP, CimName.of("CIM_IndicationFilter")));
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
