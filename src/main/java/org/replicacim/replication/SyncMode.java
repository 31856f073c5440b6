package org.replicacim.replication;

/** Whether writes reach the replica before they are acknowledged (CIM_Synchronized.Mode). */
public enum SyncMode {
    SYNCHRONOUS(2), ASYNCHRONOUS(3), ADAPTIVE(4);

    private final int value;

    SyncMode(int value) {
        this.value = value;
    }

    public int value() {
        return value;
    }

    public static SyncMode of(int value) {
        for (SyncMode m : values()) {
            if (m.value == value) {
                return m;
            }
        }
        return null;
    }
}
