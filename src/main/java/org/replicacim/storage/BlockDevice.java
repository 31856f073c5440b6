package org.replicacim.storage;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Host I/O on one volume through the engine, so mirrors, snapshots and dirty maps see every write.
 *
 * <p>Thread-safe. Offsets and lengths are in bytes; they need not be block aligned, but must lie inside
 * {@link #size()}. Crash behaviour: a write that returned is on the volume after a process crash (it may still be
 * in the OS cache until {@link #flush()}); a write that did not return may be partly present.
 */
public interface BlockDevice extends AutoCloseable {
    VolumeId volumeId();

    long size();

    int blockSize();

    /** False when hosts may not write now (for example the target of a running mirror). */
    boolean writable();

    /** Reads {@code dst.remaining()} bytes at {@code offset}. */
    void read(long offset, ByteBuffer dst) throws IOException;

    /** Writes {@code src.remaining()} bytes at {@code offset}; throws {@link java.nio.file.AccessDeniedException}
     * when the volume is not writable now and {@link java.io.EOFException} past the end. */
    void write(long offset, ByteBuffer src) throws IOException;

    /** Makes every acknowledged write durable on stable storage (source and, for synchronous mirrors, target). */
    void flush() throws IOException;

    /** Discards a range; afterwards it reads as zeros. Goes through the engine like a write. */
    void trim(long offset, long length) throws IOException;

    @Override
    void close() throws IOException;
}
