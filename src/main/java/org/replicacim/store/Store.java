package org.replicacim.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's durable state, opened once at start-up: the database (SQLite in the data directory, or a shared
 * PostgreSQL), its schema brought up to date, the leadership among servers sharing it, and the tables built on
 * it (jobs, generic records). Static CIM instances live in {@code store.instance}, over the same database.
 */
public final class Store implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Store.class);

    private final Database database;
    private final Leadership leadership;
    private final DataDirectoryLock lock;
    private final SqlJobStore jobs;
    private final RecordTable records;

    private Store(Database database, Leadership leadership, DataDirectoryLock lock) {
        this.database = database;
        this.leadership = leadership;
        this.lock = lock;
        this.jobs = new SqlJobStore(database);
        this.records = new RecordTable(database);
    }

    /**
     * Opens the store: with SQLite, locks the data directory first (a second server on it is refused); migrates
     * the schema (refusing a newer one); with PostgreSQL, joins the leader election.
     */
    public static Store open(StoreConfig config) {
        DataDirectoryLock lock = null;
        Database db = null;
        Leadership leadership = null;
        try {
            if (config.dialect() == Dialect.SQLITE) {
                lock = DataDirectoryLock.acquire(config.dataDir(), config.nodeName());
            }
            db = Database.open(config);
            int version = Schema.migrate(db);
            if (config.dialect() == Dialect.SQLITE) {
                leadership = new SingleNodeLeadership(config.nodeName());
            } else {
                LeaderLease lease = LeaderLease.start(db);
                db.setWriteGuard(lease::check);
                leadership = lease;
            }
            LOG.info("store: {} at {} (schema version {}){}", db.dialect(), Database.redact(config.jdbcUrl()),
                    version, config.dialect() == Dialect.SQLITE ? ""
                            : leadership.isLeader() ? "; this server is the leader"
                            : "; this server is a follower of " + leadership.leader());
            return new Store(db, leadership, lock);
        } catch (RuntimeException | Error e) {
            if (leadership != null) {
                leadership.close();
            }
            if (db != null) {
                db.close();
            }
            if (lock != null) {
                lock.close();
            }
            throw e;
        }
    }

    public Database database() {
        return database;
    }

    public Leadership leadership() {
        return leadership;
    }

    /** The durable {@code JobStore}. */
    public SqlJobStore jobs() {
        return jobs;
    }

    /** The generic versioned records table (for domain stores such as the replication relationships). */
    public RecordTable records() {
        return records;
    }

    /** Gives up leadership, closes the database, then releases the data directory. */
    @Override
    public void close() {
        try {
            leadership.close();
        } finally {
            try {
                database.close();
            } finally {
                if (lock != null) {
                    lock.close();
                }
            }
        }
    }
}
