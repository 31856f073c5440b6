package org.replicacim.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader lease of servers sharing one database: one row in {@code leases} naming the holder and when its lease
 * ends by the <em>database's</em> clock. The holder renews it every renewal period; another server takes it only
 * once it has expired. Servers' clocks may disagree: each server measures its own lease from the moment it sent
 * the renewal (monotonic clock), which is never later than the database's expiry, so two servers never both
 * believe they lead. Writes are fenced too ({@link #check}): a write transaction share-locks the row and checks
 * it is still ours and unexpired, so a paused former leader cannot commit after another took over.
 */
public final class LeaderLease implements Leadership {
    static final String NAME = "leader";

    private static final Logger LOG = LoggerFactory.getLogger(LeaderLease.class);

    private final Database db;
    private final String holderId = UUID.randomUUID().toString();
    private final String nodeName;
    private final Duration lease;
    private final Duration renew;
    private final List<LeadershipListener> listeners = new CopyOnWriteArrayList<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Thread thread;

    private Connection connection; // only the lease thread (and start/close) use it, under lock
    private volatile boolean leader;
    private volatile long leaderUntilNanos;
    private volatile String leaderName;
    private volatile long epoch;
    private volatile boolean closed;
    private boolean lastAttemptFailed;
    private volatile long lastAttemptNanos;
    private volatile boolean renewRequested;
    private volatile boolean paused;

    private LeaderLease(Database db, StoreConfig config) {
        this.db = db;
        this.nodeName = config.nodeName();
        this.lease = config.leaseDuration();
        this.renew = config.renewPeriod();
        this.thread = new Thread(this::loop, "leader-lease");
        this.thread.setDaemon(true);
    }

    /** Joins the election: one attempt now (so the caller knows where it stands), then renewal in the background. */
    public static LeaderLease start(Database db) {
        LeaderLease l = new LeaderLease(db, db.config());
        l.attempt();
        l.thread.start();
        return l;
    }

    @Override
    public boolean isLeader() {
        return leader && System.nanoTime() - leaderUntilNanos < 0;
    }

    @Override
    public String leader() {
        return isLeader() ? nodeName : leaderName;
    }

    @Override
    public String nodeName() {
        return nodeName;
    }

    /** The lease's generation: it grows each time the lease passes to another server (a fencing token). */
    public long epoch() {
        return epoch;
    }

    @Override
    public void addListener(LeadershipListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(LeadershipListener listener) {
        listeners.remove(listener);
    }

    /** Tries to take or renew the lease now; returns whether this server leads afterwards. */
    public boolean renewNow() {
        attempt();
        return isLeader();
    }

    /**
     * Stops (or resumes) the background renewal, as a stalled process would: for tests of takeover. The lease
     * then runs out on both sides as it would after a real stall.
     */
    void pauseRenewal(boolean pause) {
        paused = pause;
        LockSupport.unpark(thread);
    }

    private void loop() {
        while (!closed) {
            long sleep = renew.toNanos() - (System.nanoTime() - lastAttemptNanos);
            if (leader) {
                sleep = Math.min(sleep, leaderUntilNanos - System.nanoTime());
            }
            if (sleep > 0 && !renewRequested) {
                LockSupport.parkNanos(this, sleep);
            }
            if (closed) {
                return;
            }
            expireIfDue();
            if (paused) {
                lastAttemptNanos = System.nanoTime();
            } else if (renewRequested || System.nanoTime() - lastAttemptNanos >= renew.toNanos()) {
                renewRequested = false;
                attempt();
            }
        }
    }

    /** Steps down when the lease ran out without a successful renewal (database unreachable, or too slow). */
    private void expireIfDue() {
        lock.lock();
        try {
            if (!leader || System.nanoTime() - leaderUntilNanos < 0) {
                return;
            }
            leader = false;
            leaderName = null; // not known until the next successful look at the lease row
        } finally {
            lock.unlock();
        }
        LOG.warn("{} lost the leader lease: it could not be renewed within {} s; now a follower", nodeName,
                lease.toSeconds());
        notifyListeners(false, null);
    }

    private void attempt() {
        lock.lock();
        boolean changed;
        boolean nowLeader;
        String holder;
        try {
            if (closed) {
                return;
            }
            long t0 = System.nanoTime();
            lastAttemptNanos = t0;
            try {
                Long got = acquireOrRenew();
                if (got != null) {
                    epoch = got;
                    // our own view ends a tenth early: margin for clock-rate differences, never later than the DB's
                    leaderUntilNanos = t0 + lease.toNanos() - lease.toNanos() / 10;
                    holder = nodeName;
                    nowLeader = true;
                } else {
                    holder = currentHolder();
                    nowLeader = false;
                }
                if (lastAttemptFailed) {
                    LOG.info("{} reaches the store again", nodeName);
                    lastAttemptFailed = false;
                }
            } catch (SQLException e) {
                closeConnection();
                if (!lastAttemptFailed) {
                    LOG.warn("{} cannot reach the store to renew the leader lease: {}", nodeName, e.getMessage());
                    lastAttemptFailed = true;
                }
                return; // leadership, if any, runs out at leaderUntilNanos
            }
            changed = nowLeader != leader || !java.util.Objects.equals(holder, leaderName) && !nowLeader;
            leader = nowLeader;
            leaderName = holder;
        } finally {
            lock.unlock();
        }
        if (changed) {
            if (nowLeader) {
                LOG.info("{} is now the leader (lease {} s, epoch {})", nodeName, lease.toSeconds(), epoch);
            } else {
                LOG.info("{} is a follower; the leader is {}", nodeName, holder == null ? "not known" : holder);
            }
            notifyListeners(nowLeader, holder);
        }
    }

    private void notifyListeners(boolean nowLeader, String holder) {
        for (LeadershipListener l : listeners) {
            try {
                l.leadershipChanged(nowLeader, holder);
            } catch (RuntimeException e) {
                LOG.error("leadership listener failed", e);
            }
        }
    }

    private Connection connection() throws SQLException {
        if (connection == null || connection.isClosed()) {
            connection = db.openDedicated();
            connection.setAutoCommit(true);
        }
        return connection;
    }

    private void closeConnection() {
        if (connection != null) {
            ConnectionPool.closeQuietly(connection);
            connection = null;
        }
    }

    /** One statement: take the lease if it is free or expired, renew it if it is ours; the epoch, or null. */
    private Long acquireOrRenew() throws SQLException {
        String now = db.dialect().nowMicros();
        String sql = "INSERT INTO leases (name, holder, holder_name, expires_at, epoch) VALUES (?, ?, ?, " + now
                + " + ?, 1) ON CONFLICT (name) DO UPDATE SET holder = excluded.holder,"
                + " holder_name = excluded.holder_name, expires_at = excluded.expires_at,"
                + " epoch = CASE WHEN leases.holder = excluded.holder THEN leases.epoch ELSE leases.epoch + 1 END"
                + " WHERE leases.holder = excluded.holder OR leases.expires_at < " + now + " RETURNING epoch";
        try (PreparedStatement ps = connection().prepareStatement(sql)) {
            ps.setQueryTimeout((int) Math.max(1, lease.toSeconds()));
            Transaction.bind(ps, NAME, holderId, nodeName, lease.toNanos() / 1000);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    private String currentHolder() throws SQLException {
        try (PreparedStatement ps = connection().prepareStatement("SELECT holder_name FROM leases WHERE name = ?"
                + " AND expires_at >= " + db.dialect().nowMicros())) {
            Transaction.bind(ps, NAME);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** The write fence: inside a write transaction, refuses unless the lease row is ours and unexpired. */
    void check(Transaction tx) throws SQLException {
        if (!isLeader()) {
            throw new NotLeaderException(leaderName);
        }
        record Row(String holder, String name, boolean valid) { }
        Row r = tx.queryOne("SELECT holder, holder_name, CASE WHEN expires_at >= " + tx.dialect().nowMicros()
                + " THEN 1 ELSE 0 END AS valid FROM leases WHERE name = ?" + tx.dialect().shareLock(),
                rs -> new Row(rs.getString(1), rs.getString(2), rs.getInt(3) == 1), NAME);
        if (r == null || !r.valid || !holderId.equals(r.holder)) {
            // the lease thread finds out and tells the listeners (no lock here: it may be waiting for our row lock)
            renewRequested = true;
            LockSupport.unpark(thread);
            throw new NotLeaderException(r != null && r.valid ? r.name : null);
        }
    }

    /** Releases the lease (if held) so that another server can take over at once, and stops renewing. */
    @Override
    public void close() {
        boolean wasLeader;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            wasLeader = isLeader();
            LockSupport.unpark(thread);
            if (wasLeader) {
                try (PreparedStatement ps = connection().prepareStatement(
                        "UPDATE leases SET expires_at = 0 WHERE name = ? AND holder = ?")) {
                    ps.setQueryTimeout(5);
                    Transaction.bind(ps, NAME, holderId);
                    ps.executeUpdate();
                    LOG.info("{} released the leader lease", nodeName);
                } catch (SQLException e) {
                    LOG.warn("{} could not release the leader lease (it expires by itself): {}", nodeName,
                            e.getMessage());
                }
            }
            leader = false;
            closeConnection();
        } finally {
            lock.unlock();
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
