package org.replicacim.storage;

/** A volume id; also the volume's DeviceID and its NBD export name: 1–64 characters of [A-Za-z0-9._-], not starting with a dot or dash. */
public record VolumeId(String value) implements Comparable<VolumeId> {
    public VolumeId {
        Identifiers.requireSafe("VolumeId", value);
    }

    public static VolumeId of(String value) {
        return new VolumeId(value);
    }

    @Override
    public int compareTo(VolumeId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
