package org.replicacim.storage.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.AccessDeniedException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.replicacim.storage.BackendCounters;
import org.replicacim.storage.ReplicaKind;

/**
 * Reads and writes of the file engine with the replication rules applied: copy-on-write, write intents, dirty
 * marks, mirroring and read redirection. Every host write, copy-task write and mirror write passes through here.
 *
 * <p>Callers hold the backend's structure read lock, so the set of pairs of a volume does not change underneath.
 * Per-chunk ordering is given by {@link ChunkLocks}. A bit that protects data is made durable before the data
 * it protects is overwritten: a copy-on-write saves the old chunk and fsyncs it before the "saved" bit is
 * cleared durably, and a dirty or intent bit is fsynced before the source write.
 */
final class ChunkIo {
    private final int chunkSize;
    private final int chunkShift;
    private final ChunkLocks locks = new ChunkLocks();
    private final AtomicLong hostBytesWritten = new AtomicLong();
    private final AtomicLong copyBytesRead = new AtomicLong();
    private final AtomicLong copyBytesWritten = new AtomicLong();

    ChunkIo(int chunkSize) {
        this.chunkSize = chunkSize;
        this.chunkShift = Integer.numberOfTrailingZeros(chunkSize);
    }

    int chunkSize() {
        return chunkSize;
    }

    ChunkLocks locks() {
        return locks;
    }

    BackendCounters counters() {
        return new BackendCounters(hostBytesWritten.get(), copyBytesRead.get(), copyBytesWritten.get());
    }

    long chunkOf(long offset) {
        return offset >>> chunkShift;
    }

    /** Reads {@code dst.remaining()} bytes, taking chunks a copy has not reached yet from the copy's origin. */
    void read(FileVolume volume, long offset, ByteBuffer dst) throws IOException {
        List<FilePair> redirecting = null;
        for (FilePair p : volume.pairs()) {
            if (p.copyActive() && p.copyTo() == volume) {
                if (redirecting == null) {
                    redirecting = new ArrayList<>(2);
                }
                redirecting.add(p);
            }
        }
        if (redirecting == null || !dst.hasRemaining()) {
            volume.readRaw(offset, dst);
            return;
        }
        long end = offset + dst.remaining();
        try (ChunkLocks.Held held = locks.lock(chunkOf(offset), chunkOf(end - 1))) {
            long position = offset;
            while (position < end) {
                int chunk = (int) chunkOf(position);
                long segmentEnd = Math.min(end, ((long) chunk + 1) << chunkShift);
                ByteBuffer segment = dst.slice().limit((int) (segmentEnd - position));
                FileVolume origin = volume;
                for (FilePair p : redirecting) {
                    if (chunk < p.chunkCount() && p.pending().get(chunk)) {
                        origin = p.copyFrom();
                        break;
                    }
                }
                if (origin == volume) {
                    volume.readRaw(position, segment);
                } else {
                    read(origin, position, segment);
                }
                dst.position(dst.position() + (int) (segmentEnd - position));
                position = segmentEnd;
            }
        }
    }

    /** A host write: checked against mirror fencing and counted as host I/O. */
    void hostWrite(FileVolume volume, long offset, ByteBuffer src) throws IOException {
        for (FilePair p : volume.pairs()) {
            if (!p.allowsHostWrite(volume)) {
                throw new AccessDeniedException(volume.id().value(), null,
                        "volume is the target of " + p.kind().name().toLowerCase() + " pair " + p.id() + " in state "
                                + p.state() + " and takes no host writes meanwhile");
            }
        }
        int length = src.remaining();
        write(volume, offset, src, null);
        hostBytesWritten.addAndGet(length);
    }

