package org.replicacim.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/** A bounded set of open connections: borrowed for one transaction, returned or discarded after it. */
final class ConnectionPool implements AutoCloseable {
    /** Opens a new connection. */
    @FunctionalInterface
    interface Opener {
        Connection open() throws SQLException;
    }

    private final String name;
    private final Opener opener;
    private final int max;
    private final Duration wait;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition freed = lock.newCondition();
    private final Deque<Connection> idle = new ArrayDeque<>();
    private int open;
    private boolean closed;

    ConnectionPool(String name, Opener opener, int max, Duration wait) {
        this.name = name;
        this.opener = opener;
        this.max = max;
        this.wait = wait;
    }

    Connection borrow() throws SQLException {
        long deadline = System.nanoTime() + wait.toNanos();
        lock.lock();
        try {
            while (true) {
                if (closed) {
                    throw new StoreException("the store is closed");
                }
                Connection c = idle.pollFirst();
                if (c != null) {
                    return c;
                }
                if (open < max) {
                    open++;
                    break;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new StoreException("no " + name + " database connection became free within "
                            + wait.toSeconds() + " s (" + max + " in use)");
                }
                try {
                    freed.awaitNanos(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StoreException("interrupted while waiting for a database connection", e);
                }
            }
        } finally {
            lock.unlock();
        }
        try {
            return opener.open();
        } catch (SQLException | RuntimeException e) {
            lock.lock();
            try {
                open--;
                freed.signal();
            } finally {
                lock.unlock();
            }
            throw e;
        }
    }

    /** Returns a healthy connection for reuse, or closes a broken one. */
    void release(Connection c, boolean healthy) {
        boolean keep;
        lock.lock();
        try {
            keep = healthy && !closed;
            if (keep) {
                idle.addFirst(c);
            } else {
                open--;
            }
            freed.signal();
        } finally {
            lock.unlock();
        }
        if (!keep) {
            closeQuietly(c);
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            for (Connection c : idle) {
                closeQuietly(c);
            }
            open -= idle.size();
            idle.clear();
            freed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits (bounded) until every borrowed connection has come back, so that closing the database is clean. */
    void awaitReturned(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (open > 0 && System.nanoTime() < deadline) {
                freed.await(10, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // the connection is being discarded; nothing more to do with it
        }
    }
}
