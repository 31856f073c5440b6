package org.replicacim.storage;

/** A backend copy task id: 1–64 characters of [A-Za-z0-9._-], not starting with a dot or dash. */
public record CopyTaskId(String value) implements Comparable<CopyTaskId> {
    public CopyTaskId {
        Identifiers.requireSafe("CopyTaskId", value);
    }

    public static CopyTaskId of(String value) {
        return new CopyTaskId(value);
    }

    @Override
    public int compareTo(CopyTaskId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
