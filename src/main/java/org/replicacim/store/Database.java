package org.replicacim.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * The durable store's connection to its database (SQLite file or PostgreSQL server): units of work run in one
 * transaction each, retried when they fail only because of a concurrent one.
 *
 * <p>Writes go through {@link #write}: with SQLite on the single writer connection ({@code BEGIN IMMEDIATE}, WAL,
 * {@code synchronous=FULL}, so a committed change survives a power cut), with PostgreSQL fenced by the leader
 * lease: a write transaction first checks, under a share lock on the lease row, that this server still holds
 * the lease, so a former leader cannot commit after another server took over.
 */
public final class Database implements AutoCloseable {
    /** A unit of work inside one transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Transaction tx) throws SQLException;
    }

    /** Checks, inside a write transaction, that this server may change the shared state. */
    @FunctionalInterface
    interface WriteGuard {
        void check(Transaction tx) throws SQLException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    private static final int MAX_ATTEMPTS = 8;
    private static final Duration BUSY_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration POOL_WAIT = Duration.ofSeconds(30);

    private final StoreConfig config;
    private final Dialect dialect;
    private final ConnectionPool writers;
    private final ConnectionPool readers;
    private volatile WriteGuard guard = tx -> { };

    private Database(StoreConfig config) {
        this.config = config;
        this.dialect = config.dialect();
        if (dialect == Dialect.SQLITE) {
            // SQLite has one writer at a time anyway: one writer connection serialises writes inside the process
            // (no BUSY between our own threads); readers see the last committed state (WAL) without waiting.
            writers = new ConnectionPool("SQLite writer", () -> openSqlite(true), 1, POOL_WAIT);
            readers = new ConnectionPool("SQLite reader", () -> openSqlite(false), config.poolSize(), POOL_WAIT);
        } else {
            writers = new ConnectionPool("PostgreSQL", this::openPostgres, config.poolSize(), POOL_WAIT);
            readers = writers;
        }
    }

    /** Opens the database and checks that it answers; fails with a clear message when it cannot be reached. */
    public static Database open(StoreConfig config) {
        Database db = new Database(config);
        try {
            db.read(tx -> tx.queryOne("SELECT 1", rs -> rs.getInt(1)));
        } catch (StoreException e) {
            db.close();
            throw new StoreException("cannot open the " + db.dialect + " store at " + redact(config.jdbcUrl()) + ": "
                    + rootMessage(e), e);
        }
        return db;
    }

    private Connection openSqlite(boolean writer) throws SQLException {
        SQLiteConfig c = new SQLiteConfig();
        c.setJournalMode(SQLiteConfig.JournalMode.WAL);
        c.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        c.setBusyTimeout((int) BUSY_TIMEOUT.toMillis());
        c.enforceForeignKeys(true);
        c.setTransactionMode(writer ? SQLiteConfig.TransactionMode.IMMEDIATE : SQLiteConfig.TransactionMode.DEFERRED);
        return c.createConnection(config.jdbcUrl());
    }

    private Connection openPostgres() throws SQLException {
        Properties p = new Properties();
        if (config.user() != null) {
            p.setProperty("user", config.user());
        }
        if (config.password() != null) {
            p.setProperty("password", config.password());
        }
        p.setProperty("ApplicationName", "ReplicaCIM " + config.nodeName());
        p.setProperty("connectTimeout", "10");
        p.setProperty("socketTimeout", "60");
        p.setProperty("tcpKeepAlive", "true");
        // A leader frozen inside a write transaction (a long GC or a stopped process) holds a share lock on the lease
        // row and so would keep every other server from taking over: PostgreSQL ends such a session after a lease.
        p.setProperty("options", "-c idle_in_transaction_session_timeout=" + config.leaseDuration().toMillis());
        return DriverManager.getConnection(config.jdbcUrl(), p);
    }

    /** A new connection outside the pools, for a long-lived user such as the leader lease. */
    Connection openDedicated() throws SQLException {
        return dialect == Dialect.SQLITE ? openSqlite(true) : openPostgres();
    }

    public Dialect dialect() {
        return dialect;
    }

    public StoreConfig config() {
        return config;
    }

    void setWriteGuard(WriteGuard g) {
        this.guard = g;
    }

    /** Runs a read-only unit of work in one transaction (a consistent snapshot). */
    public <T> T read(Work<T> work) {
        return run(readers, false, false, work);
    }

    /**
     * Runs a unit of work that changes state in one transaction: everything or nothing is committed, and when
     * this returns the change is durable. Refused with {@link NotLeaderException} on a follower. The work may run
     * more than once (after a conflict with a concurrent transaction), so it must not act outside the database;
     * register such actions with {@link Transaction#afterCommit}.
     */
    public <T> T write(Work<T> work) {
        return run(writers, true, true, work);
    }

    /** A write without the leader check: schema migrations and the lease itself. */
    <T> T writeUnguarded(Work<T> work) {
        return run(writers, true, false, work);
    }

    private <T> T run(ConnectionPool pool, boolean writable, boolean guarded, Work<T> work) {
        for (int attempt = 1; ; attempt++) {
            Connection c;
            try {
                c = pool.borrow();
            } catch (SQLException e) {
                throw new StoreException("cannot connect to the " + dialect + " store: " + e.getMessage(), e);
            }
            boolean healthy = true;
            Transaction tx = new Transaction(c, dialect, writable);
            try {
                c.setAutoCommit(false);
                if (guarded) {
                    guard.check(tx);
                }
                T result = work.run(tx);
                c.commit();
                pool.release(c, true);
                for (Runnable r : tx.afterCommitActions()) {
                    r.run();
                }
                return result;
            } catch (SQLException e) {
                healthy = rollback(c) && !dialect.isConnectionLost(e);
                pool.release(c, healthy);
                if (dialect.isRetryable(e) && attempt < MAX_ATTEMPTS) {
                    backoff(attempt);
                    continue;
                }
                throw new StoreException(dialect + " store: " + e.getMessage()
                        + (attempt > 1 ? " (after " + attempt + " attempts)" : ""), e);
            } catch (RuntimeException | Error e) {
                healthy = rollback(c);
                pool.release(c, healthy);
                throw e;
            }
        }
    }

    private boolean rollback(Connection c) {
        try {
            if (!c.isClosed()) {
                c.rollback();
                return true;
            }
        } catch (SQLException e) {
            LOG.debug("rollback failed; discarding the connection: {}", e.toString());
        }
        return false;
    }

    private static void backoff(int attempt) {
        long max = Math.min(500, 5L << attempt);
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, max + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while retrying a transaction", e);
        }
    }

    static String rootMessage(Throwable t) {
        Throwable r = t;
        while (r.getCause() != null && r.getCause() != r) {
            r = r.getCause();
        }
        return r.getMessage() == null ? r.toString() : r.getMessage();
    }

    /** A JDBC URL with any password parameter blanked, for messages and logs. */
    static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&]*", "$1***");
    }

    @Override
    public void close() {
        writers.close();
        if (readers != writers) {
            readers.close();
        }
    }
}
