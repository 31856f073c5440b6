package org.replicacim.storage;

/** A storage pool id: 1–64 characters of [A-Za-z0-9._-], not starting with a dot or dash. */
public record PoolId(String value) implements Comparable<PoolId> {
    public PoolId {
        Identifiers.requireSafe("PoolId", value);
    }

    public static PoolId of(String value) {
        return new PoolId(value);
    }

    @Override
    public int compareTo(PoolId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
