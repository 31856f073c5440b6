package org.replicacim.storage.qemu;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

import org.replicacim.storage.BlockDevice;
import org.replicacim.storage.VolumeId;

/**
 * Host I/O on a volume through the daemon's NBD export, so every write passes QEMU's block layer where mirrors,
 * dirty bitmaps and copy-before-write see it. When the engine replaces the export (a role change), the next
 * request reconnects once.
 */
final class QemuBlockDevice implements BlockDevice {
    private final VolumeId id;
    private final long size;
    private final Path socket;
    private final AtomicLong hostBytes;
    private final Runnable onClose;
    private NbdUnixClient client;
    private boolean writable;

    QemuBlockDevice(VolumeId id, long size, Path socket, AtomicLong hostBytes, Runnable onClose) throws IOException {
        this.id = id;
        this.size = size;
        this.socket = socket;
        this.hostBytes = hostBytes;
        this.onClose = onClose;
        this.client = NbdUnixClient.connect(socket, id.value());
        this.writable = !client.readOnly();
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
    public synchronized boolean writable() {
        return writable;
    }

    private interface Request {
        void run(NbdUnixClient c) throws IOException;
    }

    private synchronized void call(Request request) throws IOException {
        try {
            request.run(client);
        } catch (AccessDeniedException e) {
            throw e;
        } catch (IOException e) {
            // The export may have been replaced (role change, fracture); one fresh connection is worth a try.
            try {
                client.close();
            } catch (IOException ignored) {
                // the old connection is broken anyway
            }
            client = NbdUnixClient.connect(socket, id.value());
            writable = !client.readOnly();
            request.run(client);
        }
    }

    private void check(long offset, long length) throws EOFException {
        if (offset < 0 || length < 0 || offset + length > size) {
            throw new EOFException("range " + offset + "+" + length + " outside volume " + id + " of " + size
                    + " bytes");
        }
    }

    @Override
    public void read(long offset, ByteBuffer dst) throws IOException {
        check(offset, dst.remaining());
        int position = dst.position();
        call(c -> {
            dst.position(position);
            c.read(offset, dst);
        });
    }

    @Override
    public void write(long offset, ByteBuffer src) throws IOException {
        check(offset, src.remaining());
        if (!writable()) {
            throw new AccessDeniedException("volume " + id + " is not writable now");
        }
        int position = src.position();
        int length = src.remaining();
        call(c -> {
            src.position(position);
            c.write(offset, src);
        });
        hostBytes.addAndGet(length);
    }

    @Override
    public void flush() throws IOException {
        call(NbdUnixClient::flush);
    }

    @Override
    public void trim(long offset, long length) throws IOException {
        check(offset, length);
        if (!writable()) {
            throw new AccessDeniedException("volume " + id + " is not writable now");
        }
        // NBD trim may leave old data behind; write-zeroes guarantees the zeros the SPI promises.
        call(c -> c.writeZeroes(offset, length));
    }

    @Override
    public synchronized void close() throws IOException {
        try {
            client.close();
        } finally {
            onClose.run();
        }
    }
}
