package org.replicacim.storage.qemu;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.replicacim.storage.BlockDevice;
import org.replicacim.storage.VolumeId;

/**
 * Read-only access to a raw image the daemon is writing as a mirror target. QEMU refuses any other user of a
 * mirror target node until the job ends, but a raw image has no metadata to go stale, and QEMU's writes (page
 * cache or O_DIRECT) are visible to a plain read of the file, so hosts can still check the replica.
 */
final class ImageReadDevice implements BlockDevice {
    private final VolumeId id;
    private final long size;
    private final FileChannel channel;
    private final Runnable onClose;

    ImageReadDevice(VolumeId id, long size, Path image, Runnable onClose) throws IOException {
        this.id = id;
        this.size = size;
        this.channel = FileChannel.open(image, StandardOpenOption.READ);
        this.onClose = onClose;
    }

    @Override
    public VolumeId volumeId() {
        return id;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public int blockSize() {
        return QemuVolume.BLOCK_SIZE;
    }

    @Override
    public boolean writable() {
        return false;
    }

    @Override
    public void read(long offset, ByteBuffer dst) throws IOException {
        if (offset < 0 || offset + dst.remaining() > size) {
            throw new EOFException("range outside volume " + id);
        }
        long at = offset;
        while (dst.hasRemaining()) {
            int n = channel.read(dst, at);
            if (n < 0) {
                // Past the end of a sparse image: zeros.
                while (dst.hasRemaining()) {
                    dst.put((byte) 0);
                }
                return;
            }
            at += n;
        }
    }

    @Override
    public void write(long offset, ByteBuffer src) throws IOException {
        throw new AccessDeniedException("volume " + id + " is the target of a running mirror");
    }

    @Override
    public void flush() {
        // nothing written through this device
    }

    @Override
    public void trim(long offset, long length) throws IOException {
        throw new AccessDeniedException("volume " + id + " is the target of a running mirror");
    }

    @Override
    public void close() throws IOException {
        try {
            channel.close();
        } finally {
            onClose.run();
        }
    }
}
