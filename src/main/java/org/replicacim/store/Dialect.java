package org.replicacim.store;

import java.sql.SQLException;
import java.util.Locale;

/** The SQL differences between the two databases we run on, kept in this one place. */
public enum Dialect {
    /** The embedded default: one file in the data directory, one server. */
    SQLITE("SQLite",
            "CAST((julianday('now') - 2440587.5) * 86400000000.0 AS INTEGER)",
            "INTEGER PRIMARY KEY AUTOINCREMENT"),
    /** A shared server: several ReplicaCIM processes, one of them leader. */
    POSTGRESQL("PostgreSQL",
            "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000000 AS BIGINT)",
            "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY");

    private final String displayName;
    private final String nowMicros;
    private final String identityColumn;

    Dialect(String displayName, String nowMicros, String identityColumn) {
        this.displayName = displayName;
        this.nowMicros = nowMicros;
        this.identityColumn = identityColumn;
    }

    /** The dialect of a JDBC URL ({@code jdbc:sqlite:…} or {@code jdbc:postgresql:…}). */
    public static Dialect of(String jdbcUrl) {
        String u = jdbcUrl.toLowerCase(Locale.ROOT);
        if (u.startsWith("jdbc:sqlite:")) {
            return SQLITE;
        }
        if (u.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        throw new IllegalArgumentException("unsupported store URL '" + jdbcUrl
                + "': use jdbc:postgresql://host:port/database, or leave it empty for SQLite in the data directory");
    }

    public String displayName() {
        return displayName;
    }

    /**
     * An SQL expression for the database's own clock in microseconds since the epoch. Leases are timed by it so
     * that servers whose clocks disagree still agree on who holds the lease.
     */
    public String nowMicros() {
        return nowMicros;
    }

    /** The column definition of an increasing surrogate key (keeps insertion order). */
    public String identityColumn() {
        return identityColumn;
    }

    /**
     * Whether the transaction failed only because of a concurrent one and may simply be run again: SQLite
     * BUSY/LOCKED, PostgreSQL serialization failure or deadlock.
     */
    public boolean isRetryable(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                if (this == SQLITE) {
                    int primary = s.getErrorCode() & 0xff;
                    if (primary == 5 || primary == 6) { // SQLITE_BUSY, SQLITE_LOCKED
                        return true;
                    }
                } else if ("40001".equals(s.getSQLState()) || "40P01".equals(s.getSQLState())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether the connection itself is gone (it must be discarded, not reused). */
    public boolean isConnectionLost(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("08") || state.startsWith("57P"));
    }

    /**
     * A statement that serialises schema migrations between servers starting at once, inside the migration's
     * transaction; null where the write transaction itself is exclusive (SQLite's BEGIN IMMEDIATE).
     */
    String migrationLock() {
        return this == POSTGRESQL ? "SELECT pg_advisory_xact_lock(7361290418)" : null;
    }

    /** The row-lock clause that keeps a lease row from being taken over while a fenced write commits. */
    String shareLock() {
        return this == POSTGRESQL ? " FOR SHARE" : "";
    }

    @Override
    public String toString() {
        return displayName;
    }
}
