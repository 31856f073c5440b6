package org.replicacim.storage.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class AsyncMirrorQueueTest {
    @Test
    void lagIsVisibleAndAFullQueueBlocksWritersUntilApplied() throws Exception {
        AsyncMirrorQueue queue = new AsyncMirrorQueue(8192);
        AsyncMirrorQueue.Entry first = new AsyncMirrorQueue.Entry(0, new byte[4096], 0, 0);
        queue.reserve(4096);
        queue.add(first);
        queue.reserve(4096);
        queue.add(new AsyncMirrorQueue.Entry(4096, new byte[4096], 0, 0));
        assertEquals(8192, queue.queuedBytes());
        CountDownLatch reserved = new CountDownLatch(1);
        Thread writer = new Thread(() -> {
            try {
                queue.reserve(4096);
                reserved.countDown();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        writer.start();
        assertFalse(reserved.await(300, TimeUnit.MILLISECONDS), "writer must wait while the queue is full");
        assertSame(first, queue.peek(10));
        queue.applied(first);
        assertTrue(reserved.await(5, TimeUnit.SECONDS));
        writer.join();
        assertEquals(4096, queue.queuedBytes());
        queue.close();
        assertEquals(1, queue.removeUnapplied().size());
        assertNull(queue.peek(10));
    }
}
