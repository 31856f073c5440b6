package org.replicacim.store;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's schema as numbered migrations, and the start-up step that brings a database up to date (or
 * refuses one written by a newer ReplicaCIM).
 */
public final class Schema {
    private static final Logger LOG = LoggerFactory.getLogger(Schema.class);

    /** Every migration of this release, in order; append, never edit. */
    public static final List<Migration> MIGRATIONS = List.of(
            Migration.of(1, "jobs, records, leases and static instances", List.of(
                    "CREATE TABLE jobs ("
                            + "id TEXT PRIMARY KEY, name TEXT, method_name TEXT, owner TEXT,"
                            + " state INTEGER NOT NULL, percent_complete INTEGER NOT NULL,"
                            + " error_code INTEGER NOT NULL, error_description TEXT,"
                            + " time_submitted TEXT, start_time TEXT, end_time TEXT, time_of_last_state_change TEXT,"
                            + " time_before_removal TEXT, delete_on_completion INTEGER NOT NULL,"
                            + " affected_elements TEXT NOT NULL, updated_at BIGINT NOT NULL)",
                    "CREATE TABLE records ("
                            + "kind TEXT NOT NULL, id TEXT NOT NULL, version BIGINT NOT NULL, payload TEXT NOT NULL,"
                            + " updated_at BIGINT NOT NULL, PRIMARY KEY (kind, id))",
                    "CREATE TABLE leases ("
                            + "name TEXT PRIMARY KEY, holder TEXT NOT NULL, holder_name TEXT NOT NULL,"
                            + " expires_at BIGINT NOT NULL, epoch BIGINT NOT NULL)",
                    "CREATE TABLE static_instances ("
                            + "seq {IDENTITY}, namespace TEXT NOT NULL, class_name TEXT NOT NULL,"
                            + " path_key TEXT NOT NULL, path_xml TEXT NOT NULL, instance_xml TEXT NOT NULL,"
                            + " updated_at BIGINT NOT NULL, UNIQUE (namespace, path_key))",
                    "CREATE INDEX static_instances_by_class ON static_instances (namespace, class_name, seq)")),
            Migration.of(2, "jobs remember how to re-attach their work after a restart", List.of(
                    "ALTER TABLE jobs ADD COLUMN resume_token TEXT")));

    private Schema() {
    }

    /** The newest schema version this release knows. */
    public static int latestVersion() {
        return MIGRATIONS.get(MIGRATIONS.size() - 1).version();
    }

    /** Applies the missing migrations of this release; returns the schema version afterwards. */
    public static int migrate(Database db) {
        return migrate(db, MIGRATIONS);
    }

    /** Applies the missing ones of these migrations (numbered 1, 2, … without gaps), one transaction each. */
    static int migrate(Database db, List<Migration> migrations) {
        for (int i = 0; i < migrations.size(); i++) {
            if (migrations.get(i).version() != i + 1) {
                throw new IllegalStateException("migrations must be numbered 1, 2, … without gaps; found "
                        + migrations.get(i).version() + " at position " + (i + 1));
            }
        }
        int latest = migrations.isEmpty() ? 0 : migrations.get(migrations.size() - 1).version();
        String lock = db.dialect().migrationLock();
        db.writeUnguarded(tx -> {
            if (lock != null) {
                tx.queryOne(lock, rs -> null);
            }
            tx.update("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY,"
                    + " description TEXT NOT NULL, applied_at BIGINT NOT NULL)");
            return null;
        });
        int found = currentVersion(db);
        if (found > latest) {
            throw new StoreException("the " + db.dialect() + " store at " + Database.redact(db.config().jdbcUrl())
                    + " has schema version " + found + ", newer than this ReplicaCIM knows (" + latest
                    + "): it was last used by a newer release. Start that release, or use another store.");
        }
        for (Migration m : migrations) {
            if (m.version() <= found) {
                continue;
            }
            boolean applied = db.writeUnguarded(tx -> {
                if (lock != null) {
                    tx.queryOne(lock, rs -> null);
                }
                Integer now = tx.queryOne("SELECT MAX(version) FROM schema_version", rs -> rs.getInt(1));
                if (now != null && now >= m.version()) {
                    return false; // another server applied it meanwhile
                }
                m.step().apply(tx);
                tx.update("INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, "
                        + tx.dialect().nowMicros() + ")", m.version(), m.description());
                return true;
            });
            if (applied) {
                LOG.info("store schema migrated to version {}: {}", m.version(), m.description());
            }
        }
        return currentVersion(db);
    }

    /** The highest schema version recorded in the database (0 for a new one). */
    public static int currentVersion(Database db) {
        return db.read(tx -> tx.queryOne("SELECT COALESCE(MAX(version), 0) FROM schema_version",
                rs -> rs.getInt(1)));
    }
}
