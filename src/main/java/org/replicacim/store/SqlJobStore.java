package org.replicacim.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.replicacim.job.Job;
import org.replicacim.job.JobState;
import org.replicacim.job.JobStore;

/**
 * Jobs in the {@code jobs} table, one row each; every save is one committed transaction, so a job's state is
 * never lost once {@link #save} returns. Times are kept as ISO-8601 text so they round-trip exactly.
 */
public final class SqlJobStore implements JobStore {
    private static final String COLUMNS = "id, name, method_name, owner, state, percent_complete, error_code,"
            + " error_description, time_submitted, start_time, end_time, time_of_last_state_change,"
            + " time_before_removal, delete_on_completion, affected_elements, resume_token";

    private final Database db;

    public SqlJobStore(Database db) {
        this.db = db;
    }

    @Override
    public void save(Job job) {
        db.write(tx -> {
            save(tx, job);
            return null;
        });
    }

    @Override
    public void delete(String id) {
        db.write(tx -> delete(tx, id));
    }

    @Override
    public List<Job> loadAll() {
        return db.read(this::loadAll);
    }

    @Override
    public Job load(String id) {
        return db.read(tx -> load(tx, id));
    }

    /** Saves the job inside a larger transaction (e.g. together with the relationship it changes). */
    public void save(Transaction tx, Job job) throws SQLException {
        tx.update("INSERT INTO jobs (" + COLUMNS + ", updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                + tx.dialect().nowMicros() + ") ON CONFLICT (id) DO UPDATE SET name = excluded.name,"
                + " method_name = excluded.method_name, owner = excluded.owner, state = excluded.state,"
                + " percent_complete = excluded.percent_complete, error_code = excluded.error_code,"
                + " error_description = excluded.error_description, time_submitted = excluded.time_submitted,"
                + " start_time = excluded.start_time, end_time = excluded.end_time,"
                + " time_of_last_state_change = excluded.time_of_last_state_change,"
                + " time_before_removal = excluded.time_before_removal,"
                + " delete_on_completion = excluded.delete_on_completion,"
                + " affected_elements = excluded.affected_elements, resume_token = excluded.resume_token,"
                + " updated_at = excluded.updated_at",
                job.id(), job.name(), job.methodName(), job.owner(), job.state().value(), job.percentComplete(),
                job.errorCode(), job.errorDescription(), text(job.timeSubmitted()), text(job.startTime()),
                text(job.endTime()), text(job.timeOfLastStateChange()),
                job.timeBeforeRemoval() == null ? null : job.timeBeforeRemoval().toString(),
                job.deleteOnCompletion() ? 1 : 0, JsonStrings.encode(job.affectedElements()), job.resumeToken());
    }

    /** Deletes the job inside a larger transaction; false if there was none. */
    public boolean delete(Transaction tx, String id) throws SQLException {
        return tx.update("DELETE FROM jobs WHERE id = ?", id) > 0;
    }

    /** Every job, oldest first. */
    public List<Job> loadAll(Transaction tx) throws SQLException {
        List<Job> all = tx.query("SELECT " + COLUMNS + " FROM jobs", SqlJobStore::row);
        // sorted here: ISO text with a varying number of fraction digits does not sort as time
        all.sort(Comparator.comparing(Job::timeSubmitted, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(Job::id));
        return all;
    }

    /** The job with this id, or null. */
    public Job load(Transaction tx, String id) throws SQLException {
        return tx.queryOne("SELECT " + COLUMNS + " FROM jobs WHERE id = ?", SqlJobStore::row, id);
    }

    private static String text(Instant t) {
        return t == null ? null : t.toString();
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        String s = rs.getString(column);
        return s == null ? null : Instant.parse(s);
    }

    private static JobState state(int value, String id) {
        for (JobState s : JobState.values()) {
            if (s.value() == value) {
                return s;
            }
        }
        throw new StoreException("job " + id + " has an unknown stored state " + value);
    }

    private static Job row(ResultSet rs) throws SQLException {
        String id = rs.getString("id");
        String removal = rs.getString("time_before_removal");
        return new Job(id, rs.getString("name"), rs.getString("method_name"), rs.getString("owner"),
                state(rs.getInt("state"), id), rs.getInt("percent_complete"), rs.getInt("error_code"),
                rs.getString("error_description"), instant(rs, "time_submitted"), instant(rs, "start_time"),
                instant(rs, "end_time"), instant(rs, "time_of_last_state_change"),
                removal == null ? null : Duration.parse(removal), rs.getInt("delete_on_completion") != 0,
                JsonStrings.decode(rs.getString("affected_elements")), rs.getString("resume_token"));
    }
}
