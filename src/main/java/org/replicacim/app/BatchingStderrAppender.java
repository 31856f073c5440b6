package org.replicacim.app;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.encoder.Encoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The server's log appender: request threads queue events and go on; one thread writes them to stderr in batches.
 *
 * <p>Why not logback's AsyncAppender in front of a ConsoleAppender: with one request-log line per request, that pair
 * woke its worker thread and made one write system call per request, which on a 2-core machine cost a fifth of the
 * GetInstance throughput and most of the p99 budget (bench/http). Here the writer, once woken by the first event
 * after a quiet spell, waits up to {@code maxDelayMillis} for more to gather and writes them all in one call; under
 * load it never sleeps on an empty queue, so producers never wake it. Nothing is dropped: a full queue makes loggers
 * wait (as {@code discardingThreshold 0} did). {@link #stop()} writes out everything queued.
 */
public final class BatchingStderrAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {
    private Encoder<ILoggingEvent> encoder;
    private int queueSize = 8192;
    private int maxDelayMillis = 2;
    private final OutputStream target;
    private BlockingQueue<ILoggingEvent> queue;
    private Thread writer;
    private volatile boolean stopping;

    /** Writes to stderr as it is when the appender starts (configured by logback). */
    public BatchingStderrAppender() {
        this(null);
    }

    /** Writes to the given stream (tests). */
    BatchingStderrAppender(OutputStream target) {
        this.target = target;
    }

    public void setEncoder(Encoder<ILoggingEvent> encoder) {
        this.encoder = encoder;
    }

    public void setQueueSize(int queueSize) {
        this.queueSize = queueSize;
    }

    public void setMaxDelayMillis(int maxDelayMillis) {
        this.maxDelayMillis = maxDelayMillis;
    }

    @Override
    public void start() {
        if (encoder == null) {
            addError("no encoder set for appender " + name);
            return;
        }
        if (queueSize < 1 || maxDelayMillis < 0) {
            addError("queueSize must be >= 1 and maxDelayMillis >= 0");
            return;
        }
        queue = new ArrayBlockingQueue<>(queueSize);
        OutputStream out = target != null ? target : System.err;
        stopping = false;
        writer = new Thread(() -> writeLoop(out), "log-writer-" + name);
        writer.setDaemon(true);
        writer.start();
        super.start();
    }

    @Override
    protected void append(ILoggingEvent event) {
        if (stopping) {
            return;
        }
        event.prepareForDeferredProcessing(); // message, MDC and caller data read now, on the logging thread
        try {
            queue.put(event);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void writeLoop(OutputStream out) {
        List<ILoggingEvent> batch = new ArrayList<>();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024);
        while (true) {
            try {
                ILoggingEvent first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (stopping) {
                        return;
                    }
                    continue;
                }
                batch.add(first);
                if (!stopping && queue.isEmpty() && maxDelayMillis > 0) {
                    // a quiet spell ended: let the burst gather instead of one write (and one wake-up) per event
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(maxDelayMillis));
                }
                queue.drainTo(batch);
                write(out, batch, bytes);
            } catch (InterruptedException e) {
                if (stopping) {
                    queue.drainTo(batch);
                    write(out, batch, bytes);
                    return;
                }
            } catch (RuntimeException e) {
                addError("log writer failed; going on", e);
                batch.clear();
            }
        }
    }

    private void write(OutputStream out, List<ILoggingEvent> batch, ByteArrayOutputStream bytes) {
        if (batch.isEmpty()) {
            return;
        }
        bytes.reset();
        for (ILoggingEvent e : batch) {
            byte[] encoded = encoder.encode(e);
            bytes.write(encoded, 0, encoded.length);
        }
        batch.clear();
        try {
            bytes.writeTo(out);
            out.flush();
        } catch (IOException e) {
            addError("cannot write log events", e);
        }
        if (out instanceof PrintStream ps && ps.checkError()) {
            addError("stderr reports an error; log events may be lost");
        }
    }

    /** Writes out every queued event, then stops (bounded: waits at most 10 s for the writer). */
    @Override
    public void stop() {
        if (!isStarted()) {
            return;
        }
        super.stop();
        stopping = true;
        writer.interrupt();
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (writer.isAlive()) {
            addWarn("log writer did not finish within 10 s; " + queue.size() + " events not written");
        }
    }
}
