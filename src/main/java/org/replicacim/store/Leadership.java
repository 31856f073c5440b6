package org.replicacim.store;

/**
 * Which of the servers sharing a store is the leader, the only one that runs jobs and changes state; the others
 * are followers that serve reads and refuse changes with {@link NotLeaderException}.
 */
public interface Leadership extends AutoCloseable {
    /** Whether this server holds the lease now (by its own clock, never later than the database's expiry). */
    boolean isLeader();

    /** The description of the leader as last seen (this server's own name when it leads), or null. */
    String leader();

    /** This server's description, as others see it when it leads. */
    String nodeName();

    /** Throws {@link NotLeaderException} naming the leader unless this server is the leader. */
    default void requireLeader() {
        if (!isLeader()) {
            throw new NotLeaderException(leader());
        }
    }

    /** Listens to changes from now on (not called for the current state: read {@link #isLeader()}). */
    void addListener(LeadershipListener listener);

    void removeListener(LeadershipListener listener);

    /** Gives up leadership (so another server can take over at once) and stops taking part. */
    @Override
    void close();
}
