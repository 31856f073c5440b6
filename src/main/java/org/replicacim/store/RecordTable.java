package org.replicacim.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A generic, transactional table of versioned records {@code (kind, id, version, payload, updated_at)} for domain
 * stores that need no columns of their own, with compare-and-set on the version.
 *
 * <p><b>How a domain store maps onto it</b> (e.g. the replication relationship store):
 * <ul>
 *   <li>{@code kind} names the type and is fixed per store, e.g. {@code "replication.relationship"}; {@code id}
 *       is the object's stable identity (its InstanceID). Kinds are separate name spaces.</li>
 *   <li>{@code payload} is the domain object's own text form (JSON or similar), written and read only by that
 *       store; include a format version in it so that later releases can read older rows.</li>
 *   <li>{@code version} is an optimistic-concurrency token the domain store keeps beside the object it loaded:
 *       {@link #insert} creates version 1, {@link #update}{@code (…, expected, …)} writes {@code expected + 1}
 *       only if the row still has {@code expected}, else throws {@link ConflictException} (someone else changed
 *       it: a lost lease or a bug, never to be overwritten silently).</li>
 *   <li>A state change that touches several objects (a relationship and its job) is one
 *       {@link Database#write} unit of work calling the {@code Transaction} variants here and in
 *       {@link SqlJobStore}; a conflict anywhere rolls all of it back. Actions on the backend that must follow
 *       the commit go in {@link Transaction#afterCommit} ("persist, then act, then persist the result").</li>
 *   <li>Start-up recovery lists a kind with {@link #list(String)} (id order) and reconciles each object.</li>
 * </ul>
 * The methods without a transaction run one of their own. Writes are refused on a follower
 * ({@link NotLeaderException}).
 */
public final class RecordTable {
    private static final String COLUMNS = "kind, id, version, payload, updated_at";

    private final Database db;

    public RecordTable(Database db) {
        this.db = db;
    }

    public Database database() {
        return db;
    }

    private static VersionedRecord row(ResultSet rs) throws SQLException {
        long micros = rs.getLong("updated_at");
        return new VersionedRecord(rs.getString("kind"), rs.getString("id"), rs.getLong("version"),
                rs.getString("payload"), Instant.EPOCH.plusNanos(micros * 1000));
    }

    /** The record, or null. */
    public VersionedRecord get(Transaction tx, String kind, String id) throws SQLException {
        return tx.queryOne("SELECT " + COLUMNS + " FROM records WHERE kind = ? AND id = ?", RecordTable::row,
                kind, id);
    }

    /** Every record of a kind, by id. */
    public List<VersionedRecord> list(Transaction tx, String kind) throws SQLException {
        return tx.query("SELECT " + COLUMNS + " FROM records WHERE kind = ? ORDER BY id", RecordTable::row, kind);
    }

    /** How many records of a kind there are. */
    public long count(Transaction tx, String kind) throws SQLException {
        return tx.queryOne("SELECT COUNT(*) FROM records WHERE kind = ?", rs -> rs.getLong(1), kind);
    }

    /** Creates the record at version 1; {@link ConflictException} if one exists already. */
    public VersionedRecord insert(Transaction tx, String kind, String id, String payload) throws SQLException {
        check(kind, id, payload);
        int n = tx.update("INSERT INTO records (" + COLUMNS + ") VALUES (?, ?, 1, ?, " + tx.dialect().nowMicros()
                + ") ON CONFLICT (kind, id) DO NOTHING", kind, id, payload);
        if (n == 0) {
            throw new ConflictException(kind + " '" + id + "' exists already");
        }
        return get(tx, kind, id);
    }

    /**
     * Replaces the payload if the record is still at {@code expectedVersion}; returns it at the next version.
     * {@link ConflictException} if it has another version or no longer exists.
     */
    public VersionedRecord update(Transaction tx, String kind, String id, long expectedVersion, String payload)
            throws SQLException {
        check(kind, id, payload);
        int n = tx.update("UPDATE records SET payload = ?, version = version + 1, updated_at = "
                + tx.dialect().nowMicros() + " WHERE kind = ? AND id = ? AND version = ?", payload, kind, id,
                expectedVersion);
        if (n == 0) {
            throw conflict(tx, kind, id, expectedVersion);
        }
        return get(tx, kind, id);
    }

    /** Creates or replaces the record whatever its version (for data with a single writer). */
    public VersionedRecord put(Transaction tx, String kind, String id, String payload) throws SQLException {
        check(kind, id, payload);
        String now = tx.dialect().nowMicros();
        tx.update("INSERT INTO records (" + COLUMNS + ") VALUES (?, ?, 1, ?, " + now + ") ON CONFLICT (kind, id)"
                + " DO UPDATE SET payload = excluded.payload, version = records.version + 1,"
                + " updated_at = excluded.updated_at", kind, id, payload);
        return get(tx, kind, id);
    }

    /** Deletes the record if it is still at {@code expectedVersion}; {@link ConflictException} otherwise. */
    public void delete(Transaction tx, String kind, String id, long expectedVersion) throws SQLException {
        int n = tx.update("DELETE FROM records WHERE kind = ? AND id = ? AND version = ?", kind, id, expectedVersion);
        if (n == 0) {
            throw conflict(tx, kind, id, expectedVersion);
        }
    }

    /** Deletes the record whatever its version; false if there was none. */
    public boolean remove(Transaction tx, String kind, String id) throws SQLException {
        return tx.update("DELETE FROM records WHERE kind = ? AND id = ?", kind, id) > 0;
    }

    private ConflictException conflict(Transaction tx, String kind, String id, long expected) throws SQLException {
        VersionedRecord now = get(tx, kind, id);
        return new ConflictException(now == null
                ? kind + " '" + id + "' does not exist (expected version " + expected + ")"
                : kind + " '" + id + "' is at version " + now.version() + ", not " + expected
                        + ": it was changed by someone else");
    }

    private static void check(String kind, String id, String payload) {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(payload, "payload");
    }

    // ---- one transaction each ------------------------------------------------------------------

    public VersionedRecord get(String kind, String id) {
        return db.read(tx -> get(tx, kind, id));
    }

    public List<VersionedRecord> list(String kind) {
        return db.read(tx -> list(tx, kind));
    }

    public long count(String kind) {
        return db.read(tx -> count(tx, kind));
    }

    public VersionedRecord insert(String kind, String id, String payload) {
        return db.write(tx -> insert(tx, kind, id, payload));
    }

    public VersionedRecord update(String kind, String id, long expectedVersion, String payload) {
        return db.write(tx -> update(tx, kind, id, expectedVersion, payload));
    }

    public VersionedRecord put(String kind, String id, String payload) {
        return db.write(tx -> put(tx, kind, id, payload));
    }

    public void delete(String kind, String id, long expectedVersion) {
        db.write(tx -> {
            delete(tx, kind, id, expectedVersion);
            return null;
        });
    }

    public boolean remove(String kind, String id) {
        return db.write(tx -> remove(tx, kind, id));
    }
}
