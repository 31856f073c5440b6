package org.replicacim.storage;

/** A backend replica pair (source/target relationship) id: 1–64 characters of [A-Za-z0-9._-], not starting with a dot or dash. */
public record ReplicaPairId(String value) implements Comparable<ReplicaPairId> {
    public ReplicaPairId {
        Identifiers.requireSafe("ReplicaPairId", value);
    }

    public static ReplicaPairId of(String value) {
        return new ReplicaPairId(value);
    }

    @Override
    public int compareTo(ReplicaPairId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
