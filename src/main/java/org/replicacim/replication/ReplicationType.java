package org.replicacim.replication;

import java.util.Objects;

/**
 * A ReplicationType of CIM_ReplicationServiceCapabilities (replication-services.md §6.2): a SyncType with a Mode,
 * local or remote. Values follow the schema's arithmetic: for SyncType s (k = s − 6), synchronous and asynchronous
 * types are {@code 2 + 4k + 2·remote + async}, adaptive ones {@code 18 + 2k + remote}.
 */
public record ReplicationType(SyncType syncType, SyncMode mode, boolean remote) {
    public ReplicationType {
        Objects.requireNonNull(syncType, "syncType");
        Objects.requireNonNull(mode, "mode");
    }

    /** The local type of a SyncType and Mode. */
    public static ReplicationType local(SyncType syncType, SyncMode mode) {
        return new ReplicationType(syncType, mode, false);
    }

    /** The type with this value-map number (2..25), or null. */
    public static ReplicationType of(int value) {
        if (value >= 2 && value <= 17) {
            int k = (value - 2) / 4;
            int rest = (value - 2) % 4;
            return new ReplicationType(SyncType.of(6 + k), (rest & 1) == 0 ? SyncMode.SYNCHRONOUS
                    : SyncMode.ASYNCHRONOUS, rest >= 2);
        }
        if (value >= 18 && value <= 25) {
            int k = (value - 18) / 2;
            return new ReplicationType(SyncType.of(6 + k), SyncMode.ADAPTIVE, (value - 18) % 2 == 1);
        }
        return null;
    }

    /** The value-map number. */
    public int value() {
        int k = syncType.value() - 6;
        int r = remote ? 1 : 0;
        if (mode == SyncMode.ADAPTIVE) {
            return 18 + 2 * k + r;
        }
        return 2 + 4 * k + 2 * r + (mode == SyncMode.ASYNCHRONOUS ? 1 : 0);
    }

    @Override
    public String toString() {
        return value() + " (" + mode + " " + syncType + (remote ? " remote" : " local") + ")";
    }
}
