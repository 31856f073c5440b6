package org.replicacim.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One row of the generic records table: a domain object's serialised form under (kind, id), with the version
 * that compare-and-set updates check, and when it last changed (database clock).
 */
public record VersionedRecord(String kind, String id, long version, String payload, Instant updatedAt) {
    public VersionedRecord {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(payload, "payload");
    }
}
