package org.replicacim.replication;

/**
 * The element features of GetSupportedFeatures (replication-services.md §6.4) this implementation can advertise;
 * {@link ReplicationCapabilities#features} derives which apply to a ReplicationType from the transition table.
 */
public enum ReplicationFeature {
    /** 2: replication groups (CreateGroup … CreateGroupReplica, GroupSynchronized). */
    REPLICATION_GROUPS(2),
    /** 16: Detach and Dissolve are not offered for the type. */
    TARGET_MUST_REMAIN_ASSOCIATED(16),
    /** 44: a created target comes from the source's pool unless the client names one. */
    TARGETS_FROM_SOURCE_POOL(44),
    /** 45: CreateSynchronizationAspect (a point in time without a target; snapshots). */
    SYNCHRONIZATION_ASPECT(45),
    /** 51: CreateElementReplica's ElementName names the created target. */
    CLIENT_NAMES_TARGET(51),
    /** 52: Reverse Roles keeps the CopyState. */
    REVERSE_ROLES_KEEPS_COPY_STATE(52),
    /** 53: from Failedover only Failback (and Detach) are accepted. */
    FAILOVER_REQUIRES_FAILBACK(53);

    private final int value;

    ReplicationFeature(int value) {
        this.value = value;
    }

    /** The Features[] value-map number. */
    public int value() {
        return value;
    }
}
