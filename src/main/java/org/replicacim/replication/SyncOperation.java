package org.replicacim.replication;

/** The Operation parameter of ModifyReplicaSynchronization (values 2..25). */
public enum SyncOperation {
    ABORT(2, "Abort", false),
    ACTIVATE_CONSISTENCY(3, "Activate Consistency", true),
    ACTIVATE(4, "Activate", false),
    ADD_SYNC_PAIR(5, "AddSyncPair", true),
    DEACTIVATE_CONSISTENCY(6, "Deactivate Consistency", true),
    DEACTIVATE(7, "Deactivate", false),
    DETACH(8, "Detach", false),
    DISSOLVE(9, "Dissolve", false),
    FAILOVER(10, "Failover", false),
    FAILBACK(11, "Failback", false),
    FRACTURE(12, "Fracture", false),
    REMOVE_SYNC_PAIR(13, "RemoveSyncPair", true),
    RESYNC(14, "Resync Replica", false),
    RESTORE(15, "Restore from Replica", false),
    RESUME(16, "Resume", false),
    RESET_TO_SYNC(17, "Reset To Sync", false),
    RESET_TO_ASYNC(18, "Reset To Async", false),
    RETURN_TO_RESOURCE_POOL(19, "Return To ResourcePool", false),
    REVERSE_ROLES(20, "Reverse Roles", false),
    SPLIT(21, "Split", false),
    SUSPEND(22, "Suspend", false),
    UNPREPARE(23, "Unprepare", false),
    PREPARE(24, "Prepare", false),
    RESET_TO_ADAPTIVE(25, "Reset to Adaptive", false);

    private final int value;
    private final String label;
    private final boolean groupOnly;

    SyncOperation(int value, String label, boolean groupOnly) {
        this.value = value;
        this.label = label;
        this.groupOnly = groupOnly;
    }

    public int value() {
        return value;
    }

    public String label() {
        return label;
    }

    /** Operations that only make sense on a GroupSynchronized (3, 5, 6, 13). */
    public boolean groupOnly() {
        return groupOnly;
    }

    public static SyncOperation of(int value) {
        for (SyncOperation o : values()) {
            if (o.value == value) {
                return o;
            }
        }
        return null;
    }
}
