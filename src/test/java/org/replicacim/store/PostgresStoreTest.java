package org.replicacim.store;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The store contract on a real PostgreSQL server (started by {@link PostgresServer}), a fresh database per test. */
class PostgresStoreTest extends StoreContract {
    @RegisterExtension
    static final PostgresServer PG = new PostgresServer();

    private String url;

    @BeforeEach
    void freshDatabase() {
        url = PG.newDatabaseUrl();
    }

    @Override
    StoreConfig config() {
        return StoreConfig.postgres(url, PG.user(), PG.password(), dataDir).withNodeName("test node");
    }
}
