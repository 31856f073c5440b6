package org.replicacim.storage.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.BitSet;

/**
 * One bit per chunk, kept in memory and in a file updated in place.
 *
 * <p>{@link #setDurably} and {@link #clearDurably} write the one 8-byte word that changed and fsync before they
 * return, so callers can order them before the data write the bit protects; they only touch the disk when the
 * bit flips. {@link #set}/{@link #clear} change memory only; {@link #checkpoint} writes the whole map. A durable
 * update writes the on-disk image of the word, which holds only durable changes and checkpointed state, so a
 * memory-only clear (for example "chunk copied, not yet fsynced") never reaches the disk early.
 */
final class ChunkBitmap implements AutoCloseable {
    private final Path file;
    private final int chunkCount;
    private final long[] words;
    /** What the file holds (as far as this process wrote it). */
    private final long[] disk;
    private final FileChannel channel;

    private ChunkBitmap(Path file, int chunkCount, long[] words, FileChannel channel) {
        this.file = file;
        this.chunkCount = chunkCount;
        this.words = words;
        this.disk = words.clone();
        this.channel = channel;
    }

    /** Creates the file with all bits {@code initial} and fsyncs it. */
    static ChunkBitmap create(Path file, int chunkCount, boolean initial) throws IOException {
        long[] words = new long[(chunkCount + 63) / 64];
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        ChunkBitmap bitmap = new ChunkBitmap(file, chunkCount, words, channel);
        if (initial) {
            bitmap.setRange(0, chunkCount);
        }
        bitmap.checkpoint();
        return bitmap;
    }

    static ChunkBitmap open(Path file, int chunkCount) throws IOException {
        long[] words = new long[(chunkCount + 63) / 64];
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        ByteBuffer buffer = ByteBuffer.allocate(words.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.hasRemaining() && channel.read(buffer, buffer.position()) > 0) {
            // A short file (crash while creating) reads as zero bits; creators write it before publishing the pair.
        }
        buffer.flip();
        for (int i = 0; i < words.length && buffer.remaining() >= 8; i++) {
            words[i] = buffer.getLong();
        }
        return new ChunkBitmap(file, chunkCount, words, channel);
    }

    int chunkCount() {
        return chunkCount;
    }

    synchronized boolean get(int chunk) {
        return (words[chunk >>> 6] & (1L << chunk)) != 0;
    }

    synchronized void set(int chunk) {
        words[chunk >>> 6] |= 1L << chunk;
    }

    synchronized void clear(int chunk) {
        words[chunk >>> 6] &= ~(1L << chunk);
    }

    synchronized void setRange(int from, int to) {
        for (int c = from; c < to; c++) {
            words[c >>> 6] |= 1L << c;
        }
    }

    synchronized void clearAll() {
        java.util.Arrays.fill(words, 0L);
    }

    /** Sets the bit; when it flips 0→1 the word is written and fsynced before returning. */
    synchronized void setDurably(int chunk) throws IOException {
        words[chunk >>> 6] |= 1L << chunk;
        long before = disk[chunk >>> 6];
        long after = before | (1L << chunk);
        if (before != after) {
            disk[chunk >>> 6] = after;
            writeWord(chunk >>> 6);
        }
    }

    /** Clears the bit; when it flips 1→0 the word is written and fsynced before returning. */
    synchronized void clearDurably(int chunk) throws IOException {
        words[chunk >>> 6] &= ~(1L << chunk);
        long before = disk[chunk >>> 6];
        long after = before & ~(1L << chunk);
        if (before != after) {
            disk[chunk >>> 6] = after;
            writeWord(chunk >>> 6);
        }
    }

    /** Sets all {@code chunks}; words that flipped are written, then one fsync. Returns how many bits flipped. */
    synchronized int setAllDurably(int[] chunks, int count) throws IOException {
        return changeAllDurably(chunks, count, true);
    }

    /** Clears all {@code chunks}; words that flipped are written, then one fsync. */
    synchronized int clearAllDurably(int[] chunks, int count) throws IOException {
        return changeAllDurably(chunks, count, false);
    }

    private int changeAllDurably(int[] chunks, int count, boolean value) throws IOException {
        int flipped = 0;
        for (int i = 0; i < count; i++) {
            int c = chunks[i];
            words[c >>> 6] = value ? words[c >>> 6] | (1L << c) : words[c >>> 6] & ~(1L << c);
            long before = disk[c >>> 6];
            long after = value ? before | (1L << c) : before & ~(1L << c);
            if (before != after) {
                disk[c >>> 6] = after;
                flipped++;
                writeWordNoSync(c >>> 6);
            }
        }
        if (flipped > 0) {
            channel.force(false);
        }
        return flipped;
    }

    /** Whether any of {@code chunks} is clear in memory but still set in the file (a clear not yet written). */
    synchronized boolean clearedOnlyInMemory(int[] chunks, int count) {
        for (int i = 0; i < count; i++) {
            int c = chunks[i];
            if ((disk[c >>> 6] & ~words[c >>> 6] & (1L << c)) != 0) {
                return true;
            }
        }
        return false;
    }

    /** Adds every bit of {@code other} (same size) to this map, in memory. */
    synchronized void or(ChunkBitmap other) {
        long[] theirs = other.snapshotWords();
        for (int i = 0; i < words.length; i++) {
            words[i] |= theirs[i];
        }
    }

    synchronized long[] snapshotWords() {
        return words.clone();
    }

    synchronized BitSet toBitSet() {
        return BitSet.valueOf(words);
    }

    synchronized int cardinality() {
        int n = 0;
        for (long w : words) {
            n += Long.bitCount(w);
        }
        return n;
    }

    /** First set bit at or after {@code from}, or -1. */
    synchronized int nextSet(int from) {
        if (from >= chunkCount) {
            return -1;
        }
        int i = from >>> 6;
        long w = words[i] & (-1L << from);
        while (true) {
            if (w != 0) {
                int c = i * 64 + Long.numberOfTrailingZeros(w);
                return c < chunkCount ? c : -1;
            }
            if (++i == words.length) {
                return -1;
            }
            w = words[i];
        }
    }

    /** Writes the whole map and fsyncs it, if anything changed since the last checkpoint. */
    synchronized void checkpoint() throws IOException {
        if (java.util.Arrays.equals(words, disk) && channel.size() == words.length * 8L) {
            return;
        }
        ByteBuffer buffer = ByteBuffer.allocate(words.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long w : words) {
            buffer.putLong(w);
        }
        buffer.flip();
        while (buffer.hasRemaining()) {
            channel.write(buffer, buffer.position());
        }
        channel.force(false);
        System.arraycopy(words, 0, disk, 0, words.length);
    }

    private void writeWord(int index) throws IOException {
        writeWordNoSync(index);
        channel.force(false);
    }

    private void writeWordNoSync(int index) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, disk[index]);
        while (buffer.hasRemaining()) {
            channel.write(buffer, index * 8L + buffer.position());
        }
    }

    @Override
    public synchronized void close() throws IOException {
        channel.close();
    }

    void deleteFile() throws IOException {
        close();
        Files.deleteIfExists(file);
    }
}
