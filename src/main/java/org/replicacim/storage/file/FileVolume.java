package org.replicacim.storage.file;

import org.replicacim.storage.PropertiesFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.replicacim.storage.PoolId;
import org.replicacim.storage.Volume;
import org.replicacim.storage.VolumeId;

/** One volume of the file engine: a sparse image file, its metadata and the pairs it belongs to. */
final class FileVolume {
    static final int BLOCK_SIZE = 512;

    private final VolumeId id;
    private final PoolId poolId;
    private final String name;
    private final Path image;
    private final Path metadata;
    private final FileChannel channel;
    private volatile long size;
    /** Pair a backend-allocated target was created for; such a volume without its pair is removed on open. */
    private volatile String owner = "";
    private final java.util.concurrent.atomic.AtomicInteger openDevices = new java.util.concurrent.atomic.AtomicInteger();
    /** Pairs this volume is source or target of; replaced as a whole under the backend's structure lock. */
    private volatile List<FilePair> pairs = List.of();

    private FileVolume(VolumeId id, PoolId poolId, String name, long size, Path image, Path metadata,
                       FileChannel channel) {
        this.id = id;
        this.poolId = poolId;
        this.name = name;
        this.size = size;
        this.image = image;
        this.metadata = metadata;
        this.channel = channel;
    }

    static Path imagePath(Path volumesDir, VolumeId id) {
        return volumesDir.resolve(id.value() + ".img");
    }

    static Path metadataPath(Path volumesDir, VolumeId id) {
        return volumesDir.resolve(id.value() + ".properties");
    }

    /** Creates the sparse image, then publishes the metadata; a crash before the rename leaves an orphan image
     * that {@link FileBackend} removes on open. */
    static FileVolume create(Path volumesDir, VolumeId id, PoolId pool, String name, long size, String owner)
            throws IOException {
        Path image = imagePath(volumesDir, id);
        FileChannel channel = FileChannel.open(image, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            setLength(channel, size);
            channel.force(true);
            FileVolume volume = new FileVolume(id, pool, name, size, image, metadataPath(volumesDir, id), channel);
            volume.owner = owner;
            volume.saveMetadata();
            return volume;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    static FileVolume open(Path volumesDir, VolumeId id) throws IOException {
        Path metadata = metadataPath(volumesDir, id);
        Properties p = PropertiesFile.read(metadata);
        long size = Long.parseLong(p.getProperty("size"));
        Path image = imagePath(volumesDir, id);
        FileChannel channel = FileChannel.open(image, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        if (channel.size() != size) {
            // A resize interrupted between the metadata rename and the truncate: the metadata is authoritative.
            setLength(channel, size);
        }
        FileVolume volume = new FileVolume(id, PoolId.of(p.getProperty("pool")), p.getProperty("name", ""), size,
                image, metadata, channel);
        volume.owner = p.getProperty("owner", "");
        return volume;
    }

    private static void setLength(FileChannel channel, long size) throws IOException {
        if (channel.size() > size) {
            channel.truncate(size);
        } else if (channel.size() < size) {
            // Writing one byte at the end extends the file sparsely; the byte is zero like the hole before it.
            channel.write(ByteBuffer.allocate(1), size - 1);
        }
    }

    void saveMetadata() throws IOException {
        Properties p = new Properties();
        p.setProperty("id", id.value());
        p.setProperty("pool", poolId.value());
        p.setProperty("name", name == null ? "" : name);
        p.setProperty("size", Long.toString(size));
        p.setProperty("blockSize", Integer.toString(BLOCK_SIZE));
        p.setProperty("owner", owner);
        PropertiesFile.write(metadata, p);
    }

    String owner() {
        return owner;
    }

    void owner(String pairId) throws IOException {
        this.owner = pairId;
        saveMetadata();
    }

    java.util.concurrent.atomic.AtomicInteger openDevices() {
        return openDevices;
    }

    VolumeId id() {
        return id;
    }

    PoolId poolId() {
        return poolId;
    }

    long size() {
        return size;
    }

    Volume describe() {
        return new Volume(id, poolId, name, size, BLOCK_SIZE, size);
    }

    List<FilePair> pairs() {
        return pairs;
    }

    void addPair(FilePair pair) {
        List<FilePair> next = new ArrayList<>(pairs);
        next.add(pair);
        next.sort((a, b) -> a.id().compareTo(b.id()));
        pairs = List.copyOf(next);
    }

    void removePair(FilePair pair) {
        List<FilePair> next = new ArrayList<>(pairs);
        next.remove(pair);
        pairs = List.copyOf(next);
    }

    /** Grows or shrinks the image: metadata first, so a crash in between is repaired by {@link #open}. */
    void resize(long newSize) throws IOException {
        long old = size;
        size = newSize;
        try {
            saveMetadata();
        } catch (IOException e) {
            size = old;
            throw e;
        }
        setLength(channel, newSize);
        channel.force(true);
    }

    /** Empties the image (all holes) keeping its size; used before a full copy into a supplied target. */
    void zeroAll() throws IOException {
        channel.truncate(0);
        setLength(channel, size);
        channel.force(true);
    }

    void readRaw(long offset, ByteBuffer dst) throws IOException {
        long position = offset;
        while (dst.hasRemaining()) {
            int n = channel.read(dst, position);
            if (n < 0) {
                // Past the physical end (cannot happen after open(), but a short file must read as zeros).
                while (dst.hasRemaining()) {
                    dst.put((byte) 0);
                }
                return;
            }
            position += n;
        }
    }

    void writeRaw(long offset, ByteBuffer src) throws IOException {
        long position = offset;
        while (src.hasRemaining()) {
            position += channel.write(src, position);
        }
    }

    void force() throws IOException {
        channel.force(false);
    }

    /** Offset just past the last non-zero byte (0 for an all-zero volume); scans backwards chunk by chunk. */
    long usedSize(int chunkSize) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocateDirect(chunkSize);
        long end = size;
        while (end > 0) {
            long start = Math.max(0, ((end - 1) / chunkSize) * chunkSize);
            buffer.clear().limit((int) (end - start));
            readRaw(start, buffer);
            buffer.flip();
            int last = ZeroChunks.isZero(buffer) ? -1 : lastNonZero(buffer);
            if (last >= 0) {
                return start + last + 1;
            }
            end = start;
        }
        return 0;
    }

    private static int lastNonZero(ByteBuffer buffer) {
        for (int i = buffer.limit() - 1; i >= 0; i--) {
            if (buffer.get(i) != 0) {
                return i;
            }
        }
        return -1;
    }

    void close() throws IOException {
        channel.close();
    }

    Path image() {
        return image;
    }

    Path metadata() {
        return metadata;
    }
}
