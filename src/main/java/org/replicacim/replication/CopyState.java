package org.replicacim.replication;

/** The CopyState of a replication relationship (CIM_Synchronized.CopyState value map). */
public enum CopyState {
    INITIALIZED(2, "Initialized"),
    UNSYNCHRONIZED(3, "Unsynchronized"),
    SYNCHRONIZED(4, "Synchronized"),
    BROKEN(5, "Broken"),
    FRACTURED(6, "Fractured"),
    SPLIT(7, "Split"),
    INACTIVE(8, "Inactive"),
    SUSPENDED(9, "Suspended"),
    FAILEDOVER(10, "Failedover"),
    PREPARED(11, "Prepared"),
    ABORTED(12, "Aborted"),
    SKEWED(13, "Skewed"),
    MIXED(14, "Mixed"),
    NOT_APPLICABLE(15, "Not Applicable"),
    PARTITIONED(16, "Partitioned"),
    INVALID(17, "Invalid"),
    RESTORED(18, "Restored");

    private final int value;
    private final String label;

    CopyState(int value, String label) {
        this.value = value;
        this.label = label;
    }

    public int value() {
        return value;
    }

    public String label() {
        return label;
    }

    /** The state with this value-map number, or null. */
    public static CopyState of(int value) {
        for (CopyState s : values()) {
            if (s.value == value) {
                return s;
            }
        }
        return null;
    }
}
