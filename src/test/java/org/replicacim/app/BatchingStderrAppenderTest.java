package org.replicacim.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BatchingStderrAppenderTest {

    /** Counts the writes the appender makes (each would be a system call on stderr). */
    private static final class CountingStream extends ByteArrayOutputStream {
        final AtomicInteger writes = new AtomicInteger();

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            writes.incrementAndGet();
            super.write(b, off, len);
        }
    }

    private static BatchingStderrAppender appender(LoggerContext context, CountingStream out) {
        context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter()); // the SLF4J provider sets it
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%thread %msg%n");
        encoder.start();
        BatchingStderrAppender a = new BatchingStderrAppender(out);
        a.setContext(context);
        a.setName("OUT");
        a.setEncoder(encoder);
        a.setQueueSize(256);
        a.start();
        return a;
    }

    @Test
    void everyEventIsWrittenInOrderPerThreadAndInFewWrites() throws Exception {
        LoggerContext context = new LoggerContext();
        CountingStream out = new CountingStream();
        BatchingStderrAppender a = appender(context, out);
        Logger log = context.getLogger("request");
        log.setLevel(Level.INFO);
        log.addAppender(a);
        int threads = 4;
        int each = 5_000;
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread w = new Thread(() -> {
                for (int i = 0; i < each; i++) {
                    log.info("line {}", i);
                }
            }, "w" + t);
            workers.add(w);
            w.start();
        }
        for (Thread w : workers) {
            w.join(30_000);
        }
        a.stop(); // writes out what is queued
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(threads * each, lines.length, "no event lost, though the queue (256) was far smaller");
        int[] next = new int[threads];
        for (String line : lines) {
            String[] parts = line.split(" ");
            int t = Integer.parseInt(parts[0].substring(1));
            assertEquals("line", parts[1]);
            assertEquals(next[t]++, Integer.parseInt(parts[2]), "each thread's lines in the order it logged them");
        }
        assertTrue(out.writes.get() < threads * each / 10,
                out.writes.get() + " writes for " + threads * each + " events: they must be batched");
    }

    @Test
    void aLoneEventIsWrittenPromptly() throws Exception {
        LoggerContext context = new LoggerContext();
        CountingStream out = new CountingStream();
        BatchingStderrAppender a = appender(context, out);
        Logger log = context.getLogger("x");
        log.addAppender(a);
        log.warn("only one");
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (out.size() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(Thread.currentThread().getName() + " only one\n", out.toString(StandardCharsets.UTF_8));
        a.stop();
    }
}
