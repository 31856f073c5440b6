package org.replicacim.replication;

/** What a relationship is busy with (CIM_Synchronized.ProgressStatus value map). */
public enum ProgressStatus {
    UNKNOWN(0), COMPLETED(2), DORMANT(3), INITIALIZING(4), PREPARING(5), SYNCHRONIZING(6), RESYNCING(7),
    RESTORING(8), FRACTURING(9), SPLITTING(10), FAILING_OVER(11), FAILING_BACK(12), ABORTING(13), MIXED(14),
    NOT_APPLICABLE(15), SUSPENDING(16), REQUIRES_FRACTURE(17), REQUIRES_RESYNC(18), REQUIRES_ACTIVATE(19),
    PENDING(20), DETACHING(21), REQUIRES_DETACH(22), TERMINATING(23), REQUIRES_SPLIT(24), REQUIRES_RESUME(25);

    private final int value;

    ProgressStatus(int value) {
        this.value = value;
    }

    public int value() {
        return value;
    }

    public static ProgressStatus of(int value) {
        for (ProgressStatus s : values()) {
            if (s.value == value) {
                return s;
            }
        }
        return null;
    }
}
