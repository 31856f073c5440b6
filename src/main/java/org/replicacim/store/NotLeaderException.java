package org.replicacim.store;

/**
 * A change refused because this server is a follower: another server holds the leader lease on the shared
 * database. The message names the leader; the server maps it to CIM_ERR_FAILED.
 */
public final class NotLeaderException extends StoreException {
    private static final long serialVersionUID = 1L;

    private final String leader;

    public NotLeaderException(String leader) {
        super("this server is a follower and does not accept changes; the leader is "
                + (leader == null ? "not known (no server holds the lease at the moment)" : leader));
        this.leader = leader;
    }

    /** The description of the server holding the lease, or null if none does. */
    public String leader() {
        return leader;
    }
}
