package org.replicacim.store;

import java.sql.SQLException;
import java.util.List;
import java.util.Objects;

/**
 * One numbered step of the schema, applied once, in its own transaction, and recorded in {@code schema_version}.
 * Steps are never edited once released: a change to the schema is a new step.
 */
public record Migration(int version, String description, Step step) {
    /** The statements of a step; the dialect is available from the transaction. */
    @FunctionalInterface
    public interface Step {
        void apply(Transaction tx) throws SQLException;
    }

    public Migration {
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(step, "step");
        if (version < 1) {
            throw new IllegalArgumentException("migration versions start at 1");
        }
    }

    /** A step made of plain statements; {@code {IDENTITY}} stands for the dialect's identity column. */
    public static Migration of(int version, String description, List<String> statements) {
        List<String> copy = List.copyOf(statements);
        return new Migration(version, description, tx -> {
            for (String s : copy) {
                tx.update(s.replace("{IDENTITY}", tx.dialect().identityColumn()));
            }
        });
    }
}
