package org.replicacim.store;

/** Told when this server becomes leader or stops being leader (on the lease's own thread; return quickly). */
@FunctionalInterface
public interface LeadershipListener {
    /**
     * @param leader whether this server is now the leader
     * @param holder the description of the server now holding the lease, or null if none is known
     */
    void leadershipChanged(boolean leader, String holder);
}
