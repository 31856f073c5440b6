package org.replicacim.store;

/** Leadership of a server that owns its store alone (SQLite in its locked data directory): always the leader. */
final class SingleNodeLeadership implements Leadership {
    private final String nodeName;

    SingleNodeLeadership(String nodeName) {
        this.nodeName = nodeName;
    }

    @Override
    public boolean isLeader() {
        return true;
    }

    @Override
    public String leader() {
        return nodeName;
    }

    @Override
    public String nodeName() {
        return nodeName;
    }

    @Override
    public void addListener(LeadershipListener listener) {
        // never changes
    }

    @Override
    public void removeListener(LeadershipListener listener) {
        // never changes
    }

    @Override
    public void close() {
        // nothing held beyond the data-directory lock, which the store releases
    }
}
