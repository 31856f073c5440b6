package org.replicacim.storage.file;

import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Bounded queue of acknowledged writes an asynchronous mirror has not applied to its target yet.
 *
 * <p>Writers reserve space before they take any chunk lock, so a full queue blocks a writer without blocking
 * the applier. Entries keep the written bytes, so the target receives writes in acknowledgement order.
 */
final class AsyncMirrorQueue {
    /** One acknowledged write. */
    record Entry(long offset, byte[] data, int firstChunk, int lastChunk) {
    }

    private final long capacityBytes;
    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private long reservedBytes;
    private long queuedBytes;
    private boolean closed;

    AsyncMirrorQueue(long capacityBytes) {
        this.capacityBytes = capacityBytes;
    }

    /** Waits until {@code bytes} fit (a write larger than the queue waits for an empty queue). */
    synchronized void reserve(long bytes) throws InterruptedIOException {
        while (!closed && reservedBytes > 0 && reservedBytes + bytes > capacityBytes) {
            try {
                wait(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted waiting for asynchronous mirror queue space");
            }
        }
        reservedBytes += bytes;
    }

    synchronized void release(long bytes) {
        reservedBytes -= bytes;
        notifyAll();
    }

    /** Adds a write whose space was reserved; returns false (and releases the space) after {@link #close}. */
    synchronized boolean add(Entry entry) {
        if (closed) {
            reservedBytes -= entry.data().length;
            notifyAll();
            return false;
        }
        entries.add(entry);
        queuedBytes += entry.data().length;
        notifyAll();
        return true;
    }

    /** Head of the queue without removing it, waiting up to {@code millis}; null if none. */
    synchronized Entry peek(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (entries.isEmpty() && !closed) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return null;
            }
            wait(left);
        }
        return entries.peek();
    }

    /** Removes the head after it was applied. */
    synchronized void applied(Entry entry) {
        if (entries.peek() == entry) {
            entries.poll();
            queuedBytes -= entry.data().length;
            reservedBytes -= entry.data().length;
            notifyAll();
        }
    }

    synchronized long queuedBytes() {
        return queuedBytes;
    }

    /** Waits until the queue is empty or {@code millis} passed; true when empty. */
    synchronized boolean awaitEmpty(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (!entries.isEmpty()) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return false;
            }
            wait(Math.min(left, 100));
        }
        return true;
    }

    /** Stops accepting writes; the applier finishes the entry in hand and stops. */
    synchronized void close() {
        closed = true;
        notifyAll();
    }

    /** After the applier stopped: removes and returns the entries never applied (their chunks stay dirty). */
    synchronized List<Entry> removeUnapplied() {
        List<Entry> dropped = new ArrayList<>(entries);
        for (Entry e : dropped) {
            reservedBytes -= e.data().length;
        }
        entries.clear();
        queuedBytes = 0;
        notifyAll();
        return dropped;
    }

    synchronized boolean closed() {
        return closed;
    }
}
