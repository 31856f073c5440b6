package org.replicacim.storage.qemu;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

import org.replicacim.storage.PoolId;

/**
 * Settings of the qemu-storage-daemon engine.
 *
 * @param dataDirectory      images and the engine's metadata
 * @param poolId             id of the single pool
 * @param poolCapacityBytes  logical capacity; volume sizes are accounted in full against it
 * @param daemonBinary       the qemu-storage-daemon executable ReplicaCIM starts and supervises
 * @param imgBinary          qemu-img, used to create qcow2 images
 * @param qmpSocket          attach to an already running daemon's QMP socket instead of starting one
 * @param nbdSocket          with {@code qmpSocket}: the unix socket of that daemon's NBD server, if it already runs
 * @param format             image format of new volumes (snapshot targets are always qcow2)
 * @param directIo           open images with O_DIRECT (mirrors copy about 3x faster than through the page cache);
 *                           applies to volumes whose size is a multiple of 4 KiB, others use the page cache
 * @param copyBytesPerSecond QEMU job speed limit, 0 for unlimited
 * @param copyOffload        let backup jobs between page-cache images copy with copy_file_range (7.2's unstable
 *                           {@code x-perf use-copy-range}; QEMU falls back to read/write where the kernel cannot);
 *                           not used where an image is opened with O_DIRECT, where it is slower
 */
public record QemuBackendConfig(Path dataDirectory, PoolId poolId, long poolCapacityBytes, String daemonBinary,
                                String imgBinary, Optional<Path> qmpSocket, Optional<Path> nbdSocket,
                                ImageFormat format, boolean directIo, long copyBytesPerSecond,
                                boolean copyOffload) {
    /** Image format of a volume. */
    public enum ImageFormat {
        RAW, QCOW2;

        String driver() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        String suffix() {
            return "." + driver();
        }
    }

    /** Change tracking granularity: QEMU's default bitmap granularity for these images. */
    public static final int GRANULARITY = 64 * 1024;
    /** Only volumes whose size is a multiple of this are opened with O_DIRECT (no partial sector at the end). */
    public static final int SIZE_UNIT = 4096;

    public QemuBackendConfig {
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        Objects.requireNonNull(poolId, "poolId");
        Objects.requireNonNull(qmpSocket, "qmpSocket");
        Objects.requireNonNull(nbdSocket, "nbdSocket");
        Objects.requireNonNull(format, "format");
        if (poolCapacityBytes <= 0 || copyBytesPerSecond < 0) {
            throw new IllegalArgumentException("bad qemu backend settings");
        }
    }

    /** Defaults: pool "default" of 1 TiB, qemu-storage-daemon and qemu-img from PATH, raw images, O_DIRECT, copy
     * offload. */
    public static QemuBackendConfig defaults(Path dataDirectory) {
        return new QemuBackendConfig(dataDirectory, PoolId.of("default"), 1L << 40, "qemu-storage-daemon", "qemu-img",
                Optional.empty(), Optional.empty(), ImageFormat.RAW, true, 0, true);
    }

    public QemuBackendConfig withPoolCapacity(long bytes) {
        return new QemuBackendConfig(dataDirectory, poolId, bytes, daemonBinary, imgBinary, qmpSocket, nbdSocket,
                format, directIo, copyBytesPerSecond, copyOffload);
    }

    public QemuBackendConfig withBinaries(String daemon, String img) {
        return new QemuBackendConfig(dataDirectory, poolId, poolCapacityBytes, daemon, img, qmpSocket, nbdSocket,
                format, directIo, copyBytesPerSecond, copyOffload);
    }

    public QemuBackendConfig withAttach(Optional<Path> qmp, Optional<Path> nbd) {
        return new QemuBackendConfig(dataDirectory, poolId, poolCapacityBytes, daemonBinary, imgBinary, qmp, nbd,
                format, directIo, copyBytesPerSecond, copyOffload);
    }

    public QemuBackendConfig withFormat(ImageFormat f) {
        return new QemuBackendConfig(dataDirectory, poolId, poolCapacityBytes, daemonBinary, imgBinary, qmpSocket,
                nbdSocket, f, directIo, copyBytesPerSecond, copyOffload);
    }

    public QemuBackendConfig withDirectIo(boolean direct) {
        return new QemuBackendConfig(dataDirectory, poolId, poolCapacityBytes, daemonBinary, imgBinary, qmpSocket,
                nbdSocket, format, direct, copyBytesPerSecond, copyOffload);
    }

    public QemuBackendConfig withCopyBytesPerSecond(long bytesPerSecond) {
        return new QemuBackendConfig(dataDirectory, poolId, poolCapacityBytes, daemonBinary, imgBinary, qmpSocket,
                nbdSocket, format, directIo, bytesPerSecond, copyOffload);
    }

    public QemuBackendConfig withCopyOffload(boolean offload) {
        return new QemuBackendConfig(dataDirectory, poolId, poolCapacityBytes, daemonBinary, imgBinary, qmpSocket,
                nbdSocket, format, directIo, copyBytesPerSecond, offload);
    }
}
