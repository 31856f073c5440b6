package org.replicacim.replication;

/** The kind of replica: mirror, point-in-time snapshot, full clone (CIM_Synchronized.SyncType). */
public enum SyncType {
    MIRROR(6), SNAPSHOT(7), CLONE(8), TOKENIZED_CLONE(9);

    private final int value;

    SyncType(int value) {
        this.value = value;
    }

    public int value() {
        return value;
    }

    public static SyncType of(int value) {
        for (SyncType s : values()) {
            if (s.value == value) {
                return s;
            }
        }
        return null;
    }
}
