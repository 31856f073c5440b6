package org.replicacim.storage.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;

import org.replicacim.storage.BlockDevice;
import org.replicacim.storage.VolumeId;

/** Host I/O on one file-engine volume; every call goes through the backend's replication rules. */
final class FileBlockDevice implements BlockDevice {
    private final FileBackend backend;
    private final FileVolume volume;
    private final AtomicBoolean closed = new AtomicBoolean();

    FileBlockDevice(FileBackend backend, FileVolume volume) {
        this.backend = backend;
        this.volume = volume;
        volume.openDevices().incrementAndGet();
    }

    @Override
    public VolumeId volumeId() {
        return volume.id();
    }

    @Override
    public long size() {
        return volume.size();
    }

    @Override
    public int blockSize() {
        return FileVolume.BLOCK_SIZE;
    }

    @Override
    public boolean writable() {
        return volume.pairs().stream().allMatch(p -> p.allowsHostWrite(volume));
    }

    @Override
    public void read(long offset, ByteBuffer dst) throws IOException {
        ensureOpen();
        backend.deviceRead(volume, offset, dst);
    }

    @Override
    public void write(long offset, ByteBuffer src) throws IOException {
        ensureOpen();
        backend.deviceWrite(volume, offset, src);
    }

    @Override
    public void flush() throws IOException {
        ensureOpen();
        backend.deviceFlush(volume);
    }

    @Override
    public void trim(long offset, long length) throws IOException {
        ensureOpen();
        backend.deviceTrim(volume, offset, length);
    }

    private void ensureOpen() throws IOException {
        if (closed.get()) {
            throw new IOException("device of volume " + volume.id() + " is closed");
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            volume.openDevices().decrementAndGet();
        }
    }
}
