package org.replicacim.storage.file;

import java.util.concurrent.locks.ReentrantLock;

/**
 * Striped locks by chunk index, shared by all volumes of a backend. Pairs map chunk i of the source to chunk i of
 * the target, so one stripe covers a chunk on every volume a write may touch (copy-on-write, mirror, copy task),
 * and nested locking of the same chunk on another volume re-enters the same lock instead of deadlocking.
 */
final class ChunkLocks {
    private static final int STRIPES = 1024;
    private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

    ChunkLocks() {
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    /** Locks the stripes of chunks {@code first..last} in stripe order; returns the handle to unlock. */
    Held lock(long first, long last) {
        long count = last - first + 1;
        if (count >= STRIPES) {
            for (ReentrantLock lock : locks) {
                lock.lock();
            }
            return new Held(0, STRIPES);
        }
        int start = (int) (first % STRIPES);
        int n = (int) count;
        // Two ascending runs when the range wraps; lock the low run first to keep a global order.
        int end = start + n;
        if (end > STRIPES) {
            for (int i = 0; i < end - STRIPES; i++) {
                locks[i].lock();
            }
            for (int i = start; i < STRIPES; i++) {
                locks[i].lock();
            }
        } else {
            for (int i = start; i < end; i++) {
                locks[i].lock();
            }
        }
        return new Held(start, n);
    }

    /** Locked stripes; {@link #close()} releases them. */
    final class Held implements AutoCloseable {
        private final int start;
        private final int count;

        private Held(int start, int count) {
            this.start = start;
            this.count = count;
        }

        @Override
        public void close() {
            for (int i = 0; i < count; i++) {
                locks[(start + i) % STRIPES].unlock();
            }
        }
    }
}