    /** Writes through every pair of {@code volume} except {@code except} (the pair doing the copying). */
    void write(FileVolume volume, long offset, ByteBuffer src, FilePair except) throws IOException {
        int length = src.remaining();
        if (length == 0) {
            return;
        }
        List<FilePair> pairs = new ArrayList<>(volume.pairs());
        pairs.remove(except);
        if (pairs.isEmpty()) {
            volume.writeRaw(offset, src);
            return;
        }
        long reserved = 0;
        List<AsyncMirrorQueue> reservedQueues = new ArrayList<>(1);
        try {
            for (FilePair p : pairs) {
                if (p.mirroring() && p.asynchronous() && p.source() == volume && p.asyncQueue() != null) {
                    // Reserve before taking chunk locks: the applier needs those locks to make room.
                    p.asyncQueue().reserve(length);
                    reservedQueues.add(p.asyncQueue());
                    reserved = length;
                }
            }
            int first = (int) chunkOf(offset);
            int last = (int) chunkOf(offset + length - 1);
            try (ChunkLocks.Held held = locks.lock(first, last)) {
                int[][] intents = new int[pairs.size()][];
                int[] intentCounts = new int[pairs.size()];
                for (int i = 0; i < pairs.size(); i++) {
                    FilePair p = pairs.get(i);
                    intents[i] = new int[last - first + 1];
                    intentCounts[i] = beforeWrite(p, volume, first, last, intents[i]);
                }
                volume.writeRaw(offset, src.duplicate());
                for (int i = 0; i < pairs.size(); i++) {
                    FilePair p = pairs.get(i);
                    AsyncMirrorQueue queue = afterWrite(p, volume, offset, src, first, last, intents[i],
                            intentCounts[i]);
                    if (queue != null) {
                        reservedQueues.remove(queue);
                    }
                }
            }
        } finally {
            for (AsyncMirrorQueue q : reservedQueues) {
                q.release(reserved);
            }
        }
        src.position(src.limit());
    }

    /** Applies the pair's rule before the data is written; returns the chunks whose write must be mirrored. */
    private int beforeWrite(FilePair p, FileVolume volume, int first, int last, int[] intent) throws IOException {
        int end = Math.min(last, p.chunkCount() - 1);
        if (first > end) {
            return 0;
        }
        int[] marks = new int[end - first + 1];
        int markCount = 0;
        if (p.copyActive()) {
            int[] saved = new int[end - first + 1];
            int savedCount = 0;
            boolean toSide = volume == p.copyTo();
            for (int c = first; c <= end; c++) {
                if (p.pending().get(c) && (toSide || p.preserve())) {
                    copyChunk(p, c);
                    saved[savedCount++] = c;
                }
            }
            if (savedCount > 0) {
                // The saved chunks must be on disk before the bits say so, and the bits before the overwrite.
                p.copyTo().force();
                p.pending().clearAllDurably(saved, savedCount);
            }
            int intentCount = 0;
            for (int c = first; c <= end; c++) {
                if (p.pending().get(c)) {
                    continue; // the copy will carry this chunk, including the write below
                }
                if (p.mirrorWrites()) {
                    intent[intentCount++] = c;
                } else {
                    marks[markCount++] = c;
                }
            }
            if (intentCount > 0) {
                p.pending().setAllDurably(intent, intentCount);
            }
            if (markCount > 0) {
                if (p.kind() == ReplicaKind.SNAPSHOT) {
                    // Informational only for snapshots (restore uses the saved-chunk bits): no fsync needed.
                    for (int k = 0; k < markCount; k++) {
                        p.dirty().set(marks[k]);
                    }
                } else {
                    if (p.preserve() && p.pending().clearedOnlyInMemory(marks, markCount)) {
                        // Copied, but the clear awaits the task's checkpoint: a crash would re-copy the new data
                        // into the point-in-time copy. Copied data first, then the bits, then the overwrite.
                        p.copyTo().force();
                        p.pending().clearAllDurably(marks, markCount);
                    }
                    // A clone tracks later changes for resync; a suspended copy re-queues the chunk.
                    (p.preserve() ? p.dirty() : p.pending()).setAllDurably(marks, markCount);
                }
            }
            return intentCount;
        }
        boolean mirror = p.mirroring() && volume == p.source();
        for (int c = first; c <= end; c++) {
            if (mirror) {
                p.inFlight().incrementAndGet(c);
                p.markWritten(c);
            }
            marks[markCount++] = c;
        }
        p.dirty().setAllDurably(marks, markCount);
        return 0;
    }

    /** Mirrors the write where the pair's rule asks for it; returns the queue that consumed a reservation. */
    private AsyncMirrorQueue afterWrite(FilePair p, FileVolume volume, long offset, ByteBuffer src, int first,
                                        int last, int[] intent, int intentCount) throws IOException {
        if (p.copyActive()) {
            if (intentCount == 0) {
                return null;
            }
            FileVolume other = p.other(volume);
            long end = offset + src.remaining();
            int i = 0;
            while (i < intentCount) {
                int runStart = intent[i];
                int j = i;
                while (j + 1 < intentCount && intent[j + 1] == intent[j] + 1) {
                    j++;
                }
                long from = Math.max(offset, (long) runStart << chunkShift);
                long to = Math.min(end, ((long) intent[j] + 1) << chunkShift);
                ByteBuffer slice = src.duplicate();
                slice.position(src.position() + (int) (from - offset)).limit(src.position() + (int) (to - offset));
                copyBytesWritten.addAndGet(slice.remaining());
                write(other, from, slice, p);
                i = j + 1;
            }
            for (int k = 0; k < intentCount; k++) {
                p.pending().clear(intent[k]);
            }
            return null;
        }
        if (!(p.mirroring() && volume == p.source())) {
            return null;
        }
        int end = Math.min(last, p.chunkCount() - 1);
        if (p.asynchronous() && p.asyncQueue() != null) {
            byte[] data = new byte[src.remaining()];
            src.duplicate().get(data);
            AsyncMirrorQueue queue = p.asyncQueue();
            if (!queue.add(new AsyncMirrorQueue.Entry(offset, data, first, end))) {
                releaseInFlight(p, first, end);
            }
            return queue;
        }
        try {
            int length = src.remaining();
            write(p.target(), offset, src.duplicate(), p);
            copyBytesWritten.addAndGet(length);
        } finally {
            releaseInFlight(p, first, end);
        }
        return null;
    }

    void releaseInFlight(FilePair p, int first, int last) {
        for (int c = first; c <= last; c++) {
            p.inFlight().decrementAndGet(c);
        }
    }

    /** Applies one queued asynchronous write to the target. */
    void applyQueued(FilePair p, AsyncMirrorQueue.Entry entry) throws IOException {
        try {
            write(p.target(), entry.offset(), ByteBuffer.wrap(entry.data()), p);
            copyBytesWritten.addAndGet(entry.data().length);
        } finally {
            releaseInFlight(p, entry.firstChunk(), entry.lastChunk());
        }
    }

    /** Copies one chunk from the pair's origin to its destination; the caller holds the chunk's lock. */
    private void copyChunk(FilePair p, int chunk) throws IOException {
        long offset = (long) chunk << chunkShift;
        int length = (int) Math.min(chunkSize, Math.min(p.copyFrom().size(), p.copyTo().size()) - offset);
        if (length <= 0) {
            return;
        }
        ByteBuffer buffer = ByteBuffer.allocate(length);
        read(p.copyFrom(), offset, buffer);
        buffer.flip();
        copyBytesRead.addAndGet(length);
        if (p.targetZeroed() && ZeroChunks.isZero(buffer)) {
            return;
        }
        write(p.copyTo(), offset, buffer, p);
        copyBytesWritten.addAndGet(length);
    }

    /**
     * Copies the pending chunks among {@code first..first+count-1} for a copy task, in one read and as few
     * writes as possible; clears their pending bits in memory (the task checkpoints them after an fsync).
     *
     * @return bytes written to the destination
     */
    long copyRun(FilePair p, int first, int count, ByteBuffer buffer) throws IOException {
        FileVolume from = p.copyFrom();
        FileVolume to = p.copyTo();
        long limit = Math.min(from.size(), to.size());
        long start = (long) first << chunkShift;
        long end = Math.min(limit, ((long) first + count) << chunkShift);
        if (end <= start) {
            for (int c = first; c < first + count; c++) {
                p.pending().clear(c);
            }
            return 0;
        }
        long written = 0;
        try (ChunkLocks.Held held = locks.lock(first, first + count - 1)) {
            buffer.clear().limit((int) (end - start));
            read(from, start, buffer);
            buffer.flip();
            copyBytesRead.addAndGet(end - start);
            int runStart = -1;
            for (int c = first; c <= first + count; c++) {
                boolean copy = false;
                if (c < first + count && ((long) c << chunkShift) < end && p.pending().get(c)) {
                    ByteBuffer chunk = chunkView(buffer, c - first, end - start);
                    copy = !(p.targetZeroed() && ZeroChunks.isZero(chunk));
                }
                if (copy && runStart < 0) {
                    runStart = c;
                } else if (!copy && runStart >= 0) {
                    long runOffset = (long) runStart << chunkShift;
                    long runEnd = Math.min(end, (long) c << chunkShift);
                    ByteBuffer slice = buffer.duplicate();
                    slice.position((int) (runOffset - start)).limit((int) (runEnd - start));
                    write(to, runOffset, slice, p);
                    written += runEnd - runOffset;
                    runStart = -1;
                }
            }
            for (int c = first; c < first + count; c++) {
                p.pending().clear(c);
            }
        }
        copyBytesWritten.addAndGet(written);
        return written;
    }

    private ByteBuffer chunkView(ByteBuffer buffer, int index, long spanLength) {
        int from = index * chunkSize;
        int to = (int) Math.min(spanLength, (long) from + chunkSize);
        ByteBuffer view = buffer.duplicate();
        view.position(from).limit(to);
        return view;
    }
}
